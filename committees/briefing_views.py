from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.ratelimit import rate_limited
from portal.selectors import civil_society_organisations
from portal.translation_utils import translated
from portal.uploads import attachment_response

from . import briefing_services as services
from .briefing_forms import (
    AgendaItemForm,
    BriefingForm,
    DecisionForm,
    EndorseForm,
    ReportForm,
    SuggestionForm,
)
from .enums import SuggestionStatus
from .models import AgendaSuggestion, Committee

MANAGE = "committees.manage_briefing"


def _forbidden(request, message):
    """A 403 that says why, instead of the generic page."""
    return render(request, "committees/briefing_forbidden.html", {"message": message}, status=403)


def _briefing_or_404(slug, pk):
    briefing = services.briefing_for_page(slug, pk)
    if briefing is None:
        raise Http404
    return briefing


def _briefing_url(briefing, anchor=""):
    url = reverse("briefing_detail", args=[briefing.committee.slug, briefing.pk])
    return f"{url}#{anchor}" if anchor else url


def _not_a_manager(request):
    return _forbidden(
        request, _("Only this committee's coordinators and the secretariat manage its briefings.")
    )


# --- Briefing pages ---------------------------------------------------------------------


@login_required
def briefing_create(request, slug):
    committee = get_object_or_404(Committee.objects.select_related("action_package"), slug=slug)
    if not request.user.has_perm(MANAGE, committee):
        return _not_a_manager(request)
    form = BriefingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            briefing = services.briefing_create(
                committee=committee,
                by=request.user,
                title=data["title"],
                language=data["language"],
                starts_at=data["starts_at"],
                time_zone=data["time_zone"],
                place=data["place"],
                online_url=data["online_url"],
                agenda_deadline_days=data["agenda_deadline_days"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The briefing is planned. Now prepare its agenda."))
            return redirect("briefing_agenda", committee.slug, briefing.pk)
    return render(request, "committees/briefing_form.html", {"committee": committee, "form": form})


def briefing_detail(request, slug, pk):
    briefing = _briefing_or_404(slug, pk)
    viewer = services.viewer_for(request.user, briefing)
    items = services.agenda_items(briefing)
    held = services.is_held(briefing)
    show_report = held and (bool(briefing.report_published_at) or viewer.can_manage)
    context = {
        "briefing": briefing,
        "committee": briefing.committee,
        "package": briefing.committee.action_package,
        "items": items,
        "suggestions": viewer.decorate(services.briefing_suggestions(briefing)),
        "viewer": viewer,
        "held": held,
        "now": timezone.now(),
        "deadline_passed": timezone.now() > briefing.agenda_deadline,
        "show_report": show_report,
        "documents": services.briefing_documents(briefing) if show_report else [],
        "updates": services.presented_updates(briefing, items) if held else [],
    }
    return render(request, "committees/briefing_detail.html", context)


def _item_initial(item):
    title = translated(item, "title")
    return {
        "title": title.text,
        "language": title.language,
        "description": getattr(item, f"description_{title.language}", ""),
        "commitments": [c.pk for c in item.commitments.all()],
    }


@login_required
def briefing_agenda(request, slug, pk):
    briefing = _briefing_or_404(slug, pk)
    if not request.user.has_perm(MANAGE, briefing):
        return _not_a_manager(request)
    choices = services.agenda_commitment_choices(briefing)
    add_form = AgendaItemForm(commitments=choices, prefix="add")
    edit_form = edit_item = None
    edit_id = request.POST.get("item") or request.GET.get("edit")
    if edit_id and str(edit_id).isdigit():
        edit_item = briefing.agenda_items.filter(pk=edit_id).first()
    if request.method == "POST":
        action = request.POST.get("action", "")
        response = _agenda_action(request, briefing, action, choices, edit_item)
        if isinstance(response, HttpResponse):
            return response
        add_form, edit_form = response
    if edit_item is not None and edit_form is None:
        edit_form = AgendaItemForm(
            commitments=choices, with_source=False, prefix="edit", initial=_item_initial(edit_item)
        )
    context = {
        "briefing": briefing,
        "committee": briefing.committee,
        "items": services.agenda_items(briefing),
        "add_form": add_form,
        "edit_form": edit_form,
        "edit_item": edit_item,
        "audience_count": services.agenda_audience(briefing).count(),
    }
    return render(request, "committees/briefing_agenda.html", context)


def _agenda_action(request, briefing, action, choices, edit_item):
    """Carry out one agenda action; a redirect, or the (add, edit) forms to show again."""
    user = request.user
    agenda_url = reverse("briefing_agenda", args=[briefing.committee.slug, briefing.pk])
    add_form = AgendaItemForm(commitments=choices, prefix="add")
    edit_form = None
    try:
        if action == "add":
            add_form = AgendaItemForm(request.POST, commitments=choices, prefix="add")
            if not add_form.is_valid():
                return add_form, None
            services.agenda_item_add(briefing=briefing, by=user, **add_form.cleaned_data)
            messages.success(request, _("The item was added to the agenda."))
        elif action == "update" and edit_item is not None:
            edit_form = AgendaItemForm(
                request.POST, commitments=choices, with_source=False, prefix="edit"
            )
            if not edit_form.is_valid():
                return add_form, edit_form
            services.agenda_item_update(item=edit_item, by=user, **edit_form.cleaned_data)
            messages.success(request, _("The item was saved."))
        elif action == "reorder":
            positions = {}
            for item in briefing.agenda_items.all():
                value = request.POST.get(f"order-{item.pk}", "").strip()
                if value.lstrip("-").isdigit():
                    positions[item.pk] = int(value)
            services.agenda_reorder(briefing=briefing, by=user, positions=positions)
            messages.success(request, _("The order of the agenda was saved."))
        elif action.partition("-")[0] in ("up", "down", "remove"):
            verb, _sep, item_id = action.partition("-")
            item = get_object_or_404(briefing.agenda_items, pk=item_id if item_id.isdigit() else 0)
            if verb == "remove":
                services.agenda_item_remove(item=item, by=user)
                messages.success(request, _("The item was removed from the agenda."))
            else:
                services.agenda_item_move(item=item, by=user, offset=-1 if verb == "up" else 1)
        elif action == "publish":
            _briefing, published = services.briefing_publish_agenda(briefing=briefing, by=user)
            if published:
                messages.success(request, _("The agenda is published; its audience is told."))
            else:
                messages.info(request, _("The agenda was already published."))
            return redirect(_briefing_url(briefing, "agenda"))
        else:
            messages.error(request, _("Nothing was changed."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(agenda_url)


# --- Suggestions ------------------------------------------------------------------------


@login_required
@rate_limited("suggestion")
def suggestion_create(request, slug, pk):
    briefing = _briefing_or_404(slug, pk)
    user = request.user
    if not user.has_perm("committees.suggest_topic", briefing):
        if timezone.now() > briefing.agenda_deadline:
            return _forbidden(
                request,
                _(
                    "Suggestions for this briefing closed when its agenda was due. You can "
                    "still send the committee a written proposal."
                ),
            )
        return _forbidden(
            request,
            _(
                "Only members of a verified civil-society organisation can suggest agenda "
                "topics. Join your organisation on the portal, or ask the secretariat to "
                "verify it."
            ),
        )
    organisations = civil_society_organisations(user)
    form = SuggestionForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        suggestion, created = services.suggestion_create(
            briefing=briefing,
            organisation=data["organisation"],
            by=user,
            title=data["title"],
            rationale=data["rationale"],
        )
        if created:
            messages.success(
                request, _("Thank you. Your topic is suggested; the coordinators will decide.")
            )
        else:
            messages.info(request, _("Your organisation already suggested this topic."))
        return redirect(_briefing_url(briefing, f"suggestion-{suggestion.pk}"))
    return render(
        request,
        "committees/briefing_suggest.html",
        {"briefing": briefing, "committee": briefing.committee, "form": form},
    )


def _suggestion_or_404(pk):
    return get_object_or_404(
        AgendaSuggestion.objects.select_related(
            "briefing__committee__action_package", "organisation"
        ),
        pk=pk,
    )


@login_required
@require_POST
@rate_limited("endorsement")
def suggestion_endorse(request, pk):
    suggestion = _suggestion_or_404(pk)
    user = request.user
    if not user.has_perm("committees.endorse_suggestion", suggestion):
        return _forbidden(
            request,
            _(
                "Members of verified civil-society organisations endorse other organisations' "
                "suggestions while they await a decision."
            ),
        )
    organisations = civil_society_organisations(user).exclude(pk=suggestion.organisation_id)
    form = EndorseForm(request.POST, organisations=organisations)
    anchor = f"suggestion-{suggestion.pk}"
    if not form.is_valid():
        messages.error(request, _("Choose the organisation that endorses this topic."))
        return redirect(_briefing_url(suggestion.briefing, anchor))
    organisation = form.cleaned_data["organisation"]
    _endorsement, created = services.suggestion_endorse(
        suggestion=suggestion, organisation=organisation, by=user
    )
    if created:
        messages.success(request, _("%(org)s endorses this topic.") % {"org": organisation.name})
    else:
        messages.info(
            request, _("%(org)s already endorses this topic.") % {"org": organisation.name}
        )
    return redirect(_briefing_url(suggestion.briefing, anchor))


@login_required
def suggestion_decide(request, pk):
    suggestion = _suggestion_or_404(pk)
    briefing = suggestion.briefing
    if not request.user.has_perm(MANAGE, briefing):
        return _not_a_manager(request)
    anchor = f"suggestion-{suggestion.pk}"
    if suggestion.status != SuggestionStatus.PENDING:
        messages.info(request, _("This suggestion was already decided."))
        return redirect(_briefing_url(briefing, anchor))
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.suggestion_decide(
                suggestion=suggestion,
                by=request.user,
                accept=accept,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error("reason", exc)
        else:
            if accept:
                messages.success(request, _("The topic is accepted and added to the agenda."))
            else:
                messages.success(request, _("The topic is declined; the reason is public."))
            return redirect(_briefing_url(briefing, anchor))
    return render(
        request,
        "committees/briefing_decide.html",
        {
            "briefing": briefing,
            "committee": briefing.committee,
            "suggestion": suggestion,
            "form": form,
        },
    )


# --- Report and documents ---------------------------------------------------------------


@login_required
def briefing_report(request, slug, pk):
    briefing = _briefing_or_404(slug, pk)
    if not request.user.has_perm(MANAGE, briefing):
        return _not_a_manager(request)
    if not services.is_held(briefing):
        return _forbidden(
            request, _("The report can be published once the briefing has taken place.")
        )
    language = get_language()
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        initial={"text": getattr(briefing, f"report_{language}", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.briefing_publish_report(
                briefing=briefing,
                by=request.user,
                text=data["text"],
                language=data["language"],
                files=data["documents"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The report is published."))
            return redirect(_briefing_url(briefing, "report"))
    return render(
        request,
        "committees/briefing_report.html",
        {
            "briefing": briefing,
            "committee": briefing.committee,
            "form": form,
            "documents": services.briefing_documents(briefing),
        },
    )


def briefing_document(request, slug, pk, doc_id):
    """A report document, as a download, once the report is public (or to managers)."""
    briefing = _briefing_or_404(slug, pk)
    if not services.report_visible(briefing, request.user):
        raise Http404
    document = get_object_or_404(briefing.documents, pk=doc_id)
    suffix = PurePath(document.file.name).suffix
    name = f"{slugify(document.title) or 'document'}{suffix}"
    return attachment_response(document.file, name)


# --- Calendars --------------------------------------------------------------------------


def _calendar_response(body, filename, *, attachment):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def briefing_ics(request, slug, pk):
    briefing = _briefing_or_404(slug, pk)
    body = services.briefing_calendar([briefing], name=str(briefing.committee))
    return _calendar_response(body, f"briefing-{briefing.pk}.ics", attachment=True)


def committee_ics(request, slug):
    committee = get_object_or_404(Committee.objects.select_related("action_package"), slug=slug)
    briefings = list(committee.briefings.order_by("starts_at", "pk"))
    for briefing in briefings:
        briefing.committee = committee
    body = services.briefing_calendar(briefings, name=str(committee))
    return _calendar_response(body, f"{committee.slug}.ics", attachment=False)
