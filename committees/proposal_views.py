import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.forms import add_service_errors
from portal.ratelimit import rate_limited
from portal.rules import is_secretariat_staff
from portal.selectors import civil_society_organisations
from portal.uploads import attachment_response

from . import proposal_services as services
from .enums import ProposalStatus, ProposalVisibility
from .models import Committee, Proposal
from .proposal_forms import ProposalForm, TransitionForm
from .rules import is_from_own_organisation

ACTION_LABELS = {
    ProposalStatus.ACKNOWLEDGED: gettext_lazy("Acknowledge receipt"),
    ProposalStatus.UNDER_CONSIDERATION: gettext_lazy("Mark as under consideration"),
    ProposalStatus.RESPONDED: gettext_lazy("Publish the committee's response"),
    ProposalStatus.CLOSED: gettext_lazy("Close the proposal"),
}


def _visible_or_404(request, proposal):
    """Committee-only proposals do not exist for those who may not see them.

    Nor do proposals hidden by moderation, except for staff and the proposing
    organisation (whose page says it is hidden).
    """
    if proposal is None or not request.user.has_perm("committees.view_proposal", proposal):
        raise Http404
    if proposal.hidden and not (
        is_secretariat_staff(request.user) or is_from_own_organisation(request.user, proposal)
    ):
        raise Http404
    return proposal


def _previous_submission(request):
    """The proposal this user already created with the posted form, if any."""
    try:
        key = uuid.UUID(str(request.POST.get("submission_key", "")))
    except ValueError:
        return None
    return Proposal.objects.filter(submission_key=key, author=request.user).first()


@login_required
@rate_limited("proposal")
def proposal_create(request, slug):
    committee = get_object_or_404(Committee.objects.select_related("action_package"), slug=slug)
    if not request.user.has_perm("committees.submit_proposal", committee):
        raise PermissionDenied
    if request.method == "POST":
        previous = _previous_submission(request)
        if previous is not None:
            messages.info(request, _("This proposal was already submitted."))
            return redirect(previous)
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        organisations=civil_society_organisations(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal, created = services.proposal_submit(
                committee=committee,
                organisation=data["organisation"],
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                language=data["language"],
                visibility=data["visibility"],
                submission_key=data["submission_key"],
                attachments=[upload for upload, _kind in data["attachments"]],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if created:
                messages.success(
                    request,
                    _("Your proposal was submitted. The committee's response is due by %(date)s.")
                    % {"date": proposal.response_due.isoformat()},
                )
            else:
                messages.info(request, _("This proposal was already submitted."))
            return redirect(proposal)
    return render(
        request,
        "committees/proposal_form.html",
        {"committee": committee, "package": committee.action_package, "form": form},
    )


def _render_detail(request, proposal, *, failed_form=None):
    user = request.user
    can_manage = user.has_perm("committees.respond_proposal", proposal)
    actions = []
    if can_manage:
        for status in services.next_statuses(proposal.status):
            if failed_form is not None and failed_form.data.get("to_status") == status:
                form = failed_form
            else:
                form = TransitionForm(initial={"to_status": status}, auto_id=f"id_{status}_%s")
            actions.append(
                {
                    "status": status,
                    "label": ACTION_LABELS[status],
                    "form": form,
                    "fields": form.visible_fields_for(status),
                }
            )
    context = {
        "proposal": proposal,
        "committee": proposal.committee,
        "package": proposal.committee.action_package,
        "attachments": list(proposal.attachments.all()),
        "timeline": services.proposal_timeline(proposal, show_names=can_manage),
        "can_manage": can_manage,
        "actions": actions,
        "is_committee_only": proposal.visibility == ProposalVisibility.COMMITTEE,
    }
    return render(request, "committees/proposal_detail.html", context)


def proposal_detail(request, pk):
    proposal = _visible_or_404(request, services.proposal_for_page(pk))
    return _render_detail(request, proposal)


def proposal_attachment(request, pk, attachment_id):
    """Serve an attachment, as a download with its original name, to those who may see it."""
    proposal = _visible_or_404(request, Proposal.objects.filter(pk=pk).first())
    attachment = get_object_or_404(proposal.attachments, pk=attachment_id)
    return attachment_response(
        attachment.file,
        attachment.original_name,
        private=proposal.visibility == ProposalVisibility.COMMITTEE,
    )


@login_required
@require_POST
def proposal_transition(request, pk):
    proposal = _visible_or_404(request, services.proposal_for_page(pk))
    if not request.user.has_perm("committees.respond_proposal", proposal):
        raise PermissionDenied
    status = request.POST.get("to_status", "")
    auto_id = f"id_{status}_%s" if status in ProposalStatus.values else "id_%s"
    form = TransitionForm(request.POST, auto_id=auto_id)
    if form.is_valid():
        data = form.cleaned_data
        try:
            transition = services.proposal_transition(
                proposal=proposal,
                by=request.user,
                to_status=data["to_status"],
                note=data["note"],
                response=data["response"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                # Not allowed from the current status (or already changed by someone else).
                messages.error(request, " ".join(exc.messages))
                return redirect(proposal)
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The proposal is now “%(status)s”.")
                % {"status": transition.get_to_status_display()},
            )
            return redirect(proposal)
    if status not in services.next_statuses(proposal.status):
        messages.error(
            request,
            _("This proposal cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": proposal.get_status_display(),
                "to": ProposalStatus(status).label if status in ProposalStatus.values else "–",
            },
        )
        return redirect(proposal)
    messages.error(request, _("The status was not changed. Correct the form below."))
    return _render_detail(request, proposal, failed_form=form)
