"""Permission predicates of the meetings app, used by views, templates, admin and services."""

import rules
from django.utils import timezone

from portal.models import Membership
from portal.rules import (
    is_member_of_verified_cso,
    is_secretariat_staff,
    is_special_coordinator_of,
)

from .enums import ApplicationStatus


def _call(obj):
    """The registration call of a call or an application."""
    if obj is None:
        return None
    return obj.call if hasattr(obj, "call_id") else obj


@rules.predicate
def is_applicant(user, application):
    """A member of the applying organisation (admins and members alike)."""
    if application is None or not (user and user.is_authenticated):
        return False
    return Membership.objects.filter(
        user=user, organisation_id=application.organisation_id, accepted=True
    ).exists()


@rules.predicate
def has_conflict_of_interest(user, application):
    """The user belongs to the applying organisation, even with a pending request."""
    if application is None or not (user and user.is_authenticated):
        return False
    return Membership.objects.filter(
        user=user, organisation_id=application.organisation_id
    ).exists()


@rules.predicate
def is_panel_member(user, obj):
    call = _call(obj)
    if call is None or not (user and user.is_authenticated):
        return False
    return call.panel.filter(pk=user.pk).exists()


@rules.predicate
def is_application_editable(user, application):
    """Drafts and submitted applications change until the call closes."""
    return (
        application is not None
        and application.status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
        and application.call.is_open
    )


@rules.predicate
def is_application_withdrawable(user, application):
    """An active application can be withdrawn until the meeting starts."""
    return (
        application is not None
        and application.status != ApplicationStatus.WITHDRAWN
        and timezone.now() < application.call.meeting.starts_at
    )


@rules.predicate
def is_application_reviewable(user, application):
    return (
        application is not None
        and application.status == ApplicationStatus.SUBMITTED
        and application.call.selection_run_at is None
    )


@rules.predicate
def is_call_open(user, call):
    return call is not None and call.is_open


can_coordinate_country = is_special_coordinator_of | is_secretariat_staff

rules.add_perm("meetings.apply_to_call", is_member_of_verified_cso & is_call_open)
rules.add_perm(
    "meetings.view_application",
    is_applicant | is_secretariat_staff | (is_panel_member & ~has_conflict_of_interest),
)
rules.add_perm("meetings.edit_application", is_applicant & is_application_editable)
rules.add_perm("meetings.withdraw_application", is_applicant & is_application_withdrawable)
rules.add_perm("meetings.view_panel", is_panel_member | is_secretariat_staff)
# Conflict of interest is enforced: staff on the panel are bound by it too.
rules.add_perm(
    "meetings.review_application",
    is_panel_member & ~has_conflict_of_interest & is_application_reviewable,
)
rules.add_perm("meetings.manage_selection", is_secretariat_staff)
rules.add_perm("meetings.manage_meeting", is_secretariat_staff)
rules.add_perm("meetings.check_in", is_secretariat_staff)
rules.add_perm("meetings.record_national_meeting", can_coordinate_country)
rules.add_perm("meetings.answer_invitation_request", can_coordinate_country)
rules.add_perm("meetings.request_invitation", is_member_of_verified_cso)
