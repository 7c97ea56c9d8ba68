"""The audit log: one call records a decision or role change, inside its transaction."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder

from .models import AuditEvent


def _plain(value):
    # Dates, decimals and lazy strings become JSON-safe values.
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(obj, fields):
    """The values of ``fields`` on ``obj`` (for ``before``/``after``)."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def record(*, action, by=None, target=None, before=None, after=None, note=""):
    """Append one event to the audit log and return it."""
    actor = by if (by is not None and getattr(by, "is_authenticated", False)) else None
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:300] if target is not None else "",
        before=_plain(before),
        after=_plain(after),
        note=note,
    )
