"""Celery finds the meetings app's tasks here; each area keeps its own module."""

from .call_tasks import *  # noqa: F403 (re-exported for Celery's autodiscovery)
from .meeting_tasks import *  # noqa: F403
from .selection_tasks import *  # noqa: F403
