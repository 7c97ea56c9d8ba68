"""Briefings: planning, agendas, civil-society suggestions, reports and calendars."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment, ProgressUpdate
from committees import briefing_dashboard, briefing_services, ics
from committees.enums import AgendaSource, BriefingStatus, SuggestionStatus
from committees.models import (
    AgendaItem,
    AgendaSuggestion,
    Briefing,
    BriefingDocument,
    Committee,
    CommitteeCoordinator,
    CsoRepresentative,
    SuggestionEndorsement,
)
from portal.models import Country, Notification, Pillar
from portal.selectors import civil_society_organisations
from tests.conftest import LANGUAGE_CODES
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- Helpers ----------------------------------------------------------------------


def a_committee(slug="temporary-protection-regularization"):
    return Committee.objects.select_related("action_package").get(slug=slug)


def other_committee():
    return a_committee("investing-in-asylum")


def coordinator_of(committee, *, language="en", code="CO"):
    user = UserFactory(preferred_language=language)
    CommitteeCoordinator.objects.create(
        committee=committee, user=user, country=Country.objects.get(code=code)
    )
    return user


def cso_member(*, verified=True, language="en", organisation=None):
    factory = VerifiedOrganisationFactory if verified else OrganisationFactory
    organisation = organisation or factory()
    user = UserFactory(preferred_language=language)
    MembershipFactory(user=user, organisation=organisation)
    return user, organisation


def representative_of(committee, *, language="en"):
    user, organisation = cso_member(language=language)
    CsoRepresentative.objects.create(
        committee=committee,
        user=user,
        organisation=organisation,
        term_start=timezone.localdate(),
        is_current=True,
    )
    return user


def make_briefing(committee=None, *, days=60, deadline_days=30, **fields):
    fields.setdefault("title_en", "Briefing of the second half")
    fields.setdefault("place", "Bogotá")
    return Briefing.objects.create(
        committee=committee or a_committee(),
        starts_at=timezone.now() + timedelta(days=days),
        time_zone=fields.pop("time_zone", "America/Bogota"),
        agenda_deadline_days=deadline_days,
        **fields,
    )


def make_commitment(committee, *, publication="published", title="Protection statute"):
    commitment = Commitment.objects.create(
        pillar=Pillar.objects.get(number=1),
        action_package=committee.action_package,
        announced_on="2023-01-15",
        publication=publication,
        original_language="en",
        title_en=title,
    )
    commitment.countries.set(Country.objects.filter(code="CO"))
    return commitment


def make_suggestion(briefing, *, organisation=None, author=None, title="Children's documents"):
    if organisation is None:
        author, organisation = cso_member()
    return AgendaSuggestion.objects.create(
        briefing=briefing,
        organisation=organisation,
        author=author,
        title=title,
        rationale="Many unaccompanied children still lack documents.",
    )


def url(name, *args):
    return reverse(name, args=args)


def detail_url(briefing):
    return url("briefing_detail", briefing.committee.slug, briefing.pk)


def briefing_url(name, briefing):
    return url(name, briefing.committee.slug, briefing.pk)


def mails_to(user):
    return [m for m in mail.outbox if user.email in m.to]


# --- Roles ------------------------------------------------------------------------


def _role(role, committee):
    if role == "anonymous":
        return None
    if role == "public":
        return UserFactory()
    if role == "unverified_cso":
        return cso_member(verified=False)[0]
    if role == "verified_cso":
        return cso_member()[0]
    if role == "other_coordinator":
        return coordinator_of(other_committee())
    if role == "coordinator":
        return coordinator_of(committee)
    if role == "staff":
        return StaffFactory()
    raise ValueError(role)


MANAGERS = {"coordinator", "staff"}
ROLES = [
    "anonymous",
    "public",
    "unverified_cso",
    "verified_cso",
    "other_coordinator",
    "coordinator",
    "staff",
]


def _expect(response, role, allowed, ok=200):
    if role == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif role in allowed:
        assert response.status_code == ok, response.content[:500]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_briefing_management_pages(client, role):
    committee = a_committee()
    briefing = make_briefing(committee)
    past = make_briefing(committee, days=-3)
    user = _role(role, committee)
    if user:
        client.force_login(user)
    _expect(client.get(url("briefing_create", committee.slug)), role, MANAGERS)
    _expect(client.get(briefing_url("briefing_agenda", briefing)), role, MANAGERS)
    _expect(client.get(briefing_url("briefing_report", past)), role, MANAGERS)
    # Publishing is a manager's action too.
    make_item(briefing)
    response = client.post(briefing_url("briefing_agenda", briefing), {"action": "publish"})
    _expect(response, role, MANAGERS, ok=302)
    briefing.refresh_from_db()
    assert (briefing.agenda_published_at is not None) == (role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_suggesting(client, role):
    committee = a_committee()
    briefing = make_briefing(committee)
    user = _role(role, committee)
    if user:
        client.force_login(user)
    _expect(client.get(briefing_url("suggestion_create", briefing)), role, {"verified_cso"})


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_endorsing(client, role):
    briefing = make_briefing()
    suggestion = make_suggestion(briefing)
    user = _role(role, briefing.committee)
    organisation_id = ""
    if user:
        client.force_login(user)
        organisation = civil_society_organisations(user).first()
        organisation_id = organisation.pk if organisation else ""
    response = client.post(
        url("suggestion_endorse", suggestion.pk), {"organisation": organisation_id}
    )
    _expect(response, role, {"verified_cso"}, ok=302)
    assert suggestion.endorsements.count() == (1 if role == "verified_cso" else 0)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_deciding(client, role):
    briefing = make_briefing()
    suggestion = make_suggestion(briefing)
    user = _role(role, briefing.committee)
    if user:
        client.force_login(user)
    response = client.post(url("suggestion_decide", suggestion.pk), {"decision": "accept"})
    _expect(response, role, MANAGERS, ok=302)
    suggestion.refresh_from_db()
    expected = SuggestionStatus.ACCEPTED if role in MANAGERS else SuggestionStatus.PENDING
    assert suggestion.status == expected


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_publishing_the_report(client, role):
    briefing = make_briefing(days=-2)
    user = _role(role, briefing.committee)
    if user:
        client.force_login(user)
    response = client.post(
        briefing_url("briefing_report", briefing), {"text": "What was said.", "language": "en"}
    )
    _expect(response, role, MANAGERS, ok=302)
    briefing.refresh_from_db()
    assert (briefing.status == BriefingStatus.REPORT_PUBLISHED) == (role in MANAGERS)


# --- Planning a briefing ------------------------------------------------------------


def test_coordinator_plans_a_briefing_in_local_time_stored_in_utc(client):
    committee = a_committee()
    client.force_login(coordinator_of(committee))
    response = client.post(
        url("briefing_create", committee.slug),
        {
            "title": "Primera sesión de 2030",
            "language": "es",
            "date": "2030-03-10",
            "time": "09:30",
            "time_zone": "America/Mexico_City",
            "place": "",
            "online_url": "https://meet.example.org/abc",
            "agenda_deadline_days": "30",
        },
    )
    briefing = Briefing.objects.get(committee=committee)
    assert response.status_code == 302
    assert response["Location"] == briefing_url("briefing_agenda", briefing)
    # Mexico City has no daylight saving time since 2022: UTC-6.
    assert briefing.starts_at == datetime(2030, 3, 10, 15, 30, tzinfo=UTC)
    assert briefing.time_zone == "America/Mexico_City"
    assert briefing.title_es == "Primera sesión de 2030"
    assert briefing.agenda_deadline == datetime(2030, 2, 8, 15, 30, tzinfo=UTC)
    page = client.get(detail_url(briefing)).content.decode()
    assert "9:30" in page and "15:30" in page and "America/Mexico_City" in page


def test_local_time_follows_daylight_saving_of_the_zone():
    summer = briefing_services.local_to_utc(
        datetime(2030, 7, 1).date(), datetime(2030, 7, 1, 10).time(), "America/Toronto"
    )
    winter = briefing_services.local_to_utc(
        datetime(2030, 1, 15).date(), datetime(2030, 1, 15, 10).time(), "America/Toronto"
    )
    assert summer.hour == 14 and winter.hour == 15


def test_briefing_needs_a_place_or_an_online_link(client):
    committee = a_committee()
    client.force_login(coordinator_of(committee))
    response = client.post(
        url("briefing_create", committee.slug),
        {
            "title": "Sesión",
            "language": "es",
            "date": "2030-03-10",
            "time": "09:30",
            "time_zone": "America/Bogota",
            "agenda_deadline_days": "30",
        },
    )
    assert response.status_code == 200
    assert not Briefing.objects.exists()
    assert response.context["form"].non_field_errors()


def test_time_zone_outside_the_region_list_is_refused(client):
    committee = a_committee()
    client.force_login(coordinator_of(committee))
    response = client.post(
        url("briefing_create", committee.slug),
        {
            "title": "Sesión",
            "language": "es",
            "date": "2030-03-10",
            "time": "09:30",
            "time_zone": "Asia/Tokyo",
            "place": "Lima",
            "agenda_deadline_days": "30",
        },
    )
    assert response.status_code == 200 and not Briefing.objects.exists()


# --- The briefing's page ------------------------------------------------------------


def test_briefing_page_shows_time_in_its_zone_and_utc_place_status_deadline(client):
    briefing = make_briefing(
        time_zone="America/Lima", online_url="https://meet.example.org/x", place="Lima"
    )
    Briefing.objects.filter(pk=briefing.pk).update(
        starts_at=datetime(2031, 5, 20, 15, 0, tzinfo=UTC)
    )
    page = client.get(detail_url(briefing)).content.decode()
    assert "10:00" in page and "15:00" in page and "America/Lima" in page
    assert "https://meet.example.org/x" in page and "Lima" in page
    assert "Planned" in page
    assert "agenda-late" not in page
    assert briefing_url("briefing_ics", briefing) in page
    assert briefing_url("briefing_agenda", briefing) not in page


def test_unpublished_agenda_after_the_deadline_is_marked_late_publicly(client):
    briefing = make_briefing(days=10, deadline_days=30)
    page = client.get(detail_url(briefing)).content.decode()
    assert "agenda-late" in page
    committee_page = client.get(briefing.committee.get_absolute_url())
    if committee_page.status_code == 200:
        assert "agenda-late" in committee_page.content.decode()


def test_agenda_published_after_the_deadline_stays_late_and_on_time_is_not(client):
    late = make_briefing(days=10, deadline_days=30)
    Briefing.objects.filter(pk=late.pk).update(agenda_published_at=timezone.now())
    on_time = make_briefing(days=60, deadline_days=30)
    Briefing.objects.filter(pk=on_time.pk).update(agenda_published_at=timezone.now())
    assert "agenda-late" in client.get(detail_url(late)).content.decode()
    assert "agenda-late" not in client.get(detail_url(on_time)).content.decode()


def test_draft_agenda_is_hidden_from_the_public_until_published(client):
    briefing = make_briefing()
    make_item(briefing, title="Secret draft item")
    assert "Secret draft item" not in client.get(detail_url(briefing)).content.decode()
    client.force_login(coordinator_of(briefing.committee))
    assert "Secret draft item" in client.get(detail_url(briefing)).content.decode()
    client.logout()
    Briefing.objects.filter(pk=briefing.pk).update(agenda_published_at=timezone.now())
    assert "Secret draft item" in client.get(detail_url(briefing)).content.decode()


def test_briefing_of_another_committee_slug_is_404(client):
    briefing = make_briefing()
    assert client.get(url("briefing_detail", "investing-in-asylum", briefing.pk)).status_code == 404


def make_item(briefing, *, title="Progress of the commitments", commitments=(), **fields):
    item = AgendaItem.objects.create(
        briefing=briefing,
        order=briefing.agenda_items.count() + 1,
        title_en=title,
        **fields,
    )
    item.commitments.set(commitments)
    return item


def test_published_agenda_lists_items_sources_and_public_commitments(client):
    committee = a_committee()
    briefing = make_briefing(committee)
    public = make_commitment(committee, title="Public statute")
    draft = make_commitment(committee, publication="draft", title="Draft secret")
    make_item(briefing, title="Country reports", commitments=[public, draft])
    suggestion = make_suggestion(briefing, title="Children first")
    make_item(
        briefing,
        title="Children first",
        source=AgendaSource.CSO_SUGGESTION,
        suggestion=suggestion,
    )
    Briefing.objects.filter(pk=briefing.pk).update(agenda_published_at=timezone.now())
    page = client.get(detail_url(briefing)).content.decode()
    assert page.index("Country reports") < page.index("Children first")
    assert public.get_absolute_url() in page and "Public statute" in page
    assert "Draft secret" not in page and draft.get_absolute_url() not in page
    assert "Civil-society suggestion" in page
    assert suggestion.organisation.name in page


def test_suggestions_show_endorsements_and_declined_reason(client):
    briefing = make_briefing()
    endorsed = make_suggestion(briefing, title="Endorsed topic")
    for _ in range(2):
        SuggestionEndorsement.objects.create(
            suggestion=endorsed, organisation=VerifiedOrganisationFactory()
        )
    declined = make_suggestion(briefing, title="Declined topic")
    AgendaSuggestion.objects.filter(pk=declined.pk).update(
        status=SuggestionStatus.DECLINED, decision_reason="Outside the committee's mandate."
    )
    page = client.get(detail_url(briefing)).content.decode()
    assert "2 endorsements" in page
    assert "Outside the committee&#x27;s mandate." in page
    assert "Declined" in page


def test_progress_updates_presented_are_those_published_up_to_the_briefing(client):
    committee = a_committee()
    briefing = make_briefing(committee, days=-5)
    commitment = make_commitment(committee)
    other = make_commitment(committee, title="Not on the agenda")
    make_item(briefing, commitments=[commitment])
    Briefing.objects.filter(pk=briefing.pk).update(
        agenda_published_at=timezone.now() - timedelta(days=40),
        report_published_at=timezone.now(),
        status=BriefingStatus.REPORT_PUBLISHED,
        report_en="The committee heard three countries.",
    )
    country = Country.objects.get(code="CO")
    for text, days_ago, target in [
        ("Before the briefing", 20, commitment),
        ("After the briefing", 1, commitment),
        ("Other commitment", 20, other),
        ("Unpublished", None, commitment),
    ]:
        ProgressUpdate.objects.create(
            commitment=target,
            country=country,
            text_en=text,
            status="in_progress",
            published_at=timezone.now() - timedelta(days=days_ago) if days_ago else None,
        )
    page = client.get(detail_url(briefing)).content.decode()
    assert "The committee heard three countries." in page
    assert "Before the briefing" in page
    assert "After the briefing" not in page
    assert "Other commitment" not in page
    assert "Unpublished" not in page


# --- Managing the agenda ------------------------------------------------------------


def test_coordinator_adds_items_with_commitments_of_the_package_only(client):
    committee = a_committee()
    briefing = make_briefing(committee)
    own = make_commitment(committee, title="Own package")
    foreign = make_commitment(other_committee(), title="Other package")
    draft = make_commitment(committee, publication="draft", title="Draft one")
    client.force_login(coordinator_of(committee))
    page = client.get(briefing_url("briefing_agenda", briefing)).content.decode()
    assert "Own package" in page and "Other package" not in page and "Draft one" not in page
    response = client.post(
        briefing_url("briefing_agenda", briefing),
        {
            "action": "add",
            "add-title": "Progress of regularisation",
            "add-language": "en",
            "add-source": "secretariat",
            "add-commitments": [own.pk],
        },
    )
    assert response.status_code == 302
    item = briefing.agenda_items.get()
    assert item.title_en == "Progress of regularisation"
    assert item.source == AgendaSource.SECRETARIAT
    assert list(item.commitments.all()) == [own]
    for bad in (foreign, draft):
        response = client.post(
            briefing_url("briefing_agenda", briefing),
            {
                "action": "add",
                "add-title": "Bad",
                "add-language": "en",
                "add-source": "coordinator",
                "add-commitments": [bad.pk],
            },
        )
        assert response.status_code == 200
    assert briefing.agenda_items.count() == 1


def test_items_are_reordered_with_buttons_and_order_numbers_and_removed(client):
    briefing = make_briefing()
    first, second, third = (make_item(briefing, title=t) for t in ("One", "Two", "Three"))
    client.force_login(coordinator_of(briefing.committee))
    agenda = briefing_url("briefing_agenda", briefing)

    def titles():
        return list(briefing.agenda_items.order_by("order").values_list("title_en", flat=True))

    client.post(agenda, {"action": f"down-{first.pk}"})
    assert titles() == ["Two", "One", "Three"]
    client.post(agenda, {"action": f"up-{third.pk}"})
    assert titles() == ["Two", "Three", "One"]
    client.post(
        agenda,
        {
            "action": "reorder",
            f"order-{first.pk}": "1",
            f"order-{second.pk}": "3",
            f"order-{third.pk}": "2",
        },
    )
    assert titles() == ["One", "Three", "Two"]
    client.post(agenda, {"action": f"remove-{third.pk}"})
    assert titles() == ["One", "Two"]
    assert list(briefing.agenda_items.order_by("order").values_list("order", flat=True)) == [1, 2]


def test_item_is_edited_and_its_commitments_changed(client):
    committee = a_committee()
    briefing = make_briefing(committee)
    commitment = make_commitment(committee)
    item = make_item(briefing, title="Old title")
    client.force_login(coordinator_of(committee))
    page = client.get(briefing_url("briefing_agenda", briefing) + f"?edit={item.pk}")
    assert 'value="Old title"' in page.content.decode()
    client.post(
        briefing_url("briefing_agenda", briefing),
        {
            "action": "update",
            "item": item.pk,
            "edit-title": "Nuevo título",
            "edit-language": "es",
            "edit-description": "",
            "edit-commitments": [commitment.pk],
        },
    )
    item.refresh_from_db()
    assert item.title_es == "Nuevo título" and item.title_en == ""
    assert list(item.commitments.all()) == [commitment]


def test_publishing_an_empty_agenda_is_refused(client):
    briefing = make_briefing()
    client.force_login(coordinator_of(briefing.committee))
    client.post(briefing_url("briefing_agenda", briefing), {"action": "publish"})
    briefing.refresh_from_db()
    assert briefing.agenda_published_at is None


def test_publishing_the_agenda_tells_representative_suggesters_and_followers_once(
    client, on_commit
):
    committee = a_committee()
    briefing = make_briefing(committee)
    make_item(briefing, title="Regularisation")
    representative = representative_of(committee, language="pt")
    suggester, organisation = cso_member(language="es")
    make_suggestion(briefing, organisation=organisation, author=suggester)
    follower = UserFactory(preferred_language="fr")
    committee.followers.add(follower, suggester)
    bystander = UserFactory()
    coordinator = coordinator_of(committee)
    client.force_login(coordinator)
    with on_commit(execute=True):
        client.post(briefing_url("briefing_agenda", briefing), {"action": "publish"})
    with on_commit(execute=True):
        client.post(briefing_url("briefing_agenda", briefing), {"action": "publish"})
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.AGENDA_PUBLISHED
    assert briefing.agenda_published_at is not None
    for person, language in [(representative, "pt"), (suggester, "es"), (follower, "fr")]:
        (message,) = mails_to(person)
        assert f"/{language}/committees/{committee.slug}/briefings/{briefing.pk}/" in message.body
        assert "Regularisation" in message.body
    assert not mails_to(bystander) and not mails_to(coordinator)
    assert Notification.objects.filter(reason="agenda_published").count() == 3


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_agenda_email_is_in_the_recipients_language(language, on_commit):
    committee = a_committee()
    briefing = make_briefing(committee)
    make_item(briefing)
    follower = UserFactory(preferred_language=language)
    committee.followers.add(follower)
    with on_commit(execute=True):
        briefing_services.briefing_publish_agenda(briefing=briefing, by=coordinator_of(committee))
    (message,) = mails_to(follower)
    assert f"/{language}/committees/" in message.body
    assert Notification.objects.get(recipient=follower).language == language


# --- Suggestions --------------------------------------------------------------------


def test_verified_member_suggests_a_topic_and_a_double_submit_makes_one(client):
    briefing = make_briefing()
    user, organisation = cso_member()
    client.force_login(user)
    data = {
        "organisation": organisation.pk,
        "title": "Documents for children",
        "rationale": "Unaccompanied children lack documents.",
    }
    first = client.post(briefing_url("suggestion_create", briefing), data)
    second = client.post(briefing_url("suggestion_create", briefing), data)
    suggestion = AgendaSuggestion.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"].endswith(f"#suggestion-{suggestion.pk}")
    assert suggestion.author == user and suggestion.organisation == organisation
    assert suggestion.status == SuggestionStatus.PENDING
    page = client.get(detail_url(briefing)).content.decode()
    assert "Documents for children" in page


def test_suggesting_after_the_deadline_is_refused_with_a_clear_message(client):
    briefing = make_briefing(days=20, deadline_days=30)
    user, organisation = cso_member()
    client.force_login(user)
    response = client.get(briefing_url("suggestion_create", briefing))
    assert response.status_code == 403
    assert "closed when its agenda was due" in response.content.decode()
    response = client.post(
        briefing_url("suggestion_create", briefing),
        {"organisation": organisation.pk, "title": "Late", "rationale": "Too late."},
    )
    assert response.status_code == 403 and not AgendaSuggestion.objects.exists()
    assert (
        "Suggestions for this briefing are closed."
        in client.get(detail_url(briefing)).content.decode()
    )


def test_unverified_member_is_told_why_they_cannot_suggest(client):
    briefing = make_briefing()
    client.force_login(cso_member(verified=False)[0])
    response = client.get(briefing_url("suggestion_create", briefing))
    assert response.status_code == 403
    assert "verified civil-society organisation" in response.content.decode()


def test_member_cannot_suggest_for_an_organisation_they_do_not_belong_to(client):
    briefing = make_briefing()
    user, _organisation = cso_member()
    stranger = VerifiedOrganisationFactory()
    client.force_login(user)
    response = client.post(
        briefing_url("suggestion_create", briefing),
        {"organisation": stranger.pk, "title": "Topic", "rationale": "Why."},
    )
    assert response.status_code == 200 and not AgendaSuggestion.objects.exists()


def test_one_endorsement_per_organisation_and_never_the_suggesters_own(client):
    briefing = make_briefing()
    suggester, suggesting_org = cso_member()
    suggestion = make_suggestion(briefing, organisation=suggesting_org, author=suggester)
    endorser, endorsing_org = cso_member()
    colleague, _same = cso_member(organisation=endorsing_org)
    endorse = url("suggestion_endorse", suggestion.pk)

    client.force_login(endorser)
    assert client.post(endorse, {"organisation": endorsing_org.pk}).status_code == 302
    assert client.post(endorse, {"organisation": endorsing_org.pk}).status_code == 302
    client.force_login(colleague)
    assert client.post(endorse, {"organisation": endorsing_org.pk}).status_code == 302
    assert suggestion.endorsements.count() == 1
    assert suggestion.endorsements.get().user == endorser

    own_colleague, _org = cso_member(organisation=suggesting_org)
    client.force_login(own_colleague)
    assert client.post(endorse, {"organisation": suggesting_org.pk}).status_code == 403
    assert suggestion.endorsements.count() == 1
    page = client.get(detail_url(briefing)).content.decode()
    assert "1 endorsement" in page
    assert endorse not in page  # no endorse button on one's own organisation's topic


def test_endorsing_a_decided_suggestion_is_refused(client):
    briefing = make_briefing()
    suggestion = make_suggestion(briefing)
    AgendaSuggestion.objects.filter(pk=suggestion.pk).update(status=SuggestionStatus.ACCEPTED)
    user, organisation = cso_member()
    client.force_login(user)
    response = client.post(
        url("suggestion_endorse", suggestion.pk), {"organisation": organisation.pk}
    )
    assert response.status_code == 403 and not suggestion.endorsements.exists()


def test_endorse_needs_a_post(client):
    suggestion = make_suggestion(make_briefing())
    client.force_login(cso_member()[0])
    assert client.get(url("suggestion_endorse", suggestion.pk)).status_code == 405


def test_accepting_a_suggestion_adds_it_to_the_agenda_and_tells_the_author(client, on_commit):
    briefing = make_briefing()
    make_item(briefing, title="Opening")
    author, organisation = cso_member(language="ht")
    suggestion = make_suggestion(briefing, organisation=organisation, author=author)
    client.force_login(coordinator_of(briefing.committee))
    with on_commit(execute=True):
        response = client.post(url("suggestion_decide", suggestion.pk), {"decision": "accept"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED and suggestion.decided_at
    item = suggestion.agenda_item
    assert item.source == AgendaSource.CSO_SUGGESTION
    assert item.order == 2 and item.briefing == briefing
    assert item.title_ht == suggestion.title
    (message,) = mails_to(author)
    assert f"/ht/committees/{briefing.committee.slug}/briefings/{briefing.pk}/" in message.body
    assert suggestion.title in message.subject
    # A second decision (a double submit) changes nothing and sends nothing.
    with on_commit(execute=True):
        client.post(url("suggestion_decide", suggestion.pk), {"decision": "decline", "reason": "x"})
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert AgendaItem.objects.filter(suggestion=suggestion).count() == 1
    assert len(mails_to(author)) == 1


def test_declining_needs_a_public_reason(client, on_commit):
    briefing = make_briefing()
    author, organisation = cso_member(language="es")
    suggestion = make_suggestion(briefing, organisation=organisation, author=author)
    client.force_login(coordinator_of(briefing.committee))
    response = client.post(
        url("suggestion_decide", suggestion.pk), {"decision": "decline", "reason": "  "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING
    with on_commit(execute=True):
        client.post(
            url("suggestion_decide", suggestion.pk),
            {"decision": "decline", "reason": "Already covered by item 2."},
        )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DECLINED
    assert suggestion.decision_reason == "Already covered by item 2."
    assert not AgendaItem.objects.filter(suggestion=suggestion).exists()
    (message,) = mails_to(author)
    assert "/es/committees/" in message.body and "Already covered by item 2." in message.body
    client.logout()
    assert "Already covered by item 2." in client.get(detail_url(briefing)).content.decode()


def test_removing_an_accepted_item_puts_its_suggestion_back_to_pending(client):
    briefing = make_briefing()
    suggestion = make_suggestion(briefing)
    coordinator = coordinator_of(briefing.committee)
    briefing_services.suggestion_decide(suggestion=suggestion, by=coordinator, accept=True)
    client.force_login(coordinator)
    item = AgendaItem.objects.get(suggestion=suggestion)
    client.post(briefing_url("briefing_agenda", briefing), {"action": f"remove-{item.pk}"})
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING and not suggestion.decided_by


def test_endorse_and_decide_buttons_follow_permissions(client):
    briefing = make_briefing()
    suggestion = make_suggestion(briefing)
    decide = url("suggestion_decide", suggestion.pk)
    endorse = url("suggestion_endorse", suggestion.pk)
    page = client.get(detail_url(briefing)).content.decode()
    assert decide not in page and endorse not in page
    client.force_login(cso_member()[0])
    page = client.get(detail_url(briefing)).content.decode()
    assert endorse in page and decide not in page
    assert briefing_url("suggestion_create", briefing) in page
    client.force_login(coordinator_of(briefing.committee))
    page = client.get(detail_url(briefing)).content.decode()
    assert decide in page and endorse not in page


# --- Report and documents -----------------------------------------------------------


def test_report_before_the_briefing_is_refused(client):
    briefing = make_briefing(days=5)
    client.force_login(coordinator_of(briefing.committee))
    response = client.get(briefing_url("briefing_report", briefing))
    assert response.status_code == 403
    assert "once the briefing has taken place" in response.content.decode()


def test_report_is_published_with_documents_served_as_attachments(client):
    briefing = make_briefing(days=-2)
    coordinator = coordinator_of(briefing.committee)
    client.force_login(coordinator)
    response = client.post(
        briefing_url("briefing_report", briefing),
        {
            "text": "Informe de la sesión.",
            "language": "es",
            "documents": [
                SimpleUploadedFile("Acta_final.pdf", PDF, content_type="application/pdf"),
                SimpleUploadedFile("slides.pdf", PDF, content_type="application/pdf"),
            ],
        },
    )
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.REPORT_PUBLISHED
    assert briefing.report_es == "Informe de la sesión." and briefing.report_published_at
    documents = list(BriefingDocument.objects.order_by("pk"))
    assert [d.title for d in documents] == ["Acta final", "slides"]
    assert {d.language for d in documents} == {"es"}

    client.logout()
    page = client.get(url("briefing_detail", briefing.committee.slug, briefing.pk)).content
    assert "Informe de la sesión." in page.decode()
    download = client.get(
        url("briefing_document", briefing.committee.slug, briefing.pk, documents[0].pk)
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF


def test_report_in_another_language_adds_a_translation(client):
    briefing = make_briefing(days=-2)
    coordinator = coordinator_of(briefing.committee)
    briefing_services.briefing_publish_report(
        briefing=briefing, by=coordinator, text="Informe.", language="es"
    )
    briefing_services.briefing_publish_report(
        briefing=briefing, by=coordinator, text="Report.", language="en"
    )
    briefing.refresh_from_db()
    assert (briefing.report_es, briefing.report_en) == ("Informe.", "Report.")
    assert "Report." in client.get("/en" + detail_url(briefing)[3:]).content.decode()
    assert "Informe." in client.get("/es" + detail_url(briefing)[3:]).content.decode()


def test_bad_report_file_is_rejected_with_a_message_and_nothing_stored(client, settings):
    briefing = make_briefing(days=-2)
    client.force_login(coordinator_of(briefing.committee))
    response = client.post(
        briefing_url("briefing_report", briefing),
        {
            "text": "Report.",
            "language": "en",
            "documents": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00not a pdf")],
        },
    )
    assert response.status_code == 200
    assert "This type of file is not accepted" in response.content.decode()
    briefing.refresh_from_db()
    assert not BriefingDocument.objects.exists() and briefing.report_published_at is None
    media = settings.MEDIA_ROOT
    assert not any(p.is_file() for p in media.rglob("*")) if media.exists() else True


def test_documents_of_an_unpublished_report_are_404_to_the_public(client):
    briefing = make_briefing(days=-2)
    document = BriefingDocument.objects.create(
        briefing=briefing,
        title="Draft minutes",
        language="en",
        file=SimpleUploadedFile("minutes.pdf", PDF),
    )
    path = url("briefing_document", briefing.committee.slug, briefing.pk, document.pk)
    assert client.get(path).status_code == 404
    client.force_login(cso_member()[0])
    assert client.get(path).status_code == 404
    client.force_login(coordinator_of(briefing.committee))
    assert client.get(path).status_code == 200
    other = make_briefing(days=-2)
    wrong = url("briefing_document", other.committee.slug, other.pk, document.pk)
    assert client.get(wrong).status_code == 404


# --- Calendars ----------------------------------------------------------------------


def _parse_ics(body):
    """Unfold and split an iCalendar body, checking the line rules on the way."""
    assert body.endswith("\r\n")
    raw_lines = body.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in raw_lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in raw_lines)
    lines = []
    for line in raw_lines:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    stack, events, current = [], [], None
    for line in lines:
        name, _sep, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                current = {}
        elif name == "END":
            assert stack.pop() == value
            if value == "VEVENT":
                events.append(current)
                current = None
        elif current is not None:
            current[name] = value
    assert stack == []
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    for event in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert prop in event, prop
        for prop in ("DTSTAMP", "DTSTART", "DTEND"):
            assert re.fullmatch(r"\d{8}T\d{6}Z", event[prop])
    return events


def test_briefing_ics_is_one_valid_event_in_utc(client):
    briefing = make_briefing(
        place="Sala 3, Cancillería; Bogotá",
        online_url="https://meet.example.org/abc",
        time_zone="America/Bogota",
    )
    Briefing.objects.filter(pk=briefing.pk).update(
        starts_at=datetime(2031, 4, 2, 14, 0, tzinfo=UTC)
    )
    response = client.get(briefing_url("briefing_ics", briefing))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment;")
    (event,) = _parse_ics(response.content.decode())
    assert event["DTSTART"] == "20310402T140000Z"
    assert event["DTEND"] == "20310402T160000Z"
    assert event["LOCATION"] == "Sala 3\\, Cancillería\\; Bogotá"
    assert event["URL"] == "https://meet.example.org/abc"
    assert detail_url(briefing) in event["DESCRIPTION"].replace("\\n", " ")
    again = _parse_ics(client.get(briefing_url("briefing_ics", briefing)).content.decode())
    assert again[0]["UID"] == event["UID"] and str(briefing.pk) in event["UID"]


def test_committee_calendar_lists_all_its_briefings(client):
    committee = a_committee()
    briefings = [make_briefing(committee, days=d) for d in (-100, 20, 200)]
    make_briefing(other_committee())
    response = client.get(url("committee_ics", committee.slug))
    events = _parse_ics(response.content.decode())
    assert len(events) == 3
    uids = {e["UID"].split("@")[0] for e in events}
    assert uids == {f"briefing-{b.pk}" for b in briefings}


def test_ics_escapes_text_and_folds_long_lines_at_75_octets():
    assert ics.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long_summary = "Sesión informativa — " * 10
    body = ics.calendar(
        [
            ics.Event(
                uid="x@y",
                start=datetime(2030, 1, 1, 10, tzinfo=UTC),
                end=datetime(2030, 1, 1, 12, tzinfo=UTC),
                stamp=datetime(2029, 1, 1, tzinfo=UTC),
                summary=long_summary,
            )
        ]
    )
    (event,) = _parse_ics(body)
    assert event["SUMMARY"] == ics.escape_text(long_summary)
    assert "\r\n " in body


# --- Query counts -------------------------------------------------------------------


def _populate(briefing, size):
    committee = briefing.committee
    country = Country.objects.get(code="CO")
    for i in range(size):
        commitment = make_commitment(committee, title=f"Commitment {i}")
        ProgressUpdate.objects.create(
            commitment=commitment,
            country=country,
            text_en=f"Update {i}",
            status="in_progress",
            published_at=briefing.starts_at - timedelta(days=3),
        )
        make_item(briefing, title=f"Item {i}", commitments=[commitment])
        suggestion = make_suggestion(briefing, title=f"Topic {i}")
        SuggestionEndorsement.objects.create(
            suggestion=suggestion, organisation=VerifiedOrganisationFactory()
        )
        BriefingDocument.objects.create(
            briefing=briefing,
            title=f"Document {i}",
            language="en",
            file=SimpleUploadedFile(f"d{i}.pdf", PDF),
        )
    Briefing.objects.filter(pk=briefing.pk).update(
        agenda_published_at=briefing.starts_at - timedelta(days=40),
        report_published_at=timezone.now(),
        report_en="Report",
        status=BriefingStatus.REPORT_PUBLISHED,
    )


@pytest.mark.parametrize("size", [2, 25])
@pytest.mark.parametrize("role", ["anonymous", "verified_cso", "coordinator"])
def test_briefing_page_query_count_is_constant(client, django_assert_max_num_queries, size, role):
    briefing = make_briefing(days=-1)
    _populate(briefing, size)
    user = _role(role, briefing.committee)
    if user:
        client.force_login(user)
    with django_assert_max_num_queries(13):
        response = client.get(detail_url(briefing))
    assert response.status_code == 200
    assert f"Topic {size - 1}" in response.content.decode()


@pytest.mark.parametrize("size", [2, 25])
def test_agenda_page_query_count_is_constant(client, django_assert_max_num_queries, size):
    briefing = make_briefing(days=-1)
    _populate(briefing, size)
    client.force_login(coordinator_of(briefing.committee))
    with django_assert_max_num_queries(12):
        response = client.get(briefing_url("briefing_agenda", briefing))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 25])
def test_committee_calendar_query_count_is_constant(client, django_assert_max_num_queries, size):
    committee = a_committee()
    for i in range(size):
        make_briefing(committee, days=i - 5)
    with django_assert_max_num_queries(4):
        response = client.get(url("committee_ics", committee.slug))
    assert response.status_code == 200


# --- Dashboard ----------------------------------------------------------------------


def test_dashboard_lists_agendas_due_and_suggestions_to_decide_for_coordinators(client):
    committee = a_committee()
    due = make_briefing(committee, days=50, deadline_days=30, title_en="Due soon")
    make_briefing(committee, days=200, deadline_days=30, title_en="Far away")
    published = make_briefing(committee, days=50, title_en="Already out")
    Briefing.objects.filter(pk=published.pk).update(agenda_published_at=timezone.now())
    make_suggestion(due, title="Topic A")
    make_suggestion(due, title="Topic B")
    coordinator = coordinator_of(committee)
    texts = [i["text"] for i in briefing_dashboard.coordinator_agendas_due(coordinator)]
    assert len(texts) == 1 and "Due soon" in texts[0]
    (pending,) = briefing_dashboard.coordinator_pending_suggestions(coordinator)
    assert pending["text"].startswith("2 ") and "Due soon" in pending["text"]
    assert briefing_dashboard.coordinator_agendas_due(UserFactory()) == []
    client.force_login(coordinator)
    page = client.get(reverse("dashboard")).content.decode()
    assert briefing_url("briefing_agenda", due) in page


def test_dashboard_lists_upcoming_briefings_for_the_representative():
    committee = a_committee()
    make_briefing(committee, days=40, title_en="Next one")
    make_briefing(committee, days=-40, title_en="Past one")
    representative = representative_of(committee)
    items = briefing_dashboard.representative_upcoming_briefings(representative)
    assert [("Next one" in i["text"]) for i in items] == [True]


# --- Services directly --------------------------------------------------------------


def test_suggestion_and_endorsement_services_handle_the_unique_constraints():
    briefing = make_briefing()
    user, organisation = cso_member()
    first, created = briefing_services.suggestion_create(
        briefing=briefing, organisation=organisation, by=user, title="T", rationale="R"
    )
    again, created_again = briefing_services.suggestion_create(
        briefing=briefing, organisation=organisation, by=user, title="T", rationale="R2"
    )
    assert created and not created_again and first.pk == again.pk
    endorser, endorsing_org = cso_member()
    _e, c1 = briefing_services.suggestion_endorse(
        suggestion=first, organisation=endorsing_org, by=endorser
    )
    _e, c2 = briefing_services.suggestion_endorse(
        suggestion=first, organisation=endorsing_org, by=endorser
    )
    assert c1 and not c2 and first.endorsements.count() == 1


# --- Demo data ----------------------------------------------------------------------


def test_demo_seed_is_idempotent():
    from committees import briefing_demo

    people = {
        key: UserFactory(preferred_language="es")
        for key in ("coordinator", "cso_admin", "cso_member", "representative", "applicant")
    }
    for key in ("cso_admin", "cso_member"):
        MembershipFactory(user=people[key], organisation=VerifiedOrganisationFactory())
    out = io.StringIO()
    assert briefing_demo.seed(people=people, scale=1, stdout=out) == 7
    counts = (
        Briefing.objects.count(),
        AgendaSuggestion.objects.count(),
        AgendaItem.objects.count(),
        BriefingDocument.objects.count(),
    )
    assert briefing_demo.seed(people=people, scale=1, stdout=out) == 0
    assert counts == (
        Briefing.objects.count(),
        AgendaSuggestion.objects.count(),
        AgendaItem.objects.count(),
        BriefingDocument.objects.count(),
    )
    assert counts[0] == 7 and counts[1] == 9
    late = Briefing.objects.get(title_en="Extraordinary briefing with civil society")
    assert late.agenda_is_late and late.agenda_published_at is None
    past = Briefing.objects.filter(status=BriefingStatus.REPORT_PUBLISHED)
    assert past.count() == 3 and all(not b.agenda_is_late for b in past)
    assert (
        AgendaSuggestion.objects.filter(
            status=SuggestionStatus.DECLINED, decision_reason__gt=""
        ).count()
        == 3
    )
    assert SuggestionEndorsement.objects.count() == 6
