"""Staff tools: who reaches them, the verification queue, the overdue board, the home
page, the dashboard to-dos and the demo data."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment, CsoAssessment, ProgressUpdate
from committees.enums import ProposalKind
from committees.models import Briefing, Committee, Proposal
from portal.dashboard import todos_for
from portal.enums import MembershipRole, VerificationStatus
from portal.models import AuditEvent, Country, Notification, Organisation, Pillar
from secretariat import staff_demo, staff_selectors
from secretariat.models import Flag, GlossaryTerm
from secretariat.staff_services import (
    VerificationDecision,
    content_flag,
    organisation_verification_decide,
)
from tests.factories import (
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
    WorkPlanItemFactory,
)

pytestmark = pytest.mark.django_db


def make_commitment(publication="published", pillar=1, **fields):
    fields.setdefault("title_es", "Regularización de personas migrantes")
    commitment = Commitment.objects.create(
        pillar=Pillar.objects.get(number=pillar),
        announced_on="2023-01-15",
        publication=publication,
        original_language="es",
        **fields,
    )
    commitment.countries.set(Country.objects.filter(code="CO"))
    return commitment


def unverified_cso(language="en"):
    """(organisation, its admin, a plain member)."""
    organisation = OrganisationFactory(name="Colectivo Frontera Sur", website="https://example.org")
    admin = UserFactory(preferred_language=language)
    MembershipFactory(user=admin, organisation=organisation, role=MembershipRole.ADMIN)
    member = UserFactory()
    MembershipFactory(user=member, organisation=organisation)
    return organisation, admin, member


def a_committee():
    return Committee.objects.select_related("action_package").order_by("pk").first()


# --- Who reaches the staff pages ------------------------------------------------------------


@pytest.fixture
def staff_urls():
    commitment = make_commitment(title_en="", title_es="Protección temporal")
    term = GlossaryTerm.objects.create(slug="asylum", term_en="asylum", term_es="asilo")
    return {
        "staff_home": (reverse("staff_home"), "Verification queue"),
        "staff_verification_queue": (reverse("staff_verification_queue"), "Verification queue"),
        "staff_moderation_queue": (reverse("staff_moderation_queue"), "Moderation queue"),
        "staff_overdue": (reverse("staff_overdue"), "Late agendas"),
        "staff_translations": (reverse("staff_translations"), "Translation board"),
        "staff_translation_gaps": (
            reverse("staff_translation_gaps", args=["commitments.commitment", "en"]),
            "Protección temporal",
        ),
        "staff_translation_edit": (
            reverse("staff_translation_edit", args=["commitments.commitment", commitment.pk, "en"]),
            "Protección temporal",
        ),
        "staff_glossary": (reverse("staff_glossary"), "asilo"),
        "staff_glossary_new": (reverse("staff_glossary_new"), "Add a glossary term"),
        "staff_glossary_edit": (reverse("staff_glossary_edit", args=[term.slug]), "asilo"),
    }


PAGES = [
    "staff_home",
    "staff_verification_queue",
    "staff_moderation_queue",
    "staff_overdue",
    "staff_translations",
    "staff_translation_gaps",
    "staff_translation_edit",
    "staff_glossary",
    "staff_glossary_new",
    "staff_glossary_edit",
]


@pytest.mark.parametrize("name", PAGES)
def test_staff_with_totp_sees_the_page(client, staff_urls, name):
    url, expected = staff_urls[name]
    client.force_login(StaffFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_staff_without_totp_is_sent_to_set_it_up(client, staff_urls, name):
    url, _expected = staff_urls[name]
    client.force_login(StaffFactory(totp=False))
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("name", PAGES)
def test_non_staff_get_403(client, staff_urls, name):
    url, _expected = staff_urls[name]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_are_sent_to_login(client, staff_urls, name):
    url, _expected = staff_urls[name]
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_posts_are_guarded_too(client):
    organisation, _admin, _member = unverified_cso()
    url = reverse("staff_verification_decide", args=[organisation.slug])
    client.force_login(UserFactory())
    assert client.post(url, {"decision": "approve"}).status_code == 403
    client.force_login(StaffFactory(totp=False))
    assert client.post(url, {"decision": "approve"}).url == reverse("mfa_activate_totp")
    organisation.refresh_from_db()
    assert not organisation.verified


# --- Home and dashboard ---------------------------------------------------------------------


def test_home_counts_what_awaits(client):
    unverified_cso()
    OrganisationFactory(verification_status=VerificationStatus.REJECTED)
    VerifiedOrganisationFactory()
    commitment = make_commitment(title_en="", title_es="Sin traducir")
    assessment = CsoAssessment.objects.create(
        commitment=commitment,
        organisation=VerifiedOrganisationFactory(),
        rating="partial",
        text_en="x",
    )
    content_flag(target=assessment, by=UserFactory(), reason="spam")
    client.force_login(StaffFactory())
    response = client.get(reverse("staff_home"))
    context = response.context
    assert context["verification_count"] == 1
    assert context["flag_count"] == 1
    assert context["translation_gap_count"] >= 1
    page = response.content.decode()
    for name in ("staff_verification_queue", "staff_moderation_queue", "staff_overdue"):
        assert reverse(name) in page


def test_dashboard_lists_queues_for_staff_only():
    unverified_cso()
    assessment = CsoAssessment.objects.create(
        commitment=make_commitment(),
        organisation=VerifiedOrganisationFactory(),
        rating="partial",
        text_en="x",
    )
    content_flag(target=assessment, by=UserFactory(), reason="spam")
    items = todos_for(StaffFactory())
    urls = [item["url"] for item in items]
    assert reverse("staff_verification_queue") in urls
    assert reverse("staff_moderation_queue") in urls
    assert any("1 organisation awaits verification" in item["text"] for item in items)
    person_urls = [item["url"] for item in todos_for(UserFactory())]
    assert reverse("staff_verification_queue") not in person_urls


# --- Verification -------------------------------------------------------------------------


def test_queue_lists_unverified_organisations_oldest_first(client):
    older, _admin, _member = unverified_cso()
    Organisation.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - dt.timedelta(days=9)
    )
    newer = OrganisationFactory(name="Red Nueva", countries=["PE"])
    VerifiedOrganisationFactory(name="Already Verified")
    client.force_login(StaffFactory())
    page = client.get(reverse("staff_verification_queue")).content.decode()
    assert page.index("Colectivo Frontera Sur") < page.index("Red Nueva")
    assert "Already Verified" not in page
    assert "https://example.org" in page and "Peru" in page
    assert "Awaiting verification" in page
    filtered = client.get(
        reverse("staff_verification_queue"), {"status": "info_requested"}
    ).content.decode()
    assert "Red Nueva" not in filtered
    assert newer.slug


def test_verification_changes_what_an_organisation_can_do(client, on_commit):
    organisation, admin, member = unverified_cso(language="es")
    committee = a_committee()
    commitment = make_commitment()
    assert not member.has_perm("committees.submit_proposal", committee)
    assert not member.has_perm("commitments.assess_commitment", commitment)
    client.force_login(member)
    assert client.get(reverse("proposal_create", args=[committee.slug])).status_code == 403
    assert client.get(reverse("assessment_edit", args=[commitment.pk])).status_code == 403

    staff = StaffFactory()
    client.force_login(staff)
    with on_commit(execute=True):
        response = client.post(
            reverse("staff_verification_decide", args=[organisation.slug]),
            {"decision": "approve", "note": ""},
        )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.verified and organisation.verified_by == staff
    assert organisation.verification_status == VerificationStatus.VERIFIED
    notification = Notification.objects.get(recipient=admin, reason="organisation_verified")
    assert notification.language == "es"

    assert member.has_perm("committees.submit_proposal", committee)
    assert member.has_perm("commitments.assess_commitment", commitment)
    client.force_login(member)
    assert client.get(reverse("proposal_create", args=[committee.slug])).status_code == 200
    assert client.get(reverse("assessment_edit", args=[commitment.pk])).status_code == 200


def test_rejection_needs_a_reason_that_the_admin_then_reads(client, on_commit):
    organisation, admin, member = unverified_cso(language="es")
    client.force_login(StaffFactory())
    url = reverse("staff_verification_decide", args=[organisation.slug])
    response = client.post(url, {"decision": "reject", "note": "  "})
    assert response.status_code == 400
    assert "Give the reason" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.verification_status == VerificationStatus.PENDING

    reason = "We could not confirm that the organisation exists."
    with on_commit(execute=True):
        client.post(url, {"decision": "reject", "note": reason})
    organisation.refresh_from_db()
    assert not organisation.verified
    assert organisation.verification_status == VerificationStatus.REJECTED
    assert organisation.verification_note == reason
    notification = Notification.objects.get(recipient=admin)
    assert notification.reason.startswith("verification_rejected")
    assert notification.language == "es" and reason in notification.body
    assert organisation.history.first().verification_status == VerificationStatus.REJECTED
    assert AuditEvent.objects.filter(action="organisation.verification_rejected").exists()

    client.force_login(admin)
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert reason in page
    client.force_login(member)
    assert reason not in client.get(organisation.get_absolute_url()).content.decode()
    client.logout()
    assert reason not in client.get(organisation.get_absolute_url()).content.decode()


def test_each_information_request_is_a_new_notification(on_commit):
    organisation, admin, _member = unverified_cso()
    staff = StaffFactory()
    with on_commit(execute=True):
        organisation_verification_decide(
            organisation=organisation,
            by=staff,
            decision=VerificationDecision.REQUEST_INFO,
            note="Send your statutes.",
        )
        organisation_verification_decide(
            organisation=organisation,
            by=staff,
            decision=VerificationDecision.REQUEST_INFO,
            note="Send the board's names too.",
        )
    organisation.refresh_from_db()
    assert organisation.verification_status == VerificationStatus.INFO_REQUESTED
    assert organisation.verification_note == "Send the board's names too."
    notifications = Notification.objects.filter(recipient=admin).order_by("pk")
    assert [n.reason for n in notifications] == [
        "verification_info_requested:1",
        "verification_info_requested:2",
    ]
    assert "Send the board's names too." in notifications[1].body
    with pytest.raises(ValidationError):
        organisation_verification_decide(
            organisation=organisation, by=staff, decision=VerificationDecision.REQUEST_INFO
        )
    with pytest.raises(PermissionDenied):
        organisation_verification_decide(
            organisation=organisation, by=UserFactory(), decision=VerificationDecision.APPROVE
        )


def test_approval_clears_an_earlier_note():
    organisation, _admin, _member = unverified_cso()
    staff = StaffFactory()
    organisation_verification_decide(
        organisation=organisation, by=staff, decision="request_info", note="Send statutes."
    )
    organisation_verification_decide(organisation=organisation, by=staff, decision="approve")
    organisation.refresh_from_db()
    assert organisation.verified and organisation.verification_note == ""


# --- Overdue board ------------------------------------------------------------------------


def _overdue_data(n=1):
    """Late agendas, overdue proposals and work-plan items, n of each."""
    committee = a_committee()
    today = timezone.localdate()
    for index in range(n):
        Briefing.objects.create(
            committee=committee,
            title_en=f"Late briefing {index}",
            starts_at=timezone.now() + dt.timedelta(days=10),
            agenda_deadline_days=30,
        )
        Proposal.objects.create(
            committee=committee,
            organisation=VerifiedOrganisationFactory(),
            kind=ProposalKind.POLICY,
            title=f"Overdue proposal {index}",
            text="Text",
            response_due=today - dt.timedelta(days=5),
        )
        WorkPlanItemFactory(
            action_en=f"Overdue action {index}", due_date=today - dt.timedelta(days=3)
        )


def test_overdue_board_lists_each_kind_of_late_item(client):
    _overdue_data()
    committee = a_committee()
    today = timezone.localdate()
    # Not late: an agenda already published, a deadline still ahead, an answered proposal.
    Briefing.objects.create(
        committee=committee,
        title_en="Published agenda",
        starts_at=timezone.now() + dt.timedelta(days=10),
        agenda_published_at=timezone.now(),
    )
    Briefing.objects.create(
        committee=committee,
        title_en="Far briefing",
        starts_at=timezone.now() + dt.timedelta(days=90),
    )
    Proposal.objects.create(
        committee=committee,
        organisation=VerifiedOrganisationFactory(),
        kind=ProposalKind.POLICY,
        title="Answered proposal",
        text="Text",
        status="responded",
        response_due=today - dt.timedelta(days=5),
    )
    WorkPlanItemFactory(
        action_en="Done action", due_date=today - dt.timedelta(days=3), status="done"
    )
    # Colombia has its national meeting this quarter; Peru has none.
    MeetingFactory(
        kind="national",
        host_country=Country.objects.get(code="CO"),
        starts_at=timezone.now(),
        ends_at=timezone.now() + dt.timedelta(hours=2),
    )
    # Pillar I is active (a recent update); the others are not.
    commitment = make_commitment(pillar=1)
    ProgressUpdate.objects.create(
        commitment=commitment,
        country=Country.objects.get(code="CO"),
        text_es="Avance",
        status="in_progress",
        published_at=timezone.now(),
    )
    board = staff_selectors.overdue_board()
    assert [b.title for b in board["agendas"]["rows"]] == ["Late briefing 0"]
    assert [p.title for p in board["proposals"]["rows"]] == ["Overdue proposal 0"]
    assert [i.action_en for i in board["work_plan"]["rows"]] == ["Overdue action 0"]
    codes = {row["country"].code for row in board["countries"]["rows"]}
    assert "PE" in codes and "CO" not in codes
    peru = next(row for row in board["countries"]["rows"] if row["country"].code == "PE")
    assert peru["missed"] == peru["past"] > 10
    assert [row["pillar"].number for row in board["pillars"]["rows"]] == [2, 3, 4]

    client.force_login(StaffFactory())
    page = client.get(reverse("staff_overdue")).content.decode()
    for text in ("Late briefing 0", "Overdue proposal 0", "Overdue action 0", "Peru"):
        assert text in page
    for text in ("Published agenda", "Far briefing", "Answered proposal", "Done action"):
        assert text not in page
    assert reverse("proposal_detail", args=[board["proposals"]["rows"][0].pk]) in page


@pytest.mark.parametrize("n", [1, 8])
def test_overdue_board_query_count_is_constant(client, django_assert_max_num_queries, n):
    _overdue_data(n)
    client.force_login(StaffFactory())
    with django_assert_max_num_queries(15):
        response = client.get(reverse("staff_overdue"))
    assert response.status_code == 200
    assert response.context["board"]["proposals"]["count"] == n


# --- Demo ---------------------------------------------------------------------------------


def test_demo_is_idempotent(django_capture_on_commit_callbacks):
    people = {
        "staff": StaffFactory(),
        "public": UserFactory(),
        "reviewer": UserFactory(),
    }
    organisation = VerifiedOrganisationFactory()
    CsoAssessment.objects.create(
        commitment=make_commitment(), organisation=organisation, rating="partial", text_es="x"
    )
    waiting, _admin, _member = unverified_cso()
    staff_demo.seed(people=people)
    counts = (GlossaryTerm.objects.count(), Flag.objects.count(), Notification.objects.count())
    staff_demo.seed(people=people)
    assert counts == (
        GlossaryTerm.objects.count(),
        Flag.objects.count(),
        Notification.objects.count(),
    )
    assert counts[0] >= 10 and counts[1] == 2
    regularization = GlossaryTerm.objects.get(slug="regularization")
    assert regularization.term_es == "regularización"
    assert regularization.term_fr == "régularisation"
    assert regularization.definition_en and regularization.definition_es
    waiting.refresh_from_db()
    assert waiting.verification_status == VerificationStatus.INFO_REQUESTED
