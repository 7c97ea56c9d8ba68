"""Check-in at the door (staff) and the QR image of a participant's registration code."""

import io

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from portal.rules import is_secretariat_staff

from . import checkin_services as services
from .models import Meeting, Participant
from .rules import is_applicant


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Registration code"),
        max_length=40,
        help_text=gettext_lazy("Capital or small letters, with or without spaces."),
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )


def _meeting_for_staff(request, slug):
    meeting = get_object_or_404(Meeting, slug=slug)
    if not request.user.has_perm(services.CHECK_IN, meeting):
        raise PermissionDenied
    return meeting


@never_cache
@login_required
def meeting_check_in(request, slug):
    meeting = _meeting_for_staff(request, slug)
    if request.method == "POST" and request.POST.get("action") == "undo":
        return _undo(request, meeting)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_check_in(
                meeting=meeting, code=form.cleaned_data["code"], by=request.user
            )
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            messages.success(
                request,
                _("Checked in: %(name)s (%(organisation)s) at %(time)s.")
                % {
                    "name": participant.full_name,
                    "organisation": participant.application.organisation.name,
                    "time": services.format_in_meeting_time(participant.checked_in_at, meeting),
                },
            )
            # A fresh, empty form for the next person; reloading does not post again.
            return redirect("meeting_check_in", meeting.slug)
    participants = list(services.expected_participants(meeting))
    checked_in = sum(1 for p in participants if p.checked_in_at)
    return render(
        request,
        "meetings/check_in.html",
        {
            "meeting": meeting,
            "form": form,
            "participants": participants,
            "checked_in": checked_in,
            "total": len(participants),
        },
    )


def _undo(request, meeting):
    pk = request.POST.get("participant", "")
    participant = get_object_or_404(
        Participant, pk=pk if pk.isdigit() else None, application__call__meeting=meeting
    )
    try:
        participant = services.participant_undo_check_in(participant=participant, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The check-in of %(name)s was undone.") % {"name": participant.full_name},
        )
    return redirect("meeting_check_in", meeting.slug)


@login_required
def participant_qr(request, pk):
    """An SVG QR code of the participant's registration code.

    Only the applying organisation's members and the secretariat see it: the code is
    the participant's ticket at the door, so reviewers on the panel do not.
    """
    participant = Participant.objects.select_related("application").filter(pk=pk).first()
    user = request.user
    if participant is None or not (
        is_secretariat_staff(user) or is_applicant(user, participant.application)
    ):
        raise Http404
    if not participant.registration_code or not services.has_place(participant):
        raise Http404
    buffer = io.BytesIO()
    segno.make(participant.registration_code, error="m").save(
        buffer, kind="svg", scale=8, border=2, xmldecl=False
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response
