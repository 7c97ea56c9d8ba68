"""Reads shared by the tracker, its exports and the commitment page."""

from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import connection
from django.db.models import Count, Prefetch, Q

from portal.models import Country

from .enums import CsoRating, GovernmentStatus, Publication
from .models import (
    Comment,
    Commitment,
    Consultation,
    CsoAssessment,
    Milestone,
    ProgressUpdate,
    ReportingRound,
)

SORTS = {
    "newest": ["-announced_on", "-pk"],
    "oldest": ["announced_on", "pk"],
    "target": ["target_date", "pk"],
    "updated": ["-updated_at", "-pk"],
}


@dataclass
class TrackerFilters:
    """The tracker's query string, validated: unknown values are dropped."""

    country: str = ""
    pillar: int | None = None
    package: int | None = None
    status: str = ""
    cso: str = ""
    q: str = ""
    sort: str = "newest"
    active: dict = field(default_factory=dict)

    @classmethod
    def from_query(cls, params):
        f = cls()
        country = params.get("country", "").strip().upper()
        if len(country) == 2 and country.isalpha():
            f.country = country
        for name in ("pillar", "package"):
            value = params.get(name, "").strip()
            if value.isdigit():
                setattr(f, name, int(value))
        if params.get("status") in GovernmentStatus.values:
            f.status = params["status"]
        if params.get("cso") in CsoRating.values:
            f.cso = params["cso"]
        f.q = " ".join(params.get("q", "").split())[:200]
        if params.get("sort") in SORTS:
            f.sort = params["sort"]
        f.active = {
            k: v
            for k, v in {
                "country": f.country,
                "pillar": f.pillar,
                "package": f.package,
                "status": f.status,
                "cso": f.cso,
                "q": f.q,
            }.items()
            if v
        }
        return f


def _search(qs, q):
    languages = [code for code, _name in settings.LANGUAGES]
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(
            *[f"title_{c}" for c in languages],
            *[f"description_{c}" for c in languages],
            config="simple",
        )
        return qs.annotate(search=vector).filter(
            search=SearchQuery(q, config="simple", search_type="websearch")
        )
    condition = Q()
    for word in q.split():
        word_q = Q()
        for c in languages:
            word_q |= Q(**{f"title_{c}__icontains": word})
            word_q |= Q(**{f"description_{c}__icontains": word})
        condition &= word_q
    return qs.filter(condition)


def commitments_public(filters):
    """Published (or in-consultation) commitments matching the tracker's filters."""
    qs = Commitment.objects.exclude(publication=Publication.DRAFT)
    if filters.country:
        qs = qs.filter(countries__code=filters.country)
    if filters.pillar:
        qs = qs.filter(pillar__number=filters.pillar)
    if filters.package:
        qs = qs.filter(action_package__number=filters.package)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.cso:
        qs = qs.filter(assessments__rating=filters.cso, assessments__hidden=False)
    if filters.q:
        qs = _search(qs, filters.q)
    if filters.country or filters.cso or filters.q:
        # Joins through many-valued relations can repeat rows.
        qs = Commitment.objects.filter(pk__in=qs.values("pk"))
    return qs.order_by(*SORTS[filters.sort])


def with_tracker_relations(qs):
    """Joins a tracker row needs, so a page of any size costs the same queries."""
    return qs.select_related("pillar", "action_package").prefetch_related(
        Prefetch("countries", queryset=Country.objects.order_by("name")),
        Prefetch(
            "assessments",
            queryset=CsoAssessment.objects.filter(hidden=False).only("commitment_id", "rating"),
        ),
        Prefetch(
            "milestones", queryset=Milestone.objects.only("commitment_id", "weight", "done_on")
        ),
    )


def facet_counts(filters):
    """Counts per filter value, each facet counted with the other filters applied.

    Choosing a country then still shows how many commitments every other country
    has under the remaining filters (one query per facet).
    """

    def without(**cleared):
        # order_by() drops the default ordering, which would split the GROUP BY.
        return Commitment.objects.filter(
            pk__in=commitments_public(replace(filters, **cleared)).values("pk")
        ).order_by()

    return {
        "status": dict(without(status="").values_list("status").annotate(n=Count("pk"))),
        "pillar": dict(without(pillar=None).values_list("pillar__number").annotate(n=Count("pk"))),
        "country": dict(without(country="").values_list("countries__code").annotate(n=Count("pk"))),
        "cso": dict(
            CsoAssessment.objects.filter(
                commitment__in=commitments_public(replace(filters, cso="")).values("pk"),
                hidden=False,
            )
            .order_by()
            .values_list("rating")
            .annotate(n=Count("commitment", distinct=True))
        ),
    }


def commitment_detail(pk):
    """A commitment with everything its page shows, fetched up front."""
    return (
        Commitment.objects.select_related("pillar", "action_package")
        .prefetch_related(
            Prefetch("countries", queryset=Country.objects.order_by("name")),
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.filter(published_at__isnull=False)
                .select_related("author", "country")
                .order_by("-published_at"),
            ),
            Prefetch(
                "assessments",
                queryset=CsoAssessment.objects.filter(hidden=False)
                .select_related("organisation")
                .order_by("-updated_at"),
            ),
            "milestones",
            Prefetch(
                "consultations",
                queryset=Consultation.objects.prefetch_related(
                    Prefetch(
                        "comments",
                        queryset=Comment.objects.select_related("organisation", "author"),
                    )
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def _field_label(name):
    for code, _language in settings.LANGUAGES:
        if name.endswith(f"_{code}"):
            name = name[: -len(code) - 1]
            break
    return Commitment._meta.get_field(name).verbose_name


def commitment_versions(commitment, limit=20):
    """The commitment's history as (record, changed field names), newest first."""
    records = list(
        commitment.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    versions = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if older is None:
            changed = []
        else:
            delta = newer.diff_against(older, excluded_fields=["updated_at"])
            changed = sorted({_field_label(c.field) for c in delta.changes}, key=str)
        versions.append((newer, changed))
    return versions[:limit]


def progress_percent(commitment):
    """Weighted share of milestones done, or the reported percentage without milestones.

    Reads ``commitment.milestones.all()``, so prefetch milestones for lists.
    """
    milestones = list(commitment.milestones.all())
    if not milestones:
        return commitment.percent_complete
    total = sum(m.weight for m in milestones)
    done = sum(m.weight for m in milestones if m.done_on)
    return round(100 * done / total) if total else 0


def country_commitments(country):
    """A country's public commitments with what its page and summary show."""
    return with_tracker_relations(
        Commitment.objects.exclude(publication=Publication.DRAFT)
        .filter(countries=country)
        .order_by("pillar__number", "-announced_on")
    )


def pillar_activity(pillar, *, today):
    """Commitments announced and updates published per year, and the 12-month flag."""
    from django.db.models.functions import ExtractYear

    public = Commitment.objects.exclude(publication=Publication.DRAFT).filter(pillar=pillar)
    by_year = dict(
        public.order_by()
        .annotate(year=ExtractYear("announced_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
    )
    updates = ProgressUpdate.objects.filter(commitment__in=public, published_at__isnull=False)
    updates_by_year = dict(
        updates.order_by()
        .annotate(year=ExtractYear("published_at"))
        .values_list("year")
        .annotate(n=Count("pk"))
    )
    since = today.replace(year=today.year - 1)
    recent = updates.filter(published_at__date__gte=since).count()
    first_year = 2022
    years = list(range(first_year, today.year + 1))
    rows = [(y, by_year.get(y, 0), updates_by_year.get(y, 0)) for y in years]
    return {
        "rows": rows,
        "commitments_by_year": [(str(y), a) for y, a, _b in rows],
        "updates_by_year": [(str(y), b) for y, _a, b in rows],
        "commitment_count": sum(by_year.values()),
        "recent_updates": recent,
        "inactive": not by_year or not recent,
    }


def owed_updates(reporting_round):
    """{country_id: [public commitments with no update from that country in the round]}."""
    through = Commitment.countries.through
    pairs = through.objects.filter(
        commitment__publication=Publication.PUBLISHED,
        commitment__announced_on__lte=reporting_round.deadline,
    ).select_related("commitment")
    done = set(
        ProgressUpdate.objects.filter(
            reporting_round=reporting_round, published_at__isnull=False
        ).values_list("country_id", "commitment_id")
    )
    owed = {}
    for pair in pairs:
        if (pair.country_id, pair.commitment_id) not in done:
            owed.setdefault(pair.country_id, []).append(pair.commitment)
    return owed


def reporting_grid(*, rounds=6):
    """Country × round: how many owed updates came on time, late, or not at all."""
    from django.db.models import Min

    round_list = list(ReportingRound.objects.order_by("-opens_on")[:rounds])[::-1]
    countries = list(Country.objects.order_by("name"))
    through = Commitment.countries.through
    announced = list(
        through.objects.filter(commitment__publication=Publication.PUBLISHED).values_list(
            "country_id", "commitment_id", "commitment__announced_on"
        )
    )
    updates = (
        ProgressUpdate.objects.filter(reporting_round__in=round_list, published_at__isnull=False)
        .order_by()
        .values_list("reporting_round_id", "country_id", "commitment_id")
        .annotate(first=Min("published_at"))
    )
    latest = {(r, c, m): first for r, c, m, first in updates}
    by_country = {}
    for country_id, commitment_id, day in announced:
        by_country.setdefault(country_id, []).append((commitment_id, day))
    rows = []
    for country in countries:
        cells = []
        for rnd in round_list:
            owed = [m for m, day in by_country.get(country.pk, []) if day <= rnd.deadline]
            on_time = late = 0
            for commitment_id in owed:
                published = latest.get((rnd.pk, country.pk, commitment_id))
                if published is None:
                    continue
                if published.date() <= rnd.deadline:
                    on_time += 1
                else:
                    late += 1
            if not owed:
                state = "none_owed"
            elif on_time == len(owed):
                state = "submitted"
            elif on_time + late == len(owed):
                state = "late"
            else:
                state = "missing"
            cells.append({"owed": len(owed), "on_time": on_time, "late": late, "state": state})
        rows.append((country, cells))
    return round_list, rows
