"""Production settings for the benchmark, unchanged but for where static files go.

``portal.settings.production`` fixes STATIC_ROOT to the project's ``staticfiles/``;
bench/run.py collects into a temporary directory instead, so a benchmark never
touches a deployment's files. Used only by bench/run.py (it puts bench/ on PYTHONPATH).
"""

import os

from portal.settings.production import *  # noqa: F403 (an overlay of production)

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
