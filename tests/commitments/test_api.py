import datetime
import json
import re

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from commitments.models import (
    Commitment,
    CsoAssessment,
    DataPoint,
    Indicator,
    Milestone,
    ProgressUpdate,
)
from commitments.selectors import TrackerFilters, commitments_public
from portal.models import ActionPackage, Country, Pillar
from tests.factories import UserFactory, VerifiedOrganisationFactory

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
LIST_ENDPOINTS = [
    "commitments",
    "progress-updates",
    "assessments",
    "indicators",
    "data-points",
    "countries",
    "pillars",
]


def make_commitment(codes=("CO",), publication="published", pillar=1, **fields):
    fields.setdefault("title_es", "Regularización de personas migrantes")
    commitment = Commitment.objects.create(
        pillar=Pillar.objects.get(number=pillar),
        announced_on=fields.pop("announced_on", "2023-01-15"),
        publication=publication,
        original_language="es",
        **fields,
    )
    commitment.countries.set(Country.objects.filter(code__in=codes))
    return commitment


def make_update(commitment, code="CO", published=True, **fields):
    fields.setdefault("text_es", "Se emitieron permisos.")
    return ProgressUpdate.objects.create(
        commitment=commitment,
        country=Country.objects.get(code=code),
        status="in_progress",
        original_language="es",
        published_at=timezone.now() if published else None,
        **fields,
    )


def make_indicator(code="regularised-people", **fields):
    fields.setdefault("name_es", "Personas regularizadas")
    fields.setdefault("kind", "quantitative")
    return Indicator.objects.create(code=code, original_language="es", **fields)


def make_data_point(indicator, code="CO", year=2024, **fields):
    fields.setdefault("reported_by", "government")
    return DataPoint.objects.create(
        indicator=indicator,
        country=Country.objects.get(code=code),
        period_start=datetime.date(year, 1, 1),
        **fields,
    )


def results(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(client, url):
    return [row["id"] for row in results(client, url)]


def test_commitment_list_and_detail_show_public_fields(client):
    package = ActionPackage.objects.filter(pillar__number=1).order_by("number").first()
    commitment = make_commitment(
        codes=["PE", "CO"],
        title_en="Regularisation of migrants",
        description_es="Un programa nacional.",
        status="in_progress",
        percent_complete=30,
        action_package=package,
        source_url="https://example.gov/decree",
    )
    CsoAssessment.objects.create(
        commitment=commitment,
        organisation=VerifiedOrganisationFactory(),
        rating="partial",
        text_es="Avances parciales.",
    )

    response = client.get("/api/v1/commitments/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == commitment.pk
    assert row["title"] == "Regularisation of migrants"
    assert row["title_language"] == "en"
    assert row["description"] == "Un programa nacional."
    assert row["description_language"] == "es"
    assert row["original_language"] == "es"
    assert row["countries"] == ["CO", "PE"]
    assert row["pillar"] == 1
    assert row["action_package"] == package.number
    assert row["status"] == "in_progress"
    assert row["progress"] == 30
    assert row["cso_ratings"] == ["partial"]
    assert row["source_file_url"] is None
    assert row["url"] == f"http://testserver/en/commitments/{commitment.pk}/"

    detail = client.get(f"/api/v1/commitments/{commitment.pk}/").json()
    assert detail == row


def test_related_endpoints_list_public_data_with_lookups(client):
    commitment = make_commitment(codes=["CO"])
    update = make_update(commitment, evidence_url="https://example.org/report")
    organisation = VerifiedOrganisationFactory(name="Red de Migrantes")
    assessment = CsoAssessment.objects.create(
        commitment=commitment, organisation=organisation, rating="no_progress", text_es="Nada."
    )
    indicator = make_indicator(status="adopted", proposed_by=organisation, unit="people")
    indicator.pillars.set(Pillar.objects.filter(number=2))
    indicator.commitments.add(commitment)
    make_data_point(indicator, value="1200.5", source="Ministry")

    update_row = client.get(f"/api/v1/progress-updates/{update.pk}/").json()
    assert update_row["commitment"] == commitment.pk
    assert update_row["country"] == "CO"
    assert update_row["text"] == "Se emitieron permisos."
    assert "author" not in update_row

    assessment_row = client.get(f"/api/v1/assessments/{assessment.pk}/").json()
    assert assessment_row["organisation"]["name"] == "Red de Migrantes"
    assert assessment_row["rating"] == "no_progress"

    indicator_row = client.get("/api/v1/indicators/regularised-people/").json()
    assert indicator_row["name"] == "Personas regularizadas"
    assert indicator_row["pillars"] == [2]
    assert indicator_row["commitments"] == [commitment.pk]
    assert indicator_row["proposed_by"]["slug"] == organisation.slug

    (point,) = results(client, "/api/v1/data-points/?indicator=regularised-people")
    assert point["country"] == "CO"
    assert point["period"] == "2024"
    assert point["value"] == 1200.5

    country = client.get("/api/v1/countries/co/").json()
    assert country["code"] == "CO"
    assert country["commitment_count"] == 1
    pillar = client.get("/api/v1/pillars/1/").json()
    assert pillar["roman"] == "I"
    assert pillar["commitment_count"] == 1
    assert pillar["action_packages"]
    assert client.get("/api/v1/pillars/9/").status_code == 404


def test_drafts_never_appear_directly_or_through_related_data(client):
    public = make_commitment(title_es="Compromiso público")
    draft = make_commitment(title_es="Borrador secreto", publication="draft")
    draft_update = make_update(draft)
    unpublished_update = make_update(public, published=False, text_es="Sin publicar")
    draft_assessment = CsoAssessment.objects.create(
        commitment=draft, organisation=VerifiedOrganisationFactory(), rating="partial", text_es="x"
    )
    indicator = make_indicator()
    indicator.commitments.set([public, draft])

    assert ids(client, "/api/v1/commitments/") == [public.pk]
    assert client.get(f"/api/v1/commitments/{draft.pk}/").status_code == 404
    assert ids(client, "/api/v1/progress-updates/") == []
    assert ids(client, f"/api/v1/progress-updates/?commitment={draft.pk}") == []
    assert client.get(f"/api/v1/progress-updates/{draft_update.pk}/").status_code == 404
    assert client.get(f"/api/v1/progress-updates/{unpublished_update.pk}/").status_code == 404
    assert ids(client, f"/api/v1/assessments/?commitment={draft.pk}") == []
    assert client.get(f"/api/v1/assessments/{draft_assessment.pk}/").status_code == 404
    assert client.get(f"/api/v1/indicators/{indicator.code}/").json()["commitments"] == [public.pk]
    country = client.get("/api/v1/countries/CO/").json()
    assert country["commitment_count"] == 1
    for endpoint in LIST_ENDPOINTS:
        content = client.get(f"/api/v1/{endpoint}/?page_size=200").content.decode()
        assert "Borrador secreto" not in content
        assert "Sin publicar" not in content


def test_commitment_filters_agree_with_the_tracker(client):
    organisation = VerifiedOrganisationFactory()
    match = make_commitment(codes=["CO", "PE"], title_es="Colombiano uno", status="achieved")
    also = make_commitment(codes=["CO"], title_es="Colombiano dos", announced_on="2024-02-01")
    make_commitment(codes=["CO"], pillar=2, title_es="Otro pilar")
    make_commitment(codes=["PE"], title_es="Peruano")
    make_commitment(codes=["CO"], title_es="Borrador", publication="draft")
    CsoAssessment.objects.create(
        commitment=match, organisation=organisation, rating="partial", text_es="x"
    )

    assert ids(client, "/api/v1/commitments/?country=CO&pillar=1") == [also.pk, match.pk]
    tracker = client.get("/es/tracker/?country=CO&pillar=1").content.decode()
    assert "Colombiano uno" in tracker and "Colombiano dos" in tracker
    assert "Otro pilar" not in tracker and "Peruano" not in tracker

    for query in [
        "country=CO&pillar=1",
        "country=co&sort=oldest",
        "status=achieved",
        "cso=partial",
        "q=colombiano",
        "pillar=2",
        "status=nonsense&pillar=abc",
    ]:
        expected = list(
            commitments_public(TrackerFilters.from_query(QueryDict(query))).values_list(
                "pk", flat=True
            )
        )
        assert ids(client, f"/api/v1/commitments/?{query}") == expected, query


def test_other_endpoints_filter(client):
    colombian = make_commitment(codes=["CO", "PE"])
    peruvian = make_commitment(codes=["PE"])
    co_update = make_update(colombian, code="CO")
    make_update(peruvian, code="PE")
    partial = CsoAssessment.objects.create(
        commitment=colombian,
        organisation=VerifiedOrganisationFactory(),
        rating="partial",
        text_es="x",
    )
    CsoAssessment.objects.create(
        commitment=peruvian,
        organisation=VerifiedOrganisationFactory(),
        rating="regression",
        text_es="x",
    )
    adopted = make_indicator("adopted-one", status="adopted", kind="qualitative")
    adopted.pillars.set(Pillar.objects.filter(number__in=[1, 2]))
    proposed = make_indicator("proposed-one", status="proposed")
    government = make_data_point(adopted, code="CO", rating=3)
    make_data_point(adopted, code="CO", reported_by="civil_society", rating=2)
    make_data_point(proposed, code="PE", value=5)

    assert ids(client, "/api/v1/progress-updates/?country=co") == [co_update.pk]
    assert ids(client, f"/api/v1/progress-updates/?commitment={peruvian.pk}") != [co_update.pk]
    assert ids(client, "/api/v1/assessments/?rating=partial") == [partial.pk]
    assert ids(client, f"/api/v1/assessments/?commitment={colombian.pk}") == [partial.pk]
    codes = [row["code"] for row in results(client, "/api/v1/indicators/")]
    assert codes == ["adopted-one", "proposed-one"]
    codes = [row["code"] for row in results(client, "/api/v1/indicators/?status=adopted")]
    assert codes == ["adopted-one"]
    codes = [row["code"] for row in results(client, "/api/v1/indicators/?kind=qualitative")]
    assert codes == ["adopted-one"]
    codes = [row["code"] for row in results(client, "/api/v1/indicators/?pillar=2")]
    assert codes == ["adopted-one"]
    assert ids(client, "/api/v1/data-points/?indicator=adopted-one&reported_by=government") == [
        government.pk
    ]
    assert len(ids(client, "/api/v1/data-points/?country=PE")) == 1
    # An invalid choice is refused rather than silently ignored.
    assert client.get("/api/v1/assessments/?rating=nonsense").status_code == 400


def test_language_from_lang_parameter_or_accept_language_with_fallback(client):
    commitment = make_commitment(
        title_es="Regularización", title_fr="Régularisation", description_es="Programa"
    )
    url = f"/api/v1/commitments/{commitment.pk}/"

    french = client.get(f"{url}?lang=fr").json()
    assert french["title"] == "Régularisation"
    assert french["title_language"] == "fr"
    assert french["description"] == "Programa"
    assert french["description_language"] == "es"
    assert french["url"].endswith(f"/fr/commitments/{commitment.pk}/")

    response = client.get(url, headers={"accept-language": "pt-BR,pt;q=0.9"})
    portuguese = response.json()
    assert response["Content-Language"] == "pt"
    assert portuguese["title"] == "Regularización"
    assert portuguese["title_language"] == "es"
    assert portuguese["original_language"] == "es"

    best_match = client.get(url, headers={"accept-language": "de, fr;q=0.5, es;q=0.4"}).json()
    assert best_match["title_language"] == "fr"
    parameter_wins = client.get(f"{url}?lang=fr", headers={"accept-language": "es"}).json()
    assert parameter_wins["title_language"] == "fr"
    unknown = client.get(f"{url}?lang=xx", headers={"accept-language": "es"}).json()
    assert unknown["title_language"] == "es"
    default = client.get(url).json()
    assert default["url"].endswith(f"/en/commitments/{commitment.pk}/")
    assert default["title_language"] == "es"  # no English text: the original


def test_translated_names_of_reference_data(client):
    colombia = Country.objects.get(code="CO")
    rows = {row["code"]: row for row in results(client, "/api/v1/countries/?lang=es")}
    assert rows["CO"]["name"] == (colombia.name_es or colombia.name_en)
    assert rows["CO"]["name_language"] in {"es", "en"}
    assert list(rows) == sorted(rows)


def test_schema_is_valid_openapi_with_every_endpoint(client):
    response = client.get("/api/v1/schema/?format=json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    for endpoint in LIST_ENDPOINTS:
        assert f"/api/v1/{endpoint}/" in schema["paths"]
    assert "/api/v1/commitments/{id}/" in schema["paths"]
    assert "/api/v1/indicators/{code}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/commitments/"]["get"]["parameters"]}
    assert {"country", "pillar", "package", "status", "cso", "q", "lang"} <= parameters
    assert client.get("/api/v1/schema/").status_code == 200  # YAML


def test_schema_generates_without_warnings(tmp_path):
    # `check --deploy` runs the same generation and fails on its warnings.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")


def test_docs_page_lists_endpoints_filters_and_the_schema(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    for endpoint in LIST_ENDPOINTS:
        assert f"<code>/api/v1/{endpoint}/</code>" in page
    assert "/api/v1/commitments/?country=CO&amp;pillar=1" in page
    assert '<th scope="row"><code>reported_by</code></th>' in page
    assert "<code>/api/v1/indicators/{code}/</code>" in page
    assert "<code>/api/v1/commitments/{id}/</code>" in page
    assert 'href="/api/v1/schema/?format=json"' in page
    assert "<script" not in page


def test_browsable_api_renders_without_a_cdn(client):
    make_commitment()
    response = client.get("/api/v1/commitments/", headers={"accept": "text/html"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/rest_framework/" in page
    assert "cdn" not in page.lower()


def test_no_email_address_or_author_name_in_any_list(client):
    author = UserFactory(full_name="Secret Person")
    commitment = make_commitment()
    organisation = VerifiedOrganisationFactory()
    make_update(commitment, author=author)
    CsoAssessment.objects.create(
        commitment=commitment,
        organisation=organisation,
        author=author,
        rating="partial",
        text_es="x",
    )
    indicator = make_indicator(proposed_by=organisation)
    make_data_point(indicator, organisation=organisation, value=1)

    for endpoint in LIST_ENDPOINTS:
        response = client.get(f"/api/v1/{endpoint}/?page_size=200")
        content = response.content.decode()
        assert response.json()["count"] > 0, endpoint
        assert not EMAIL.search(content), endpoint
        assert "Secret Person" not in content, endpoint
        assert author.email not in content, endpoint


def _many(count):
    organisation = VerifiedOrganisationFactory()
    indicator = make_indicator()
    for i in range(count):
        commitment = make_commitment(codes=["CO", "PE"], title_es=f"Compromiso {i}")
        make_update(commitment)
        CsoAssessment.objects.create(
            commitment=commitment, organisation=organisation, rating="partial", text_es="x"
        )
        Milestone.objects.create(
            commitment=commitment, title_es="Paso", due_date="2025-01-01", done_on="2024-06-01"
        )
        extra = make_indicator(f"indicator-{i}")
        extra.pillars.set(Pillar.objects.filter(number=1))
        extra.commitments.add(commitment)
        make_data_point(indicator, year=1900 + i, organisation=organisation, value=i)


# Queries per list: count, page, and one per prefetched relation.
QUERY_BOUNDS = {
    "commitments": 5,
    "commitments/?country=CO&pillar=1&cso=partial": 5,
    "progress-updates": 2,
    "assessments": 2,
    "indicators": 4,
    "data-points": 2,
    "data-points/?indicator=regularised-people&country=CO": 2,
    "countries": 2,
    "pillars": 3,
}


@pytest.mark.parametrize("count", [10, 200])
def test_list_query_count_is_constant(client, django_assert_max_num_queries, count):
    _many(count)
    for endpoint, bound in QUERY_BOUNDS.items():
        url = f"/api/v1/{endpoint}" if "?" in endpoint else f"/api/v1/{endpoint}/"
        with django_assert_max_num_queries(bound):
            response = client.get(url)
        assert response.status_code == 200
        assert response.json()["count"] > 0, endpoint
