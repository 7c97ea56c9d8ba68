"""Site-wide search: current language only, public content only, grouped by type."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext

from commitments.models import Commitment, Indicator
from committees.models import Committee, Proposal
from meetings.models import MeetingDocument
from portal import search
from portal.models import Country, Pillar
from tests.factories import (
    DocumentFactory,
    GoodPracticeFactory,
    MeetingFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
)

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"


def search_url(lang="es", **params):
    with translation.override(lang):
        url = reverse("search")
    return f"{url}?{urlencode(params)}" if params else url


def make_commitment(publication="published", **fields):
    fields.setdefault("announced_on", "2023-01-15")
    commitment = Commitment.objects.create(
        pillar=Pillar.objects.get(number=1),
        publication=publication,
        original_language="es",
        **fields,
    )
    commitment.countries.set(Country.objects.filter(code="CO"))
    return commitment


def make_proposal(*, title, text="Texto de la propuesta.", **fields):
    fields.setdefault("organisation", VerifiedOrganisationFactory())
    return Proposal.objects.create(
        committee=Committee.objects.order_by("pk").first(),
        kind="policy",
        title=title,
        text=text,
        language="es",
        response_due=timezone.localdate() + timedelta(days=30),
        **fields,
    )


def make_meeting_document(meeting, **fields):
    return MeetingDocument.objects.create(
        meeting=meeting,
        kind="agenda",
        language="es",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="agenda.pdf"),
        **fields,
    )


def make_indicator(code, **fields):
    return Indicator.objects.create(code=code, kind="quantitative", status="adopted", **fields)


def groups(response):
    return {g.key: g for g in response.context["sections"]}


def titles(group):
    return [hit.title for hit in group.hits]


# --- Current language ----------------------------------------------------------------


def test_finds_a_commitment_by_a_word_of_its_spanish_title_in_spanish(client):
    commitment = make_commitment(
        title_es="Regularización de personas venezolanas",
        title_fr="Régularisation des personnes vénézuéliennes",
        description_es="Un permiso de protección temporal para diez años.",
    )

    response = client.get(search_url("es", q="regularización"))

    assert response.status_code == 200
    found = groups(response)["commitments"]
    assert found.total == 1
    assert titles(found) == ["Regularización de personas venezolanas"]
    assert found.hits[0].url == f"/es/commitments/{commitment.pk}/"
    assert "Un permiso de protección temporal" in found.hits[0].excerpt
    assert f'href="/es/commitments/{commitment.pk}/"' in response.content.decode()


def test_a_spanish_word_does_not_find_the_french_version(client):
    make_commitment(
        title_es="Regularización de personas venezolanas",
        title_fr="Régularisation des personnes vénézuéliennes",
    )

    response = client.get(search_url("fr", q="regularización"))

    assert groups(response)["commitments"].total == 0
    assert response.context["total"] == 0
    assert "Regularización" not in response.content.decode()


def test_finds_translated_content_in_french(client):
    make_commitment(title_es="Regularización migratoria", title_fr="Régularisation migratoire")
    MeetingFactory(title_fr="Réunion sur la régularisation", title_es="Reunión regional")
    GoodPracticeFactory(title_fr="Brigades de régularisation", title_es="Brigadas móviles")
    make_indicator("regularisations", name_fr="Personnes en régularisation", name_es="Personas")

    response = client.get(search_url("fr", q="régularisation"))

    found = groups(response)
    assert titles(found["commitments"]) == ["Régularisation migratoire"]
    assert titles(found["meetings"]) == ["Réunion sur la régularisation"]
    assert titles(found["good_practices"]) == ["Brigades de régularisation"]
    assert titles(found["indicators"]) == ["Personnes en régularisation"]
    assert response.context["total"] == 4


def test_finds_content_in_haitian_creole(client):
    make_commitment(title_es="Regularización", title_ht="Regilarizasyon migran yo")

    response = client.get(search_url("ht", q="regilarizasyon"))

    assert titles(groups(response)["commitments"]) == ["Regilarizasyon migran yo"]


def test_organisations_match_by_name_and_acronym_in_any_language(client):
    OrganisationFactory(name="Red Jesuita con Migrantes", acronym="RJM")
    OrganisationFactory(name="Otra organización", acronym="OTRA")

    by_name = client.get(search_url("en", q="jesuita"))
    by_acronym = client.get(search_url("pt", q="RJM"))

    assert titles(groups(by_name)["organisations"]) == ["Red Jesuita con Migrantes"]
    assert titles(groups(by_acronym)["organisations"]) == ["Red Jesuita con Migrantes"]


def test_organisation_descriptions_match_in_the_current_language_only(client):
    OrganisationFactory(name="Casa del Migrante", description_es="Albergue y asesoría jurídica.")

    in_spanish = client.get(search_url("es", q="albergue"))
    in_english = client.get(search_url("en", q="albergue"))

    assert titles(groups(in_spanish)["organisations"]) == ["Casa del Migrante"]
    assert groups(in_english)["organisations"].total == 0


def test_proposals_are_found_in_their_own_language_and_marked_as_such(client):
    make_proposal(title="Mesa técnica de integración", text="Proponemos una mesa técnica.")

    response = client.get(search_url("en", q="integración"))

    found = groups(response)["proposals"]
    assert titles(found) == ["Mesa técnica de integración"]
    assert found.hits[0].title_language == "es"
    assert 'lang="es"' in response.content.decode()


def test_every_word_must_appear(client):
    make_commitment(title_es="Regularización de personas venezolanas")
    make_commitment(title_es="Regularización de personas haitianas")

    response = client.get(search_url("es", q="regularización haitianas"))

    assert titles(groups(response)["commitments"]) == ["Regularización de personas haitianas"]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="full-text search runs on PostgreSQL only")
def test_postgresql_stems_words_and_ranks_titles_first(client):
    make_commitment(title_es="Salud", description_es="Atención para el migrante en tránsito.")
    make_commitment(title_es="Protección del migrante", description_es="Medidas de protección.")

    response = client.get(search_url("es", q="migrantes"))

    assert titles(groups(response)["commitments"]) == ["Protección del migrante", "Salud"]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="web-search syntax is PostgreSQL's")
def test_postgresql_reads_web_search_syntax(client):
    make_commitment(title_es="Regularización de personas venezolanas")
    make_commitment(title_es="Regularización de personas haitianas")

    response = client.get(search_url("es", q="regularización -haitianas"))

    assert titles(groups(response)["commitments"]) == ["Regularización de personas venezolanas"]


# --- Public content only -------------------------------------------------------------


def test_non_public_content_is_never_found(client):
    make_commitment(title_es="Regularización pública")
    make_commitment(title_es="Regularización en borrador", publication="draft")
    make_commitment(title_es="Regularización en consulta", publication="consultation")
    make_proposal(title="Regularización propuesta pública")
    make_proposal(title="Regularización solo comité", visibility="committee")
    make_proposal(title="Regularización ocultada", hidden=True)
    published = MeetingFactory(title_es="Regularización reunión publicada")
    unpublished = MeetingFactory(title_es="Regularización reunión oculta", is_published=False)
    make_meeting_document(published, title_es="Regularización agenda pública")
    make_meeting_document(unpublished, title_es="Regularización agenda oculta")
    GoodPracticeFactory(title_es="Regularización práctica publicada")
    GoodPracticeFactory(title_es="Regularización práctica en revisión", status="submitted")
    GoodPracticeFactory(title_es="Regularización práctica devuelta", status="returned")
    DocumentFactory(title_es="Regularización decisión publicada")
    DocumentFactory(title_es="Regularización decisión interna", is_published=False)

    response = client.get(search_url("es", q="regularización"))

    found = groups(response)
    assert sorted(titles(found["commitments"])) == [
        "Regularización en consulta",
        "Regularización pública",
    ]
    assert titles(found["proposals"]) == ["Regularización propuesta pública"]
    assert titles(found["meetings"]) == ["Regularización reunión publicada"]
    assert titles(found["good_practices"]) == ["Regularización práctica publicada"]
    assert sorted(titles(found["documents"])) == [
        "Regularización agenda pública",
        "Regularización decisión publicada",
    ]
    content = response.content.decode()
    for hidden in ("borrador", "solo comité", "ocultada", "oculta", "revisión", "interna"):
        assert hidden not in content


# --- Grouping and paging ---------------------------------------------------------------


def test_results_are_grouped_by_type_with_counts_and_a_link_to_more(client):
    for i in range(12):
        make_commitment(title_es=f"Protección temporal {i}")
    OrganisationFactory(name="Observatorio de protección")
    DocumentFactory(title_es="Decisión sobre protección")
    make_meeting_document(MeetingFactory(), title_es="Agenda de protección")

    response = client.get(search_url("es", q="protección"))

    found = groups(response)
    assert [g.key for g in response.context["sections"]] == [t.key for t in search.TYPES]
    assert (found["commitments"].total, len(found["commitments"].hits)) == (12, 10)
    assert found["organisations"].total == 1
    assert found["documents"].total == 2
    assert found["proposals"].total == 0
    assert response.context["total"] == 15
    content = response.content.decode()
    assert 'id="results-commitments"' in content
    assert 'id="results-proposals"' not in content  # no empty section
    more = "?" + urlencode({"q": "protección", "type": "commitments"})
    assert f'href="{more}"' in content.replace("&amp;", "&")
    assert f'href="?{urlencode({"q": "protección", "type": "organisations"})}"' not in content


def test_type_pages_through_one_type_only(client):
    for i in range(25):
        make_commitment(title_es=f"Protección temporal {i}", announced_on=f"2023-01-{i + 1:02d}")
    OrganisationFactory(name="Observatorio de protección")

    first = client.get(search_url("es", q="protección", type="commitments"))
    second = client.get(search_url("es", q="protección", type="commitments", page=2))

    assert [g.key for g in first.context["sections"]] == ["commitments"]
    assert first.context["total"] == 25
    assert len(first.context["page"].object_list) == search.PAGE_SIZE
    assert len(second.context["page"].object_list) == 5
    shown = titles(first.context["sections"][0]) + titles(second.context["sections"][0])
    assert len(set(shown)) == 25
    assert "Observatorio" not in first.content.decode()
    assert 'rel="next"' in first.content.decode()


def test_documents_page_through_both_kinds_of_document(client):
    meeting = MeetingFactory()
    for i in range(12):
        DocumentFactory(title_es=f"Decisión sobre protección {i}")
        make_meeting_document(meeting, title_es=f"Agenda de protección {i}")

    overview = client.get(search_url("es", q="protección"))
    second = client.get(search_url("es", q="protección", type="documents", page=2))

    assert groups(overview)["documents"].total == 24
    assert len(second.context["page"].object_list) == 4


def test_an_unknown_type_is_a_form_error(client):
    response = client.get(search_url("es", q="protección", type="spaceships"))

    assert response.status_code == 200
    assert response.context["form"].errors["type"]
    assert "sections" not in response.context


# --- Queries ---------------------------------------------------------------------------


def _rows_of_every_type(count):
    meeting = MeetingFactory(title_es="Reunión de protección")
    for i in range(count):
        make_commitment(title_es=f"Protección temporal {i}")
        make_proposal(title=f"Propuesta de protección {i}")
        MeetingFactory(title_es=f"Reunión sobre protección {i}")
        OrganisationFactory(name=f"Red de protección {i}")
        make_indicator(f"proteccion-{i}", name_es=f"Personas con protección {i}")
        GoodPracticeFactory(title_es=f"Práctica de protección {i}")
        DocumentFactory(title_es=f"Decisión sobre protección {i}")
        make_meeting_document(meeting, title_es=f"Agenda de protección {i}")


def _baseline(client):
    with CaptureQueriesContext(connection) as queries:
        client.get(search_url("es"))
    return len(queries)


@pytest.mark.parametrize("count", [1, 30])
def test_overview_query_count_is_constant(client, django_assert_max_num_queries, count):
    _rows_of_every_type(count)
    baseline = _baseline(client)

    # One query per type; the documents' union needs a second one for its count.
    with django_assert_max_num_queries(baseline + len(search.TYPES) + 1):
        response = client.get(search_url("es", q="protección"))

    assert response.context["total"] >= 7 * count


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("kind", ["commitments", "documents"])
def test_type_page_query_count_is_constant(client, django_assert_max_num_queries, count, kind):
    _rows_of_every_type(count)
    baseline = _baseline(client)

    with django_assert_max_num_queries(baseline + 2):
        response = client.get(search_url("es", q="protección", type=kind, page=2))

    assert response.status_code == 200


# --- Empty, short and overlong queries -------------------------------------------------


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "a"}, {"type": ""}])
def test_empty_or_one_character_query_shows_the_form_without_searching(client, params):
    make_commitment(title_es="a b c")
    baseline = _baseline(client)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(search_url("es", **params))

    assert response.status_code == 200
    assert len(queries) == baseline
    assert "sections" not in response.context
    content = response.content.decode()
    assert 'id="search-q"' in content
    if params.get("q", "").strip():
        with translation.override("es"):
            hint = gettext("Type at least %(n)s characters to search.") % {"n": 2}
        assert hint in content


def test_an_overlong_query_is_refused_with_a_clear_message(client):
    baseline = _baseline(client)
    q = "migración " * 21  # 210 characters

    with CaptureQueriesContext(connection) as queries:
        response = client.get(search_url("en", q=q))

    assert response.status_code == 200
    assert len(queries) == baseline
    assert "sections" not in response.context
    content = response.content.decode()
    assert "Your search is too long: use at most 200 characters" in content
    assert 'aria-invalid="true"' in content


def test_a_query_with_a_null_character_is_refused(client):
    response = client.get(search_url("es", q="protec\x00ción"))

    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert "sections" not in response.context


def test_query_text_is_escaped(client):
    response = client.get(search_url("es", q="<script>alert(1)</script>"))

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


# --- Pieces ----------------------------------------------------------------------------


def test_header_form_is_a_labelled_get_form():
    with translation.override("es"):
        html = render_to_string("portal/_search_form.html")

    assert 'action="/es/search/"' in html
    assert 'method="get"' in html
    assert 'role="search"' in html
    assert '<label for="site-search-q"' in html
    assert 'id="site-search-q" name="q"' in html
    assert 'type="submit"' in html


def test_excerpt_shows_the_passage_around_the_first_matching_word():
    text = "Inicio. " + "palabra " * 60 + "El permiso de REGULARIZACIÓN llega. " + "fin " * 60

    passage = search.excerpt(["", text], "regularizacion")

    assert "REGULARIZACIÓN" in passage
    assert passage.startswith("… ") and passage.endswith(" …")
    assert len(passage) <= search.EXCERPT_LENGTH + 4


def test_excerpt_falls_back_to_the_start_of_the_text():
    assert search.excerpt(["Primer texto.", "Otro"], "ausente") == "Primer texto."
    assert search.excerpt(["", None], "algo") == ""
