import datetime
import json
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.csv_utils import csv_response
from portal.models import Country, Pillar
from portal.ratelimit import rate_limited
from portal.selectors import civil_society_organisations
from portal.translation_utils import translated
from portal.uploads import attachment_response
from secretariat.national_selectors import country_coordination

from . import selectors, services
from .enums import CsoRating, GovernmentStatus
from .forms import (
    AssessmentForm,
    CommentForm,
    ConsultationForm,
    ConsultationResponseForm,
    HideCommentForm,
    MilestoneForm,
    ProgressUpdateEditForm,
    ProgressUpdateForm,
    ReportingRoundForm,
)
from .models import Comment, Commitment, Consultation, CsoAssessment

COUNTRY_PAGE_LIMIT = 100


def tracker(request):
    filters = selectors.TrackerFilters.from_query(request.GET)
    qs = selectors.commitments_public(filters)
    page = Paginator(selectors.with_tracker_relations(qs), 25).get_page(request.GET.get("page"))
    for commitment in page.object_list:
        commitment.progress = selectors.progress_percent(commitment)
    counts = selectors.facet_counts(filters)
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
        "status_options": _status_options(counts),
        "cso_options": [(v, label, counts["cso"].get(v, 0)) for v, label in CsoRating.choices],
        "query_string": request.GET.urlencode(),
        "chart_status": [(label, n) for _v, label, n in _status_options(counts)],
        "chart_pillar": [
            (f"{p.roman}. {p.name}", counts["pillar"].get(p.number, 0)) for p in pillars
        ],
        "chart_country": sorted(
            [(c.name, counts["country"].get(c.code, 0)) for c in countries],
            key=lambda row: -row[1],
        )[:10],
    }
    return render(request, "commitments/tracker.html", context)


def _status_options(counts):
    return [(v, label, counts["status"].get(v, 0)) for v, label in GovernmentStatus.choices]


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
            "percent_complete": _blank_none(selectors.progress_percent(c)),
            "publication": c.publication,
            "announced_on": c.announced_on.isoformat(),
            "target_date": c.target_date.isoformat() if c.target_date else "",
            "cso_assessments": len(c.assessments.all()),
            "url": request.build_absolute_uri(c.get_absolute_url()),
        }


def _blank_none(value):
    return "" if value is None else value


def tracker_export_csv(request):
    rows = ([row[c] for c in EXPORT_COLUMNS] for row in _export_rows(request))
    return csv_response("commitments.csv", EXPORT_COLUMNS, rows)


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
    consultations = list(commitment.consultations.all())
    now = timezone.now()
    for consultation in consultations:
        consultation.is_open = consultation.opens_at <= now < consultation.closes_at
        consultation.is_closed = consultation.closes_at <= now
        consultation.can_respond = request.user.has_perm(
            "commitments.respond_consultation", consultation
        )
    context = {
        "commitment": commitment,
        "progress": selectors.progress_percent(commitment),
        "milestones": list(commitment.milestones.all()),
        "today": timezone.localdate(),
        "consultations": consultations,
        "comment_form": CommentForm(user=request.user),
        "can_moderate": request.user.has_perm("portal.access_staff_tools"),
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
    form = ProgressUpdateForm(
        request.POST or None, request.FILES or None, countries=countries, commitment=commitment
    )
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
                evidence_file=data.get("evidence_file"),
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
@rate_limited("assessment")
def assessment_edit(request, pk):
    commitment = _visible_commitment_or_404(request, pk)
    if not request.user.has_perm("commitments.assess_commitment", commitment):
        raise PermissionDenied
    organisations = civil_society_organisations(request.user)
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


# --- Countries and pillars ---------------------------------------------------------


def country_detail(request, code):
    country = get_object_or_404(Country, code=code.upper())
    all_commitments = selectors.country_commitments(country)
    # The page lists the first 100; the tracker holds the rest.
    commitments = list(all_commitments[:COUNTRY_PAGE_LIMIT])
    for c in commitments:
        c.progress = selectors.progress_percent(c)
    by_status = dict(all_commitments.order_by().values_list("status").annotate(n=Count("pk")))
    organisations = country.organisations.order_by("name")
    context = {
        "country": country,
        "commitments": commitments,
        "status_counts": [
            (label, by_status.get(value, 0)) for value, label in GovernmentStatus.choices
        ],
        "assessment_count": CsoAssessment.objects.filter(
            commitment__in=all_commitments.values("pk"), hidden=False
        ).count(),
        "commitment_total": sum(by_status.values()),
        "coordinators": country.coordinators.filter(active=True).select_related("user"),
        "organisations": organisations[:50],
        "organisation_count": organisations.count(),
        "led_packages": country.led_action_packages.select_related("pillar"),
        "packages": country.action_packages.select_related("pillar"),
        "mechanisms": country.mechanisms.all(),
    }
    if request.GET.get("print"):
        return render(request, "commitments/country_summary.html", context)
    # Special coordinators, civil society and national dissemination (secretariat app).
    context["coordination"] = country_coordination(country)
    return render(request, "commitments/country_detail.html", context)


def pillar_detail(request, number):
    from django.db.models import Prefetch

    pillar = get_object_or_404(Pillar, number=number)
    packages = pillar.action_packages.prefetch_related(
        Prefetch("lead_countries", queryset=Country.objects.order_by("name")),
        Prefetch("participating_countries", queryset=Country.objects.order_by("name")),
    )
    activity = selectors.pillar_activity(pillar, today=timezone.localdate())
    return render(
        request,
        "commitments/pillar_detail.html",
        {"pillar": pillar, "packages": packages, "activity": activity},
    )


# --- Milestones ----------------------------------------------------------------------


@login_required
def milestones_manage(request, pk):
    commitment = _visible_commitment_or_404(request, pk)
    if not request.user.has_perm("commitments.report_progress", commitment):
        raise PermissionDenied
    form = MilestoneForm(request.POST or None)
    if request.method == "POST":
        if "milestone" in request.POST:
            milestone = get_object_or_404(commitment.milestones, pk=request.POST.get("milestone"))
            done = request.POST.get("done") == "1"
            services.milestone_set_done(
                milestone=milestone, by=request.user, done_on=timezone.localdate() if done else None
            )
            messages.success(request, _("The milestone was updated."))
            return redirect("milestones_manage", pk=commitment.pk)
        if form.is_valid():
            services.milestone_add(commitment=commitment, by=request.user, **form.cleaned_data)
            messages.success(request, _("The milestone was added."))
            return redirect("milestones_manage", pk=commitment.pk)
    return render(
        request,
        "commitments/milestones.html",
        {
            "commitment": commitment,
            "milestones": commitment.milestones.all(),
            "form": form,
            "today": timezone.localdate(),
        },
    )


# --- Reporting rounds --------------------------------------------------------------------


def reporting_grid(request):
    rounds, rows = selectors.reporting_grid()
    return render(request, "commitments/reporting_grid.html", {"rounds": rounds, "rows": rows})


@login_required
def reporting_round_create(request):
    if not request.user.has_perm("portal.access_staff_tools"):
        raise PermissionDenied
    form = ReportingRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.reporting_round_open(
            by=request.user, language=translation.get_language(), **form.cleaned_data
        )
        messages.success(request, _("The reporting round is open."))
        return redirect("reporting_grid")
    return render(request, "commitments/reporting_round_form.html", {"form": form})


# --- Consultations ----------------------------------------------------------------------


@login_required
def consultation_open(request, pk):
    commitment = _visible_commitment_or_404(request, pk)
    if not request.user.has_perm("commitments.report_progress", commitment):
        raise PermissionDenied
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_open(commitment=commitment, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The consultation is scheduled."))
            return redirect(commitment)
    return render(
        request, "commitments/consultation_form.html", {"commitment": commitment, "form": form}
    )


@login_required
@require_POST
@rate_limited("comment")
def comment_create(request, consultation_id):
    consultation = get_object_or_404(Consultation, pk=consultation_id)
    commitment = _visible_commitment_or_404(request, consultation.commitment_id)
    if not request.user.has_perm("commitments.comment_consultation", consultation):
        raise PermissionDenied
    form = CommentForm(request.POST, user=request.user)
    if form.is_valid():
        services.comment_post(
            consultation=consultation,
            by=request.user,
            text=form.cleaned_data["text"],
            organisation=form.cleaned_data["organisation"],
        )
        messages.success(request, _("Your comment is published."))
    else:
        messages.error(request, _("Your comment could not be published: write some text."))
    return redirect(f"{commitment.get_absolute_url()}#consultation")


@login_required
@require_POST
def comment_hide(request, comment_id):
    if not request.user.has_perm("portal.access_staff_tools"):
        raise PermissionDenied
    comment = get_object_or_404(Comment.objects.select_related("consultation"), pk=comment_id)
    form = HideCommentForm(request.POST)
    if form.is_valid():
        services.comment_hide(comment=comment, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The comment is hidden; the reason is shown in its place."))
    else:
        messages.error(request, _("Give a reason for hiding the comment."))
    return redirect(
        f"{reverse('commitment_detail', args=[comment.consultation.commitment_id])}#consultation"
    )


@login_required
def consultation_respond(request, consultation_id):
    consultation = get_object_or_404(
        Consultation.objects.select_related("commitment"), pk=consultation_id
    )
    commitment = _visible_commitment_or_404(request, consultation.commitment_id)
    if not request.user.has_perm("commitments.respond_consultation", consultation):
        raise PermissionDenied
    form = ConsultationResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_respond(
                consultation=consultation, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The response is published."))
            return redirect(f"{commitment.get_absolute_url()}#consultation")
    return render(
        request,
        "commitments/consultation_response_form.html",
        {"commitment": commitment, "consultation": consultation, "form": form},
    )


# --- Open data ------------------------------------------------------------------------


def open_data(request):
    from .open_data import COLUMNS, dump_path

    path = dump_path()
    info = None
    if path.exists():
        stat = path.stat()
        info = {
            "size": stat.st_size,
            "modified": datetime.datetime.fromtimestamp(stat.st_mtime, tz=datetime.UTC),
        }
    return render(
        request,
        "commitments/open_data.html",
        {"columns": COLUMNS, "dump": info},
    )


def open_data_download(request):
    from django.http import FileResponse

    from .open_data import DUMP_NAME, build_dump, dump_path

    path = dump_path()
    if not path.exists():
        path = build_dump()
    response = FileResponse(path.open("rb"), as_attachment=True, filename=DUMP_NAME)
    response["Content-Type"] = "application/zip"
    return response


@login_required
def progress_update_edit(request, pk, update_id):
    commitment = _visible_commitment_or_404(request, pk)
    update = get_object_or_404(commitment.updates, pk=update_id)
    if not request.user.has_perm("commitments.edit_progress_update", update):
        raise PermissionDenied
    initial = {
        "status": update.status,
        "percent_complete": update.percent_complete,
        "text": getattr(update, f"text_{update.original_language}"),
        "language": update.original_language,
        "evidence_url": update.evidence_url,
    }
    form = ProgressUpdateEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.progress_update_edit(update=update, by=request.user, **form.cleaned_data)
        messages.success(
            request, _("The update was corrected; the earlier version stays in its history.")
        )
        return redirect(commitment)
    return render(
        request,
        "commitments/progress_update_edit.html",
        {
            "commitment": commitment,
            "update": update,
            "form": form,
            "versions": update.history.select_related("history_user").order_by("-history_date"),
        },
    )


def commitment_source(request, pk):
    """The commitment's source document, to whoever may see the commitment."""

    commitment = _visible_commitment_or_404(request, pk)
    if not commitment.source_file:
        raise Http404
    suffix = Path(commitment.source_file.name).suffix
    name = f"commitment-{commitment.pk}-source{suffix}"
    return attachment_response(commitment.source_file, name)


def progress_update_evidence(request, pk, update_id):
    """An update's evidence file, to whoever may see the commitment."""

    commitment = _visible_commitment_or_404(request, pk)
    update = get_object_or_404(commitment.updates, pk=update_id, published_at__isnull=False)
    if not update.evidence_file:
        raise Http404
    name = f"update-{update.pk}-evidence{Path(update.evidence_file.name).suffix}"
    return attachment_response(update.evidence_file, name)
