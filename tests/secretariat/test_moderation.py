"""Flags and the moderation queue: reporting content, dismissing, hiding, showing again."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commitments import open_data
from commitments.models import Comment, Commitment, Consultation, CsoAssessment
from committees.enums import ProposalKind, ProposalStatus
from committees.models import Committee, CommitteeCoordinator, Proposal
from portal.enums import MembershipRole
from portal.models import AuditEvent, Country, Notification, Pillar
from secretariat import moderation, staff_selectors
from secretariat.enums import FlagStatus
from secretariat.models import Flag
from secretariat.staff_services import (
    content_flag,
    moderation_dismiss,
    moderation_hide,
    moderation_unhide,
)
from tests.factories import (
    MembershipFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)

pytestmark = pytest.mark.django_db


# --- Objects ------------------------------------------------------------------------------


def make_commitment(publication="published", **fields):
    fields.setdefault("title_es", "Regularización de personas migrantes")
    commitment = Commitment.objects.create(
        pillar=Pillar.objects.get(number=1),
        announced_on="2023-01-15",
        publication=publication,
        original_language="es",
        **fields,
    )
    commitment.countries.set(Country.objects.filter(code="CO"))
    return commitment


def org_with_admin(language="en"):
    organisation = VerifiedOrganisationFactory()
    admin = UserFactory(preferred_language=language)
    MembershipFactory(user=admin, organisation=organisation, role=MembershipRole.ADMIN)
    return organisation, admin


def make_assessment(
    commitment=None, organisation=None, text="The permits never reached rural areas."
):
    commitment = commitment or make_commitment()
    if organisation is None:
        organisation, _admin = org_with_admin()
    return CsoAssessment.objects.create(
        commitment=commitment,
        organisation=organisation,
        rating="partial",
        text_en=text,
        original_language="en",
    )


def make_comment(commitment=None, author=None, organisation=None, text="Interpreters are needed."):
    commitment = commitment or make_commitment(publication="consultation")
    now = timezone.now()
    consultation = Consultation.objects.create(
        commitment=commitment,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=9),
    )
    return Comment.objects.create(
        consultation=consultation,
        author=author or UserFactory(),
        organisation=organisation,
        text=text,
    )


def make_proposal(visibility="public", organisation=None, **fields):
    committee = Committee.objects.order_by("pk").first()
    if organisation is None:
        organisation, _admin = org_with_admin()
    fields.setdefault("title", "Documents for children without passports")
    return Proposal.objects.create(
        committee=committee,
        organisation=organisation,
        kind=ProposalKind.POLICY,
        text="Accept birth certificates as identity documents.",
        language="en",
        visibility=visibility,
        response_due=timezone.localdate() + dt.timedelta(days=30),
        **fields,
    )


# --- Flagging -----------------------------------------------------------------------------


def test_flag_form_needs_sign_in(client):
    assessment = make_assessment()
    url = reverse("flag_create", args=["assessment", assessment.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_flag_form_shows_the_excerpt_and_records_one_flag_on_double_submit(client):
    assessment = make_assessment(text="The permits never reached rural areas.")
    person = UserFactory()
    client.force_login(person)
    url = reverse("flag_create", args=["assessment", assessment.pk])
    page = client.get(url).content.decode()
    assert "The permits never reached rural areas." in page
    data = {"reason": "misinformation", "note": "Figures do not match the source."}
    first = client.post(url, data, follow=True)
    client.post(url, data)
    assert "Thank you, the secretariat will review it" in first.content.decode()
    assert first.redirect_chain[-1][0].endswith(f"#assessment-{assessment.pk}")
    flags = Flag.objects.filter(flagged_by=person)
    assert flags.count() == 1
    assert flags.get().target == assessment and flags.get().status == FlagStatus.OPEN


def test_flag_form_requires_a_reason(client):
    assessment = make_assessment()
    client.force_login(UserFactory())
    url = reverse("flag_create", args=["assessment", assessment.pk])
    response = client.post(url, {"reason": "", "note": "x"})
    assert response.status_code == 200
    assert not Flag.objects.exists()


def test_service_double_flag_keeps_one_and_others_may_flag_too():
    comment = make_comment()
    person, other = UserFactory(), UserFactory()
    first, created = content_flag(target=comment, by=person, reason="spam", note="")
    again, created_again = content_flag(target=comment, by=person, reason="offensive", note="")
    content_flag(target=comment, by=other, reason="spam", note="")
    assert created and not created_again and first.pk == again.pk
    assert Flag.objects.count() == 2


@pytest.mark.parametrize(
    "make_target",
    [
        lambda: make_assessment(commitment=make_commitment(publication="draft")),
        lambda: make_comment(commitment=make_commitment(publication="draft")),
        lambda: make_proposal(visibility="committee"),
        lambda: make_proposal(hidden=True),
    ],
)
def test_only_public_content_can_be_flagged(client, make_target):
    target = make_target()
    kind = moderation.kind_of(target).key
    client.force_login(UserFactory())
    assert client.get(reverse("flag_create", args=[kind, target.pk])).status_code == 404
    with pytest.raises(ValidationError):
        content_flag(target=target, by=UserFactory(), reason="spam")


def test_unknown_kind_is_404(client):
    client.force_login(UserFactory())
    assert client.get(reverse("flag_create", args=["indicator", 1])).status_code == 404


def test_flagging_is_rate_limited(client, settings):
    settings.PORTAL_RATE_LIMITS = {"flag": "2/h"}
    assessments = [make_assessment() for _ in range(3)]
    client.force_login(UserFactory())
    codes = [
        client.post(
            reverse("flag_create", args=["assessment", a.pk]), {"reason": "spam"}
        ).status_code
        for a in assessments
    ]
    assert codes == [302, 302, 429]
    assert Flag.objects.count() == 2


def test_flag_links_appear_on_public_pages(client):
    commitment = make_commitment(publication="consultation")
    assessment = make_assessment(commitment=commitment)
    comment = make_comment(commitment=commitment)
    page = client.get(reverse("commitment_detail", args=[commitment.pk])).content.decode()
    assert reverse("flag_create", args=["assessment", assessment.pk]) in page
    assert reverse("flag_create", args=["comment", comment.pk]) in page
    proposal = make_proposal()
    page = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert reverse("flag_create", args=["proposal", proposal.pk]) in page


# --- The moderation queue -----------------------------------------------------------------


def staff_client(client):
    staff = StaffFactory()
    client.force_login(staff)
    return staff


def test_queue_groups_open_flags_per_object_oldest_first(client):
    older = make_assessment(text="An older flagged assessment.")
    newer = make_comment(text="A newer flagged comment.")
    for _ in range(2):
        content_flag(target=older, by=UserFactory(), reason="misinformation", note="Wrong figures")
    Flag.objects.update(created_at=timezone.now() - dt.timedelta(days=3))
    content_flag(target=newer, by=UserFactory(), reason="offensive")
    staff_client(client)
    page = client.get(reverse("staff_moderation_queue")).content.decode()
    assert page.index("An older flagged assessment.") < page.index("A newer flagged comment.")
    assert "False or misleading (2)" in page
    assert "Wrong figures" in page
    assert reverse("staff_moderation_decide", args=["assessment", older.pk]) in page


def test_dismiss_keeps_the_content_public(client):
    assessment = make_assessment(text="A fair assessment.")
    content_flag(target=assessment, by=UserFactory(), reason="spam")
    staff = staff_client(client)
    url = reverse("staff_moderation_decide", args=["assessment", assessment.pk])
    response = client.post(url, {"action": "dismiss"})
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert flag.status == FlagStatus.DISMISSED and flag.resolved_by == staff
    assessment.refresh_from_db()
    assert not assessment.hidden
    client.logout()
    page = client.get(reverse("commitment_detail", args=[assessment.commitment_id])).content
    assert "A fair assessment." in page.decode()
    assert staff_selectors.open_flag_object_count() == 0


def test_hide_requires_a_reason(client):
    assessment = make_assessment()
    content_flag(target=assessment, by=UserFactory(), reason="spam")
    staff_client(client)
    url = reverse("staff_moderation_decide", args=["assessment", assessment.pk])
    response = client.post(url, {"action": "hide", "reason": "  "}, follow=True)
    assert "Give the reason for hiding this content." in response.content.decode()
    assessment.refresh_from_db()
    assert not assessment.hidden
    assert Flag.objects.get().status == FlagStatus.OPEN


def test_hidden_assessment_leaves_page_tracker_exports_and_api(client, on_commit):
    commitment = make_commitment(title_en="Temporary protection permits")
    organisation, admin = org_with_admin(language="es")
    assessment = make_assessment(
        commitment=commitment, organisation=organisation, text="Hidden words of the assessment."
    )
    content_flag(target=assessment, by=UserFactory(), reason="personal_data")
    staff = staff_client(client)
    with on_commit(execute=True):
        client.post(
            reverse("staff_moderation_decide", args=["assessment", assessment.pk]),
            {"action": "hide", "reason": "It names a person seeking asylum."},
        )
    assessment.refresh_from_db()
    assert assessment.hidden and assessment.hidden_by == staff
    assert assessment.hidden_reason == "It names a person seeking asylum."
    assert Flag.objects.get().status == FlagStatus.HIDDEN
    # The organisation's admin is told, in Spanish.
    notification = Notification.objects.get(recipient=admin)
    assert notification.reason.startswith("moderation_hidden")
    assert notification.language == "es"
    assert "It names a person seeking asylum." in notification.body
    # History keeps who hid it.
    assert assessment.history.first().hidden is True
    assert AuditEvent.objects.filter(action="moderation.hide").exists()
    client.logout()
    page = client.get(reverse("commitment_detail", args=[commitment.pk])).content.decode()
    assert "Hidden words of the assessment." not in page
    tracker = client.get(reverse("tracker"), {"cso": "partial"}).content.decode()
    assert "Temporary protection permits" not in tracker
    export = client.get(reverse("tracker_export_json")).json()
    assert export["results"][0]["cso_assessments"] == 0
    assert list(open_data._rows("assessments")) == []
    api = client.get("/api/v1/assessments/").json()
    assert api["count"] == 0
    assert client.get(f"/api/v1/assessments/{assessment.pk}/").status_code == 404
    detail = client.get(f"/api/v1/commitments/{commitment.pk}/").json()
    assert detail["cso_ratings"] == []


def test_unhide_shows_it_again(client):
    assessment = make_assessment(text="Shown again after review.")
    staff = StaffFactory()
    moderation_hide(target=assessment, by=staff, reason="Mistake")
    staff_client(client)
    page = client.get(reverse("staff_moderation_queue")).content.decode()
    assert "Shown again after review." in page  # in the "recently hidden" list
    client.post(
        reverse("staff_moderation_decide", args=["assessment", assessment.pk]), {"action": "unhide"}
    )
    assessment.refresh_from_db()
    assert not assessment.hidden and assessment.hidden_reason == ""
    client.logout()
    page = client.get(reverse("commitment_detail", args=[assessment.commitment_id])).content
    assert "Shown again after review." in page.decode()


def test_hidden_comment_shows_the_moderators_note_and_author_is_told(client, on_commit):
    author = UserFactory(preferred_language="fr")
    comment = make_comment(author=author, text="Buy cheap watches here.")
    content_flag(target=comment, by=UserFactory(), reason="spam")
    with on_commit(execute=True):
        moderation_hide(target=comment, by=StaffFactory(), reason="Advertising")
    page = client.get(
        reverse("commitment_detail", args=[comment.consultation.commitment_id])
    ).content.decode()
    assert "Buy cheap watches here." not in page
    assert "Advertising" in page
    notification = Notification.objects.get(recipient=author)
    assert notification.language == "fr"


def test_hidden_proposal_is_404_except_for_staff_and_its_organisation(client):
    organisation, admin = org_with_admin()
    proposal = make_proposal(organisation=organisation, title="Hidden proposal title")
    _other_organisation, other_member = org_with_admin()
    coordinator = UserFactory()
    CommitteeCoordinator.objects.create(
        committee=proposal.committee, user=coordinator, country=Country.objects.get(code="CO")
    )
    moderation_hide(target=proposal, by=StaffFactory(), reason="Offensive wording")
    url = reverse("proposal_detail", args=[proposal.pk])
    assert client.get(url).status_code == 404
    for user in (other_member, coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(admin)
    page = client.get(url).content.decode()
    assert "hid this proposal" in page and "Offensive wording" in page
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200
    # Nor is it listed on the committee's page for the public.
    client.logout()
    committee_page = client.get(proposal.committee.get_absolute_url()).content.decode()
    assert "Hidden proposal title" not in committee_page


def test_dismiss_leaves_the_proposal_public(client):
    proposal = make_proposal(title="A proposal people disliked")
    content_flag(target=proposal, by=UserFactory(), reason="other")
    moderation_dismiss(target=proposal, by=StaffFactory())
    assert client.get(reverse("proposal_detail", args=[proposal.pk])).status_code == 200
    committee_page = client.get(proposal.committee.get_absolute_url()).content.decode()
    assert "A proposal people disliked" in committee_page


def test_moderation_services_require_staff():
    assessment = make_assessment()
    person = UserFactory()
    with pytest.raises(PermissionDenied):
        moderation_hide(target=assessment, by=person, reason="No")
    with pytest.raises(PermissionDenied):
        moderation_dismiss(target=assessment, by=person)
    with pytest.raises(PermissionDenied):
        moderation_unhide(target=assessment, by=person)


def test_second_hide_after_unhide_notifies_again():
    organisation, admin = org_with_admin()
    assessment = make_assessment(organisation=organisation)
    staff = StaffFactory()
    moderation_hide(target=assessment, by=staff, reason="First")
    moderation_unhide(target=assessment, by=staff)
    moderation_hide(target=assessment, by=staff, reason="Second")
    assert Notification.objects.filter(recipient=admin).count() == 2


def test_decide_on_unknown_kind_is_404(client):
    staff_client(client)
    url = reverse("staff_moderation_decide", args=["indicator", 1])
    assert client.post(url, {"action": "dismiss"}).status_code == 404


def _flag_many(count):
    for index in range(count):
        kind = index % 3
        if kind == 0:
            target = make_assessment()
        elif kind == 1:
            target = make_comment()
        else:
            target = make_proposal(status=ProposalStatus.SUBMITTED)
        content_flag(target=target, by=UserFactory(), reason="spam", note=f"note {index}")
    hidden = make_assessment()
    moderation_hide(target=hidden, by=StaffFactory(), reason="Hidden")


@pytest.mark.parametrize("count", [3, 15])
def test_moderation_queue_query_count_is_constant(client, django_assert_max_num_queries, count):
    _flag_many(count)
    staff_client(client)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("staff_moderation_queue"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card moderation-item"') == count
