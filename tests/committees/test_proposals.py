"""Written proposals: submitting with attachments, visibility, the workflow, emails."""

import io
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from committees import proposal_dashboard, proposal_demo
from committees import proposal_services as services
from committees.enums import ProposalKind, ProposalStatus, ProposalVisibility
from committees.models import (
    Committee,
    CommitteeCoordinator,
    CsoRepresentative,
    Proposal,
    ProposalAttachment,
    ProposalTransition,
)
from portal.enums import MembershipRole, OrganisationKind
from portal.models import Country, Notification
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)
from tests.uploads_support import image_bytes

# --- Files --------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = image_bytes("png")


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def pdf(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name="notes.docx"):
    return SimpleUploadedFile(name, _zip({"word/document.xml": "<w:document/>"}))


def xlsx(name="figures.xlsx"):
    return SimpleUploadedFile(name, _zip({"xl/workbook.xml": "<workbook/>"}))


def odt(name="letter.odt"):
    return SimpleUploadedFile(
        name, _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
    )


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def jpeg(name="photo.jpg"):
    return SimpleUploadedFile(name, image_bytes("jpeg"), content_type="image/jpeg")


def exe_as_pdf():
    return SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64)


def zip_as_docx():
    return SimpleUploadedFile("minutes.docx", _zip({"readme.txt": "not an office file"}))


def media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- People and objects -------------------------------------------------------------


def a_committee(index=0):
    return Committee.objects.select_related("action_package").order_by("pk")[index]


def coordinator_of(committee, *, language="en", active=True, code="CO", **fields):
    user = UserFactory(preferred_language=language, **fields)
    CommitteeCoordinator.objects.create(
        committee=committee, user=user, country=Country.objects.get(code=code), active=active
    )
    return user


def proposer(*, language="en", kind=OrganisationKind.CSO, verified=True, organisation=None):
    """A member of a (verified) civil-society organisation: (user, organisation)."""
    if organisation is None:
        factory = VerifiedOrganisationFactory if verified else OrganisationFactory
        organisation = factory(kind=kind)
    user = UserFactory(preferred_language=language)
    MembershipFactory(user=user, organisation=organisation, role=MembershipRole.ADMIN)
    return user, organisation


def representative_of(committee, *, language="en"):
    user, organisation = proposer(language=language)
    CsoRepresentative.objects.create(
        committee=committee,
        user=user,
        organisation=organisation,
        term_start=timezone.localdate() - timedelta(days=10),
        is_current=True,
    )
    return user


def make_proposal(committee, organisation, *, author=None, days_ago=0, **fields):
    """A proposal stored directly (the service is tested on its own)."""
    submitted_at = timezone.now() - timedelta(days=days_ago)
    fields.setdefault("title", "Documents for children without passports")
    fields.setdefault("kind", ProposalKind.POLICY)
    fields.setdefault("text", "Accept birth certificates as identity documents.")
    fields.setdefault("language", "es")
    proposal = Proposal.objects.create(
        committee=committee,
        organisation=organisation,
        author=author,
        submitted_at=submitted_at,
        response_due=timezone.localdate(submitted_at)
        + timedelta(days=committee.proposal_response_days),
        **fields,
    )
    ProposalTransition.objects.create(
        proposal=proposal,
        from_status="",
        to_status=ProposalStatus.SUBMITTED,
        by=author,
        at=submitted_at,
    )
    return proposal


def attach(proposal, upload=None):
    upload = upload or pdf()
    return ProposalAttachment.objects.create(
        proposal=proposal,
        file=upload,
        original_name=upload.name,
        kind="pdf",
        size=upload.size,
    )


def form_data(organisation, **overrides):
    data = {
        "organisation": organisation.pk,
        "kind": ProposalKind.EXPERTISE,
        "title": "Registration barriers seen in our offices",
        "text": "Appointments are cancelled and irregular fees are charged.",
        "language": "en",
        "visibility": ProposalVisibility.PUBLIC,
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def create_url(committee, lang="en"):
    with translation.override(lang):
        return reverse("proposal_create", args=[committee.slug])


def detail_url(proposal, lang="en"):
    with translation.override(lang):
        return reverse("proposal_detail", args=[proposal.pk])


def transition_url(proposal):
    return reverse("proposal_transition", args=[proposal.pk])


def attachment_url(attachment):
    return reverse("proposal_attachment", args=[attachment.proposal_id, attachment.pk])


def outbox_for(user):
    return [message for message in mail.outbox if user.email in message.to]


# --- Roles --------------------------------------------------------------------------

ROLES = [
    "anonymous",
    "no_organisation",
    "unrelated_member",
    "proposing_member",
    "coordinator",
    "other_coordinator",
    "representative",
    "other_representative",
    "staff",
]


@pytest.fixture
def world(db):
    """One committee, another committee, one proposing organisation, every role."""
    committee, other = a_committee(0), a_committee(1)
    author, organisation = proposer()
    people = {
        "anonymous": None,
        "no_organisation": UserFactory(),
        "unrelated_member": proposer()[0],
        "proposing_member": proposer(organisation=organisation)[0],
        "coordinator": coordinator_of(committee),
        "other_coordinator": coordinator_of(other),
        "representative": representative_of(committee),
        "other_representative": representative_of(other),
        "staff": StaffFactory(),
    }
    return {
        "committee": committee,
        "other": other,
        "organisation": organisation,
        "author": author,
        "people": people,
    }


def login(client, user):
    if user is not None:
        client.force_login(user)


# --- Who may submit -----------------------------------------------------------------


SUBMIT_EXPECTED = {
    "anonymous": 302,
    "no_organisation": 403,
    "unrelated_member": 200,
    "proposing_member": 200,
    "coordinator": 403,
    "other_coordinator": 403,
    "representative": 200,
    "other_representative": 200,
    "staff": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_proposal_form(client, world, role):
    login(client, world["people"][role])

    response = client.get(create_url(world["committee"]))

    assert response.status_code == SUBMIT_EXPECTED[role]
    if response.status_code == 302:
        assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("kind", "verified"),
    [
        (OrganisationKind.CSO, False),
        (OrganisationKind.GOVERNMENT, True),
        (OrganisationKind.INTERNATIONAL, True),
    ],
)
def test_members_of_unverified_or_non_civil_society_organisations_may_not_submit(
    client, db, kind, verified
):
    user, organisation = proposer(kind=kind, verified=verified)
    client.force_login(user)

    assert client.get(create_url(a_committee())).status_code == 403
    response = client.post(create_url(a_committee()), form_data(organisation))

    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_academia_member_may_submit(client, db):
    user, organisation = proposer(kind=OrganisationKind.ACADEMIA)
    client.force_login(user)

    response = client.post(create_url(a_committee()), form_data(organisation))

    assert response.status_code == 302
    assert Proposal.objects.get().organisation == organisation


def test_cannot_submit_on_behalf_of_an_organisation_one_is_not_in(client, db):
    user, _own = proposer()
    _stranger, foreign = proposer()
    client.force_login(user)

    response = client.post(create_url(a_committee()), form_data(foreign))

    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not Proposal.objects.exists()


def test_unknown_committee_is_404(client, db):
    user, _organisation = proposer()
    client.force_login(user)

    assert client.get("/en/committees/no-such-committee/proposals/new/").status_code == 404


# --- Submitting ---------------------------------------------------------------------


def test_member_submits_a_proposal_with_attachments(client, db, settings, on_commit):
    committee = a_committee()
    committee.proposal_response_days = 45
    committee.save()
    user, organisation = proposer()
    client.force_login(user)
    files = [pdf(), docx(), odt(), xlsx(), png()]

    with on_commit(execute=True):
        response = client.post(
            create_url(committee), {**form_data(organisation), "attachments": files}
        )

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(proposal)
    assert proposal.committee == committee
    assert proposal.organisation == organisation
    assert proposal.author == user
    assert proposal.kind == ProposalKind.EXPERTISE
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.response_due == timezone.localdate(proposal.submitted_at) + timedelta(days=45)
    assert sorted(proposal.attachments.values_list("kind", flat=True)) == sorted(
        ["pdf", "docx", "odt", "xlsx", "png"]
    )
    assert len(media_files(settings)) == 5
    transition = proposal.transitions.get()
    assert (transition.from_status, transition.to_status, transition.by) == ("", "submitted", user)
    assert proposal.history.count() == 1


def test_jpeg_attachment_accepted(client, db):
    user, organisation = proposer()
    client.force_login(user)

    client.post(create_url(a_committee()), {**form_data(organisation), "attachments": [jpeg()]})

    assert Proposal.objects.get().attachments.get().kind == "jpeg"


@pytest.mark.parametrize(
    ("upload", "problem"),
    [
        (exe_as_pdf, "not accepted"),
        (zip_as_docx, "not accepted"),
        (lambda: SimpleUploadedFile("sheet.ods", _zip({"mimetype": "x.spreadsheet"})), "PDF"),
        (lambda: SimpleUploadedFile("empty.pdf", b""), "empty"),
    ],
)
def test_bad_attachment_is_refused_and_nothing_is_stored(client, db, settings, upload, problem):
    user, organisation = proposer()
    client.force_login(user)
    bad = upload()

    response = client.post(
        create_url(a_committee()), {**form_data(organisation), "attachments": [pdf(), bad]}
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["attachments"])
    assert bad.name in errors
    assert problem in errors
    assert "nothing was saved" in response.content.decode()
    assert not Proposal.objects.exists()
    assert not ProposalAttachment.objects.exists()
    assert media_files(settings) == []


def test_oversize_attachment_is_refused_and_nothing_is_stored(client, db, settings):
    user, organisation = proposer()
    client.force_login(user)
    big = pdf("annex.pdf", PDF + b"0" * settings.UPLOAD_MAX_BYTES)

    response = client.post(
        create_url(a_committee()), {**form_data(organisation), "attachments": [big, docx()]}
    )

    errors = " ".join(response.context["form"].errors["attachments"])
    assert "annex.pdf" in errors
    assert "too large" in errors
    assert "10.0\xa0MB" in errors
    assert not Proposal.objects.exists()
    assert media_files(settings) == []


def test_more_than_five_attachments_refused(client, db, settings):
    user, organisation = proposer()
    client.force_login(user)
    files = [pdf(f"part-{i}.pdf") for i in range(6)]

    response = client.post(
        create_url(a_committee()), {**form_data(organisation), "attachments": files}
    )

    assert "at most 5 files" in " ".join(response.context["form"].errors["attachments"])
    assert not Proposal.objects.exists()
    assert media_files(settings) == []


def test_bad_attachment_message_in_the_users_language(client, db):
    user, organisation = proposer(language="es")
    client.force_login(user)

    response = client.post(
        create_url(a_committee(), lang="es"),
        {**form_data(organisation), "attachments": [exe_as_pdf()]},
    )

    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "invoice.pdf" in html
    assert not Proposal.objects.exists()


def test_failure_after_files_were_stored_removes_them(db, settings, monkeypatch):
    committee = a_committee()
    coordinator_of(committee)
    user, organisation = proposer()

    def broken(**kwargs):
        raise RuntimeError("mail system down")

    monkeypatch.setattr(services, "notify", broken)
    with pytest.raises(RuntimeError):
        services.proposal_submit(
            committee=committee,
            organisation=organisation,
            by=user,
            kind=ProposalKind.POLICY,
            title="A proposal",
            text="Text",
            language="es",
            visibility=ProposalVisibility.PUBLIC,
            submission_key=uuid.uuid4(),
            attachments=[pdf(), png()],
        )

    assert not Proposal.objects.exists()
    assert media_files(settings) == []


def test_service_refuses_bad_attachments_too(db, settings):
    user, organisation = proposer()

    with pytest.raises(services.ValidationError):
        services.proposal_submit(
            committee=a_committee(),
            organisation=organisation,
            by=user,
            kind=ProposalKind.POLICY,
            title="A proposal",
            text="Text",
            language="es",
            visibility=ProposalVisibility.PUBLIC,
            submission_key=uuid.uuid4(),
            attachments=[pdf(), exe_as_pdf()],
        )

    assert not Proposal.objects.exists()
    assert media_files(settings) == []


def test_double_submit_makes_one_proposal(client, db, on_commit):
    committee = a_committee()
    coordinator = coordinator_of(committee)
    user, organisation = proposer()
    client.force_login(user)
    data = form_data(organisation)

    with on_commit(execute=True):
        first = client.post(create_url(committee), {**data, "attachments": [pdf()]})
    with on_commit(execute=True):
        second = client.post(create_url(committee), {**data, "attachments": [pdf()]})

    proposal = Proposal.objects.get()
    assert first["Location"] == second["Location"] == detail_url(proposal)
    assert proposal.attachments.count() == 1
    assert proposal.transitions.count() == 1
    assert len(outbox_for(coordinator)) == 1


def test_double_submit_through_the_service_returns_the_same_proposal(db):
    user, organisation = proposer()
    key = uuid.uuid4()
    arguments = {
        "committee": a_committee(),
        "organisation": organisation,
        "by": user,
        "kind": ProposalKind.POLICY,
        "title": "Once",
        "text": "Text",
        "language": "es",
        "visibility": ProposalVisibility.PUBLIC,
        "submission_key": key,
    }

    first, created = services.proposal_submit(**arguments)
    again, created_again = services.proposal_submit(**arguments)

    assert (created, created_again) == (True, False)
    assert first == again
    assert Proposal.objects.count() == 1


def test_a_used_form_key_cannot_be_reused_by_someone_else(client, db):
    committee = a_committee()
    author, organisation = proposer()
    proposal = make_proposal(committee, organisation, author=author, submission_key=uuid.uuid4())
    other, other_organisation = proposer()
    client.force_login(other)

    response = client.post(
        create_url(committee),
        form_data(other_organisation, submission_key=str(proposal.submission_key)),
    )

    assert response.status_code == 200
    assert "already used" in response.content.decode()
    assert Proposal.objects.count() == 1


def test_attachment_names_follow_their_real_type(db):
    assert services._safe_name("report.PDF", "pdf") == "report.pdf"
    assert services._safe_name("../../etc/passwd", "pdf") == "passwd.pdf"
    assert services._safe_name("C:\\Users\\ana\\scan.exe", "png") == "scan.png"
    assert services._safe_name("photo.jpeg", "jpeg") == "photo.jpeg"
    assert services._safe_name("", "docx") == "attachment.docx"
    assert len(services._safe_name("x" * 400 + ".pdf", "pdf")) == 200


# --- Seeing a proposal --------------------------------------------------------------

VIEW_COMMITTEE_ONLY = {
    "anonymous": 404,
    "no_organisation": 404,
    "unrelated_member": 404,
    "proposing_member": 200,
    "coordinator": 200,
    "other_coordinator": 404,
    "representative": 200,
    "other_representative": 404,
    "staff": 200,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", [ProposalVisibility.PUBLIC, ProposalVisibility.COMMITTEE])
def test_who_may_see_a_proposal_and_its_attachments(client, world, role, visibility):
    proposal = make_proposal(
        world["committee"], world["organisation"], author=world["author"], visibility=visibility
    )
    attachment = attach(proposal, pdf("evidence.pdf"))
    login(client, world["people"][role])
    expected = 200 if visibility == ProposalVisibility.PUBLIC else VIEW_COMMITTEE_ONLY[role]

    page = client.get(detail_url(proposal))
    download = client.get(attachment_url(attachment))

    assert page.status_code == expected
    assert download.status_code == expected
    if expected == 200:
        assert proposal.title in page.content.decode()
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Disposition"] == 'attachment; filename="evidence.pdf"'
    else:
        assert proposal.title not in page.content.decode()


def test_hidden_and_missing_proposals_answer_alike(client, world):
    proposal = make_proposal(
        world["committee"], world["organisation"], visibility=ProposalVisibility.COMMITTEE
    )
    attachment = attach(proposal)

    hidden = client.get(detail_url(proposal))
    missing = client.get(reverse("proposal_detail", args=[proposal.pk + 1000]))

    assert hidden.status_code == missing.status_code == 404
    # The same page, apart from the language links, which repeat the path.
    assert hidden.content.decode() == missing.content.decode().replace(
        f"/proposals/{proposal.pk + 1000}/", f"/proposals/{proposal.pk}/"
    )
    assert client.get(attachment_url(attachment)).status_code == 404


def test_attachment_of_another_proposal_is_404(client, world):
    proposal = make_proposal(world["committee"], world["organisation"])
    other = make_proposal(
        world["committee"], world["organisation"], visibility=ProposalVisibility.COMMITTEE
    )
    hidden_attachment = attach(other)

    url = reverse("proposal_attachment", args=[proposal.pk, hidden_attachment.pk])

    assert client.get(url).status_code == 404


def test_committee_only_attachment_is_not_cached_publicly(client, world):
    proposal = make_proposal(
        world["committee"], world["organisation"], visibility=ProposalVisibility.COMMITTEE
    )
    attachment = attach(proposal)
    client.force_login(world["people"]["coordinator"])

    response = client.get(attachment_url(attachment))

    assert response["Cache-Control"] == "private, no-store"


def test_page_shows_organisation_not_the_authors_email(client, world):
    author = world["author"]
    proposal = make_proposal(world["committee"], world["organisation"], author=author)

    html = client.get(detail_url(proposal)).content.decode()

    assert world["organisation"].name in html
    assert author.email not in html
    assert author.get_full_name() not in html
    assert proposal.get_kind_display() in html
    assert "Respond" not in html


# --- Workflow -----------------------------------------------------------------------

TRANSITION_EXPECTED = {
    # role: (public proposal, committee-only proposal)
    "anonymous": (302, 302),
    "no_organisation": (403, 404),
    "unrelated_member": (403, 404),
    "proposing_member": (403, 403),
    "coordinator": (302, 302),
    "other_coordinator": (403, 404),
    "representative": (403, 403),
    "other_representative": (403, 404),
    "staff": (302, 302),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", [ProposalVisibility.PUBLIC, ProposalVisibility.COMMITTEE])
def test_who_may_change_a_proposals_status(client, world, role, visibility):
    proposal = make_proposal(world["committee"], world["organisation"], visibility=visibility)
    person = world["people"][role]
    login(client, person)
    public, committee_only = TRANSITION_EXPECTED[role]
    expected = public if visibility == ProposalVisibility.PUBLIC else committee_only

    response = client.post(transition_url(proposal), {"to_status": "acknowledged"})

    assert response.status_code == expected
    proposal.refresh_from_db()
    if person is not None and expected == 302:
        assert response["Location"] == detail_url(proposal)
        assert proposal.status == ProposalStatus.ACKNOWLEDGED
        assert proposal.transitions.last().by == person
    else:
        assert proposal.status == ProposalStatus.SUBMITTED
        if person is None:
            assert reverse("account_login") in response["Location"]


def test_transition_form_is_post_only(client, world):
    proposal = make_proposal(world["committee"], world["organisation"])
    client.force_login(world["people"]["coordinator"])

    assert client.get(transition_url(proposal)).status_code == 405


def test_inactive_coordinator_may_not_answer(client, world):
    proposal = make_proposal(world["committee"], world["organisation"])
    client.force_login(coordinator_of(world["committee"], active=False, code="MX"))

    assert client.post(transition_url(proposal), {"to_status": "acknowledged"}).status_code == 403


def test_full_workflow_is_recorded_and_the_response_published(client, world):
    proposal = make_proposal(world["committee"], world["organisation"], author=world["author"])
    coordinator = world["people"]["coordinator"]
    client.force_login(coordinator)

    client.post(transition_url(proposal), {"to_status": "acknowledged", "note": "Received."})
    client.post(transition_url(proposal), {"to_status": "under_consideration"})
    client.post(
        transition_url(proposal),
        {"to_status": "responded", "response": "Birth certificates will be accepted."},
    )

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RESPONDED
    assert proposal.response == "Birth certificates will be accepted."
    assert proposal.responded_at is not None
    steps = list(proposal.transitions.values_list("from_status", "to_status", "by", "note"))
    assert steps == [
        ("", "submitted", world["author"].pk, ""),
        ("submitted", "acknowledged", coordinator.pk, "Received."),
        ("acknowledged", "under_consideration", coordinator.pk, ""),
        ("under_consideration", "responded", coordinator.pk, ""),
    ]
    assert proposal.history.count() == 4
    client.logout()
    html = client.get(detail_url(proposal)).content.decode()
    assert "Birth certificates will be accepted." in html
    assert "Received." in html
    assert "Overdue" not in html


def test_responding_requires_the_response_text(client, world):
    proposal = make_proposal(
        world["committee"], world["organisation"], status=ProposalStatus.UNDER_CONSIDERATION
    )
    client.force_login(world["people"]["coordinator"])

    response = client.post(transition_url(proposal), {"to_status": "responded", "response": " "})

    assert response.status_code == 200
    assert "Write the committee&#x27;s response" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_CONSIDERATION
    assert proposal.transitions.count() == 1


def test_closing_requires_a_reason_which_is_published(client, world):
    proposal = make_proposal(world["committee"], world["organisation"])
    client.force_login(world["people"]["coordinator"])

    refused = client.post(transition_url(proposal), {"to_status": "closed"})
    proposal.refresh_from_db()
    assert "Give the reason for closing" in refused.content.decode()
    assert proposal.status == ProposalStatus.SUBMITTED

    client.post(transition_url(proposal), {"to_status": "closed", "reason": "Out of scope."})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED
    assert proposal.closed_reason == "Out of scope."
    client.logout()
    assert "Out of scope." in client.get(detail_url(proposal)).content.decode()


@pytest.mark.parametrize(
    ("status", "to_status"),
    [
        (ProposalStatus.SUBMITTED, "responded"),
        (ProposalStatus.SUBMITTED, "under_consideration"),
        (ProposalStatus.SUBMITTED, "submitted"),
        (ProposalStatus.ACKNOWLEDGED, "responded"),
        (ProposalStatus.RESPONDED, "closed"),
        (ProposalStatus.CLOSED, "acknowledged"),
        (ProposalStatus.ACKNOWLEDGED, "bogus"),
    ],
)
def test_invalid_transitions_are_refused_with_a_message(client, world, status, to_status):
    proposal = make_proposal(world["committee"], world["organisation"], status=status)
    client.force_login(world["people"]["coordinator"])

    response = client.post(
        transition_url(proposal),
        {"to_status": to_status, "response": "Yes.", "reason": "Because."},
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    assert any("cannot move from" in m for m in messages)
    proposal.refresh_from_db()
    assert proposal.status == status
    assert proposal.transitions.count() == 1


def test_service_refuses_invalid_transition(world):
    proposal = make_proposal(world["committee"], world["organisation"])

    with pytest.raises(services.ValidationError):
        services.proposal_transition(
            proposal=proposal,
            by=world["people"]["coordinator"],
            to_status=ProposalStatus.RESPONDED,
            response="Too early.",
        )
    with pytest.raises(services.PermissionDenied):
        services.proposal_transition(
            proposal=proposal,
            by=world["people"]["representative"],
            to_status=ProposalStatus.ACKNOWLEDGED,
        )


def test_timeline_names_people_only_for_those_who_may_manage(client, world):
    coordinator = world["people"]["coordinator"]
    proposal = make_proposal(world["committee"], world["organisation"], author=world["author"])
    services.proposal_transition(
        proposal=proposal, by=coordinator, to_status=ProposalStatus.ACKNOWLEDGED
    )
    services.proposal_transition(
        proposal=proposal, by=world["people"]["staff"], to_status=ProposalStatus.UNDER_CONSIDERATION
    )

    public = client.get(detail_url(proposal)).content.decode()
    client.force_login(world["people"]["proposing_member"])
    member = client.get(detail_url(proposal)).content.decode()
    client.force_login(coordinator)
    managing = client.get(detail_url(proposal)).content.decode()

    for html in (public, member):
        assert "Committee coordinators" in html
        assert "Technical secretariat" in html
        assert coordinator.get_full_name() not in html
        assert world["people"]["staff"].get_full_name() not in html
    assert f"{coordinator.get_full_name()} (Committee coordinators)" in managing
    assert world["people"]["staff"].get_full_name() in managing
    assert "Publish the committee&#x27;s response" in managing
    assert "Publish the committee&#x27;s response" not in member


def test_only_allowed_next_steps_are_offered(client, world):
    proposal = make_proposal(world["committee"], world["organisation"])
    client.force_login(world["people"]["coordinator"])

    html = client.get(detail_url(proposal)).content.decode()

    assert "Acknowledge receipt" in html
    assert "Close the proposal" in html
    assert "Publish the committee&#x27;s response" not in html
    assert "Mark as under consideration" not in html


# --- Overdue ------------------------------------------------------------------------


def test_overdue_is_computed_and_marked_while_open(client, world):
    committee = world["committee"]
    overdue = make_proposal(committee, world["organisation"], days_ago=70, title="Late one")
    on_time = make_proposal(committee, world["organisation"], days_ago=10, title="On time")
    answered = make_proposal(
        committee,
        world["organisation"],
        days_ago=70,
        title="Answered late",
        status=ProposalStatus.RESPONDED,
        response="Done.",
    )

    assert (overdue.is_overdue, on_time.is_overdue, answered.is_overdue) == (True, False, False)
    assert overdue.response_due == timezone.localdate() - timedelta(days=10)
    assert (
        'class="badge badge-warn proposal-overdue"'
        in client.get(detail_url(overdue)).content.decode()
    )
    assert "proposal-overdue" not in client.get(detail_url(on_time)).content.decode()
    assert "proposal-overdue" not in client.get(detail_url(answered)).content.decode()


def test_due_today_is_not_overdue(world):
    proposal = make_proposal(world["committee"], world["organisation"], days_ago=60)

    assert proposal.response_due == timezone.localdate()
    assert not proposal.is_overdue


# --- Emails -------------------------------------------------------------------------


def test_submission_notifies_active_coordinators_and_representative_once_in_their_language(
    client, db, on_commit
):
    committee = a_committee()
    coordinator = coordinator_of(committee, language="es")
    inactive = coordinator_of(committee, active=False, code="MX")
    elsewhere = coordinator_of(a_committee(1))
    representative = representative_of(committee, language="pt")
    user, organisation = proposer()
    client.force_login(user)
    data = form_data(organisation, title="Registro de niñas y niños")

    with on_commit(execute=True):
        client.post(create_url(committee), data)
    with on_commit(execute=True):
        client.post(create_url(committee), data)

    proposal = Proposal.objects.get()
    to_coordinator = outbox_for(coordinator)
    to_representative = outbox_for(representative)
    assert len(to_coordinator) == len(to_representative) == 1
    assert f"/es/proposals/{proposal.pk}/" in to_coordinator[0].body
    assert f"/pt/proposals/{proposal.pk}/" in to_representative[0].body
    assert "Registro de niñas y niños" in to_coordinator[0].subject
    assert organisation.name in to_coordinator[0].body
    assert outbox_for(inactive) == outbox_for(elsewhere) == outbox_for(user) == []


def test_each_status_change_notifies_the_organisation_and_representative_once(world, on_commit):
    committee = world["committee"]
    organisation = world["organisation"]
    author = world["author"]
    author.preferred_language = "fr"
    author.save()
    member = world["people"]["proposing_member"]
    pending = UserFactory()
    MembershipFactory(user=pending, organisation=organisation, accepted=False)
    representative = world["people"]["representative"]
    representative.preferred_language = "ht"
    representative.save()
    coordinator = world["people"]["coordinator"]
    proposal = make_proposal(committee, organisation, author=author, title="Dokiman pou timoun")

    with on_commit(execute=True):
        services.proposal_transition(
            proposal=proposal, by=coordinator, to_status=ProposalStatus.ACKNOWLEDGED
        )
    with on_commit(execute=True):
        services.proposal_transition(
            proposal=proposal, by=coordinator, to_status=ProposalStatus.UNDER_CONSIDERATION
        )
    with on_commit(execute=True), pytest.raises(services.ValidationError):
        services.proposal_transition(
            proposal=proposal, by=coordinator, to_status=ProposalStatus.UNDER_CONSIDERATION
        )
    with on_commit(execute=True):
        services.proposal_transition(
            proposal=proposal,
            by=coordinator,
            to_status=ProposalStatus.RESPONDED,
            response="Nou dakò.",
        )

    assert len(outbox_for(author)) == len(outbox_for(member)) == 3
    assert len(outbox_for(representative)) == 3
    assert all(f"/fr/proposals/{proposal.pk}/" in m.body for m in outbox_for(author))
    assert all(f"/ht/proposals/{proposal.pk}/" in m.body for m in outbox_for(representative))
    assert all("Dokiman pou timoun" in m.subject for m in outbox_for(member))
    assert "Nou dakò." in outbox_for(member)[-1].body
    assert outbox_for(pending) == outbox_for(coordinator) == []
    assert outbox_for(world["people"]["other_representative"]) == []
    targets = Notification.objects.filter(reason="proposal_status_changed", recipient=member)
    assert targets.count() == 3
    assert {n.object_id for n in targets} == {
        str(pk) for pk in proposal.transitions.exclude(from_status="").values_list("pk", flat=True)
    }


def test_status_change_email_through_the_page(client, world, on_commit):
    proposal = make_proposal(world["committee"], world["organisation"], author=world["author"])
    client.force_login(world["people"]["coordinator"])

    with on_commit(execute=True):
        client.post(transition_url(proposal), {"to_status": "closed", "reason": "Duplicate."})

    messages = outbox_for(world["author"])
    assert len(messages) == 1
    assert "Duplicate." in messages[0].body


# --- Dashboard ----------------------------------------------------------------------


def test_coordinator_dashboard_lists_open_proposals_overdue_first(client, world):
    committee = world["committee"]
    organisation = world["organisation"]
    recent = make_proposal(committee, organisation, days_ago=5, title="Recent proposal")
    late = make_proposal(committee, organisation, days_ago=80, title="Late proposal")
    make_proposal(committee, organisation, title="Closed", status=ProposalStatus.CLOSED)
    make_proposal(world["other"], organisation, title="Other committee's")

    items = proposal_dashboard.proposals_awaiting_answer(world["people"]["coordinator"])

    assert [i["url"] for i in items] == [late.get_absolute_url(), recent.get_absolute_url()]
    assert "Overdue" in items[0]["text"]
    assert "Late proposal" in items[0]["text"]
    assert proposal_dashboard.proposals_awaiting_answer(world["people"]["staff"]) == []

    client.force_login(world["people"]["coordinator"])
    html = client.get(reverse("dashboard")).content.decode()
    assert "Late proposal" in html


def test_member_dashboard_lists_their_organisations_open_proposals(world):
    committee = world["committee"]
    organisation = world["organisation"]
    mine = make_proposal(committee, organisation, title="Ours")
    services.proposal_transition(
        proposal=mine, by=world["people"]["coordinator"], to_status=ProposalStatus.ACKNOWLEDGED
    )
    make_proposal(committee, organisation, title="Ours, closed", status=ProposalStatus.CLOSED)
    _someone, other_organisation = proposer()
    make_proposal(committee, other_organisation, title="Theirs")

    items = proposal_dashboard.my_organisations_proposals(world["people"]["proposing_member"])

    assert [i["url"] for i in items] == [mine.get_absolute_url()]
    assert "Acknowledged" in items[0]["text"]
    assert proposal_dashboard.my_organisations_proposals(world["people"]["no_organisation"]) == []


# --- Query counts -------------------------------------------------------------------


def _populate(world, count):
    """``count`` other proposals, members and transitions around the page's proposal."""
    committee, organisation = world["committee"], world["organisation"]
    for i in range(count):
        other = make_proposal(committee, organisation, title=f"Other {i}")
        attach(other)
        MembershipFactory(organisation=organisation)
        coordinator_of(committee, code="MX")


@pytest.mark.parametrize("count", [1, 15])
@pytest.mark.parametrize("role", ["anonymous", "proposing_member", "coordinator", "staff"])
def test_proposal_page_query_count_is_constant(
    client, world, django_assert_max_num_queries, count, role
):
    _populate(world, count)
    proposal = make_proposal(
        world["committee"],
        world["organisation"],
        author=world["author"],
        visibility=ProposalVisibility.COMMITTEE if role != "anonymous" else "public",
    )
    for _i in range(count % 5 + 1):
        attach(proposal)
    services.proposal_transition(
        proposal=proposal, by=world["people"]["coordinator"], to_status=ProposalStatus.ACKNOWLEDGED
    )
    login(client, world["people"][role])

    with django_assert_max_num_queries(12):
        response = client.get(detail_url(proposal))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 15])
def test_proposal_form_query_count_is_constant(client, world, django_assert_max_num_queries, count):
    _populate(world, count)
    for _i in range(count):
        MembershipFactory(user=world["author"], organisation=VerifiedOrganisationFactory())
    client.force_login(world["author"])

    with django_assert_max_num_queries(8):
        response = client.get(create_url(world["committee"]))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 15])
def test_dashboard_providers_query_count_is_constant(world, django_assert_max_num_queries, count):
    _populate(world, count)

    with django_assert_max_num_queries(1):
        proposal_dashboard.proposals_awaiting_answer(world["people"]["coordinator"])
    with django_assert_max_num_queries(1):
        proposal_dashboard.my_organisations_proposals(world["people"]["proposing_member"])


# --- Demo ---------------------------------------------------------------------------


class _Out:
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)


def _demo_people():
    people = {
        key: UserFactory(preferred_language="es")
        for key in ("staff", "cso_admin", "cso_member", "representative", "coordinator")
    }
    people["staff"].is_staff = True
    people["staff"].save()
    people["coordinator_ca"] = UserFactory(preferred_language="fr")
    for name, key in [
        ("Red Clamor Colombia", "cso_admin"),
        ("Kolektif Fanm Migran Ayisyen", "cso_member"),
        ("Rede Sem Fronteiras Brasil", "representative"),
    ]:
        organisation = VerifiedOrganisationFactory(name=name)
        MembershipFactory(user=people[key], organisation=organisation, role=MembershipRole.ADMIN)
    return people


def test_demo_seeds_every_case_once(db, settings):
    people = _demo_people()

    proposal_demo.seed(people=people, scale=1, stdout=_Out())
    proposal_demo.seed(people=people, scale=1, stdout=_Out())

    proposals = Proposal.objects.all()
    assert proposals.count() == 6
    assert proposals.values("committee").distinct().count() == 3
    assert set(proposals.values_list("kind", flat=True)) == set(ProposalKind.values)
    assert proposals.filter(visibility=ProposalVisibility.COMMITTEE).count() == 1
    responded = proposals.get(status=ProposalStatus.RESPONDED)
    assert responded.response and responded.responded_at
    assert responded.attachments.count() == 1
    assert proposals.get(status=ProposalStatus.CLOSED).closed_reason
    assert [p for p in proposals if p.is_overdue]
    for proposal in proposals:
        steps = list(proposal.transitions.order_by("at", "pk"))
        assert steps[0].from_status == ""
        assert steps[-1].to_status == proposal.status
        assert steps[0].at == proposal.submitted_at
    assert len(media_files(settings)) == 1


def test_demo_scale_adds_synthetic_proposals_once(db):
    people = _demo_people()

    proposal_demo.seed(people=people, scale=2, stdout=_Out())
    proposal_demo.seed(people=people, scale=2, stdout=_Out())

    assert Proposal.objects.filter(title__startswith="Demo proposal").count() == 10
    assert ProposalTransition.objects.filter(proposal__title__startswith="Demo").count() == 10
