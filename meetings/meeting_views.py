"""Meeting pages, the national meetings grid, national records and invitation requests."""

from pathlib import PurePath
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees import ics
from portal.forms import add_service_errors
from portal.models import Country
from portal.ratelimit import rate_limited
from portal.translation_utils import translated
from portal.uploads import attachment_response

from . import meeting_selectors as selectors
from . import meeting_services as services
from .enums import InvitationStatus, MeetingKind, MeetingStatus
from .meeting_forms import (
    InvitationAnswerForm,
    InvitationRequestForm,
    MeetingFilterForm,
    NationalMeetingForm,
)
from .models import InvitationRequest, Meeting, MeetingDocument

PAST_PER_PAGE = 20
ANSWERED_SHOWN = 50


def _forbidden(request, message, *, back=None):
    """A 403 that says why, instead of the generic page."""
    return render(
        request,
        "meetings/meeting_forbidden.html",
        {"message": message, "back": back or reverse("national_meeting_grid")},
        status=403,
    )


# --- Public meeting pages ---------------------------------------------------------------


def meeting_list(request):
    countries = list(Country.objects.order_by("name"))
    form = MeetingFilterForm(request.GET or None, countries=countries)
    filters = form.cleaned_data if form.is_valid() else {}
    upcoming, past = selectors.meeting_list_sections(
        user=request.user, kind=filters.get("kind", ""), country=filters.get("country", "")
    )
    page = Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "form": form,
            "upcoming": list(upcoming),
            "page": page,
            "filtered": any(filters.values()),
        },
    )


def _meeting_or_404(request, slug):
    meeting = selectors.meeting_for_page(slug, request.user)
    if meeting is None:
        raise Http404
    return meeting


def meeting_detail(request, slug):
    meeting = _meeting_or_404(request, slug)
    now = timezone.now()
    calls = list(meeting.calls.all())
    applications = []
    if any(call.results_published_at for call in calls):
        applications = selectors.selected_applications(meeting)
    is_over = meeting.ends_at < now or meeting.status == MeetingStatus.HELD
    context = {
        "meeting": meeting,
        "now": now,
        "calls": calls,
        "documents": selectors.document_groups(meeting),
        "languages": selectors.language_names(meeting.working_languages),
        "participants": selectors.public_participants(applications),
        "results_published": bool(applications) or any(call.results_published_at for call in calls),
        "attendance": selectors.attendance_figures(applications) if is_over else None,
        "is_over": is_over,
        "is_national": meeting.kind == MeetingKind.NATIONAL,
        "organisations": list(meeting.participating_organisations.all()),
        "work_plans": list(meeting.work_plans.all()),
        "several_calls": len(calls) > 1,
    }
    return render(request, "meetings/meeting_detail.html", context)


def _calendar_host():
    return urlsplit(settings.PORTAL_BASE_URL).hostname or "declaration-portal"


def meeting_event(meeting, *, stamp=None):
    """The calendar event of a meeting (texts and links in the active language)."""
    page = settings.PORTAL_BASE_URL + meeting.get_absolute_url()
    lines = [_("Agenda, documents and registration: %(url)s") % {"url": page}]
    if meeting.online_url:
        lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
    status = {
        MeetingStatus.CANCELLED: "CANCELLED",
        MeetingStatus.POSTPONED: "TENTATIVE",
    }.get(meeting.status, "CONFIRMED")
    location = ", ".join(
        part for part in (meeting.venue, meeting.host_country and meeting.host_country.name) if part
    )
    return ics.Event(
        uid=f"meeting-{meeting.pk}@{_calendar_host()}",
        start=meeting.starts_at,
        end=meeting.ends_at,
        stamp=stamp or timezone.now(),
        summary=translated(meeting, "title").text,
        location=location or meeting.online_url,
        url=page,
        description="\n".join(lines),
        status=status,
    )


def meeting_ics(request, slug):
    meeting = get_object_or_404(
        selectors.meetings_visible(request.user).select_related("host_country"), slug=slug
    )
    body = ics.calendar([meeting_event(meeting)], name=translated(meeting, "title").text)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}.ics"'
    return response


def meeting_document(request, pk):
    """A meeting's document as a download; documents of unpublished meetings are staff's."""
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    meeting = document.meeting
    if not meeting.is_published and not selectors.can_see_unpublished(request.user):
        raise Http404
    title = translated(document, "title").text or document.get_kind_display()
    suffix = PurePath(document.file.name).suffix.lower()
    filename = f"{slugify(title)[:100] or 'document'}-{document.language}{suffix}"
    return attachment_response(document.file, filename, private=not meeting.is_published)


# --- National meetings ------------------------------------------------------------------


def national_meeting_grid(request):
    grid = selectors.national_meeting_grid()
    user = request.user
    context = {**grid, "today": timezone.localdate()}
    if user.is_authenticated:
        coordinated = selectors.coordinated_country_ids(user)
        pending = selectors.pending_invitation_counts(coordinated)
        context["coordinated"] = [
            {"country": row["country"], "pending": pending.get(row["country"].pk, 0)}
            for row in grid["rows"]
            if row["country"].pk in coordinated
        ]
        if user.has_perm("meetings.manage_meeting"):
            context["recordable"] = {row["country"].pk for row in grid["rows"]}
        else:
            context["recordable"] = coordinated
        context["invitable"] = list(services.invitation_countries(user))
    return render(request, "meetings/national_meeting_grid.html", context)


def _country_or_404(code):
    return get_object_or_404(Country, code=code.upper())


def _not_a_coordinator(request, country):
    return _forbidden(
        request,
        _(
            "Only the special coordinators of %(country)s and the secretariat record its "
            "national meetings."
        )
        % {"country": country.name},
    )


@login_required
def national_meeting_create(request, code):
    country = _country_or_404(code)
    if not request.user.has_perm("meetings.record_national_meeting", country):
        return _not_a_coordinator(request, country)
    form = NationalMeetingForm(request.POST or None, country=country)
    if request.method == "POST" and form.is_valid():
        try:
            meeting, created = services.national_meeting_record(
                country=country, by=request.user, **form.service_fields()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            date = selectors.local_start_date(meeting).isoformat()
            if created:
                messages.success(request, _("The national meeting is recorded."))
            else:
                messages.info(
                    request,
                    _(
                        "A national meeting of %(country)s on %(date)s was already recorded; "
                        "here it is. Edit it to change it."
                    )
                    % {"country": country.name, "date": date},
                )
            return redirect(meeting)
    return render(
        request,
        "meetings/national_meeting_form.html",
        {"country": country, "form": form, "meeting": None},
    )


@login_required
def national_meeting_edit(request, slug):
    meeting = get_object_or_404(
        Meeting.objects.select_related("host_country").prefetch_related(
            "participating_organisations"
        ),
        slug=slug,
        kind=MeetingKind.NATIONAL,
        host_country__isnull=False,
    )
    country = meeting.host_country
    if not request.user.has_perm("meetings.record_national_meeting", country):
        return _not_a_coordinator(request, country)
    form = NationalMeetingForm(request.POST or None, country=country, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.national_meeting_update(
                meeting=meeting, by=request.user, **form.service_fields()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The record of the national meeting is saved."))
            return redirect(meeting)
    return render(
        request,
        "meetings/national_meeting_form.html",
        {"country": country, "form": form, "meeting": meeting},
    )


# --- Invitation requests ----------------------------------------------------------------


@login_required
@rate_limited("invitation_request")
def invitation_request_create(request, code):
    country = _country_or_404(code)
    user = request.user
    organisations = services.invitation_organisations(user, country)
    if not user.has_perm("meetings.request_invitation") or not organisations.exists():
        return _forbidden(
            request,
            _(
                "Members of verified local or national civil-society organisations working in "
                "%(country)s can ask to be invited to its national meetings. Join your "
                "organisation on the portal, or ask the secretariat to verify it."
            )
            % {"country": country.name},
        )
    form = InvitationRequestForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        _invitation, created = services.invitation_request_create(
            country=country,
            organisation=organisation,
            by=user,
            message=form.cleaned_data["message"],
        )
        if created:
            messages.success(
                request,
                _("%(organisation)s asked to be invited. The special coordinator will answer.")
                % {"organisation": organisation.name},
            )
        else:
            messages.info(
                request,
                _(
                    "%(organisation)s already asked to be invited to the national meetings of "
                    "%(country)s; the request awaits an answer."
                )
                % {"organisation": organisation.name, "country": country.name},
            )
        return redirect("invitation_request_create", country.code)
    requests = (
        InvitationRequest.objects.filter(country=country, organisation__in=organisations)
        .select_related("organisation")
        .order_by("-requested_at", "-pk")
    )
    return render(
        request,
        "meetings/invitation_request_form.html",
        {"country": country, "form": form, "requests": requests},
    )


@login_required
def invitation_request_list(request, code):
    country = _country_or_404(code)
    if not request.user.has_perm("meetings.answer_invitation_request", country):
        return _forbidden(
            request,
            _(
                "Only the special coordinators of %(country)s and the secretariat answer its "
                "invitation requests."
            )
            % {"country": country.name},
        )
    requests = InvitationRequest.objects.filter(country=country).select_related(
        "organisation", "requested_by", "answered_by"
    )
    pending = list(requests.filter(status=InvitationStatus.PENDING).order_by("requested_at", "pk"))
    answered = list(
        requests.exclude(status=InvitationStatus.PENDING).order_by("-answered_at", "-pk")[
            :ANSWERED_SHOWN
        ]
    )
    return render(
        request,
        "meetings/invitation_request_list.html",
        {"country": country, "pending": pending, "answered": answered},
    )


@login_required
@require_POST
def invitation_request_answer(request, pk):
    invitation = get_object_or_404(
        InvitationRequest.objects.select_related("country", "organisation"), pk=pk
    )
    # Requests are known only to the country's coordinators and the secretariat.
    if not request.user.has_perm("meetings.answer_invitation_request", invitation.country):
        raise Http404
    back = redirect("invitation_request_list", invitation.country.code)
    form = InvitationAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to invite the organisation or decline."))
        return back
    invite = form.cleaned_data["decision"] == "invite"
    try:
        services.invitation_request_answer(invitation=invitation, by=request.user, invite=invite)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
        return back
    except PermissionDenied:
        raise Http404 from None
    values = {"organisation": invitation.organisation.name}
    if invite:
        messages.success(request, _("%(organisation)s is invited; its admins are told.") % values)
    else:
        messages.success(
            request, _("The request of %(organisation)s is declined; its admins are told.") % values
        )
    return back
