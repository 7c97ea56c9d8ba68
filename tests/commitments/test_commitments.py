import csv
import io
import uuid

import pytest
from django.urls import reverse

from commitments.models import Commitment, CsoAssessment, ProgressUpdate
from portal.models import Country, CountryCoordinator, Pillar
from tests.conftest import LANGUAGE_CODES
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)

pytestmark = pytest.mark.django_db


def make_commitment(codes=("CO",), publication="published", pillar=1, **fields):
    fields.setdefault("title_es", "Regularización de personas migrantes")
    commitment = Commitment.objects.create(
        pillar=Pillar.objects.get(number=pillar),
        announced_on="2023-01-15",
        publication=publication,
        original_language="es",
        **fields,
    )
    commitment.countries.set(Country.objects.filter(code__in=codes))
    return commitment


def coordinator_of(code):
    user = UserFactory()
    CountryCoordinator.objects.create(user=user, country=Country.objects.get(code=code))
    return user


def cso_member(verified=True):
    factory = VerifiedOrganisationFactory if verified else OrganisationFactory
    organisation = factory()
    return MembershipFactory(organisation=organisation).user, organisation


def update_data(commitment, country_code="CO", action="publish", key=None, **overrides):
    data = {
        "country": Country.objects.get(code=country_code).pk,
        "status": "in_progress",
        "percent_complete": 40,
        "text": "Se emitieron 1,2 millones de permisos.",
        "language": "es",
        "evidence_url": "",
        "submission_key": key or str(uuid.uuid4()),
        "action": action,
    }
    data.update(overrides)
    return data


def test_tracker_lists_published_and_hides_drafts(client):
    make_commitment(title_es="Compromiso publicado")
    make_commitment(title_es="Borrador secreto", publication="draft")
    page = client.get("/es/tracker/").content.decode()
    assert "Compromiso publicado" in page
    assert "Borrador secreto" not in page


def test_tracker_filters_live_in_the_query_string(client):
    make_commitment(codes=["CO"], title_es="Colombiano", status="in_progress")
    make_commitment(codes=["PE"], title_es="Peruano", status="achieved", pillar=2)
    page = client.get("/es/tracker/?country=CO").content.decode()
    assert "Colombiano" in page and "Peruano" not in page
    page = client.get("/es/tracker/?pillar=2&status=achieved").content.decode()
    assert "Peruano" in page and "Colombiano" not in page
    page = client.get("/es/tracker/?q=peruano").content.decode()
    assert "Peruano" in page and "Colombiano" not in page
    # Unknown values are ignored rather than erroring.
    assert client.get("/es/tracker/?pillar=abc&status=zzz&country=1").status_code == 200


def test_exports_follow_the_filters_and_never_leak_drafts(client):
    make_commitment(codes=["CO"], title_es="=HYPERLINK(malicioso)")
    make_commitment(codes=["PE"], title_es="Peruano")
    make_commitment(codes=["CO"], title_es="Borrador", publication="draft")
    response = client.get("/es/tracker/export.csv?country=CO")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["title"] for r in rows] == ["'=HYPERLINK(malicioso)"]
    data = client.get("/es/tracker/export.json?country=PE").json()
    assert data["count"] == 1 and data["results"][0]["title"] == "Peruano"
    everything = client.get("/es/tracker/export.json").json()
    assert "Borrador" not in {r["title"] for r in everything["results"]}


def test_draft_commitment_is_404_for_the_public_and_other_countries(client):
    draft = make_commitment(publication="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(coordinator_of("PE"))
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(coordinator_of("CO"))
    assert client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [10, 200])
def test_tracker_query_count_is_constant(client, django_assert_max_num_queries, count):
    for i in range(count):
        make_commitment(codes=["CO", "PE"], title_es=f"Compromiso {i}")
    with django_assert_max_num_queries(12):
        response = client.get("/es/tracker/?country=CO")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 30])
def test_commitment_page_query_count_is_constant(client, django_assert_max_num_queries, count):
    commitment = make_commitment()
    staff = StaffFactory()
    for i in range(count):
        ProgressUpdate.objects.create(
            commitment=commitment,
            author=staff,
            country=Country.objects.get(code="CO"),
            text_es=f"Avance {i}",
            status="in_progress",
            published_at="2024-01-01T00:00Z",
        )
        organisation = VerifiedOrganisationFactory()
        CsoAssessment.objects.create(
            commitment=commitment, organisation=organisation, rating="partial", text_es="x"
        )
    with django_assert_max_num_queries(14):
        response = client.get(commitment.get_absolute_url())
    assert response.status_code == 200


def test_coordinator_previews_then_publishes_an_update_once(client):
    commitment = make_commitment()
    client.force_login(coordinator_of("CO"))
    url = reverse("progress_update_create", args=[commitment.pk])
    response = client.post(url, update_data(commitment, action="preview"))
    assert response.status_code == 200
    assert "Se emitieron 1,2 millones" in response.content.decode()
    assert not ProgressUpdate.objects.exists()

    key = str(uuid.uuid4())
    client.post(url, update_data(commitment, key=key))
    client.post(url, update_data(commitment, key=key))  # double submit
    assert ProgressUpdate.objects.count() == 1
    commitment.refresh_from_db()
    assert commitment.status == "in_progress" and commitment.percent_complete == 40
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Se emitieron 1,2 millones" in page
    assert commitment.history.count() == 2  # created, then status changed


def test_coordinator_of_another_country_cannot_post(client):
    commitment = make_commitment(codes=["CO"])
    client.force_login(coordinator_of("PE"))
    url = reverse("progress_update_create", args=[commitment.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, update_data(commitment, "PE")).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_anonymous_is_sent_to_login_for_writes(client):
    commitment = make_commitment()
    for name in ("progress_update_create", "assessment_edit"):
        response = client.get(reverse(name, args=[commitment.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_verified_cso_assessment_is_shown_beside_the_report_and_replaced_not_duplicated(client):
    commitment = make_commitment()
    user, organisation = cso_member()
    client.force_login(user)
    url = reverse("assessment_edit", args=[commitment.pk])
    data = {"organisation": organisation.pk, "rating": "insufficient", "language": "es"}
    client.post(url, {**data, "text": "Poco cambio real."})
    client.post(url, {**data, "text": "Sigue habiendo poco cambio.", "rating": "partial"})
    assessment = CsoAssessment.objects.get()
    assert assessment.rating == "partial"
    assert assessment.history.count() == 2
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert organisation.name in page and "Sigue habiendo poco cambio." in page


def test_cso_cannot_write_another_organisations_assessment(client):
    commitment = make_commitment()
    user, _own = cso_member()
    _other_user, other = cso_member()
    client.force_login(user)
    response = client.post(
        reverse("assessment_edit", args=[commitment.pk]),
        {"organisation": other.pk, "rating": "regression", "text": "x", "language": "es"},
    )
    assert response.status_code == 200  # the form refuses the choice
    assert not CsoAssessment.objects.exists()


def test_unverified_cso_cannot_assess(client):
    commitment = make_commitment()
    user, _org = cso_member(verified=False)
    client.force_login(user)
    assert client.get(reverse("assessment_edit", args=[commitment.pk])).status_code == 403


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_tracker_and_commitment_pages_in_every_language(client, lang):
    commitment = make_commitment()
    assert client.get(f"/{lang}/tracker/").status_code == 200
    page = client.get(f"/{lang}/commitments/{commitment.pk}/").content.decode()
    if lang != "es":
        assert 'lang="es"' in page  # untranslated title shown in its original language


def test_update_author_corrects_it_and_history_keeps_both(client):
    commitment = make_commitment()
    author = coordinator_of("CO")
    client.force_login(author)
    client.post(reverse("progress_update_create", args=[commitment.pk]), update_data(commitment))
    update = ProgressUpdate.objects.get()
    url = reverse("progress_update_edit", args=[commitment.pk, update.pk])
    data = {"status": "achieved", "percent_complete": 100, "text": "Corregido.", "language": "es"}
    assert client.post(url, data).status_code == 302
    update.refresh_from_db()
    assert update.text_es == "Corregido." and update.history.count() == 2
    commitment.refresh_from_db()
    assert commitment.status == "achieved"
    # Another coordinator of the same country did not write it.
    client.force_login(coordinator_of("CO"))
    assert client.post(url, data).status_code == 403


def test_tracker_counts_each_filter_value_under_the_other_filters(client):
    make_commitment(codes=["CO"], status="in_progress")
    make_commitment(codes=["CO"], status="achieved")
    make_commitment(codes=["PE"], status="in_progress")
    page = client.get("/en/tracker/?country=CO").content.decode()
    assert ">Peru (1)<" in page  # other countries keep their counts
    assert ">Colombia (2)<" in page
    assert ">In progress (1)<" in page  # statuses counted within Colombia


def test_source_document_is_served_as_attachment_only_when_visible(client):
    from django.core.files.base import ContentFile

    public = make_commitment()
    public.source_file.save("decreto.pdf", ContentFile(b"%PDF-1.4 decreto"))
    draft = make_commitment(publication="draft")
    draft.source_file.save("borrador.pdf", ContentFile(b"%PDF-1.4 borrador"))
    response = client.get(reverse("commitment_source", args=[public.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "decreto" not in public.source_file.name  # stored under a random name
    assert client.get(reverse("commitment_source", args=[draft.pk])).status_code == 404


def test_update_with_evidence_file_and_a_disguised_file_refused(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    commitment = make_commitment()
    client.force_login(coordinator_of("CO"))
    url = reverse("progress_update_create", args=[commitment.pk])
    fake = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(url, {**update_data(commitment), "evidence_file": fake})
    assert response.status_code == 200
    assert "not accepted" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    real = SimpleUploadedFile("informe.pdf", b"%PDF-1.4 informe")
    client.post(url, {**update_data(commitment), "evidence_file": real})
    update = ProgressUpdate.objects.get()
    response = client.get(reverse("progress_update_evidence", args=[commitment.pk, update.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
