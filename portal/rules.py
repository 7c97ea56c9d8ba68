"""Object-level permission predicates of the shared core, used everywhere."""

import rules

from .enums import MembershipRole


@rules.predicate
def is_secretariat_staff(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


@rules.predicate
def is_verified_email(user):
    if not (user and user.is_authenticated):
        return False
    return user.emailaddress_set.filter(verified=True).exists()


@rules.predicate
def is_organisation_admin(user, organisation):
    if organisation is None or not (user and user.is_authenticated):
        return False
    return organisation.memberships.filter(
        user=user, accepted=True, role=MembershipRole.ADMIN
    ).exists()


@rules.predicate
def is_organisation_member(user, organisation):
    if organisation is None or not (user and user.is_authenticated):
        return False
    return organisation.memberships.filter(user=user, accepted=True).exists()


@rules.predicate
def is_organisation_verified(user, organisation):
    return bool(organisation is not None and organisation.verified)


@rules.predicate
def is_authenticated(user):
    return bool(user and user.is_authenticated)


@rules.predicate
def is_member_of_verified_cso(user):
    """A member of a verified civil-society organisation or university."""
    from .selectors import civil_society_organisations

    return civil_society_organisations(user).exists()


@rules.predicate
def is_special_coordinator_of(user, country):
    """An active special coordinator of ``country``."""
    from .models import CountryCoordinator

    if country is None or not (user and user.is_authenticated):
        return False
    return CountryCoordinator.objects.filter(
        user=user, country=country, active=True, is_special_coordinator=True
    ).exists()


def require_perm(user, perm, obj=None):
    """Raise PermissionDenied unless ``user`` has ``perm`` (on ``obj``): for services."""
    from django.core.exceptions import PermissionDenied

    if not user.has_perm(perm, obj):
        raise PermissionDenied


can_edit_organisation = is_organisation_admin | is_secretariat_staff

rules.add_perm("portal.edit_organisation", can_edit_organisation)
rules.add_perm("portal.manage_members", can_edit_organisation)
rules.add_perm("portal.view_members", is_organisation_member | is_secretariat_staff)
rules.add_perm("portal.verify_organisation", is_secretariat_staff)
rules.add_perm("portal.request_membership", is_authenticated & ~is_organisation_member)
rules.add_perm("portal.create_organisation", is_authenticated)
rules.add_perm("portal.access_staff_tools", is_secretariat_staff)
