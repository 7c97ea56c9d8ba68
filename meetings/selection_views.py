"""The review panel, the staff selection page and the public selection report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.csv_utils import csv_response
from portal.forms import add_service_errors
from portal.ratelimit import rate_limited

from . import selection_selectors as selectors
from . import selection_services as services
from .call_services import format_meeting_time
from .enums import ApplicationStatus
from .models import Application
from .rules import has_conflict_of_interest, is_panel_member
from .selection_forms import OverrideForm, ReviewForm

MANAGE = "meetings.manage_selection"


def _selection_url(call, anchor=""):
    url = reverse("call_selection", args=[call.pk])
    return f"{url}#{anchor}" if anchor else url


# --- Review panel ------------------------------------------------------------------------


@login_required
def call_panel(request, pk):
    call = selectors.call_for_selection(pk)
    user = request.user
    # The panel's work is private: it does not exist for anyone else.
    if call is None or not user.has_perm("meetings.view_panel", call):
        raise Http404
    is_reviewer = is_panel_member(user, call)
    can_manage = user.has_perm(MANAGE, call)
    applications = selectors.panel_applications(call, user)
    context = {
        "call": call,
        "meeting": call.meeting,
        "applications": applications,
        "progress": selectors.review_progress(call),
        "workload": selectors.reviewer_workload(call) if can_manage else [],
        "is_reviewer": is_reviewer,
        "can_manage": can_manage,
        "my_outstanding": sum(1 for a in applications if not a.reviewed_by_me),
        "deadline": format_meeting_time(call.review_deadline, call.meeting),
    }
    return render(request, "meetings/panel.html", context)


def _reviewable_or_404(request, pk):
    application = selectors.application_for_review(pk)
    user = request.user
    if (
        application is None
        or application.status == ApplicationStatus.DRAFT
        or not user.has_perm("meetings.view_application", application)
        or not is_panel_member(user, application)
        or has_conflict_of_interest(user, application)
    ):
        raise Http404
    return application


def _not_reviewable_reason(application):
    if application.status == ApplicationStatus.WITHDRAWN:
        return _("This application was withdrawn: it is no longer reviewed.")
    if application.call.selection_run_at is not None:
        return _("The selection has run: reviews can no longer be changed.")
    return _("This application cannot be reviewed now.")


@login_required
@rate_limited("review")
def application_review(request, pk):
    application = _reviewable_or_404(request, pk)
    call = application.call
    user = request.user
    can_review = user.has_perm("meetings.review_application", application)
    criteria = list(call.criteria.all())
    review = selectors.review_of(application, user)
    if request.method == "POST":
        if not can_review:
            messages.error(request, _not_reviewable_reason(application))
            return redirect("application_review", application.pk)
        form = ReviewForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                services.review_save(
                    application=application,
                    by=user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Your review of %(reference)s (%(organisation)s) was saved.")
                    % {
                        "reference": application.reference,
                        "organisation": application.organisation.name,
                    },
                )
                return redirect("call_panel", call.pk)
    else:
        form = ReviewForm(initial=ReviewForm.initial_for(review), criteria=criteria)
    answers = application.answers or {}
    context = {
        "application": application,
        "call": call,
        "meeting": call.meeting,
        "answers": [
            {"question": question, "answer": answers.get(str(question.pk), "")}
            for question in call.questions.all()
        ],
        "participants": list(application.participants.all()),
        "attachments": list(application.attachments.all()),
        "form": form if can_review else None,
        "review": review,
        "not_reviewable": "" if can_review else _not_reviewable_reason(application),
        "deadline": format_meeting_time(call.review_deadline, call.meeting),
    }
    return render(request, "meetings/review_form.html", context)


# --- Staff: selection --------------------------------------------------------------------


def _managed_call(request, pk):
    call = selectors.call_for_selection(pk)
    if call is None:
        raise Http404
    if not request.user.has_perm(MANAGE, call):
        raise PermissionDenied
    return call


def _render_selection(request, call, *, failed=None):
    """The selection page; ``failed`` is ``(application pk, bound form)`` to show again."""
    # Before the first run the table lists the applications, their scores so far and
    # the override forms; the ranking columns fill in once the selection has run.
    table = selectors.selection_table(call)
    rows = table["rows"]
    for row in rows:
        application = row["application"]
        if failed is not None and failed[0] == application.pk:
            row["form"] = failed[1]
        elif not row["withdrawn"]:
            override = row["override"]
            row["form"] = OverrideForm(
                auto_id=f"id_override{application.pk}_%s",
                initial={
                    "decision": override.decision if override else "",
                    "reason": override.reason if override else "",
                },
            )
    published = call.results_published_at is not None
    context = {
        "call": call,
        "meeting": call.meeting,
        "progress": selectors.review_progress(call),
        "problems": services.selection_problems(call),
        "table": table,
        "rows": rows,
        "has_run": call.selection_run_at is not None,
        "published": published,
        "can_override": not published,
        "deadline": format_meeting_time(call.review_deadline, call.meeting),
        "closes": format_meeting_time(call.closes_at, call.meeting),
    }
    return render(request, "meetings/selection_call.html", context)


@login_required
def call_selection(request, pk):
    call = _managed_call(request, pk)
    if request.method == "POST" and request.POST.get("action") == "run":
        try:
            result = services.call_run_selection(call=call, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "The selection ran: %(selected)s selected, %(waitlist)s on the waiting "
                    "list. Check the ranking, then publish the results."
                )
                % {"selected": len(result.selected), "waitlist": len(result.waitlist)},
            )
        return redirect(_selection_url(call, "ranking"))
    return _render_selection(request, call)


@login_required
@require_POST
def call_override(request, pk):
    application = get_object_or_404(Application.objects.select_related("call"), pk=pk)
    call = _managed_call(request, application.call_id)
    form = OverrideForm(request.POST, auto_id=f"id_override{application.pk}_%s")
    if form.is_valid():
        try:
            override = services.call_override(
                application=application,
                by=request.user,
                decision=form.chosen_decision(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                messages.error(request, " ".join(exc.messages))
                return redirect(_selection_url(call, f"override-{application.pk}"))
            add_service_errors(form, exc)
        else:
            if override is None:
                messages.success(
                    request,
                    _("The override of %(reference)s was removed.")
                    % {"reference": application.reference},
                )
            else:
                messages.success(
                    request,
                    _("Decision recorded for %(reference)s: %(decision)s.")
                    % {
                        "reference": application.reference,
                        "decision": override.get_decision_display(),
                    },
                )
            return redirect(_selection_url(call, f"override-{application.pk}"))
    messages.error(request, _("The decision was not recorded. Correct the form below."))
    call.refresh_from_db()
    return _render_selection(request, call, failed=(application.pk, form))


@login_required
@require_POST
def call_publish_results(request, pk):
    call = _managed_call(request, pk)
    already = call.results_published_at is not None
    try:
        services.call_publish_results(call=call, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_selection_url(call))
    if already:
        messages.info(request, _("The results were already published; nobody was told twice."))
    else:
        messages.success(
            request,
            _("The results are published and every applying organisation is being told."),
        )
    return redirect("call_report", call.pk)


# --- Public report -----------------------------------------------------------------------


def _report_call_or_404(request, pk):
    call = selectors.report_call(pk)
    if call is None:
        raise Http404
    if call.results_published_at is None and not (
        request.user.is_authenticated and request.user.has_perm(MANAGE, call)
    ):
        raise Http404
    return call


def call_report(request, pk):
    call = _report_call_or_404(request, pk)
    context = {
        "call": call,
        "meeting": call.meeting,
        "figures": selectors.report_figures(call),
        "preview": call.results_published_at is None,
    }
    return render(request, "meetings/report.html", context)


def call_report_csv(request, pk):
    """The report's aggregate figures as CSV: section, item, applications, selected, target."""
    call = _report_call_or_404(request, pk)
    figures = selectors.report_figures(call)
    rows = [
        (_("Totals"), _("Seats"), "", figures["seats"], ""),
        (_("Totals"), _("Applications submitted"), figures["submitted"], "", ""),
        (_("Totals"), _("Applications withdrawn"), figures["withdrawn"], "", ""),
        (_("Totals"), _("Applications fully reviewed"), figures["reviewed"], "", ""),
        (_("Totals"), _("Organisations selected"), "", figures["selected_count"], ""),
        (_("Totals"), _("Cut-off score"), "", figures["cutoff"] or "", ""),
    ]
    for section, key in (
        (_("Priority group"), "by_group"),
        (_("Level"), "by_level"),
        (_("Country"), "by_country"),
    ):
        for row in figures[key]:
            rows.append(
                (
                    section,
                    str(row["label"]),
                    row["applied"],
                    row["selected"],
                    "" if row["target"] is None else row["target"],
                )
            )
    for item in figures["criteria"]:
        rows.append((_("Criterion weight"), item["criterion"].name, "", "", item["weight"]))
    return csv_response(
        f"selection-report-{call.pk}.csv",
        [_("Section"), _("Item"), _("Applications"), _("Selected"), _("Target")],
        rows,
    )
