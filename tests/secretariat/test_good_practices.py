"""Good practices: the public list, visibility, submitting, review and resubmission."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from portal.models import Country, Notification, RegionalMechanism
from secretariat import national_dashboard
from secretariat.enums import GoodPracticeStatus
from secretariat.models import GoodPractice
from tests.commitments.test_commitments import make_commitment
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)

pytestmark = pytest.mark.django_db


def cso_member(*, language="en", verified=True):
    factory = VerifiedOrganisationFactory if verified else OrganisationFactory
    organisation = factory()
    user = UserFactory(preferred_language=language)
    MembershipFactory(user=user, organisation=organisation)
    return user, organisation


def pending(submitter, organisation=None, **fields):
    fields.setdefault("status", GoodPracticeStatus.SUBMITTED)
    fields.setdefault("published_at", None)
    return GoodPracticeFactory(submitted_by=submitter, organisation=organisation, **fields)


def url(name, practice=None, lang="en"):
    with translation.override(lang):
        return reverse(name, args=[practice.slug] if practice else [])


def practice_data(organisation=None, **overrides):
    data = {
        "language": "pt",
        "title": "Acolhida em municípios",
        "summary": "Famílias venezuelanas são acolhidas em cidades com emprego.",
        "description": "Como funciona.",
        "country": "CO",
        "mechanism": RegionalMechanism.objects.get(slug="quito-process").pk,
        "organisation": organisation.pk if organisation else "",
    }
    data.update(overrides)
    return data


def outbox_for(user):
    return [message for message in mail.outbox if user.email in message.to]


# --- List ------------------------------------------------------------------------------------


def test_list_shows_published_practices_with_filters(client):
    quito = RegionalMechanism.objects.get(slug="quito-process")
    pillar_two = make_commitment(codes=["CO"], pillar=2)
    co = GoodPracticeFactory(title_en="Colombian brigades", mechanism=quito)
    co.commitments.add(pillar_two)
    GoodPracticeFactory(title_en="Peruvian desk", country=Country.objects.get(code="PE"))
    pending(UserFactory(), title_en="Hidden pending")
    GoodPracticeFactory(title_en="Returned one", status="returned", published_at=None)

    page = client.get(url("good_practice_list")).content.decode()
    assert "Colombian brigades" in page and "Peruvian desk" in page
    assert "Hidden pending" not in page and "Returned one" not in page

    by_country = client.get(url("good_practice_list") + "?country=PE").content.decode()
    assert "Peruvian desk" in by_country and "Colombian brigades" not in by_country
    by_mechanism = client.get(url("good_practice_list") + "?mechanism=quito-process").content
    assert b"Colombian brigades" in by_mechanism and b"Peruvian desk" not in by_mechanism
    by_pillar = client.get(url("good_practice_list") + "?pillar=2").content.decode()
    assert "Colombian brigades" in by_pillar and "Peruvian desk" not in by_pillar
    assert (
        "Colombian brigades"
        not in client.get(url("good_practice_list") + "?pillar=1").content.decode()
    )
    # Unknown filter values are ignored rather than failing.
    assert client.get(url("good_practice_list") + "?pillar=x&country=ZZ").status_code == 200


def test_list_shows_titles_in_the_reader_language_with_fallback(client):
    GoodPracticeFactory(
        title_en="Mobile brigades", title_es="Brigadas móviles", original_language="es"
    )
    assert "Brigadas móviles" in client.get(url("good_practice_list", lang="es")).content.decode()
    assert "Mobile brigades" in client.get(url("good_practice_list")).content.decode()
    page = client.get(url("good_practice_list", lang="pt")).content.decode()
    # No Portuguese text yet: the original language is shown, marked as such.
    assert "Brigadas móviles" in page and 'lang="es"' in page


@pytest.mark.parametrize("count", [1, 30])
def test_list_query_count_is_constant(client, django_assert_max_num_queries, count):
    quito = RegionalMechanism.objects.get(slug="quito-process")
    commitment = make_commitment(codes=["CO"])
    for _i in range(count):
        practice = GoodPracticeFactory(mechanism=quito, organisation=VerifiedOrganisationFactory())
        practice.commitments.add(commitment)
    for query in ("", "?country=CO&mechanism=quito-process&pillar=1"):
        with django_assert_max_num_queries(6):
            response = client.get(url("good_practice_list") + query)
        assert response.status_code == 200


# --- Detail and visibility -----------------------------------------------------------------


def test_published_practice_is_public_with_public_commitments_only(client):
    practice = GoodPracticeFactory(title_en="Mobile brigades", description_en="How it works.")
    practice.commitments.add(
        make_commitment(title_es="Compromiso visible"),
        make_commitment(title_es="Compromiso borrador", publication="draft"),
    )
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Mobile brigades" in page and "How it works." in page
    assert "Compromiso visible" in page and "Compromiso borrador" not in page


def test_unpublished_practice_is_404_for_others(client):
    submitter, organisation = cso_member()
    practice = pending(submitter, organisation)
    assert client.get(practice.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(practice.get_absolute_url()).status_code == 404
    client.force_login(cso_member()[0])  # a member of another organisation
    assert client.get(practice.get_absolute_url()).status_code == 404
    for person in (submitter, MembershipFactory(organisation=organisation).user, StaffFactory()):
        client.force_login(person)
        assert client.get(practice.get_absolute_url()).status_code == 200


def test_submitter_sees_the_status_and_review_note(client):
    submitter, organisation = cso_member()
    practice = pending(
        submitter, organisation, status="returned", review_note="Add the results of 2024."
    )
    client.force_login(submitter)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Returned for changes" in page and "Add the results of 2024." in page
    assert url("good_practice_edit", practice) in page


# --- Submitting ------------------------------------------------------------------------------


def test_create_requires_login(client):
    assert "/accounts/login/" in client.get(url("good_practice_create")).url
    assert "/accounts/login/" in client.post(url("good_practice_create"), practice_data()).url
    assert not GoodPractice.objects.exists()


@pytest.mark.parametrize("who", ["no_organisation", "unverified_organisation"])
def test_create_is_forbidden_without_a_verified_cso(client, who):
    user = UserFactory() if who == "no_organisation" else cso_member(verified=False)[0]
    client.force_login(user)
    assert client.get(url("good_practice_create")).status_code == 403
    assert client.post(url("good_practice_create"), practice_data()).status_code == 403
    assert not GoodPractice.objects.exists()


def test_form_offers_the_chosen_country_public_commitments(client):
    make_commitment(codes=["CO"], title_es="Compromiso colombiano")
    make_commitment(codes=["CO"], title_es="Borrador colombiano", publication="draft")
    make_commitment(codes=["PE"], title_es="Compromiso peruano")
    client.force_login(cso_member()[0])
    first_step = client.get(url("good_practice_create")).content.decode()
    assert "Compromiso colombiano" not in first_step and "choose a country above" in first_step
    page = client.get(url("good_practice_create") + "?country=CO").content.decode()
    assert "Compromiso colombiano" in page
    assert "Borrador colombiano" not in page and "Compromiso peruano" not in page


def test_submit_stores_the_practice_and_notifies_staff(client, on_commit):
    colombian = make_commitment(codes=["CO"], title_es="Compromiso colombiano")
    peruvian = make_commitment(codes=["PE"], title_es="Compromiso peruano")
    spanish_staff = StaffFactory(preferred_language="es")
    user, organisation = cso_member()
    client.force_login(user)
    with on_commit(execute=True):
        response = client.post(
            url("good_practice_create"), practice_data(organisation, commitments=[colombian.pk])
        )
    practice = GoodPractice.objects.get()
    assert response.url == practice.get_absolute_url()
    assert practice.status == GoodPracticeStatus.SUBMITTED
    assert (practice.submitted_by, practice.organisation) == (user, organisation)
    assert practice.original_language == "pt"
    assert practice.title_pt == "Acolhida em municípios" and not practice.title_en
    assert practice.country.code == "CO" and practice.mechanism.slug == "quito-process"
    assert list(practice.commitments.all()) == [colombian]
    notification = Notification.objects.get(reason="good_practice_submitted")
    assert notification.recipient == spanish_staff and notification.language == "es"
    assert len(outbox_for(spanish_staff)) == 1
    assert url("good_practice_review", practice, lang="es") in outbox_for(spanish_staff)[0].body
    # The same form again does not create a second practice.
    client.post(
        url("good_practice_create"), practice_data(organisation, commitments=[colombian.pk])
    )
    assert GoodPractice.objects.count() == 1
    # Another country's commitment cannot be linked.
    response = client.post(
        url("good_practice_create"),
        practice_data(organisation, title="Otra", commitments=[peruvian.pk]),
    )
    assert response.status_code == 200 and GoodPractice.objects.count() == 1


def test_submit_needs_an_organisation_except_for_staff(client):
    user, _organisation = cso_member()
    client.force_login(user)
    response = client.post(url("good_practice_create"), practice_data())
    assert response.status_code == 200 and not GoodPractice.objects.exists()
    other = VerifiedOrganisationFactory()
    response = client.post(url("good_practice_create"), practice_data(other))
    assert response.status_code == 200 and not GoodPractice.objects.exists()
    client.force_login(StaffFactory())
    response = client.post(url("good_practice_create"), practice_data(country=""))
    assert response.status_code == 302
    practice = GoodPractice.objects.get()
    assert practice.organisation is None and practice.country is None


def test_slug_never_takes_the_create_page(client):
    client.force_login(StaffFactory())
    client.post(url("good_practice_create"), practice_data(title="New"))
    practice = GoodPractice.objects.get()
    assert practice.slug != "new"
    assert client.get(practice.get_absolute_url()).status_code == 200


# --- Review ---------------------------------------------------------------------------------


def test_review_is_for_staff_only(client):
    submitter, organisation = cso_member()
    practice = pending(submitter, organisation)
    review = url("good_practice_review", practice)
    assert "/accounts/login/" in client.get(review).url
    client.force_login(UserFactory())
    assert client.get(review).status_code == 404
    client.force_login(submitter)
    assert client.get(review).status_code == 403
    assert client.post(review, {"decision": "publish"}).status_code == 403
    client.force_login(StaffFactory(totp=False))
    assert "/accounts/2fa/" in client.get(review).url
    practice.refresh_from_db()
    assert practice.status == GoodPracticeStatus.SUBMITTED


def test_submit_review_return_resubmit_publish_flow(client, on_commit):
    staff = StaffFactory(preferred_language="en")
    commitment = make_commitment(codes=["CO"])
    submitter, organisation = cso_member(language="es")
    client.force_login(submitter)
    with on_commit(execute=True):
        client.post(
            url("good_practice_create"),
            practice_data(organisation, language="es", title="Brigadas", summary="Resumen"),
        )
    practice = GoodPractice.objects.get()
    assert practice.status == GoodPracticeStatus.SUBMITTED

    # Staff see it on their dashboard and return it with a note.
    todo = national_dashboard.good_practices_to_review(staff)
    assert [item["url"] for item in todo] == [url("good_practice_review", practice)]
    assert national_dashboard.good_practices_to_review(submitter) == []
    client.force_login(staff)
    review = url("good_practice_review", practice)
    assert "Brigadas" in client.get(review).content.decode()
    response = client.post(review, {"decision": "return", "note": ""})
    assert response.status_code == 200 and "Say what should change" in response.content.decode()
    with on_commit(execute=True):
        client.post(review, {"decision": "return", "note": "Añadan los resultados."})
    practice.refresh_from_db()
    assert practice.status == GoodPracticeStatus.RETURNED
    assert practice.review_note == "Añadan los resultados." and practice.reviewed_by == staff
    returned = Notification.objects.get(reason="good_practice_returned")
    assert returned.recipient == submitter and returned.language == "es"
    assert "Añadan los resultados." in outbox_for(submitter)[0].body
    assert national_dashboard.good_practices_to_review(staff) == []

    # The submitter edits it and sends it again; staff are told again.
    client.force_login(submitter)
    edit = url("good_practice_edit", practice)
    page = client.get(edit).content.decode()
    assert "Brigadas" in page and "Añadan los resultados." in page
    with on_commit(execute=True):
        response = client.post(
            edit,
            practice_data(
                organisation,
                language="es",
                title="Brigadas móviles",
                summary="Resumen con resultados de 2024.",
                commitments=[commitment.pk],
            ),
        )
    assert response.url == practice.get_absolute_url()
    practice.refresh_from_db()
    assert practice.status == GoodPracticeStatus.SUBMITTED
    assert practice.title_es == "Brigadas móviles"
    assert list(practice.commitments.all()) == [commitment]
    assert (
        Notification.objects.filter(
            recipient=staff, reason__startswith="good_practice_submitted"
        ).count()
        == 2
    )
    # Not editable while awaiting review.
    assert client.get(edit).status_code == 302

    # Staff publish it: public, and the submitter is told in Spanish.
    client.force_login(staff)
    with on_commit(execute=True):
        client.post(review, {"decision": "publish", "note": ""})
    practice.refresh_from_db()
    assert practice.status == GoodPracticeStatus.PUBLISHED and practice.published_at
    published = Notification.objects.get(reason="good_practice_published")
    assert published.recipient == submitter and published.language == "es"
    assert len(outbox_for(submitter)) == 2
    # A second decision is refused.
    client.post(review, {"decision": "return", "note": "Otra vez"})
    practice.refresh_from_db()
    assert practice.status == GoodPracticeStatus.PUBLISHED
    client.logout()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Brigadas móviles" in page


def test_others_cannot_edit_a_returned_practice(client):
    submitter, organisation = cso_member()
    practice = pending(submitter, organisation, status="returned", review_note="Cambios")
    edit = url("good_practice_edit", practice)
    client.force_login(UserFactory())
    assert client.get(edit).status_code == 404
    client.force_login(StaffFactory())
    assert client.get(edit).status_code == 403
