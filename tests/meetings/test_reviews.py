"""The review panel: who sees what, conflicts of interest, scoring, reminders."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import selection_dashboard
from meetings import selection_services as services
from meetings.models import Review, Score
from portal.enums import MembershipRole
from portal.models import Notification
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    ParticipantFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)
from tests.meetings.test_selection_flow import (
    add_panel,
    applicant,
    closed_call,
    criteria_of,
    score,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel_call():
    """A closed call with a two-person panel; the first reviewer belongs to ``own``."""
    call = closed_call()
    reviewer, colleague = add_panel(call)
    own = applicant(call, name="Red de Mujeres Migrantes")
    MembershipFactory(user=reviewer, organisation=own.organisation, role=MembershipRole.MEMBER)
    other = applicant(call, name="Casa del Migrante")
    return {"call": call, "reviewer": reviewer, "colleague": colleague, "own": own, "other": other}


def post_review(client, application, values, comment="Overall the work is convincing."):
    data = {"comment": comment}
    for criterion, value in zip(criteria_of(application.call), values, strict=True):
        data[f"score_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = f"Comment {value}"
    return client.post(reverse("application_review", args=[application.pk]), data)


# --- Panel page -----------------------------------------------------------------------


def test_panel_lists_only_applications_without_a_conflict(client, panel_call):
    client.force_login(panel_call["reviewer"])
    response = client.get(reverse("call_panel", args=[panel_call["call"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Casa del Migrante" in page
    assert panel_call["other"].reference in page
    assert "Red de Mujeres Migrantes" not in page
    assert panel_call["own"].reference not in page


def test_pending_membership_is_a_conflict_too(client, panel_call):
    colleague = panel_call["colleague"]
    MembershipFactory(user=colleague, organisation=panel_call["other"].organisation, accepted=False)
    client.force_login(colleague)
    page = client.get(reverse("call_panel", args=[panel_call["call"].pk])).content.decode()
    assert "Casa del Migrante" not in page
    assert "Red de Mujeres Migrantes" in page


def test_panel_shows_review_counts_and_progress(client, panel_call):
    other, colleague = panel_call["other"], panel_call["colleague"]
    score(other, colleague, 4)
    client.force_login(colleague)
    page = client.get(reverse("call_panel", args=[panel_call["call"].pk])).content.decode()
    assert "1 / 2" in page
    assert "Reviewed" in page
    assert "0 of 2 applications have their 2 reviews" in page


def test_panel_is_hidden_from_everyone_else(client, panel_call):
    url = reverse("call_panel", args=[panel_call["call"].pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response.url
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(panel_call["own"].admin)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("call_panel", args=[999999])).status_code == 404


def test_staff_see_outstanding_reviews_per_reviewer(client, panel_call):
    score(panel_call["other"], panel_call["colleague"], 3)
    client.force_login(StaffFactory())
    response = client.get(reverse("call_panel", args=[panel_call["call"].pk]))
    assert response.status_code == 200
    workload = {row["reviewer"]: row for row in response.context["workload"]}
    reviewer, colleague = panel_call["reviewer"], panel_call["colleague"]
    # The reviewer's own organisation is left out of their count.
    assert (workload[reviewer]["outstanding"], workload[reviewer]["needed"]) == (1, 1)
    assert (workload[colleague]["reviewed"], workload[colleague]["outstanding"]) == (1, 1)
    assert reviewer.full_name in response.content.decode()


# --- Review page ----------------------------------------------------------------------


def test_review_page_shows_the_application_without_emails(client, panel_call):
    other = panel_call["other"]
    participant = ParticipantFactory(
        application=other, full_name="Lucía Ramos", position="Coordinator"
    )
    client.force_login(panel_call["reviewer"])
    response = client.get(reverse("application_review", args=[other.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lucía Ramos" in page and "Coordinator" in page
    assert participant.email not in page
    assert "We work with migrants every day." in page
    assert "0: no evidence; 5: strong, documented evidence." in page  # the scoring guide
    assert "Expertise on the agenda" in page
    assert 'type="radio"' in page


def test_conflicted_review_page_is_404_and_the_service_refuses(client, panel_call):
    own, reviewer = panel_call["own"], panel_call["reviewer"]
    client.force_login(reviewer)
    assert client.get(reverse("application_review", args=[own.pk])).status_code == 404
    assert post_review(client, own, [5, 5]).status_code == 404
    with pytest.raises(PermissionDenied):
        score(own, reviewer, 5)
    assert not Review.objects.exists()


def test_review_page_is_404_for_non_panel_users_and_login_for_anonymous(client, panel_call):
    url = reverse("application_review", args=[panel_call["other"].pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response.url
    for person in (UserFactory(), panel_call["other"].admin, StaffFactory()):
        client.force_login(person)
        assert client.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        score(panel_call["other"], UserFactory(), 3)


def test_draft_applications_are_not_reviewed(client, panel_call):
    draft = ApplicationFactory(
        call=panel_call["call"], status="draft", submitted_at=None, participants=False
    )
    client.force_login(panel_call["colleague"])
    assert client.get(reverse("application_review", args=[draft.pk])).status_code == 404
    with pytest.raises(ValidationError):
        score(draft, panel_call["colleague"], 3)


def test_saving_twice_keeps_one_review_with_the_latest_scores(client, panel_call):
    other, colleague = panel_call["other"], panel_call["colleague"]
    client.force_login(colleague)
    first = post_review(client, other, [4, 2])
    assert first.status_code == 302
    assert first.url == reverse("call_panel", args=[panel_call["call"].pk])
    second = post_review(client, other, [5, 3], comment="Updated after reading again.")
    assert second.status_code == 302
    review = Review.objects.get()
    assert review.reviewer == colleague and review.comment == "Updated after reading again."
    assert sorted(review.scores.values_list("value", flat=True)) == [3, 5]
    assert Score.objects.count() == 2
    page = client.get(reverse("application_review", args=[other.pk])).content.decode()
    assert "Update my review" in page


def test_scores_must_be_between_0_and_5(client, panel_call):
    other, colleague = panel_call["other"], panel_call["colleague"]
    client.force_login(colleague)
    for values in ([6, 3], [-1, 3], ["", 3], ["x", 3]):
        response = post_review(client, other, values)
        assert response.status_code == 200
        assert "Choose a score from 0 to 5." in response.content.decode()
    assert not Review.objects.exists()
    criteria = criteria_of(panel_call["call"])
    for bad in ({criteria[0].pk: (6, "")}, {c.pk: (9, "") for c in criteria}, {}):
        with pytest.raises(ValidationError):
            services.review_save(application=other, by=colleague, scores=bad, comment="")
    assert not Review.objects.exists()
    assert post_review(client, other, [0, 5]).status_code == 302


def test_reviews_are_closed_once_the_selection_ran(client, panel_call):
    call, other, colleague = panel_call["call"], panel_call["other"], panel_call["colleague"]
    score(other, colleague, 2)
    call.selection_run_at = timezone.now()
    call.save(update_fields=["selection_run_at"])
    with pytest.raises(ValidationError, match="selection has run"):
        score(other, colleague, 5)
    client.force_login(colleague)
    response = client.get(reverse("application_review", args=[other.pk]))
    assert response.status_code == 200
    assert "The selection has run" in response.content.decode()
    assert post_review(client, other, [5, 5]).status_code == 302
    assert set(Score.objects.values_list("value", flat=True)) == {2}


# --- Reminders and dashboard ----------------------------------------------------------


def test_reviewers_are_reminded_once_within_3_days_of_the_deadline(panel_call):
    call, reviewer, colleague = panel_call["call"], panel_call["reviewer"], panel_call["colleague"]
    extra = applicant(call, name="Fundación Frontera")
    score(extra, colleague, 3)
    score(extra, reviewer, 3)
    deadline = call.review_deadline
    assert services.reviews_remind(now=deadline - timedelta(days=4)) == 0
    now = deadline - timedelta(days=2)
    # reviewer: "other" still needs reviews ("own" is a conflict, "extra" is done);
    # colleague: "other" and "own".
    assert services.reviews_remind(now=now) == 2
    assert services.reviews_remind(now=now) == 0
    note = Notification.objects.get(recipient=reviewer, reason="review_outstanding")
    assert "1 application" in note.subject
    assert reverse("call_panel", args=[call.pk]) in note.body
    colleague_note = Notification.objects.get(recipient=colleague, reason="review_outstanding")
    assert "2 applications" in colleague_note.subject


def test_no_reminder_when_the_application_already_has_its_reviews(panel_call):
    call, other = panel_call["call"], panel_call["other"]
    third = UserFactory()
    call.panel.add(third)
    score(other, panel_call["colleague"], 3)
    score(other, third, 3)
    score(panel_call["own"], panel_call["colleague"], 3)
    score(panel_call["own"], third, 3)
    assert services.reviews_remind(now=call.review_deadline - timedelta(days=1)) == 0


def test_reviewer_dashboard_shows_applications_awaiting_review(panel_call):
    reviewer = panel_call["reviewer"]
    items = selection_dashboard.reviews_awaiting(reviewer)
    assert len(items) == 1
    assert items[0]["text"].startswith("1 application awaits your review")
    assert items[0]["url"] == reverse("call_panel", args=[panel_call["call"].pk])
    score(panel_call["other"], reviewer, 4)
    assert selection_dashboard.reviews_awaiting(reviewer) == []
    assert selection_dashboard.reviews_awaiting(UserFactory()) == []


def test_outsider_cannot_review_an_organisation_created_after_joining_the_panel(panel_call):
    """Conflicts are read at the time of review, not when the panel was formed."""
    colleague = panel_call["colleague"]
    organisation = VerifiedOrganisationFactory()
    MembershipFactory(user=colleague, organisation=organisation)
    late = applicant(panel_call["call"])
    late.organisation = organisation
    late.save(update_fields=["organisation"])
    with pytest.raises(PermissionDenied):
        score(late, colleague, 3)
