import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.enums import OrganisationKind
from portal.models import Country, Organisation, Pillar
from portal.translation_utils import translated

from . import selectors, services
from .enums import CsoRating, GovernmentStatus
from .forms import AssessmentForm, ProgressUpdateForm
from .models import Commitment


def tracker(request):
    filters = selectors.TrackerFilters.from_query(request.GET)
    qs = selectors.commitments_public(filters)
    page = Paginator(selectors.with_tracker_relations(qs), 25).get_page(request.GET.get("page"))
    counts = selectors.facet_counts(qs)
    countries = list(Country.objects.all())
    pillars = list(Pillar.objects.all())
    context = {
        "filters": filters,
        "page": page,
        "total": page.paginator.count,
        "country_options": [(c.code, c.name, counts["country"].get(c.code, 0)) for c in countries],
        "pillar_options": [
            (p.number, f"{p.roman}. {p.name}", counts["pillar"].get(p.number, 0)) for p in pillars
        ],
        "status_options": [
            (v, label, counts["status"].get(v, 0)) for v, label in GovernmentStatus.choices
        ],
        "cso_options": [(v, label, counts["cso"].get(v, 0)) for v, label in CsoRating.choices],
        "query_string": request.GET.urlencode(),
        "max_pillar_count": max(counts["pillar"].values(), default=0),
    }
    return render(request, "commitments/tracker.html", context)


EXPORT_COLUMNS = [
    "id",
    "title",
    "countries",
    "pillar",
    "action_package",
    "status",
    "percent_complete",
    "publication",
    "announced_on",
    "target_date",
    "cso_assessments",
    "url",
]


def _export_rows(request):
    filters = selectors.TrackerFilters.from_query(request.GET)
    qs = selectors.with_tracker_relations(selectors.commitments_public(filters))
    for c in qs.iterator(chunk_size=500):
        yield {
            "id": c.pk,
            "title": translated(c, "title").text,
            "countries": " ".join(country.code for country in c.countries.all()),
            "pillar": c.pillar.number,
            "action_package": c.action_package.number if c.action_package else "",
            "status": c.status,
            "percent_complete": c.percent_complete if c.percent_complete is not None else "",
            "publication": c.publication,
            "announced_on": c.announced_on.isoformat(),
            "target_date": c.target_date.isoformat() if c.target_date else "",
            "cso_assessments": len(c.assessments.all()),
            "url": request.build_absolute_uri(c.get_absolute_url()),
        }


def _safe_cell(value):
    # Spreadsheet programs run cells that start with these characters as formulas.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def tracker_export_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="commitments.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.DictWriter(response, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for row in _export_rows(request):
        writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    return response


def tracker_export_json(request):
    rows = list(_export_rows(request))
    response = HttpResponse(
        json.dumps({"count": len(rows), "results": rows}, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="commitments.json"'
    return response


def commitment_detail(request, pk):
    commitment = selectors.commitment_detail(pk)
    if commitment is None or not request.user.has_perm("commitments.view_commitment", commitment):
        raise Http404
    updates = list(commitment.updates.all())
    assessments = list(commitment.assessments.all())
    context = {
        "commitment": commitment,
        "updates": updates,
        "assessments": assessments,
        "versions": selectors.commitment_versions(commitment),
        "can_report": request.user.has_perm("commitments.report_progress", commitment),
        "can_assess": request.user.has_perm("commitments.assess_commitment", commitment),
    }
    return render(request, "commitments/commitment_detail.html", context)


def _visible_commitment_or_404(request, pk):
    commitment = get_object_or_404(Commitment, pk=pk)
    if not request.user.has_perm("commitments.view_commitment", commitment):
        raise Http404
    return commitment


@login_required
def progress_update_create(request, pk):
    commitment = _visible_commitment_or_404(request, pk)
    if not request.user.has_perm("commitments.report_progress", commitment):
        raise PermissionDenied
    countries = commitment.countries.all()
    if not request.user.is_staff:
        countries = countries.filter(coordinators__user=request.user, coordinators__active=True)
    form = ProgressUpdateForm(request.POST or None, countries=countries, commitment=commitment)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "publish":
            services.progress_update_publish(
                commitment=commitment,
                by=request.user,
                country=data["country"],
                text=data["text"],
                status=data["status"],
                language=data["language"],
                percent_complete=data["percent_complete"],
                evidence_url=data["evidence_url"],
                submission_key=data["submission_key"],
            )
            messages.success(request, _("Your progress update is published."))
            return redirect(commitment)
        preview = data
        preview["status_label"] = GovernmentStatus(data["status"]).label
    return render(
        request,
        "commitments/progress_update_form.html",
        {"commitment": commitment, "form": form, "preview": preview},
    )


@login_required
def assessment_edit(request, pk):
    commitment = _visible_commitment_or_404(request, pk)
    if not request.user.has_perm("commitments.assess_commitment", commitment):
        raise PermissionDenied
    organisations = Organisation.objects.filter(
        memberships__user=request.user,
        memberships__accepted=True,
        verified=True,
        kind__in=[OrganisationKind.CSO, OrganisationKind.ACADEMIA],
    )
    form = AssessmentForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.assessment_save(
            commitment=commitment,
            organisation=data["organisation"],
            by=request.user,
            rating=data["rating"],
            text=data["text"],
            language=data["language"],
            evidence_url=data["evidence_url"],
        )
        messages.success(request, _("Your organisation's assessment is published."))
        return redirect(commitment)
    return render(
        request, "commitments/assessment_form.html", {"commitment": commitment, "form": form}
    )
