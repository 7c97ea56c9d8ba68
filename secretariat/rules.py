"""Permission predicates of the secretariat app, used by views, templates, admin and services."""

import rules
from django.db.models import Q

from portal.models import CountryCoordinator, Membership
from portal.rules import (
    is_authenticated,
    is_member_of_verified_cso,
    is_secretariat_staff,
    is_special_coordinator_of,
    is_verified_email,
)

from .enums import GoodPracticeStatus


@rules.predicate
def is_work_plan_co_owner(user, item):
    """A member of the item's civil-society co-owner organisation."""
    if item is None or item.co_owner_id is None or not (user and user.is_authenticated):
        return False
    return Membership.objects.filter(
        user=user, organisation_id=item.co_owner_id, accepted=True
    ).exists()


@rules.predicate
def is_responsible_coordinator(user, item):
    """An active coordinator of the item's responsible country."""
    if item is None or item.responsible_country_id is None or not (user and user.is_authenticated):
        return False
    return CountryCoordinator.objects.filter(
        user=user, country_id=item.responsible_country_id, active=True
    ).exists()


@rules.predicate
def is_published_good_practice(user, practice):
    return practice is not None and practice.status == GoodPracticeStatus.PUBLISHED


@rules.predicate
def is_good_practice_submitter(user, practice):
    """The person who submitted it, or a member of the organisation it was submitted for."""
    if practice is None or not (user and user.is_authenticated):
        return False
    if practice.submitted_by_id == user.pk:
        return True
    return Membership.objects.filter(
        Q(organisation_id=practice.organisation_id), user=user, accepted=True
    ).exists()


# Only the people who answer for an item write its progress: co-owners and coordinators.
rules.add_perm(
    "secretariat.post_work_plan_note", is_work_plan_co_owner | is_responsible_coordinator
)
rules.add_perm("secretariat.record_dissemination", is_special_coordinator_of | is_secretariat_staff)
rules.add_perm("secretariat.contact_coordinator", is_authenticated & is_verified_email)
rules.add_perm("secretariat.submit_good_practice", is_member_of_verified_cso | is_secretariat_staff)
rules.add_perm(
    "secretariat.view_good_practice",
    is_published_good_practice | is_good_practice_submitter | is_secretariat_staff,
)
rules.add_perm("secretariat.review_good_practice", is_secretariat_staff)
rules.add_perm("secretariat.flag_content", is_authenticated)
rules.add_perm("secretariat.moderate", is_secretariat_staff)
rules.add_perm("secretariat.manage_translations", is_secretariat_staff)
rules.add_perm("secretariat.manage_glossary", is_secretariat_staff)
