"""Running a call's selection, overrides, publishing the decisions, the waiting list."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import selection_dashboard, selection_demo
from meetings import selection_services as services
from meetings.enums import Outcome
from meetings.models import Application, Participant, SelectionOverride
from portal.enums import MembershipRole
from portal.models import Notification
from tests.factories import (
    ApplicationFactory,
    MeetingFactory,
    MembershipFactory,
    ParticipantFactory,
    QuotaFactory,
    RegistrationCallFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
    org_admin,
)

pytestmark = pytest.mark.django_db


# --- Helpers (also used by test_reviews and test_report) --------------------------------


def closed_call(**kwargs):
    """A call that closed yesterday, reviews due in 5 days, 2 seats, 2 reviews each."""
    now = timezone.now()
    fields = {
        "opens_at": now - timedelta(days=20),
        "closes_at": now - timedelta(days=1),
        "review_deadline": now + timedelta(days=5),
        "seats": 2,
        "min_reviews": 2,
        "waitlist_size": 10,
    }
    fields.update(kwargs)
    return RegistrationCallFactory(**fields)


def add_panel(call, count=2, **user_fields):
    reviewers = [UserFactory(**user_fields) for _ in range(count)]
    call.panel.add(*reviewers)
    return reviewers


def criteria_of(call):
    return list(call.criteria.order_by("position", "pk"))


def score(application, reviewer, *values, comment="Solid work with affected people."):
    """Save ``reviewer``'s review with one value per criterion (the last one repeats)."""
    criteria = criteria_of(application.call)
    values = list(values) + [values[-1]] * (len(criteria) - len(values))
    return services.review_save(
        application=application,
        by=reviewer,
        scores={c.pk: (v, f"Criterion note {v}") for c, v in zip(criteria, values, strict=True)},
        comment=comment,
    )


def applicant(call, *, reviewers=(), values=(3,), language="en", participants=1, **org_fields):
    """A submitted application of a new verified organisation, scored by ``reviewers``."""
    organisation = VerifiedOrganisationFactory(**org_fields)
    admin = org_admin(organisation, preferred_language=language)
    application = ApplicationFactory(
        call=call, organisation=organisation, submitted_by=admin, participants=False
    )
    for _ in range(participants):
        ParticipantFactory(application=application)
    for reviewer in reviewers:
        score(application, reviewer, *values)
    application.admin = admin
    return application


def staff_member(**fields):
    return StaffFactory(**fields)


def refreshed(*applications):
    """The applications read again (keeping the ``admin`` the helper attached)."""
    fresh = []
    for application in applications:
        again = Application.objects.get(pk=application.pk)
        again.admin = getattr(application, "admin", None)
        fresh.append(again)
    return fresh


@pytest.fixture
def staff():
    return staff_member()


@pytest.fixture
def ranked(staff):
    """Two seats, four applications scored 5, 4, 3 and 2; selection run."""
    call = closed_call()
    reviewers = add_panel(call)
    apps = [applicant(call, reviewers=reviewers, values=(v,)) for v in (5, 4, 3, 2)]
    services.call_run_selection(call=call, by=staff)
    call.refresh_from_db()
    return call, refreshed(*apps)


# --- Running the selection ------------------------------------------------------------


def test_selection_refused_before_the_call_closes(staff):
    call = RegistrationCallFactory()  # open for 10 more days
    reviewers = add_panel(call)
    applicant(call, reviewers=reviewers, values=(4,))
    with pytest.raises(ValidationError, match="once the call has closed"):
        services.call_run_selection(call=call, by=staff)
    call.refresh_from_db()
    assert call.selection_run_at is None


def test_selection_refused_until_every_application_has_its_reviews(staff):
    call = closed_call(min_reviews=2)
    first, second = add_panel(call)
    applicant(call, reviewers=[first, second], values=(4,))
    short = applicant(call, reviewers=[first], values=(3,))
    with pytest.raises(ValidationError, match="fewer than 2 reviews"):
        services.call_run_selection(call=call, by=staff)
    score(short, second, 3)
    services.call_run_selection(call=call, by=staff)
    call.refresh_from_db()
    assert call.selection_run_at is not None


def test_selection_needs_staff():
    call = closed_call()
    with pytest.raises(PermissionDenied):
        services.call_run_selection(call=call, by=UserFactory())


def test_run_stores_rank_score_outcome_and_cutoff(ranked):
    call, (a, b, c, d) = ranked
    assert [x.rank for x in (a, b, c, d)] == [1, 2, 3, 4]
    assert [x.score for x in (a, b, c, d)] == [
        Decimal("5.00"),
        Decimal("4.00"),
        Decimal("3.00"),
        Decimal("2.00"),
    ]
    assert [x.outcome for x in (a, b, c, d)] == [
        Outcome.SELECTED,
        Outcome.SELECTED,
        Outcome.WAITLISTED,
        Outcome.WAITLISTED,
    ]
    assert (c.waitlist_position, d.waitlist_position) == (1, 2)
    assert call.cutoff_score == Decimal("4.00")


def test_weighted_score_uses_criterion_weights(staff):
    call = closed_call()  # weights 2 and 1
    reviewers = add_panel(call)
    application = applicant(call)
    score(application, reviewers[0], 5, 2)
    score(application, reviewers[1], 4, 1)
    scores = services.application_scores(application)
    assert [item["mean"] for item in scores["criteria"]] == [Decimal("4.50"), Decimal("1.50")]
    # (2 × 4.5 + 1 × 1.5) / 3 = 3.5
    assert scores["score"] == Decimal("3.50")


def test_quota_is_filled_first_even_with_a_lower_score(staff):
    call = closed_call(seats=2)
    QuotaFactory(call=call, group="leadership:indigenous", target=1)
    reviewers = add_panel(call)
    best = applicant(call, reviewers=reviewers, values=(5,))
    second = applicant(call, reviewers=reviewers, values=(4,))
    indigenous = applicant(call, reviewers=reviewers, values=(2,), leadership=["indigenous"])
    services.call_run_selection(call=call, by=staff)
    best, second, indigenous = refreshed(best, second, indigenous)
    assert indigenous.outcome == Outcome.SELECTED
    assert best.outcome == Outcome.SELECTED
    assert second.outcome == Outcome.WAITLISTED and second.waitlist_position == 1
    call.refresh_from_db()
    assert call.cutoff_score == Decimal("5.00")


def test_host_country_groups_come_from_the_organisation(staff):
    call = closed_call(seats=1)  # the meeting is hosted in Colombia
    QuotaFactory(call=call, group="host_country_national", target=1)
    reviewers = add_panel(call)
    foreign = applicant(call, reviewers=reviewers, values=(5,), countries=["MX"])
    host_national = applicant(
        call, reviewers=reviewers, values=(1,), countries=["CO"], level="national"
    )
    services.call_run_selection(call=call, by=staff)
    foreign, host_national = refreshed(foreign, host_national)
    assert host_national.outcome == Outcome.SELECTED
    assert foreign.outcome == Outcome.WAITLISTED


def test_selection_can_run_again_until_published(ranked, staff):
    call, (a, b, c, d) = ranked
    services.call_run_selection(call=call, by=staff)
    assert Application.objects.filter(call=call, outcome=Outcome.SELECTED).count() == 2
    services.call_publish_results(call=call, by=staff)
    with pytest.raises(ValidationError, match="published"):
        services.call_run_selection(call=call, by=staff)


# --- Overrides ------------------------------------------------------------------------


def test_override_requires_a_reason(ranked, staff):
    call, (a, b, c, d) = ranked
    for reason in ("", "   ", "Too short."):
        with pytest.raises(ValidationError) as error:
            services.call_override(application=d, by=staff, decision="select", reason=reason)
        assert "reason" in error.value.error_dict
    assert not SelectionOverride.objects.exists()


def test_override_gives_a_place_and_runs_the_selection_again(ranked, staff):
    call, (a, b, c, d) = ranked
    services.call_override(
        application=d,
        by=staff,
        decision="select",
        reason="The only organisation working in the Darién, which the agenda covers.",
    )
    a, b, c, d = refreshed(a, b, c, d)
    assert d.outcome == Outcome.SELECTED
    assert a.outcome == Outcome.SELECTED
    assert b.outcome == Outcome.WAITLISTED
    # Replacing the decision keeps one override per application.
    services.call_override(
        application=d,
        by=staff,
        decision="exclude",
        reason="The organisation asked not to take part after all, in writing.",
    )
    assert SelectionOverride.objects.filter(application=d).count() == 1
    d = Application.objects.get(pk=d.pk)
    assert d.outcome == Outcome.NOT_SELECTED
    services.call_override(application=d, by=staff, decision="", reason="")
    assert not SelectionOverride.objects.exists()


def test_override_refused_after_publication(ranked, staff):
    call, (a, b, c, d) = ranked
    services.call_publish_results(call=call, by=staff)
    with pytest.raises(ValidationError, match="published"):
        services.call_override(
            application=d, by=staff, decision="select", reason="A reason long enough to count."
        )


def test_override_view_shows_the_reason_error(client, ranked, staff):
    call, (a, b, c, d) = ranked
    client.force_login(staff)
    response = client.post(
        reverse("call_override", args=[d.pk]), {"decision": "select", "reason": "short"}
    )
    assert response.status_code == 200
    assert "at least 20 characters" in response.content.decode()
    assert not SelectionOverride.objects.exists()
    response = client.post(
        reverse("call_override", args=[d.pk]),
        {"decision": "select", "reason": "Works with the indigenous communities on the border."},
    )
    assert response.status_code == 302
    assert SelectionOverride.objects.get(application=d).decided_by == staff


# --- Publishing -----------------------------------------------------------------------


def test_publish_refused_before_the_selection_ran(staff):
    call = closed_call()
    with pytest.raises(ValidationError, match="Run the selection"):
        services.call_publish_results(call=call, by=staff)


def test_publish_assigns_codes_and_tells_each_recipient_once_in_their_language(staff, on_commit):
    call = closed_call(seats=3, seats_per_organisation=2)
    reviewers = add_panel(call)
    chosen = applicant(call, reviewers=reviewers, values=(5, 4), language="es", participants=2)
    second_admin = UserFactory(preferred_language="en")
    MembershipFactory(
        user=second_admin, organisation=chosen.organisation, role=MembershipRole.ADMIN
    )
    other = applicant(call, reviewers=reviewers, values=(4,))
    waiting = applicant(call, reviewers=reviewers, values=(3,))
    services.call_run_selection(call=call, by=staff)
    with on_commit(execute=True):
        services.call_publish_results(call=call, by=staff)

    call.refresh_from_db()
    assert call.results_published_at is not None
    codes = list(
        Participant.objects.filter(application=chosen).values_list("registration_code", flat=True)
    )
    assert len(codes) == 2 and all(codes) and len(set(codes)) == 2
    assert not Participant.objects.filter(
        application=waiting, registration_code__isnull=False
    ).exists()
    assert Application.objects.get(pk=chosen.pk).decided_at is not None

    # The submitter is also an admin: one notification, in Spanish.
    spanish = Notification.objects.get(recipient=chosen.admin, reason="selection_decision")
    assert spanish.language == "es"
    english = Notification.objects.get(recipient=second_admin, reason="selection_decision")
    assert english.language == "en"
    assert "SELECTED" in english.body
    assert "Expertise on the agenda (weight 2): 5.00" in english.body
    assert "Work with affected people (weight 1): 4.00" in english.body
    assert "Weighted score: 4.67" in english.body
    assert "Cut-off score: 4.00" in english.body
    assert reverse("call_report", args=[call.pk]) in english.body
    waiting_note = Notification.objects.get(recipient=waiting.admin)
    assert "place 1" in waiting_note.body
    assert Notification.objects.filter(reason="selection_decision").count() == 4
    for person in (chosen.admin, second_admin, other.admin, waiting.admin):
        assert len([m for m in mail.outbox if person.email in m.to]) == 1

    sent = len(mail.outbox)
    with on_commit(execute=True):
        services.call_publish_results(call=call, by=staff)
    assert len(mail.outbox) == sent
    assert Notification.objects.filter(reason="selection_decision").count() == 4
    assert codes == list(
        Participant.objects.filter(application=chosen).values_list("registration_code", flat=True)
    )


def test_code_collision_is_retried(ranked, staff, monkeypatch):
    call, (a, b, c, d) = ranked
    ParticipantFactory(application=d, registration_code="TAKEN234")
    generated = iter(["TAKEN234", "FRESH234", "OTHER234"])
    monkeypatch.setattr(services, "new_registration_code", lambda: next(generated))
    services.call_publish_results(call=call, by=staff)
    codes = set(
        Participant.objects.filter(application__in=[a, b]).values_list(
            "registration_code", flat=True
        )
    )
    assert codes == {"FRESH234", "OTHER234"}


def test_publish_view_redirects_to_the_report(client, ranked, staff):
    call, _apps = ranked
    client.force_login(staff)
    response = client.post(reverse("call_publish_results", args=[call.pk]))
    assert response.status_code == 302
    assert response.url == reverse("call_report", args=[call.pk])
    call.refresh_from_db()
    assert call.results_published_at is not None


# --- Waiting list ---------------------------------------------------------------------


def test_promotion_does_nothing_before_publication(ranked):
    call, _apps = ranked
    assert services.call_promote_waitlist(call=call) == []


def test_withdrawal_promotes_the_first_on_the_waiting_list(ranked, staff, on_commit):
    call, (a, b, c, d) = ranked
    services.call_publish_results(call=call, by=staff)
    Application.objects.filter(pk=a.pk).update(status="withdrawn", waitlist_position=None)
    with on_commit(execute=True):
        promoted = services.call_promote_waitlist(call=call, by=staff)
    assert [p.pk for p in promoted] == [c.pk]
    c, d = refreshed(c, d)
    assert c.outcome == Outcome.SELECTED and c.waitlist_position is None
    assert d.outcome == Outcome.WAITLISTED and d.waitlist_position == 1
    assert c.participants.get().registration_code
    note = Notification.objects.get(recipient=c.admin, reason="selection_promoted")
    assert "SELECTED" in note.body
    assert [m for m in mail.outbox if c.admin.email in m.to]
    # Running it again promotes nobody and tells nobody twice.
    assert services.call_promote_waitlist(call=call) == []
    assert Notification.objects.filter(reason="selection_promoted").count() == 1


def test_withdrawing_through_the_applicant_service_promotes(ranked, staff):
    from meetings import call_services

    if not hasattr(call_services, "application_withdraw"):
        pytest.skip("application_withdraw is not there yet")
    call, (a, b, c, d) = ranked
    services.call_publish_results(call=call, by=staff)
    call_services.application_withdraw(application=a, by=a.admin)
    c, d = refreshed(c, d)
    assert c.outcome == Outcome.SELECTED
    assert d.waitlist_position == 1
    assert Notification.objects.filter(recipient=c.admin, reason="selection_promoted").exists()


def test_promotion_respects_quotas(staff):
    call = closed_call(seats=2)
    QuotaFactory(call=call, group="leadership:refugee", target=1)
    reviewers = add_panel(call)
    top = applicant(call, reviewers=reviewers, values=(5,))
    refugee = applicant(call, reviewers=reviewers, values=(3,), leadership=["refugee"])
    second = applicant(call, reviewers=reviewers, values=(4,))
    later_refugee = applicant(call, reviewers=reviewers, values=(1,), leadership=["refugee"])
    services.call_run_selection(call=call, by=staff)
    services.call_publish_results(call=call, by=staff)
    assert Application.objects.get(pk=refugee.pk).outcome == Outcome.SELECTED
    Application.objects.filter(pk=refugee.pk).update(status="withdrawn")
    promoted = services.call_promote_waitlist(call=call)
    # The quota is short again: the refugee-led organisation beats the better score.
    assert [p.pk for p in promoted] == [later_refugee.pk]
    assert Application.objects.get(pk=second.pk).waitlist_position == 1
    assert Application.objects.get(pk=top.pk).outcome == Outcome.SELECTED


# --- Staff pages ----------------------------------------------------------------------


def test_selection_page_access(client, ranked):
    call, _apps = ranked
    url = reverse("call_selection", args=[call.pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response.url
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(StaffFactory(totp=False))
    response = client.get(url)
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    for name, pk in (("call_publish_results", call.pk), ("call_override", _apps[0].pk)):
        client.force_login(UserFactory())
        assert client.post(reverse(name, args=[pk])).status_code == 403
        client.force_login(StaffFactory(totp=False))
        assert client.post(reverse(name, args=[pk])).status_code == 302
    assert not Notification.objects.exists()
    assert not SelectionOverride.objects.exists()


def test_selection_page_shows_the_ranking(client, ranked, staff):
    call, (a, b, c, d) = ranked
    client.force_login(staff)
    response = client.get(reverse("call_selection", args=[call.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for application in (a, b, c, d):
        assert application.reference in page
        assert application.organisation.name in page
    assert "Expertise on the agenda" in page
    assert "5.00" in page
    assert "Publish the results" in page


def test_selection_page_explains_why_it_cannot_run(client, staff):
    call = closed_call(min_reviews=2)
    reviewer, _other = add_panel(call)
    application = applicant(call, reviewers=[reviewer], values=(3,))
    client.force_login(staff)
    page = client.get(reverse("call_selection", args=[call.pk])).content.decode()
    assert "fewer than 2 reviews" in page
    assert application.reference in page
    response = client.post(
        reverse("call_selection", args=[call.pk]), {"action": "run"}, follow=True
    )
    assert "fewer than 2 reviews" in response.content.decode()
    call.refresh_from_db()
    assert call.selection_run_at is None


def test_run_selection_through_the_page(client, staff):
    call = closed_call()
    reviewers = add_panel(call)
    application = applicant(call, reviewers=reviewers, values=(4,))
    client.force_login(staff)
    response = client.post(reverse("call_selection", args=[call.pk]), {"action": "run"})
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).outcome == Outcome.SELECTED


# --- Reminders to participants --------------------------------------------------------


def test_participants_are_reminded_7_days_and_1_day_before(staff):
    meeting = MeetingFactory(
        starts_at=timezone.now() + timedelta(days=30), time_zone="America/Bogota"
    )
    call = closed_call(meeting=meeting, seats=1)
    reviewers = add_panel(call)
    chosen = applicant(call, reviewers=reviewers, values=(5,))
    waiting = applicant(call, reviewers=reviewers, values=(2,))
    participant = chosen.participants.get()
    person = UserFactory(email=participant.email, preferred_language="es")
    services.call_run_selection(call=call, by=staff)
    services.call_publish_results(call=call, by=staff)
    start = meeting.starts_at

    assert services.participants_remind(now=start - timedelta(days=20)) == 0
    week_before = start - timedelta(days=6, hours=12)
    assert services.participants_remind(now=week_before) == 2
    assert services.participants_remind(now=week_before) == 0
    admin_note = Notification.objects.get(recipient=chosen.admin, reason="meeting_soon_7")
    assert participant.full_name in admin_note.body
    code = Participant.objects.get(pk=participant.pk).registration_code
    assert code in admin_note.body
    own = Notification.objects.get(recipient=person, reason="meeting_soon_7")
    assert own.language == "es" and code in own.body
    assert not Notification.objects.filter(recipient=waiting.admin, reason="meeting_soon_7")

    day_before = start - timedelta(hours=20)
    assert services.participants_remind(now=day_before) == 2
    assert services.participants_remind(now=day_before) == 0
    assert Notification.objects.filter(reason="meeting_soon_1").count() == 2


def test_participant_reminder_task_runs(staff):
    from meetings import selection_tasks

    assert selection_tasks.task_remind_participants.delay().get() == 0
    assert selection_tasks.task_remind_reviewers.delay().get() == 0


# --- Dashboard ------------------------------------------------------------------------


def test_staff_dashboard_lists_selections_to_run_and_publish(ranked, staff):
    call, _apps = ranked
    waiting = closed_call()
    items = selection_dashboard.selections_pending(staff)
    texts = " ".join(item["text"] for item in items)
    assert "Publish the selection results" in texts
    assert "Run the selection" in texts
    urls = {item["url"] for item in items}
    assert reverse("call_selection", args=[waiting.pk]) in urls
    assert selection_dashboard.selections_pending(UserFactory()) == []
    services.call_publish_results(call=call, by=staff)
    urls = {item["url"] for item in selection_dashboard.selections_pending(staff)}
    assert reverse("call_selection", args=[call.pk]) not in urls


# --- Demo -----------------------------------------------------------------------------


def _demo_people():
    staff = StaffFactory()
    reviewer = UserFactory()
    return {"staff": staff, "reviewer": reviewer}


def test_demo_skips_without_its_meeting():
    lines = []

    class Out:
        def write(self, text):
            lines.append(text)

    selection_demo.seed(people=_demo_people(), stdout=Out())
    assert "skipped" in " ".join(lines)


def test_demo_reviews_selects_and_publishes_once():
    meeting = MeetingFactory(slug="regional-meeting-2027", kind="regional")
    call = closed_call(meeting=meeting, seats=2, min_reviews=2)
    apps = [applicant(call) for _ in range(4)]
    people = _demo_people()
    selection_demo.seed(people=people)
    call.refresh_from_db()
    assert call.results_published_at is not None
    assert call.panel.filter(pk=people["reviewer"].pk).exists()
    assert SelectionOverride.objects.filter(application__call=call).count() == 1
    for application in refreshed(*apps):
        assert application.reviews.count() >= 2
        assert application.outcome != Outcome.PENDING
    notifications = Notification.objects.count()
    selection_demo.seed(people=people)
    assert Notification.objects.count() == notifications
