from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import committee_services as services
from .committee_forms import RepresentativeForm
from .models import Committee


def committee_list(request):
    committees = services.committees_for_list(request.user)
    return render(request, "committees/committee_list.html", {"committees": committees})


def committee_detail(request, slug):
    committee = services.committee_for_page(slug)
    if committee is None:
        raise Http404
    user = request.user
    upcoming, past = services.committee_briefings(committee)
    open_proposals = services.committee_open_proposals(committee, user)
    today = timezone.localdate()
    commitments, commitment_total = services.committee_commitments(committee)
    context = {
        "committee": committee,
        "pillar": committee.action_package.pillar,
        "package": committee.action_package,
        "member_countries": list(committee.member_countries.all()),
        "coordinators": services.committee_coordinators(committee),
        "representative": services.committee_current_representative(committee),
        "briefing_groups": [
            {"heading": _("Upcoming"), "briefings": upcoming, "empty": _("No briefing planned.")},
            {"heading": _("Past"), "briefings": past, "empty": _("No briefing held yet.")},
        ],
        "open_proposals": open_proposals,
        "overdue_proposals": [p for p in open_proposals if p.response_due < today],
        "answered_proposals": services.committee_answered_proposals(committee, user),
        "commitments": commitments,
        "commitment_total": commitment_total,
        "today": today,
        "is_following": services.is_following(committee, user),
        "can_see_contacts": user.has_perm("committees.see_coordinator_contacts", committee),
        "can_designate": user.has_perm("committees.designate_representative", committee),
        "can_manage_briefings": user.has_perm("committees.manage_briefing", committee),
        "can_submit_proposal": user.has_perm("committees.submit_proposal", committee),
    }
    return render(request, "committees/committee_detail.html", context)


@login_required
def committee_follow(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    if request.method != "POST":
        # Reached after signing in from the follow button: nothing changes on GET.
        return redirect(committee)
    if not request.user.has_perm("committees.follow_committee", committee):
        raise PermissionDenied
    follow = request.POST.get("action") != "unfollow"
    services.committee_follow(committee=committee, by=request.user, follow=follow)
    if follow:
        messages.success(
            request, _("You follow this committee: its briefing reminders will reach you.")
        )
    else:
        messages.success(request, _("You no longer follow this committee."))
    return redirect(committee)


@login_required
def representative_designate(request, slug):
    committee = get_object_or_404(Committee.objects.select_related("action_package"), slug=slug)
    if not request.user.has_perm("committees.designate_representative", committee):
        raise PermissionDenied
    form = RepresentativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            representative = services.representative_designate(
                committee=committee,
                user=form.person,
                organisation=data["organisation"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(name)s is now the committee's civil-society representative.")
                % {"name": representative.user},
            )
            return redirect(committee)
    terms = committee.representatives.select_related("user", "organisation").order_by(
        "-is_current", "-term_start", "-pk"
    )
    return render(
        request,
        "committees/representative_form.html",
        {"committee": committee, "form": form, "terms": terms},
    )
