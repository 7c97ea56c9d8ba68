"""The staff tools' to-dos on the personal dashboard (imported by the app's ``ready()``)."""

from django.urls import reverse
from django.utils.translation import ngettext

from portal.dashboard import register


@register
def staff_queues(user):
    """For secretariat staff: organisations awaiting verification and flagged content."""
    if not (user and user.is_authenticated and user.has_perm("portal.access_staff_tools")):
        return []
    from .staff_selectors import open_flag_object_count, pending_verification_count

    items = []
    pending = pending_verification_count()
    if pending:
        items.append(
            {
                "text": ngettext(
                    "%(count)s organisation awaits verification",
                    "%(count)s organisations await verification",
                    pending,
                )
                % {"count": pending},
                "url": reverse("staff_verification_queue"),
            }
        )
    flagged = open_flag_object_count()
    if flagged:
        items.append(
            {
                "text": ngettext(
                    "%(count)s flagged item awaits moderation",
                    "%(count)s flagged items await moderation",
                    flagged,
                )
                % {"count": flagged},
                "url": reverse("staff_moderation_queue"),
            }
        )
    return items
