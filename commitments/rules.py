"""Permission predicates of the commitments app."""

import rules

from portal.models import CountryCoordinator
from portal.rules import (
    is_authenticated,
    is_member_of_verified_cso,
    is_secretariat_staff,
    is_verified_email,
)

from .enums import Publication


@rules.predicate
def is_commitment_public(user, commitment):
    return commitment is not None and commitment.publication != Publication.DRAFT


@rules.predicate
def is_coordinator_of_commitment(user, commitment):
    """A coordinator of one of the commitment's countries (active role)."""
    if commitment is None or not (user and user.is_authenticated):
        return False
    return CountryCoordinator.objects.filter(
        user=user, active=True, country__in=commitment.countries.all()
    ).exists()


can_view_commitment = is_commitment_public | is_coordinator_of_commitment | is_secretariat_staff
can_report_progress = is_coordinator_of_commitment | is_secretariat_staff

rules.add_perm("commitments.view_commitment", can_view_commitment)
rules.add_perm("commitments.report_progress", can_report_progress)
rules.add_perm("commitments.assess_commitment", is_commitment_public & is_member_of_verified_cso)


@rules.predicate
def is_consultation_open(user, consultation):
    from django.utils import timezone

    now = timezone.now()
    return consultation is not None and consultation.opens_at <= now < consultation.closes_at


@rules.predicate
def is_consultation_owner(user, consultation):
    if consultation is None or not (user and user.is_authenticated):
        return False
    return consultation.opened_by_id == user.pk or is_coordinator_of_commitment(
        user, consultation.commitment
    )


rules.add_perm(
    "commitments.comment_consultation", is_consultation_open & is_authenticated & is_verified_email
)
rules.add_perm("commitments.respond_consultation", is_consultation_owner | is_secretariat_staff)


@rules.predicate
def is_update_author_still_coordinator(user, update):
    if update is None or not (user and user.is_authenticated):
        return False
    return (
        update.author_id == user.pk
        and CountryCoordinator.objects.filter(
            user=user, country_id=update.country_id, active=True
        ).exists()
    )


rules.add_perm(
    "commitments.edit_progress_update", is_update_author_still_coordinator | is_secretariat_staff
)
