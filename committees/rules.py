"""Permission predicates of the committees app, used by views, templates and admin."""

import rules
from django.utils import timezone

from portal.models import Membership
from portal.rules import is_authenticated, is_member_of_verified_cso, is_secretariat_staff

from .enums import ProposalVisibility


def _committee(obj):
    """The committee an object belongs to (committee, briefing, suggestion, proposal)."""
    if obj is None:
        return None
    if hasattr(obj, "action_package_id"):
        return obj
    if hasattr(obj, "committee"):
        return obj.committee
    if hasattr(obj, "briefing"):
        return obj.briefing.committee
    return None


@rules.predicate
def is_committee_coordinator(user, obj):
    committee = _committee(obj)
    if committee is None or not (user and user.is_authenticated):
        return False
    return committee.coordinators.filter(user=user, active=True).exists()


@rules.predicate
def is_cso_representative(user, obj):
    committee = _committee(obj)
    if committee is None or not (user and user.is_authenticated):
        return False
    return committee.representatives.filter(user=user, is_current=True).exists()


@rules.predicate
def is_before_agenda_deadline(user, briefing):
    return briefing is not None and timezone.now() <= briefing.agenda_deadline


@rules.predicate
def is_suggestion_pending(user, suggestion):
    return suggestion is not None and suggestion.status == "pending"


@rules.predicate
def is_from_own_organisation(user, obj):
    """The object (suggestion or proposal) comes from an organisation the user is in."""
    if obj is None or not (user and user.is_authenticated):
        return False
    return Membership.objects.filter(
        user=user, organisation_id=obj.organisation_id, accepted=True
    ).exists()


@rules.predicate
def is_public_proposal(user, proposal):
    return proposal is not None and proposal.visibility == ProposalVisibility.PUBLIC


can_manage_committee = is_committee_coordinator | is_secretariat_staff

rules.add_perm("committees.see_coordinator_contacts", is_cso_representative | is_secretariat_staff)
rules.add_perm("committees.designate_representative", is_secretariat_staff)
rules.add_perm("committees.follow_committee", is_authenticated)
rules.add_perm("committees.manage_briefing", can_manage_committee)
rules.add_perm(
    "committees.suggest_topic",
    is_member_of_verified_cso & is_before_agenda_deadline,
)
rules.add_perm(
    "committees.endorse_suggestion",
    is_member_of_verified_cso & is_suggestion_pending & ~is_from_own_organisation,
)
rules.add_perm("committees.decide_suggestion", can_manage_committee & is_suggestion_pending)
rules.add_perm("committees.submit_proposal", is_member_of_verified_cso)
rules.add_perm(
    "committees.view_proposal",
    is_public_proposal
    | is_from_own_organisation
    | is_committee_coordinator
    | is_cso_representative
    | is_secretariat_staff,
)
rules.add_perm("committees.respond_proposal", can_manage_committee)


# --- Committee pages (committee_views) --------------------------------------------------
# Coordinators of the same committee follow up on proposals together, so they may see
# each other's contact details too; everyone else still sees names and countries only.
rules.set_perm(
    "committees.see_coordinator_contacts",
    is_cso_representative | is_committee_coordinator | is_secretariat_staff,
)
