"""Writes of the joint work plan: progress notes by the people who answer for an action."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.enums import MembershipRole
from portal.models import CountryCoordinator, Membership, User
from portal.rules import require_perm
from portal.services import notify

from .enums import WorkPlanStatus
from .models import WorkPlanItem, WorkPlanNote
from .secretariat_selectors import public_name

# The same text posted again by the same person within this time is one note.
DUPLICATE_WINDOW = timedelta(minutes=1)
NOTE_MAX_LENGTH = 5000
TEXT_REQUIRED = gettext_lazy("Write the progress note.")


def _is_co_owner_member(user, item):
    return (
        item.co_owner_id is not None
        and Membership.objects.filter(
            user=user, organisation_id=item.co_owner_id, accepted=True
        ).exists()
    )


def _is_responsible_coordinator(user, item):
    return (
        item.responsible_country_id is not None
        and CountryCoordinator.objects.filter(
            user=user, country_id=item.responsible_country_id, active=True
        ).exists()
    )


@transaction.atomic
def work_plan_note_post(*, item, by, text, status=""):
    """Post a progress note on ``item``, optionally changing its status.

    Only the item's civil-society co-owners and its responsible country's
    coordinators may. The note is recorded on behalf of the co-owner organisation
    (for its members) or of the responsible country (for its coordinators). A
    status change is saved on the item, so its history records it. The same text
    posted again by the same person within a minute returns the first note.
    Returns ``(note, created)``; the other party is notified once per note.
    """
    require_perm(by, "secretariat.post_work_plan_note", item)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": TEXT_REQUIRED})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"text": _("Keep the note under %(count)s characters.") % {"count": NOTE_MAX_LENGTH}}
        )
    if status and status not in WorkPlanStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses offered.")})

    # Serialises notes on one item, so a double submit finds the first note.
    locked = (
        WorkPlanItem.objects.select_for_update(of=("self",))
        .select_related("work_plan", "responsible_country", "co_owner")
        .get(pk=item.pk)
    )
    now = timezone.now()
    duplicate = (
        WorkPlanNote.objects.filter(
            item=locked, author=by, text=text, created_at__gte=now - DUPLICATE_WINDOW
        )
        .order_by("-created_at")
        .first()
    )
    if duplicate is not None:
        return duplicate, False

    as_member = _is_co_owner_member(by, locked)
    as_coordinator = _is_responsible_coordinator(by, locked)
    changed = bool(status) and status != locked.status
    if changed:
        before = locked.status
        locked.status = status
        locked._history_user = by
        locked._change_reason = f"{before} → {status}"
        locked.save(update_fields=["status", "updated_at"])
        item.status = status
    note = WorkPlanNote.objects.create(
        item=locked,
        author=by,
        organisation=locked.co_owner if as_member else None,
        country=locked.responsible_country if as_coordinator and not as_member else None,
        text=text,
        status=status if changed else "",
    )
    _announce_note(
        note=note, item=locked, by=by, as_member=as_member, as_coordinator=as_coordinator
    )
    return note, True


def _other_party(*, item, by, as_member, as_coordinator):
    """Co-owner admins when a coordinator wrote, responsible coordinators when a member did."""
    conditions = Q(pk__in=[])
    if not as_member and item.co_owner_id is not None:
        conditions |= Q(
            memberships__organisation_id=item.co_owner_id,
            memberships__accepted=True,
            memberships__role=MembershipRole.ADMIN,
        )
    if not as_coordinator and item.responsible_country_id is not None:
        conditions |= Q(
            country_roles__country_id=item.responsible_country_id, country_roles__active=True
        )
    return (
        User.objects.filter(conditions, is_active=True, deleted_at__isnull=True)
        .exclude(pk=by.pk)
        .distinct()
        .order_by("pk")
    )


def _announce_note(*, note, item, by, as_member, as_coordinator):
    recipients = _other_party(item=item, by=by, as_member=as_member, as_coordinator=as_coordinator)
    context = {
        "note": note,
        "item": item,
        "plan": item.work_plan,
        "author_name": public_name(by),
        "on_behalf_of": note.organisation or note.country,
    }
    for person in recipients:
        notify(
            recipient=person,
            reason="work_plan_note",
            target=note,
            template="work_plan_note",
            context=context,
            url_name="work_plan_item",
            url_args=[item.work_plan.slug, item.pk],
        )
