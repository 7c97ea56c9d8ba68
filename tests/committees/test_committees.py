import random
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from commitments.models import Commitment
from committees import committee_services as services
from committees.models import (
    Briefing,
    Committee,
    CommitteeCoordinator,
    CsoRepresentative,
    Proposal,
)
from portal.enums import OrganisationKind
from portal.models import Country
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)

pytestmark = pytest.mark.django_db

SLUG = "temporary-protection-regularization"
OTHER_SLUG = "investing-in-asylum"

# --- Helpers ----------------------------------------------------------------------------


def committee(slug=SLUG):
    return Committee.objects.select_related("action_package").get(slug=slug)


def coordinator(com, code="CO", **user_kwargs):
    user = UserFactory(**user_kwargs)
    CommitteeCoordinator.objects.create(
        committee=com,
        user=user,
        country=Country.objects.get(code=code),
        contact_email=f"contact-{user.pk}@gov.example",
        contact_phone=f"+57 601 {user.pk:07d}",
    )
    return user


def cso_member(verified=True, **user_kwargs):
    factory = VerifiedOrganisationFactory if verified else OrganisationFactory
    organisation = factory()
    user = UserFactory(**user_kwargs)
    MembershipFactory(user=user, organisation=organisation)
    return user, organisation


def representative(com, **user_kwargs):
    user, organisation = cso_member(**user_kwargs)
    CsoRepresentative.objects.create(
        committee=com,
        user=user,
        organisation=organisation,
        term_start=timezone.localdate() - timedelta(days=60),
    )
    return user


def proposal(com, organisation, *, title="Propuesta", visibility="public", **fields):
    fields.setdefault("response_due", timezone.localdate() + timedelta(days=30))
    return Proposal.objects.create(
        committee=com,
        organisation=organisation,
        kind="policy",
        title=title,
        text="Texto de la propuesta.",
        visibility=visibility,
        **fields,
    )


def briefing(com, days_from_now, **fields):
    fields.setdefault("title_es", f"Sesión informativa {days_from_now}")
    return Briefing.objects.create(
        committee=com, starts_at=timezone.now() + timedelta(days=days_from_now), **fields
    )


def commitment(com, title, publication="published"):
    c = Commitment.objects.create(
        pillar=com.action_package.pillar,
        action_package=com.action_package,
        announced_on="2024-03-01",
        publication=publication,
        original_language="es",
        title_es=title,
    )
    c.countries.set(Country.objects.filter(code="CO"))
    return c


# --- Committee list ---------------------------------------------------------------------


def test_committee_list_shows_each_committee_with_its_figures(client):
    com = committee()
    user, organisation = cso_member()
    organisation.name = "Rede Sem Fronteiras Brasil"
    organisation.save()
    CsoRepresentative.objects.create(
        committee=com, user=user, organisation=organisation, term_start="2025-01-01"
    )
    briefing(com, -100)
    soon = briefing(com, 40)
    briefing(com, 200)
    other_org = VerifiedOrganisationFactory()
    proposal(com, other_org)
    proposal(com, other_org, response_due=timezone.localdate() - timedelta(days=3))
    proposal(com, other_org, status="responded")
    proposal(com, other_org, visibility="committee")

    response = client.get("/es/committees/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Protección temporal y regularización" in page
    assert "Rede Sem Fronteiras Brasil" in page
    assert user.full_name not in page  # the organisation only
    assert f"/es/committees/{SLUG}/briefings/{soon.pk}/" in page
    row = next(c for c in response.context["committees"] if c.slug == SLUG)
    assert row.next_briefing_id == soon.pk
    # The committee-only proposal is not counted for the public.
    assert (row.open_proposal_count, row.overdue_proposal_count) == (2, 1)
    assert len(response.context["committees"]) == Committee.objects.count()


def test_committee_list_counts_committee_only_proposals_for_those_who_see_them(client):
    com = committee()
    _member, organisation = cso_member()
    proposal(com, organisation, visibility="committee")
    client.force_login(StaffFactory())
    row = next(c for c in client.get("/en/committees/").context["committees"] if c.slug == SLUG)
    assert row.open_proposal_count == 1


@pytest.mark.parametrize("per_committee", [1, 8])
def test_committee_list_query_count_is_constant(
    client, django_assert_max_num_queries, per_committee
):
    for com in Committee.objects.select_related("action_package"):
        _member, organisation = cso_member()
        representative(com)
        for i in range(per_committee):
            proposal(com, organisation, title=f"P{i}")
            proposal(com, organisation, visibility="committee", title=f"C{i}")
            briefing(com, 10 + i)
    member, _org = cso_member()
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get("/en/committees/")
    assert response.status_code == 200


# --- Committee page ---------------------------------------------------------------------


def test_committee_page_shows_members_coordinators_representative_briefings_proposals(client):
    com = committee()
    coordinator(com, "CO", full_name="Carlos Herrera")
    rep = representative(com, full_name="Lucía Gómez")
    rep_org = rep.organisations.get()
    upcoming = briefing(com, 45, agenda_deadline_days=30)
    past = briefing(
        com, -20, status="held", agenda_published_at=timezone.now() - timedelta(days=60)
    )
    _author, organisation = cso_member()
    waiting = proposal(com, organisation, title="Ventanilla única de regularización")
    late = proposal(
        com,
        organisation,
        title="Documentos para niñez migrante",
        status="acknowledged",
        response_due=timezone.localdate() - timedelta(days=5),
    )
    proposal(com, organisation, title="Propuesta reservada", visibility="committee")
    answered = proposal(
        com, organisation, title="Propuesta respondida", status="responded", response="Gracias."
    )
    commitment(com, "Compromiso publicado del paquete")
    commitment(com, "Borrador secreto del paquete", publication="draft")

    response = client.get(f"/es/committees/{SLUG}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Comparte experiencias sobre esquemas de protección temporal" in page
    for name in ("Colombia", "Ecuador", "Haití"):
        assert name in page
    assert "Carlos Herrera" in page
    assert "Lucía Gómez" in page and rep_org.name in page
    assert f"/es/committees/{SLUG}/briefings/{upcoming.pk}/" in page
    assert f"/es/committees/{SLUG}/briefings/{past.pk}/" in page
    assert waiting.title in page and late.title in page and answered.title in page
    assert "Propuesta reservada" not in page
    assert [p.pk for p in response.context["overdue_proposals"]] == [late.pk]
    assert "Compromiso publicado del paquete" in page
    assert "Borrador secreto del paquete" not in page
    assert f"/es/tracker/?package={com.action_package.number}" in page


def test_committee_page_is_404_for_an_unknown_committee(client):
    assert client.get("/en/committees/no-such-committee/").status_code == 404


def test_committee_page_marks_late_agendas(client):
    com = committee()
    now = timezone.now()
    # Deadline passed with no agenda.
    briefing(com, 10, title_es="Sin agenda")
    # Agenda published after its deadline.
    briefing(com, -30, agenda_published_at=now - timedelta(days=40), title_es="Agenda tardía")
    # Agenda published in time, and a briefing whose deadline is still ahead.
    briefing(com, -30, agenda_published_at=now - timedelta(days=90), title_es="A tiempo")
    briefing(com, 90, title_es="Lejana")

    page = client.get(f"/es/committees/{SLUG}/").content.decode()

    assert page.count('class="badge badge-warn agenda-late"') == 2
    for row in page.split("<tr>")[1:]:
        if "Sin agenda" in row or "Agenda tardía" in row:
            assert "agenda-late" in row
        if "A tiempo" in row or "Lejana" in row:
            assert "agenda-late" not in row


@pytest.mark.parametrize("size", [1, 25])
def test_committee_page_query_count_is_constant(client, django_assert_max_num_queries, size):
    com = committee()
    rep = representative(com)
    for i in range(size):
        coordinator(com, "CO")
        briefing(com, 40 + i)
        briefing(com, -40 - i)
        _member, organisation = cso_member()
        proposal(com, organisation, title=f"Abierta {i}")
        proposal(com, organisation, title=f"Vencida {i}", response_due="2020-01-01")
        proposal(com, organisation, title=f"Reservada {i}", visibility="committee")
        proposal(com, organisation, title=f"Respondida {i}", status="responded")
        commitment(com, f"Compromiso {i}")
    client.force_login(rep)
    with django_assert_max_num_queries(18):
        response = client.get(f"/es/committees/{SLUG}/")
    assert response.status_code == 200
    client.logout()
    with django_assert_max_num_queries(10):
        response = client.get(f"/es/committees/{SLUG}/")
    assert response.status_code == 200


# --- Coordinators' contacts, from every role --------------------------------------------


def _role(name, com, other):
    if name == "anonymous":
        return None
    if name == "plain member":
        return UserFactory()
    if name == "verified cso member":
        return cso_member()[0]
    if name == "coordinator of another committee":
        return coordinator(other, "CA")
    if name == "coordinator of this committee":
        return coordinator(com, "EC")
    if name == "representative of another committee":
        return representative(other)
    if name == "this committee's representative":
        return representative(com)
    if name == "former representative":
        user = representative(com)
        CsoRepresentative.objects.filter(user=user).update(
            is_current=False, term_end=timezone.localdate() - timedelta(days=1)
        )
        return user
    if name == "staff":
        return StaffFactory()
    raise AssertionError(name)


@pytest.mark.parametrize(
    ("role", "sees_contacts"),
    [
        ("anonymous", False),
        ("plain member", False),
        ("verified cso member", False),
        ("coordinator of another committee", False),
        ("coordinator of this committee", True),
        ("representative of another committee", False),
        ("this committee's representative", True),
        ("former representative", False),
        ("staff", True),
    ],
)
def test_coordinator_contacts_are_shown_only_to_the_representative_coordinators_and_staff(
    client, role, sees_contacts
):
    com, other = committee(), committee(OTHER_SLUG)
    lead = coordinator(com, "CO", full_name="Carlos Herrera")
    contact = CommitteeCoordinator.objects.get(user=lead)
    user = _role(role, com, other)
    if user is not None:
        client.force_login(user)

    page = client.get(f"/en/committees/{SLUG}/").content.decode()

    assert "Carlos Herrera" in page and "Colombia" in page  # names and countries for all
    assert (contact.contact_email in page) is sees_contacts
    assert (contact.contact_phone in page) is sees_contacts
    assert (user is not None and user.has_perm("committees.see_coordinator_contacts", com)) is (
        sees_contacts and user is not None
    )


# --- Committee-only proposals -----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees_reserved"),
    [
        ("anonymous", False),
        ("plain member", False),
        ("verified cso member", False),
        ("member of the proposing organisation", True),
        ("coordinator of another committee", False),
        ("coordinator of this committee", True),
        ("representative of another committee", False),
        ("this committee's representative", True),
        ("staff", True),
    ],
)
def test_committee_only_proposals_are_listed_only_for_those_who_may_see_them(
    client, role, sees_reserved
):
    com, other = committee(), committee(OTHER_SLUG)
    author, organisation = cso_member()
    reserved = proposal(com, organisation, title="Propuesta reservada", visibility="committee")
    proposal(com, organisation, title="Propuesta pública")
    if role == "member of the proposing organisation":
        user = MembershipFactory(organisation=organisation).user
    else:
        user = _role(role, com, other)
    if user is not None:
        client.force_login(user)

    page = client.get(f"/en/committees/{SLUG}/").content.decode()

    assert "Propuesta pública" in page
    assert ("Propuesta reservada" in page) is sees_reserved
    if user is not None:
        # The queryset filter and the permission rule agree.
        assert user.has_perm("committees.view_proposal", reserved) is sees_reserved


def test_visible_proposals_filter_matches_the_view_rule_for_every_proposal():
    com, other = committee(), committee(OTHER_SLUG)
    users = [
        UserFactory(),
        cso_member()[0],
        coordinator(com),
        coordinator(other, "CA"),
        representative(com),
        representative(other),
        StaffFactory(),
    ]
    organisations = [cso_member()[1] for _ in range(2)]
    users.append(MembershipFactory(organisation=organisations[0]).user)
    for target in (com, other):
        for organisation in organisations:
            for visibility in ("public", "committee"):
                proposal(target, organisation, visibility=visibility)
    for user in users:
        expected = {
            p.pk for p in Proposal.objects.all() if user.has_perm("committees.view_proposal", p)
        }
        assert set(services.proposals_visible_to(user).values_list("pk", flat=True)) == expected


# --- Following --------------------------------------------------------------------------


def test_follow_and_unfollow_a_committee(client):
    com = committee()
    user = UserFactory()
    client.force_login(user)
    url = f"/en/committees/{SLUG}/follow/"

    response = client.post(url, {"action": "follow"})
    assert response.status_code == 302 and response["Location"] == f"/en/committees/{SLUG}/"
    client.post(url, {"action": "follow"})  # twice: still one
    assert list(com.followers.all()) == [user]
    page = client.get(f"/en/committees/{SLUG}/").content.decode()
    assert 'value="unfollow"' in page

    client.post(url, {"action": "unfollow"})
    assert not com.followers.exists()


def test_follow_needs_login_and_post(client):
    com = committee()
    url = f"/en/committees/{SLUG}/follow/"
    response = client.post(url, {"action": "follow"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"/en/committees/{SLUG}/"
    assert not com.followers.exists()


# --- Designating the representative -----------------------------------------------------


DESIGNATE_URL = f"/es/staff/committees/{SLUG}/representative/"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("plain member", 403),
        ("verified cso member", 403),
        ("coordinator of this committee", 403),
        ("this committee's representative", 403),
        ("staff", 200),
    ],
)
def test_designate_page_permissions(client, role, expected):
    com, other = committee(), committee(OTHER_SLUG)
    user = _role(role, com, other)
    before = CsoRepresentative.objects.count()
    if user is not None:
        client.force_login(user)
    response = client.get(DESIGNATE_URL)
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected
    response = client.post(DESIGNATE_URL, {})
    assert response.status_code == (302 if expected == "login" else expected)
    assert CsoRepresentative.objects.count() == before


def test_staff_designate_a_representative_which_ends_the_current_term_and_announces_it(
    client, on_commit
):
    com = committee()
    previous = representative(com, preferred_language="fr")
    follower = UserFactory(preferred_language="pt")
    com.followers.add(follower, previous)
    lead = coordinator(com, "CO", preferred_language="en")
    new, organisation = cso_member(preferred_language="es")
    staff = StaffFactory()
    client.force_login(staff)
    mail.outbox.clear()
    start = timezone.localdate()

    with on_commit(execute=True):
        response = client.post(
            DESIGNATE_URL,
            {"email": new.email.upper(), "term_start": start.isoformat(), "term_end": ""},
        )

    assert response.status_code == 302
    current = CsoRepresentative.objects.get(committee=com, is_current=True)
    assert (current.user, current.organisation, current.designated_by) == (new, organisation, staff)
    ended = CsoRepresentative.objects.get(user=previous)
    assert not ended.is_current and ended.term_end == timezone.localdate()
    # History records both the new term and the end of the previous one, by whom.
    assert current.history.get().history_user == staff
    assert [h.is_current for h in ended.history.order_by("history_date")] == [True, False]
    assert ended.history.latest("history_date").history_user == staff

    def mail_to(user):
        return [m for m in mail.outbox if m.to == [user.email]]

    for user, language in ((new, "es"), (previous, "fr"), (follower, "pt"), (lead, "en")):
        messages = mail_to(user)
        assert len(messages) == 1, user
        assert f"/{language}/committees/{SLUG}/" in messages[0].body
    assert "Protección temporal y regularización" in mail_to(new)[0].subject
    assert organisation.name in mail_to(follower)[0].body
    assert len(mail.outbox) == 4


def test_designate_asks_which_organisation_when_the_person_has_several(client):
    com = committee()
    person, first = cso_member()
    second = VerifiedOrganisationFactory(kind=OrganisationKind.ACADEMIA)
    MembershipFactory(user=person, organisation=second)
    unverified = OrganisationFactory()
    MembershipFactory(user=person, organisation=unverified)
    client.force_login(StaffFactory())
    data = {"email": person.email, "term_start": "2026-01-01", "term_end": "2027-12-31"}

    response = client.post(DESIGNATE_URL, data)

    assert response.status_code == 200
    assert set(response.context["form"].fields["organisation"].queryset) == {first, second}
    assert "organisation" in response.context["form"].errors
    assert not CsoRepresentative.objects.exists()
    response = client.post(DESIGNATE_URL, {**data, "organisation": second.pk})
    assert response.status_code == 302
    current = com.representatives.get(is_current=True)
    assert (current.organisation, str(current.term_end)) == (second, "2027-12-31")


@pytest.mark.parametrize(
    ("case", "field"),
    [("unknown", "email"), ("no verified cso", "email"), ("ends before start", "term_end")],
)
def test_designate_rejects_bad_input_and_saves_nothing(client, case, field):
    committee()
    if case == "unknown":
        email, end = "nobody@example.org", ""
    elif case == "no verified cso":
        email, end = cso_member(verified=False)[0].email, ""
    else:
        email, end = cso_member()[0].email, "2025-12-31"
    client.force_login(StaffFactory())

    response = client.post(
        DESIGNATE_URL, {"email": email, "term_start": "2026-01-01", "term_end": end}
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not CsoRepresentative.objects.exists()


def test_designate_service_requires_staff_and_a_membership():
    com = committee()
    person, organisation = cso_member()
    with pytest.raises(PermissionDenied):
        services.representative_designate(
            committee=com,
            user=person,
            organisation=organisation,
            term_start=timezone.localdate(),
            by=coordinator(com),
        )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.representative_designate(
            committee=com,
            user=UserFactory(),
            organisation=organisation,
            term_start=timezone.localdate(),
            by=StaffFactory(),
        )
    assert not CsoRepresentative.objects.exists()


def test_designating_the_same_person_again_keeps_one_current_row():
    com = committee()
    person, organisation = cso_member()
    staff = StaffFactory()
    for _ in range(2):
        services.representative_designate(
            committee=com,
            user=person,
            organisation=organisation,
            term_start=timezone.localdate(),
            by=staff,
        )
    assert com.representatives.filter(is_current=True).count() == 1
    assert com.representatives.count() == 2


def test_the_database_allows_one_current_representative_per_committee():
    com = committee()
    representative(com)
    person, organisation = cso_member()
    with pytest.raises(IntegrityError), transaction.atomic():
        CsoRepresentative.objects.create(
            committee=com, user=person, organisation=organisation, term_start="2026-01-01"
        )
    # Another committee, or a past term, is fine.
    CsoRepresentative.objects.create(
        committee=committee(OTHER_SLUG),
        user=person,
        organisation=organisation,
        term_start="2026-01-01",
    )
    CsoRepresentative.objects.create(
        committee=com,
        user=person,
        organisation=organisation,
        term_start="2024-01-01",
        term_end="2024-12-31",
        is_current=False,
    )


# --- Admin ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        "committee",
        "committeecoordinator",
        "csorepresentative",
        "briefing",
        "agendaitem",
        "agendasuggestion",
        "suggestionendorsement",
        "briefingdocument",
        "proposal",
        "proposalattachment",
        "proposaltransition",
    ],
)
def test_admin_lists_are_searchable_and_filterable_for_staff(client, model):
    com = committee()
    representative(com)
    proposal(com, cso_member()[1])
    briefing(com, 10)
    client.force_login(StaffFactory())
    response = client.get(f"/admin/committees/{model}/?q=a")
    assert response.status_code == 200
    client.force_login(UserFactory())
    assert client.get(f"/admin/committees/{model}/").status_code == 302


def test_admin_committee_change_page_renders(client):
    com = committee()
    coordinator(com)
    representative(com)
    client.force_login(StaffFactory())
    response = client.get(f"/admin/committees/committee/{com.pk}/change/")
    assert response.status_code == 200
    assert client.get("/admin/committees/csorepresentative/add/").status_code == 403


# --- Demo data --------------------------------------------------------------------------


def test_demo_seed_is_idempotent_and_designates_the_demo_representative(client):
    from committees import demo
    from portal.management.commands.seed_demo import Command

    command = Command()
    people = command._people("demo-password-123")
    command._organisations(people, random.Random(1))
    demo.seed(people=people, scale=1, stdout=command.stdout)
    counts = (
        CommitteeCoordinator.objects.count(),
        CsoRepresentative.objects.count(),
        Committee.followers.through.objects.count(),
    )
    demo.seed(people=people, scale=1, stdout=command.stdout)
    assert counts == (
        CommitteeCoordinator.objects.count(),
        CsoRepresentative.objects.count(),
        Committee.followers.through.objects.count(),
    )

    com = committee()
    current = com.representatives.get(is_current=True)
    assert current.user == people["representative"]
    assert current.organisation.name == "Rede Sem Fronteiras Brasil"
    lead = com.coordinators.get(user=people["coordinator"])
    assert (lead.country.code, lead.role, lead.contact_email) == (
        "CO",
        "lead",
        "coordinator@demo.portal",
    )
    assert committee(OTHER_SLUG).coordinators.filter(user=people["coordinator_ca"]).exists()
    assert com.followers.count() >= 3
    client.force_login(people["representative"])
    assert "coordinator@demo.portal" in client.get(f"/en/committees/{SLUG}/").content.decode()
