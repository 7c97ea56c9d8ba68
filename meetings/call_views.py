"""Public registration calls and the applicant's pages (apply, edit, submit, withdraw)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.ratelimit import rate_limited
from portal.selectors import civil_society_organisations
from portal.uploads import attachment_response

from . import call_selectors as selectors
from . import call_services as services
from .call_forms import ApplicationForm, OrganisationChoiceForm, participant_formset
from .enums import ApplicationStatus, CallKind, Outcome
from .models import Application, RegistrationCall
from .rules import is_applicant


def _published_or_404(request, call):
    if call is None:
        raise Http404
    if call.published_at is None and not request.user.has_perm("meetings.manage_meeting"):
        raise Http404
    return call


def _visible_or_404(request, application):
    """Applications do not exist for those who may not see them."""
    if application is None or not request.user.has_perm("meetings.view_application", application):
        raise Http404
    return application


# --- Public pages ------------------------------------------------------------------------


def call_list(request):
    current, closed = selectors.calls_public()
    now = timezone.now()
    for call in current + closed:
        call.status = selectors.call_status(call, now)
    return render(request, "meetings/call_list.html", {"current": current, "closed": closed})


def _call_to_action(request, call, status):
    """What the reader can do about the call: apply, continue, sign in, or why not."""
    user = request.user
    if not user.is_authenticated:
        if status == "open":
            return {"kind": "sign_in"}
        return {"kind": "reason", "status": status}
    application = selectors.active_application_of(call, selectors.user_organisation_ids(user))
    if application is not None:
        return {"kind": "continue", "application": application}
    if status != "open":
        return {"kind": "reason", "status": status}
    organisations = services.eligible_organisations(call=call, user=user)
    if organisations and user.has_perm("meetings.apply_to_call", call):
        return {"kind": "apply", "organisations": organisations}
    if not civil_society_organisations(user).exists():
        return {"kind": "reason", "status": "no_organisation"}
    problems = [
        services.eligibility_problem(call=call, organisation=organisation)
        for organisation in civil_society_organisations(user).prefetch_related("countries")
    ]
    return {"kind": "reason", "status": "not_eligible", "problems": [p for p in problems if p]}


def call_detail(request, pk):
    call = _published_or_404(request, selectors.call_for_page(pk))
    status = selectors.call_status(call)
    criteria, total_weight = selectors.criteria_with_shares(call)
    context = {
        "call": call,
        "meeting": call.meeting,
        "status": status,
        "criteria": criteria,
        "total_weight": total_weight,
        "questions": list(call.questions.all()),
        "quotas": list(call.quotas.all()),
        "eligible_countries": list(call.eligible_countries.all()),
        "history": selectors.call_method_history(call, show_names=request.user.is_staff),
        "host_country_priority": call.kind == CallKind.OBSERVERS
        and selectors.has_host_country_national_quota(call),
        "cta": _call_to_action(request, call, status),
        "can_manage": request.user.has_perm("meetings.manage_selection", call),
        "can_view_panel": request.user.is_authenticated
        and request.user.has_perm("meetings.view_panel", call),
    }
    return render(request, "meetings/call_detail.html", context)


# --- Applying ----------------------------------------------------------------------------


@login_required
@rate_limited("application")
def call_apply(request, pk):
    call = get_object_or_404(
        RegistrationCall.objects.select_related("meeting").filter(published_at__isnull=False),
        pk=pk,
    )
    if not call.is_open:
        messages.error(
            request,
            services.call_closed_message(call)
            if call.is_closed
            else _("This call is not open yet."),
        )
        return redirect(call)
    organisations = services.eligible_organisations(call=call, user=request.user)
    if not organisations or not request.user.has_perm("meetings.apply_to_call", call):
        # The call's page explains who may apply and why this person may not.
        raise PermissionDenied
    form = OrganisationChoiceForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_start(
                call=call, organisation=form.cleaned_data["organisation"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(call)
        return redirect("application_edit", application.pk)
    return render(
        request,
        "meetings/call_apply.html",
        {"call": call, "meeting": call.meeting, "form": form, "organisations": organisations},
    )


def _answers_with_questions(application):
    answers = application.answers or {}
    return [
        {"question": question, "answer": answers.get(str(question.pk), "")}
        for question in application.call.questions.all()
    ]


@login_required
def application_detail(request, pk):
    application = _visible_or_404(request, selectors.application_for_page(pk))
    call = application.call
    user = request.user
    applicant = is_applicant(user, application)
    results_published = call.results_published_at is not None
    context = {
        "application": application,
        "call": call,
        "meeting": call.meeting,
        "answers": _answers_with_questions(application),
        "participants": list(application.participants.all()),
        "attachments": list(application.attachments.all()),
        "is_applicant": applicant,
        "show_emails": applicant or user.is_staff,
        "results_published": results_published,
        "show_codes": results_published
        and application.outcome == Outcome.SELECTED
        and application.status != ApplicationStatus.WITHDRAWN
        and (applicant or user.is_staff),
        "can_edit": user.has_perm("meetings.edit_application", application),
        "can_withdraw": user.has_perm("meetings.withdraw_application", application),
        "problems": (
            services.application_problems(application)
            if applicant and application.status == ApplicationStatus.DRAFT
            else []
        ),
        "deadline": services.format_deadline(call),
    }
    return render(request, "meetings/application_detail.html", context)


def _not_editable(request, application):
    """Send the applicant back to the application with the reason it cannot change."""
    call = application.call
    if application.status == ApplicationStatus.WITHDRAWN:
        messages.error(request, _("This application was withdrawn and can no longer be changed."))
    elif call.is_closed:
        messages.error(request, services.call_closed_message(call))
    else:
        messages.error(request, _("This application cannot be changed now."))
    return redirect(application)


@login_required
@rate_limited("application")
def application_edit(request, pk):
    application = _visible_or_404(request, selectors.application_for_page(pk))
    if not is_applicant(request.user, application):
        raise Http404
    if not request.user.has_perm("meetings.edit_application", application):
        return _not_editable(request, application)
    call = application.call
    attachments = list(application.attachments.all())
    participants = list(application.participants.all())
    questions = list(call.questions.all())
    if request.method == "POST":
        form = ApplicationForm(
            request.POST, request.FILES, questions=questions, attachments=attachments
        )
        formset = participant_formset(call, data=request.POST)
        valid = form.is_valid() & formset.is_valid()  # both, so every error shows
        if valid and _save(request, application, form, formset, attachments):
            return _after_save(request, application)
    else:
        form = ApplicationForm(
            initial=ApplicationForm.initial_for(application),
            questions=questions,
            attachments=attachments,
        )
        formset = participant_formset(
            call,
            initial=[
                {
                    "full_name": p.full_name,
                    "position": p.position,
                    "email": p.email,
                    "consent_listed": p.consent_listed,
                }
                for p in participants
            ],
        )
    return render(
        request,
        "meetings/application_edit.html",
        {
            "application": application,
            "call": call,
            "meeting": call.meeting,
            "form": form,
            "formset": formset,
            "attachments": attachments,
            "deadline": services.format_deadline(call),
        },
    )


def _save(request, application, form, formset, attachments):
    """Save everything the form holds in one transaction; False with errors on the form."""
    data = form.cleaned_data
    removed = {str(pk) for pk in data.get("remove_attachments") or []}
    try:
        with transaction.atomic():
            services.application_save(
                application=application,
                by=request.user,
                answers=form.answers(),
                participants=formset.people(),
                consent=data["consent"],
            )
            for attachment in attachments:
                if str(attachment.pk) in removed:
                    services.application_detach(
                        application=application, by=request.user, attachment=attachment
                    )
            if data.get("attachment_file"):
                try:
                    services.application_attach(
                        application=application,
                        by=request.user,
                        title=data.get("attachment_title", ""),
                        file=data["attachment_file"],
                    )
                except ValidationError as exc:
                    form.add_error("attachment_file", exc)
                    raise
    except ValidationError as exc:
        if not form.has_error("attachment_file"):
            form.add_error(None, exc)
        return False
    return True


def _after_save(request, application):
    if request.POST.get("action") == "submit":
        try:
            services.application_submit(application=application, by=request.user)
        except ValidationError as exc:
            messages.warning(
                request,
                _("Your draft was saved but not submitted: %(problems)s")
                % {"problems": " ".join(exc.messages)},
            )
            return redirect("application_edit", application.pk)
        messages.success(request, _("Your application was submitted."))
        return redirect(application)
    messages.success(
        request,
        _("Your draft was saved. Submit it before %(deadline)s.")
        % {"deadline": services.format_deadline(application.call)},
    )
    return redirect("application_edit", application.pk)


@login_required
@require_POST
@rate_limited("application")
def application_submit(request, pk):
    application = _visible_or_404(request, selectors.application_for_page(pk))
    if not is_applicant(request.user, application):
        raise Http404
    already = application.status == ApplicationStatus.SUBMITTED
    try:
        services.application_submit(application=application, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(application)
    if already:
        messages.info(request, _("This application was already submitted."))
    else:
        messages.success(request, _("Your application was submitted."))
    return redirect(application)


@login_required
def application_withdraw(request, pk):
    application = _visible_or_404(request, selectors.application_for_page(pk))
    if not is_applicant(request.user, application):
        raise Http404
    if not request.user.has_perm("meetings.withdraw_application", application):
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect(application)
    if request.method == "POST":
        services.application_withdraw(application=application, by=request.user)
        messages.success(request, _("Your application was withdrawn."))
        return redirect(application)
    return render(
        request,
        "meetings/application_withdraw.html",
        {"application": application, "call": application.call, "meeting": application.call.meeting},
    )


@login_required
def application_attachment(request, pk, attachment_pk):
    application = _visible_or_404(
        request, Application.objects.select_related("call").filter(pk=pk).first()
    )
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    return attachment_response(
        attachment.file, services.attachment_filename(attachment), private=True
    )


@login_required
def my_applications(request):
    applications = list(selectors.applications_of_user(request.user))
    return render(
        request,
        "meetings/application_list.html",
        {"applications": applications, "now": timezone.now()},
    )
