"""Pages of the monitoring indicators: list, detail with charts, forms, matrices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.csv_utils import csv_response
from portal.enums import CIVIL_SOCIETY_KINDS
from portal.models import Organisation, Pillar
from portal.ratelimit import rate_limited
from portal.rules import is_secretariat_staff
from portal.translation_utils import translated

from . import indicators as ind
from .charts import line_chart
from .enums import IndicatorKind, IndicatorStatus, QualitativeRating, Reporter
from .indicator_forms import DataPointForm, IndicatorProposalForm, IndicatorStatusForm
from .models import Indicator
from .rules import is_member_of_verified_cso


def indicator_list(request):
    filters = ind.IndicatorFilters.from_query(request.GET)
    page = Paginator(ind.indicators_public(filters), 25).get_page(request.GET.get("page"))
    page.object_list = ind.attach_latest_values(page.object_list)
    context = {
        "filters": filters,
        "page": page,
        "status_options": IndicatorStatus.choices,
        "kind_options": IndicatorKind.choices,
        "pillar_options": [(p.number, f"{p.roman}. {p.name}") for p in Pillar.objects.all()],
        "can_propose": ind.can_propose_indicator.test(request.user),
    }
    return render(request, "commitments/indicators/list.html", context)


def _charts(indicator, points):
    """One chart per reporter (government, civil society), a line per country."""
    qualitative = indicator.kind == IndicatorKind.QUALITATIVE
    options = {}
    if qualitative:
        options = {
            "y_min": 1,
            "y_max": 5,
            "y_tick_labels": {v: str(v) for v in QualitativeRating.values},
            "y_label": _("Rating (1 very poor – 5 very good)"),
        }
    elif indicator.unit:
        options = {"y_label": indicator.unit}
    name = translated(indicator, "name").text
    titles = {
        Reporter.GOVERNMENT: _("%(indicator)s: values reported by governments, by country"),
        Reporter.CIVIL_SOCIETY: _("%(indicator)s: values reported by civil society, by country"),
    }
    series = ind.series_by_country(points)
    # The same country keeps the same colour and dash pattern in both charts.
    styles = {
        country: n
        for n, country in enumerate(sorted({p.country for p in points}, key=lambda c: str(c.name)))
    }
    periods = sorted(
        {ind.period_label(p.period_kind, p.period_start) for p in points},
    )
    charts = []
    for reporter, label in Reporter.choices:
        if reporter not in series:
            continue
        svg = line_chart(
            [(country.name, values, styles[country]) for country, values in series[reporter]],
            title=titles[reporter] % {"indicator": name},
            desc=_(
                "One line per country, each with its own colour and dash pattern, over "
                "%(first)s–%(last)s. The table below lists every value shown."
            )
            % {"first": periods[0], "last": periods[-1]},
            chart_id=f"chart-{reporter}",
            periods=periods,
            **options,
        )
        charts.append({"reporter": reporter, "label": label, "svg": svg})
    return charts


def indicator_detail(request, code):
    indicator = ind.indicator_detail(code)
    if indicator is None:
        raise Http404
    points = list(indicator.data_points.all())
    countries = sorted({p.country for p in points}, key=lambda c: str(c.name))
    country = request.GET.get("country", "").strip().upper()
    if country:
        points = [p for p in points if p.country.code == country]
    for p in points:
        p.label = ind.period_label(p.period_kind, p.period_start)
        p.display = ind.format_value(p)
    reporter_order = {value: n for n, value in enumerate(Reporter.values)}
    rows = sorted(
        points,
        key=lambda p: (str(p.country.name), p.period_start, reporter_order[p.reported_by]),
    )
    context = {
        "indicator": indicator,
        "pillars": list(indicator.pillars.all()),
        "commitments": list(indicator.commitments.all()),
        "charts": _charts(indicator, points) if points else [],
        "rows": rows,
        "countries": countries,
        "country": country,
        "can_record": ind.can_record_indicator_data.test(request.user, indicator),
        "can_review": ind.can_review_indicator.test(request.user),
        "status_form": IndicatorStatusForm(initial={"status": indicator.status}),
    }
    return render(request, "commitments/indicators/detail.html", context)


CSV_COLUMNS = [
    "indicator",
    "country_code",
    "country",
    "period_kind",
    "period",
    "period_start",
    "value",
    "unit",
    "rating",
    "rating_label",
    "reported_by",
    "organisation",
    "verification",
    "source",
    "explanation",
]


def indicator_data_csv(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    rows = (
        [
            indicator.code,
            p.country.code,
            p.country.name,
            p.period_kind,
            ind.period_label(p.period_kind, p.period_start),
            p.period_start.isoformat(),
            "" if p.value is None else format(p.value.normalize(), "f"),
            indicator.unit,
            "" if p.rating is None else p.rating,
            "" if p.rating is None else str(QualitativeRating(p.rating).label),
            p.reported_by,
            p.organisation.name if p.organisation else "",
            p.verification,
            p.source,
            p.text,
        ]
        for p in ind.data_points_export(indicator).iterator(chunk_size=2000)
    )
    return csv_response(f"indicator-{indicator.code}.csv", CSV_COLUMNS, rows)


@login_required
@rate_limited("indicator_propose")
def indicator_propose(request):
    if not ind.can_propose_indicator.test(request.user):
        raise PermissionDenied
    form = IndicatorProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        try:
            indicator = ind.indicator_propose(by=request.user, organisation=organisation, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Your proposal is recorded. The secretariat will review it before adoption."),
            )
            return redirect(indicator)
    return render(request, "commitments/indicators/propose.html", {"form": form})


def _reporters_and_organisations(user):
    staff = is_secretariat_staff(user)
    reporters = []
    if staff or ind.is_any_country_coordinator(user):
        reporters.append(Reporter.GOVERNMENT)
    if staff or is_member_of_verified_cso(user):
        reporters.append(Reporter.CIVIL_SOCIETY)
    organisations = Organisation.objects.filter(verified=True, kind__in=CIVIL_SOCIETY_KINDS)
    if not staff:
        organisations = organisations.filter(memberships__user=user, memberships__accepted=True)
    return reporters, organisations.order_by("name")


@login_required
def indicator_data_create(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    if not ind.can_record_indicator_data.test(request.user, indicator):
        raise PermissionDenied
    reporters, organisations = _reporters_and_organisations(request.user)
    form = DataPointForm(
        request.POST or None,
        indicator=indicator,
        user=request.user,
        reporters=reporters,
        organisations=organisations,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # PermissionDenied (another country, another organisation) answers 403.
            ind.data_point_record(
                indicator=indicator,
                by=request.user,
                country=data["country"],
                period_kind=data["period_kind"],
                period_start=data["period_start"],
                reported_by=data["reported_by"],
                value=data.get("value"),
                rating=data.get("rating"),
                text=data["text"],
                source=data["source"],
                organisation=data["organisation"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The value is recorded."))
            return redirect(indicator)
    return render(
        request,
        "commitments/indicators/data_form.html",
        {"indicator": indicator, "form": form},
    )


@login_required
@require_POST
def indicator_set_status(request, code):
    if not ind.can_review_indicator.test(request.user):
        raise PermissionDenied
    indicator = get_object_or_404(Indicator, code=code)
    form = IndicatorStatusForm(request.POST)
    if form.is_valid():
        ind.indicator_set_status(indicator=indicator, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("The indicator is now: %(status)s.")
            % {"status": IndicatorStatus(indicator.status).label},
        )
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(indicator)


def indicator_matrices(request):
    return render(
        request,
        "commitments/indicators/matrices.html",
        {
            "indicator_matrix": ind.country_indicator_matrix(),
            "pillar_matrix": ind.country_pillar_matrix(),
            "reporters": Reporter.choices,
        },
    )
