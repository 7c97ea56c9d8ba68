"""Demo reviews and a published selection for the regional meeting's closed call.

Called by ``meetings.demo.seed`` after the meetings and calls demos, through the
services; running it again changes nothing.
"""

from django.utils import timezone

from .enums import ApplicationStatus, Outcome, OverrideDecision
from .models import Application, RegistrationCall, SelectionOverride
from .rules import has_conflict_of_interest
from .selection_services import (
    call_override,
    call_publish_results,
    call_run_selection,
    review_save,
    selection_problems,
)

MEETING_SLUG = "regional-meeting-2027"
# Panel members beyond the reviewer and staff, used only when conflicts of interest
# leave an application short of reviews.
EXTRA_REVIEWERS = ("coordinator_ca", "representative", "coordinator", "public")
OVERRIDE_REASON = (
    "The only applicant working with indigenous communities on the Darién border, "
    "a priority of the meeting's agenda; its score was lowered by missing attachments."
)


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _closed_call():
    return (
        RegistrationCall.objects.filter(meeting__slug=MEETING_SLUG, closes_at__lte=timezone.now())
        .select_related("meeting")
        .order_by("-closes_at", "pk")
        .first()
    )


def _value(application_pk, reviewer_pk, criterion_index):
    """A varied but repeatable score from 1 to 5."""
    return 1 + (application_pk * 7 + reviewer_pk * 3 + criterion_index * 5) % 5


def _panel_for(call, people):
    """The reviewer and staff, plus extra people where conflicts leave too few reviewers."""
    candidates = [people[key] for key in ("reviewer", "staff", *EXTRA_REVIEWERS) if key in people]
    panel = candidates[:2]
    needed = call.min_reviews
    for application in Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED):
        free = [p for p in panel if not has_conflict_of_interest(p, application)]
        for person in candidates:
            if len(free) >= needed:
                break
            if person not in panel and not has_conflict_of_interest(person, application):
                panel.append(person)
                free.append(person)
    call.panel.add(*panel)
    return panel


def _review_all(call, panel):
    criteria = list(call.criteria.order_by("position", "pk"))
    applications = Application.objects.filter(
        call=call, status=ApplicationStatus.SUBMITTED
    ).order_by("pk")
    for application in applications:
        reviewers = [p for p in panel if not has_conflict_of_interest(p, application)]
        # Two reviews at least, so the means vary even when one review is required.
        for reviewer in reviewers[: max(call.min_reviews, 2)]:
            if application.reviews.filter(reviewer=reviewer).exists():
                continue
            review_save(
                application=application,
                by=reviewer,
                scores={
                    c.pk: (
                        _value(application.pk, reviewer.pk, index),
                        "Clear evidence in the answers." if index % 2 else "",
                    )
                    for index, c in enumerate(criteria)
                },
                comment="Reviewed for the demo.",
            )


def seed(*, people, scale=1, stdout=None):
    call = _closed_call()
    if call is None:
        _say(stdout, f"Selection demo skipped: no closed call for the meeting {MEETING_SLUG}.\n")
        return
    if call.results_published_at is not None:
        _say(stdout, "Selection demo: results already published.\n")
        return
    staff = people["staff"]
    if call.selection_run_at is None:
        _review_all(call, _panel_for(call, people))
        problems = selection_problems(call)
        if problems:
            _say(stdout, "Selection demo skipped: " + " ".join(map(str, problems)) + "\n")
            return
        call_run_selection(call=call, by=staff)
    if not SelectionOverride.objects.filter(application__call=call).exists():
        waiting = (
            Application.objects.filter(
                call=call,
                status=ApplicationStatus.SUBMITTED,
                outcome__in=[Outcome.WAITLISTED, Outcome.NOT_SELECTED],
            )
            .order_by("rank", "pk")
            .first()
        )
        if waiting is not None:
            call_override(
                application=waiting,
                by=staff,
                decision=OverrideDecision.SELECT,
                reason=OVERRIDE_REASON,
            )
    call_publish_results(call=call, by=staff)
    _say(stdout, f"Selection demo: published the results of call {call.pk}.\n")
