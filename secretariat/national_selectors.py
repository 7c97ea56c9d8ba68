"""Reads of national coordination, regional mechanisms and good practices.

Every public page built from these reads costs the same number of queries whatever
the amount of data: lists are capped and counts come from subqueries.
"""

from django.db.models import IntegerField, OuterRef, Prefetch, Subquery
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from commitments.enums import Publication
from commitments.models import Commitment
from meetings.models import Meeting
from portal.enums import CIVIL_SOCIETY_KINDS
from portal.models import (
    Country,
    CountryCoordinator,
    MechanismParticipation,
    Organisation,
    RegionalMechanism,
)

from .enums import GoodPracticeStatus
from .models import DisseminationRecord, GoodPractice, WorkPlanItem

# How many civil-society organisations the country page lists before linking to the directory.
COUNTRY_CSO_LIMIT = 30
COUNTRY_DISSEMINATION_LIMIT = 50
# How many rows of each kind a mechanism's page lists.
MECHANISM_LIST_LIMIT = 100
# How many commitments the good-practice form offers (most recent first).
COMMITMENT_CHOICE_LIMIT = 200

# Languages of the region Django does not name (ISO 639-1 / 639-3 codes).
EXTRA_LANGUAGE_NAMES = {
    "ay": _("Aymara"),
    "gn": _("Guarani"),
    "nah": _("Nahuatl"),
    "quc": _("K'iche'"),
    "mam": _("Mam"),
    "kek": _("Q'eqchi'"),
    "cak": _("Kaqchikel"),
    "arn": _("Mapudungun"),
    "miq": _("Miskito"),
    "pap": _("Papiamento"),
    "srn": _("Sranan Tongo"),
    "way": _("Wayuu"),
    "guc": _("Wayuu"),
}


class SubqueryCount(Subquery):
    """``COUNT(*)`` of a correlated subquery, without a GROUP BY on the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def language_name(code):
    if code in EXTRA_LANGUAGE_NAMES:
        return str(EXTRA_LANGUAGE_NAMES[code])
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def language_names(codes):
    return [language_name(code) for code in codes or []]


def public_commitments():
    return Commitment.objects.exclude(publication=Publication.DRAFT)


# --- Countries ----------------------------------------------------------------------------


def special_coordinators(country):
    """The country's active special coordinators as ``{"pk", "name"}``.

    Only the person's own full name is read: never their email address, which
    ``User.get_full_name`` would show for someone without a name.
    """
    rows = (
        CountryCoordinator.objects.filter(
            country=country,
            active=True,
            is_special_coordinator=True,
            user__is_active=True,
            user__deleted_at__isnull=True,
        )
        .order_by("user__full_name", "pk")
        .values_list("pk", "user__full_name")
    )
    return [{"pk": pk, "name": name.strip()} for pk, name in rows]


def country_coordination(country):
    """What the country page shows of national coordination and dissemination."""
    csos = list(
        Organisation.objects.filter(countries=country, kind__in=CIVIL_SOCIETY_KINDS)
        .order_by("-verified", "name")
        .only("pk", "name", "acronym", "slug", "verified", "kind")[: COUNTRY_CSO_LIMIT + 1]
    )
    records = list(
        DisseminationRecord.objects.filter(country=country)
        .order_by("-held_on", "-pk")
        .defer("created_by", "created_at")[:COUNTRY_DISSEMINATION_LIMIT]
    )
    for record in records:
        record.language_names = language_names(record.languages)
    return {
        "special_coordinators": special_coordinators(country),
        "civil_society": csos[:COUNTRY_CSO_LIMIT],
        "civil_society_more": len(csos) > COUNTRY_CSO_LIMIT,
        "dissemination_records": records,
    }


def coordinator_for_contact(code, coordinator_pk):
    """The active special coordinator ``coordinator_pk`` of country ``code``, or None."""
    return (
        CountryCoordinator.objects.select_related("user", "country")
        .filter(
            pk=coordinator_pk,
            country__code=code.upper(),
            active=True,
            is_special_coordinator=True,
            user__is_active=True,
            user__deleted_at__isnull=True,
        )
        .first()
    )


# --- Regional mechanisms ---------------------------------------------------------------


def _mechanism_filters():
    """For each related kind: the public rows and the field pointing at the mechanism."""
    return {
        "commitment_count": public_commitments().filter(mechanisms=OuterRef("pk")),
        "work_plan_item_count": WorkPlanItem.objects.filter(
            mechanisms=OuterRef("pk"), work_plan__is_published=True
        ),
        "meeting_count": Meeting.objects.filter(mechanisms=OuterRef("pk"), is_published=True),
        "good_practice_count": GoodPractice.objects.filter(
            mechanism=OuterRef("pk"), status=GoodPracticeStatus.PUBLISHED
        ),
        "organisation_count": MechanismParticipation.objects.filter(
            mechanism=OuterRef("pk"), listed=True
        ),
        "member_count": Country.objects.filter(mechanisms=OuterRef("pk")),
    }


def mechanisms_with_counts():
    """Every mechanism with counts of what relates to it, in one query."""
    counts = {
        name: SubqueryCount(qs.order_by().values("pk")) for name, qs in _mechanism_filters().items()
    }
    return RegionalMechanism.objects.annotate(**counts).order_by("name")


def mechanism_for_page(slug):
    """The mechanism with its counts and member countries, or None."""
    return (
        mechanisms_with_counts()
        .prefetch_related(Prefetch("member_countries", queryset=Country.objects.order_by("name")))
        .filter(slug=slug)
        .first()
    )


def mechanism_related(mechanism):
    """What in the portal relates to ``mechanism``, each list capped."""
    limit = MECHANISM_LIST_LIMIT
    commitments = (
        public_commitments()
        .filter(mechanisms=mechanism)
        .select_related("pillar")
        .prefetch_related(Prefetch("countries", queryset=Country.objects.order_by("name")))
        .order_by("-announced_on", "pk")[:limit]
    )
    items = (
        WorkPlanItem.objects.filter(mechanisms=mechanism, work_plan__is_published=True)
        .select_related("work_plan", "responsible_country")
        .order_by("work_plan__adopted_on", "work_plan_id", "position", "pk")[:limit]
    )
    meetings = (
        Meeting.objects.filter(mechanisms=mechanism, is_published=True)
        .select_related("host_country")
        .order_by("-starts_at", "pk")[:limit]
    )
    practices = (
        GoodPractice.objects.filter(mechanism=mechanism, status=GoodPracticeStatus.PUBLISHED)
        .select_related("country")
        .order_by("-published_at", "-pk")[:limit]
    )
    participations = (
        MechanismParticipation.objects.filter(mechanism=mechanism, listed=True)
        .select_related("organisation")
        .order_by("organisation__name")[:limit]
    )
    return {
        "commitments": list(commitments),
        "work_plan_items": list(items),
        "meetings": list(meetings),
        "good_practices": list(practices),
        "participations": list(participations),
    }


def organisation_participations(organisation):
    return MechanismParticipation.objects.filter(organisation=organisation).select_related(
        "mechanism"
    )


# --- Good practices ------------------------------------------------------------------------


def good_practices_public(*, country="", mechanism="", pillar=None):
    """Published good practices, filtered by country code, mechanism slug and pillar number."""
    qs = GoodPractice.objects.filter(status=GoodPracticeStatus.PUBLISHED)
    if country:
        qs = qs.filter(country__code=country)
    if mechanism:
        qs = qs.filter(mechanism__slug=mechanism)
    if pillar:
        # Through the linked public commitments; one practice may match several times.
        qs = qs.filter(
            pk__in=public_commitments()
            .filter(pillar__number=pillar, good_practices__isnull=False)
            .values("good_practices")
        )
    return qs.select_related("country", "mechanism", "organisation").order_by(
        "-published_at", "-pk"
    )


def good_practice_for_page(slug):
    """The practice with what its page shows (public linked commitments only), or None."""
    return (
        GoodPractice.objects.select_related("country", "mechanism", "organisation")
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=public_commitments().select_related("pillar").order_by("-announced_on"),
                to_attr="public_commitments",
            )
        )
        .filter(slug=slug)
        .first()
    )


def good_practices_awaiting_review():
    return (
        GoodPractice.objects.filter(status=GoodPracticeStatus.SUBMITTED)
        .select_related("country", "organisation")
        .order_by("created_at", "pk")
    )


def commitment_choices(country):
    """Public commitments of ``country`` a practice may be linked to (a bounded set)."""
    if country is None:
        return Commitment.objects.none()
    ids = list(
        public_commitments()
        .filter(countries=country)
        .order_by("-announced_on", "-pk")
        .values_list("pk", flat=True)[:COMMITMENT_CHOICE_LIMIT]
    )
    return Commitment.objects.filter(pk__in=ids).order_by("-announced_on", "-pk")
