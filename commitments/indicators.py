"""Monitoring indicators (recommendation 9): proposals, review, data points, matrices.

Civil society or the secretariat proposes an indicator, staff review and adopt it,
then governments (through their country coordinators) and verified civil-society
organisations record values per country and period, side by side.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Prefetch, Value, When
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.enums import CIVIL_SOCIETY_KINDS
from portal.models import Country, CountryCoordinator, Membership, Pillar
from portal.rules import is_secretariat_staff

from .enums import (
    Direction,
    GovernmentStatus,
    IndicatorKind,
    IndicatorStatus,
    PeriodKind,
    Publication,
    QualitativeRating,
    Reporter,
    Verification,
)
from .models import Commitment, DataPoint, Indicator
from .rules import is_member_of_verified_cso

# --- Permissions ------------------------------------------------------------------------


@rules.predicate
def is_any_country_coordinator(user):
    if not (user and user.is_authenticated):
        return False
    return CountryCoordinator.objects.filter(user=user, active=True).exists()


@rules.predicate
def is_indicator_adopted(user, indicator):
    return indicator is not None and indicator.status == IndicatorStatus.ADOPTED


can_propose_indicator = is_member_of_verified_cso | is_secretariat_staff
can_review_indicator = is_secretariat_staff
# Who may open the data form at all; the country and organisation are checked on saving.
can_record_indicator_data = is_indicator_adopted & (
    is_secretariat_staff | is_any_country_coordinator | is_member_of_verified_cso
)

for _name, _predicate in {
    "commitments.propose_indicator": can_propose_indicator,
    "commitments.review_indicator": can_review_indicator,
    "commitments.record_indicator_data": can_record_indicator_data,
}.items():
    if not rules.perm_exists(_name):
        rules.add_perm(_name, _predicate)


def coordinates_country(user, country):
    return CountryCoordinator.objects.filter(user=user, country=country, active=True).exists()


def is_verified_cso_member(user, organisation):
    return (
        organisation is not None
        and organisation.verified
        and organisation.kind in CIVIL_SOCIETY_KINDS
        and Membership.objects.filter(user=user, organisation=organisation, accepted=True).exists()
    )


# --- Services ---------------------------------------------------------------------------

PROPOSAL_FIELDS = {
    "code",
    "name",
    "methodology",
    "language",
    "kind",
    "unit",
    "direction",
    "pillars",
    "commitments",
}


# Path segments under /indicators/ that an indicator code would shadow.
RESERVED_CODES = {"matrices", "propose"}


def _unique_code(name):
    base = slugify(name)[:34].strip("-") or "indicator"
    taken = RESERVED_CODES | set(
        Indicator.objects.filter(code__startswith=base).values_list("code", flat=True)
    )
    code, n = base, 2
    while code in taken:
        code = f"{base}-{n}"
        n += 1
    return code


@transaction.atomic
def indicator_propose(*, by, organisation, **fields):
    """Propose an indicator on behalf of a verified CSO or academic organisation.

    Secretariat staff may also propose (with or without an organisation). The
    indicator starts as ``proposed`` and waits for the secretariat's review.
    """
    unknown = set(fields) - PROPOSAL_FIELDS
    if unknown:
        raise TypeError(f"Unknown indicator fields: {', '.join(sorted(unknown))}")
    staff = is_secretariat_staff(by)
    if not can_propose_indicator.test(by):
        raise PermissionDenied
    if organisation is None and not staff:
        raise PermissionDenied
    if organisation is not None and not (staff or is_verified_cso_member(by, organisation)):
        raise PermissionDenied
    name = " ".join((fields.get("name") or "").split())
    if not name:
        raise ValidationError({"name": _("Give the indicator a name.")})
    if fields.get("code") in RESERVED_CODES:
        raise ValidationError({"code": _("This code is reserved; choose another.")})
    language = fields.get("language") or "es"
    kind = fields.get("kind") or IndicatorKind.QUANTITATIVE
    indicator = Indicator(
        code=fields.get("code") or _unique_code(name),
        original_language=language,
        kind=kind,
        # Ratings run from 1 (very poor) to 5 (very good): higher is always better.
        direction=(
            Direction.HIGHER_IS_BETTER
            if kind == IndicatorKind.QUALITATIVE
            else fields.get("direction") or Direction.HIGHER_IS_BETTER
        ),
        unit="" if kind == IndicatorKind.QUALITATIVE else (fields.get("unit") or "").strip(),
        proposed_by=organisation,
        status=IndicatorStatus.PROPOSED,
        **{
            f"name_{language}": name,
            f"methodology_{language}": (fields.get("methodology") or "").strip(),
        },
    )
    indicator._history_user = by
    indicator.full_clean()
    indicator.save()
    indicator.pillars.set(fields.get("pillars") or [])
    commitments = list(fields.get("commitments") or [])
    if any(c.publication == Publication.DRAFT for c in commitments):
        raise ValidationError(_("Only public commitments can be linked to an indicator."))
    indicator.commitments.set(commitments)
    return indicator


@transaction.atomic
def indicator_set_status(*, indicator, by, status):
    """Move an indicator through review: under review, adopted, retired (staff only)."""
    if not can_review_indicator.test(by):
        raise PermissionDenied
    if status not in IndicatorStatus.values:
        raise ValidationError(_("Unknown indicator status."))
    if indicator.status != status:
        indicator.status = status
        indicator._history_user = by
        indicator.save(update_fields=["status"])
    return indicator


def period_start_of(period_kind, day):
    """The first day of the period containing ``day``."""
    if period_kind == PeriodKind.YEAR:
        return datetime.date(day.year, 1, 1)
    if period_kind == PeriodKind.QUARTER:
        return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return day


@transaction.atomic
def data_point_record(
    *,
    indicator,
    by,
    country,
    period_kind,
    period_start,
    reported_by,
    value=None,
    rating=None,
    text="",
    source="",
    organisation=None,
    verification=None,
    today=None,
):
    """Record (or correct) one value of an adopted indicator for a country and period.

    Government values come from an active coordinator of that country or from staff;
    civil-society values from a member of a verified CSO or academic organisation
    (or staff on its behalf). There is one value per country, period and reporter:
    recording again corrects it, and a corrected value needs verifying again.
    """
    staff = is_secretariat_staff(by)
    if reported_by == Reporter.GOVERNMENT:
        if not (staff or coordinates_country(by, country)):
            raise PermissionDenied
        if organisation is not None and not (
            staff or organisation.memberships.filter(user=by, accepted=True).exists()
        ):
            raise PermissionDenied
    elif reported_by == Reporter.CIVIL_SOCIETY:
        if organisation is None:
            raise ValidationError({"organisation": _("Say which organisation reports this.")})
        if not (organisation.verified and organisation.kind in CIVIL_SOCIETY_KINDS):
            raise PermissionDenied
        if not (staff or is_verified_cso_member(by, organisation)):
            raise PermissionDenied
    else:
        raise ValidationError({"reported_by": _("Unknown reporter.")})
    if verification is not None and not staff:
        raise PermissionDenied
    if indicator.status != IndicatorStatus.ADOPTED:
        raise ValidationError(_("Values can only be recorded for adopted indicators."))

    period_start = period_start_of(period_kind, period_start)
    if period_start > (today or timezone.localdate()):
        raise ValidationError({"period_start": _("This period has not started yet.")})
    if indicator.kind == IndicatorKind.QUANTITATIVE:
        if value is None or rating is not None:
            raise ValidationError({"value": _("Give a number for this indicator.")})
    elif rating is None or value is not None:
        raise ValidationError({"rating": _("Choose a rating for this indicator.")})

    point = (
        DataPoint.objects.select_for_update()
        .filter(
            indicator=indicator,
            country=country,
            period_kind=period_kind,
            period_start=period_start,
            reported_by=reported_by,
        )
        .first()
    )
    if point is None:
        point = DataPoint(
            indicator=indicator,
            country=country,
            period_kind=period_kind,
            period_start=period_start,
            reported_by=reported_by,
        )
    elif (
        reported_by == Reporter.CIVIL_SOCIETY
        and point.organisation_id not in (None, organisation.pk)
        and not staff
    ):
        raise ValidationError(
            _("Another organisation already reported this period; ask the secretariat.")
        )
    point.value = value
    point.rating = rating
    point.text = (text or "").strip()
    point.source = (source or "").strip()
    point.organisation = organisation
    point.verification = verification or Verification.UNVERIFIED
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def data_point_set_verification(*, point, by, verification):
    """Mark a value verified or disputed after checking its source (staff only)."""
    if not can_review_indicator.test(by):
        raise PermissionDenied
    if verification not in Verification.values:
        raise ValidationError(_("Unknown verification state."))
    point.verification = verification
    point.save(update_fields=["verification"])
    return point


# --- Reading helpers -------------------------------------------------------------------


def period_label(period_kind, period_start):
    if period_kind == PeriodKind.YEAR:
        return str(period_start.year)
    if period_kind == PeriodKind.QUARTER:
        return f"{period_start.year}-Q{(period_start.month - 1) // 3 + 1}"
    return period_start.isoformat()


def format_value(point):
    """A data point's value as text: a localised number, or the rating's label."""
    if point.rating is not None:
        return str(QualitativeRating(point.rating).label)
    if point.value is None:
        return ""
    value = Decimal(point.value).normalize()
    places = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def numeric(point):
    """The comparable number of a data point (value or rating)."""
    if point.rating is not None:
        return Decimal(point.rating)
    return point.value


@dataclass
class Trend:
    """The latest value of a series and how it moved since the previous period."""

    latest: DataPoint
    previous: DataPoint | None = None
    arrow: str = ""
    word: str = ""
    state: str = "none"  # good, bad, flat or none

    @property
    def label(self):
        return f"{self.arrow} {self.word}" if self.arrow else ""

    @property
    def display(self):
        return format_value(self.latest)

    @property
    def period(self):
        return period_label(self.latest.period_kind, self.latest.period_start)

    @property
    def previous_text(self):
        """E.g. "from 120 in 2023", or "" without an earlier period."""
        if self.previous is None:
            return ""
        return _("from %(value)s in %(period)s") % {
            "value": format_value(self.previous),
            "period": period_label(self.previous.period_kind, self.previous.period_start),
        }


def trend_of(indicator, latest, previous):
    """Compare two periods; whether a change is good depends on the direction."""
    trend = Trend(latest=latest, previous=previous)
    if previous is None:
        return trend
    now, before = numeric(latest), numeric(previous)
    if now is None or before is None:
        return trend
    if now == before:
        trend.arrow, trend.word, trend.state = "→", _("no change"), "flat"
        return trend
    higher_is_better = (
        indicator.kind == IndicatorKind.QUALITATIVE
        or indicator.direction == Direction.HIGHER_IS_BETTER
    )
    rising = now > before
    good = rising == higher_is_better
    trend.arrow = "↑" if rising else "↓"
    trend.word = _("improving") if good else _("worsening")
    trend.state = "good" if good else "bad"
    return trend


# --- Selectors --------------------------------------------------------------------------

STATUS_RANK = Case(
    When(status=IndicatorStatus.ADOPTED, then=Value(0)),
    When(status=IndicatorStatus.UNDER_REVIEW, then=Value(1)),
    When(status=IndicatorStatus.PROPOSED, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


@dataclass
class IndicatorFilters:
    """The indicator list's query string, validated: unknown values are dropped."""

    status: str = ""
    kind: str = ""
    pillar: int | None = None
    active: dict = field(default_factory=dict)

    @classmethod
    def from_query(cls, params):
        f = cls()
        if params.get("status") in IndicatorStatus.values:
            f.status = params["status"]
        if params.get("kind") in IndicatorKind.values:
            f.kind = params["kind"]
        pillar = params.get("pillar", "").strip()
        if pillar.isdigit():
            f.pillar = int(pillar)
        f.active = {
            k: v for k, v in {"status": f.status, "kind": f.kind, "pillar": f.pillar}.items() if v
        }
        return f


def indicators_public(filters=None):
    """Indicators matching the list's filters, adopted first, with their pillars."""
    filters = filters or IndicatorFilters()
    qs = Indicator.objects.all()
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.pillar:
        links = Indicator.pillars.through.objects.filter(pillar__number=filters.pillar)
        qs = qs.filter(pk__in=links.values("indicator_id"))
    return (
        qs.annotate(status_rank=STATUS_RANK)
        .select_related("proposed_by")
        .prefetch_related(Prefetch("pillars", queryset=Pillar.objects.order_by("number")))
        .order_by("status_rank", "code")
    )


def attach_latest_values(indicators):
    """Set ``data_count``, ``latest_label`` and ``latest_country_count`` on each indicator.

    One grouped query for the whole list: its rows grow with the number of periods,
    never with the number of countries or data points.
    """
    indicators = list(indicators)
    periods = (
        DataPoint.objects.filter(indicator__in=indicators)
        .order_by()
        .values_list("indicator_id", "period_start", "period_kind")
        .annotate(n=Count("pk"), countries=Count("country", distinct=True))
    )
    stats = {}
    for indicator_id, start, kind, n, countries in periods:
        entry = stats.setdefault(indicator_id, {"count": 0, "latest": None})
        entry["count"] += n
        if entry["latest"] is None or (start, kind) > entry["latest"][:2]:
            entry["latest"] = (start, kind, countries)
    for indicator in indicators:
        entry = stats.get(indicator.pk)
        indicator.data_count = entry["count"] if entry else 0
        indicator.latest_label = ""
        indicator.latest_country_count = 0
        if entry:
            start, kind, countries = entry["latest"]
            indicator.latest_label = period_label(kind, start)
            indicator.latest_country_count = countries
    return indicators


def public_commitments():
    return Commitment.objects.exclude(publication=Publication.DRAFT)


def indicator_detail(code):
    """An indicator with its pillars, public commitments and every data point."""
    return (
        Indicator.objects.select_related("proposed_by")
        .prefetch_related(
            Prefetch("pillars", queryset=Pillar.objects.order_by("number")),
            Prefetch(
                "commitments",
                queryset=public_commitments().select_related("pillar").order_by("-announced_on"),
            ),
            Prefetch(
                "data_points",
                queryset=DataPoint.objects.select_related("country", "organisation").order_by(
                    "period_start", "reported_by"
                ),
            ),
        )
        .filter(code=code)
        .first()
    )


def series_by_country(points):
    """{reporter: [(country, [(period label, number)])]}, countries by name."""
    grouped = {}
    for p in points:
        grouped.setdefault(p.reported_by, {}).setdefault(p.country, []).append(
            (period_label(p.period_kind, p.period_start), numeric(p))
        )
    return {
        reporter: sorted(by_country.items(), key=lambda item: str(item[0].name))
        for reporter, by_country in grouped.items()
    }


def data_points_export(indicator):
    """Every data point of an indicator, for the CSV download."""
    return (
        DataPoint.objects.filter(indicator=indicator)
        .select_related("country", "organisation")
        .order_by("country__code", "period_start", "reported_by")
    )


def country_indicator_matrix():
    """Countries × adopted indicators: latest value per reporter and its trend.

    Only the two latest periods of each series (indicator, country, reporter,
    period kind) are fetched, ranked in the database, whatever the data size.
    """
    indicators = list(Indicator.objects.filter(status=IndicatorStatus.ADOPTED).order_by("code"))
    countries = list(Country.objects.all())
    ranked = (
        DataPoint.objects.filter(indicator__status=IndicatorStatus.ADOPTED)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[
                    F("indicator_id"),
                    F("country_id"),
                    F("reported_by"),
                    F("period_kind"),
                ],
                order_by=F("period_start").desc(),
            )
        )
        .filter(rank__lte=2)
        .only(
            "indicator_id",
            "country_id",
            "reported_by",
            "period_kind",
            "period_start",
            "value",
            "rating",
        )
        .order_by()
    )
    series = {}
    for p in ranked:
        key = (p.indicator_id, p.country_id, p.reported_by)
        series.setdefault(key, {}).setdefault(p.period_kind, []).append(p)
    by_id = {i.pk: i for i in indicators}
    cells = {}
    for (indicator_id, country_id, reporter), kinds in series.items():
        # With several period kinds, follow the one reported most recently.
        latest_kind = max(kinds.values(), key=lambda ps: max(x.period_start for x in ps))
        latest_kind.sort(key=lambda x: x.period_start, reverse=True)
        previous = latest_kind[1] if len(latest_kind) > 1 else None
        cells.setdefault((indicator_id, country_id), {})[reporter] = trend_of(
            by_id[indicator_id], latest_kind[0], previous
        )
    rows = []
    for country in countries:
        row = [(i, cells.get((i.pk, country.pk), {})) for i in indicators]
        rows.append((country, row))
    return {"indicators": indicators, "rows": rows}


def country_pillar_matrix():
    """Countries × pillars: public commitments counted by the government's status."""
    pillars = list(Pillar.objects.order_by("number"))
    countries = list(Country.objects.all())
    through = Commitment.countries.through
    counts = (
        through.objects.exclude(commitment__publication=Publication.DRAFT)
        .order_by()
        .values_list("country_id", "commitment__pillar_id", "commitment__status")
        .annotate(n=Count("commitment_id"))
    )
    table = {}
    for country_id, pillar_id, status, n in counts:
        table.setdefault((country_id, pillar_id), {})[status] = n
    rows = []
    for country in countries:
        cells = []
        for pillar in pillars:
            by_status = table.get((country.pk, pillar.pk), {})
            cells.append(
                {
                    "total": sum(by_status.values()),
                    "by_status": [
                        (value, label, by_status[value])
                        for value, label in GovernmentStatus.choices
                        if by_status.get(value)
                    ],
                }
            )
        rows.append((country, cells))
    return {"pillars": pillars, "rows": rows}
