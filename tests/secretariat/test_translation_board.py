"""The translation board, filling a translation, and the glossary (staff and public)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from commitments.models import Commitment
from portal.models import AuditEvent, Country, Pillar
from secretariat import translation_board
from secretariat.models import GlossaryTerm
from secretariat.staff_services import glossary_term_save, translation_fill
from tests.factories import DocumentFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_commitment(publication="published", **fields):
    commitment = Commitment.objects.create(
        pillar=Pillar.objects.get(number=1),
        announced_on="2023-01-15",
        publication=publication,
        original_language="es",
        **fields,
    )
    commitment.countries.set(Country.objects.filter(code="CO"))
    return commitment


def counts_for(label):
    row = next(r for r in translation_board.gap_counts() if r["entry"].model._meta.label == label)
    return dict(row["counts"])


def all_languages(text):
    return {f"title_{code}": f"{text} ({code})" for code in ("en", "es", "pt", "fr", "ht", "qu")}


def glossary_term(slug, **terms):
    return GlossaryTerm.objects.create(slug=slug, **terms)


def test_board_counts_published_content_missing_a_language():
    full = all_languages("Complete")
    make_commitment(**full)
    lacking_fr = {**all_languages("No French"), "title_fr": ""}
    make_commitment(**lacking_fr)
    # A draft and an object empty in every language are not gaps.
    make_commitment(publication="draft", title_es="Borrador")
    make_commitment(title_es="")
    counts = counts_for("commitments.Commitment")
    assert counts["fr"] == 1
    assert counts["en"] == 0 and counts["es"] == 0


def test_description_gap_counts_once_per_object():
    make_commitment(
        **all_languages("Title"),
        description_es="Descripción",
        description_en="Description",
    )
    counts = counts_for("commitments.Commitment")
    assert counts["fr"] == 1 and counts["en"] == 0


def test_board_page_links_each_gap_to_its_list(client):
    commitment = make_commitment(**{**all_languages("Permits"), "title_fr": ""})
    client.force_login(StaffFactory())
    page = client.get(reverse("staff_translations")).content.decode()
    gaps_url = reverse("staff_translation_gaps", args=["commitments.commitment", "fr"])
    assert gaps_url in page
    listing = client.get(gaps_url).content.decode()
    assert reverse(
        "staff_translation_edit", args=["commitments.commitment", commitment.pk, "fr"]
    ) in (listing)


def test_edit_page_shows_source_first_and_the_glossary_then_fills_the_gap(client):
    commitment = make_commitment(
        title_es="Regularización de personas migrantes venezolanas",
        title_en="Regularization of Venezuelan migrants",
        description_es="Un estatuto de protección temporal para diez años.",
    )
    glossary_term(
        "temporary-protection",
        term_en="temporary protection",
        term_es="protección temporal",
        term_fr="protection temporaire",
    )
    glossary_term("asylum", term_en="asylum", term_es="asilo", term_fr="asile")
    assert counts_for("commitments.Commitment")["fr"] == 1
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("staff_translation_edit", args=["commitments.commitment", commitment.pk, "fr"])
    page = client.get(url).content.decode()
    form = page[page.index('<form method="post" class="form-fields"') :]
    # The original language (Spanish) is the source and comes before English.
    assert form.index("Regularización de personas migrantes") < form.index(
        "Regularization of Venezuelan migrants"
    )
    # The glossary term found in the text comes first, with its French wording.
    assert "protección temporal" in page and "protection temporaire" in page
    assert page.index("protección temporal") < page.index("asilo")

    response = client.post(
        url,
        {
            "title": "Régularisation des migrants vénézuéliens",
            "description": "Un statut de protection temporaire pour dix ans.",
        },
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.title_fr == "Régularisation des migrants vénézuéliens"
    assert commitment.title_es == "Regularización de personas migrantes venezolanas"
    assert commitment.title_en == "Regularization of Venezuelan migrants"
    assert counts_for("commitments.Commitment")["fr"] == 0
    record = commitment.history.first()
    assert record.title_fr == "Régularisation des migrants vénézuéliens"
    assert record.history_user == staff
    assert AuditEvent.objects.filter(action="translation.fill").exists()


def test_edit_rejects_unknown_models_and_languages(client):
    commitment = make_commitment(title_es="Algo")
    client.force_login(StaffFactory())
    for args in (
        ["portal.user", 1, "fr"],
        ["commitments.progressupdate", 1, "fr"],
        ["nonsense", 1, "fr"],
        ["commitments.commitment", commitment.pk, "de"],
    ):
        assert client.get(reverse("staff_translation_edit", args=args)).status_code == 404
    assert (
        client.get(reverse("staff_translation_gaps", args=["portal.user", "fr"])).status_code == 404
    )


def test_translation_fill_only_writes_translatable_fields_and_needs_staff():
    commitment = make_commitment(title_es="Algo", status="announced")
    staff = StaffFactory()
    with pytest.raises(ValidationError):
        translation_fill(obj=commitment, by=staff, language="fr", values={"status": "achieved"})
    with pytest.raises(PermissionDenied):
        translation_fill(obj=commitment, by=UserFactory(), language="fr", values={"title": "x"})
    translation_fill(obj=commitment, by=staff, language="qu", values={"title": "Imallapas"})
    commitment.refresh_from_db()
    assert commitment.title_qu == "Imallapas" and commitment.status == "announced"


def test_other_models_are_on_the_board():
    DocumentFactory(title_en="A decision", title_es="Una decisión")
    counts = counts_for("secretariat.Document")
    assert counts["fr"] == 1 and counts["en"] == 0


# --- Glossary -----------------------------------------------------------------------------


def test_public_glossary_shows_current_language_first_with_its_definition(client):
    glossary_term(
        "t1",
        term_en="asylum",
        term_es="asilo",
        term_fr="asile",
        definition_en="Protection a state grants.",
        definition_es="Protección que otorga un Estado.",
    )
    with translation.override("es"):
        url_es = reverse("glossary")
    with translation.override("en"):
        url_en = reverse("glossary")
    page = client.get(url_es).content.decode()
    assert page.index("asilo") < page.index("asylum")
    assert "Protección que otorga un Estado." in page
    assert "Protection a state grants." not in page
    english = client.get(url_en).content.decode()
    assert english.index("asylum") < english.index("asilo")
    assert "Protection a state grants." in english


def test_public_glossary_query_count_is_constant(client, django_assert_max_num_queries):
    for index in range(30):
        glossary_term(f"term-{index}", term_en=f"term {index}", term_es=f"término {index}")
    with django_assert_max_num_queries(3):
        assert client.get(reverse("glossary")).status_code == 200


def test_staff_add_and_edit_a_term(client):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post(
        reverse("staff_glossary_new"),
        {"term_en": "complementary pathways", "term_es": "vías complementarias"},
    )
    assert response.status_code == 302
    term = GlossaryTerm.objects.get(slug="complementary-pathways")
    assert term.term_es == "vías complementarias" and term.updated_by == staff
    client.post(
        reverse("staff_glossary_edit", args=[term.slug]),
        {
            "term_en": "complementary pathways",
            "term_es": "vías complementarias",
            "term_ht": "lòt chemen",
        },
    )
    term.refresh_from_db()
    assert term.term_ht == "lòt chemen"
    # The English term is required; a duplicate address is refused.
    response = client.post(reverse("staff_glossary_new"), {"term_es": "asilo"})
    assert response.status_code == 200 and GlossaryTerm.objects.count() == 1
    response = client.post(reverse("staff_glossary_new"), {"term_en": "Complementary pathways"})
    assert "already exists" in response.content.decode()
    assert GlossaryTerm.objects.count() == 1


def test_glossary_service_needs_staff():
    with pytest.raises(PermissionDenied):
        glossary_term_save(by=UserFactory(), values={"term_en": "asylum"})
