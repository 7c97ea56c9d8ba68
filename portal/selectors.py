"""Reads that pages of the shared core share, with their joins already applied."""

from django.db.models import Count, Prefetch, Q

from .enums import CIVIL_SOCIETY_KINDS, Leadership, OrganisationKind
from .models import ActionPackage, Country, Membership, Organisation, Pillar


def pillars_with_activity():
    """Pillars with their action packages and counts of packages and public commitments."""
    public = ~Q(commitments__publication="draft")
    return Pillar.objects.annotate(
        package_count=Count("action_packages", distinct=True),
        commitment_count=Count("commitments", filter=public, distinct=True),
    ).prefetch_related(
        Prefetch("action_packages", queryset=ActionPackage.objects.order_by("number"))
    )


def portal_figures():
    """Headline counts for the home page, in one query per table."""
    org_counts = Organisation.objects.aggregate(
        total=Count("pk"),
        verified=Count("pk", filter=Q(verified=True)),
        csos=Count("pk", filter=Q(kind=OrganisationKind.CSO)),
    )
    return {
        "countries": Country.objects.count(),
        "organisations": org_counts["total"],
        "verified_organisations": org_counts["verified"],
        "csos": org_counts["csos"],
        "action_packages": ActionPackage.objects.count(),
    }


def organisations_public(*, q="", kind="", country="", level="", leadership="", verified=""):
    """The directory's organisations, filtered by the query-string values."""
    qs = Organisation.objects.prefetch_related(
        Prefetch("countries", queryset=Country.objects.order_by("name"))
    ).order_by("name")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(acronym__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(countries__code=country)
    if level:
        qs = qs.filter(level=level)
    if leadership and leadership in Leadership.values:
        # Values are validated against the choices; the JSON text holds them quoted.
        qs = qs.filter(leadership__icontains=f'"{leadership}"')
    if verified == "yes":
        qs = qs.filter(verified=True)
    elif verified == "no":
        qs = qs.filter(verified=False)
    return qs.distinct()


def organisation_memberships(organisation):
    return Membership.objects.filter(organisation=organisation).select_related("user")


def user_memberships(user):
    return Membership.objects.filter(user=user).select_related("organisation")


def civil_society_organisations(user):
    """The verified civil-society organisations and universities ``user`` speaks for."""
    if not (user and user.is_authenticated):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user,
        memberships__accepted=True,
        verified=True,
        kind__in=CIVIL_SOCIETY_KINDS,
    ).order_by("name")
