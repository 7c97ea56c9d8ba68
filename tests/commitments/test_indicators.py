import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commitments import indicators
from commitments.charts import line_chart
from commitments.models import DataPoint, Indicator
from portal.models import Country, Pillar
from tests.commitments.test_commitments import coordinator_of, cso_member, make_commitment
from tests.conftest import LANGUAGE_CODES
from tests.factories import MembershipFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_indicator(code="asylum-time", status="adopted", **fields):
    fields.setdefault("name_es", "Tiempo promedio de decisión de asilo")
    fields.setdefault("name_en", "Average asylum decision time")
    fields.setdefault("kind", "quantitative")
    fields.setdefault("unit", "days")
    fields.setdefault("direction", "lower")
    return Indicator.objects.create(code=code, status=status, original_language="es", **fields)


def add_point(indicator, code, year, value=None, reported_by="government", **fields):
    return DataPoint.objects.create(
        indicator=indicator,
        country=Country.objects.get(code=code),
        period_kind="year",
        period_start=datetime.date(year, 1, 1),
        value=value,
        reported_by=reported_by,
        **fields,
    )


def bulk_points(indicator, count):
    countries = list(Country.objects.order_by("code"))
    points = []
    for i in range(count):
        country = countries[i % len(countries)]
        quarter = i // (2 * len(countries))
        points.append(
            DataPoint(
                indicator=indicator,
                country=country,
                period_kind="quarter",
                period_start=datetime.date(2010 + quarter // 4, 3 * (quarter % 4) + 1, 1),
                value=100 + i % 37,
                reported_by="government" if (i // len(countries)) % 2 == 0 else "civil_society",
            )
        )
    DataPoint.objects.bulk_create(points)


def data_form(country="CO", reported_by="government", **overrides):
    data = {
        "country": Country.objects.get(code=country).pk,
        "reported_by": reported_by,
        "organisation": "",
        "period_kind": "year",
        "period_start": "2024-05-01",
        "value": "95",
        "text": "Promedio del registro administrativo.",
        "source": "Comisión nacional",
    }
    data.update(overrides)
    return data


# --- Proposals and review -----------------------------------------------------------


def test_verified_cso_member_proposes_an_indicator(client):
    user, organisation = cso_member()
    client.force_login(user)
    response = client.post(
        reverse("indicator_propose"),
        {
            "organisation": organisation.pk,
            "name": "Personas con acceso a salud pública",
            "methodology": "Encuesta anual a organizaciones de base.",
            "language": "es",
            "kind": "qualitative",
            "unit": "",
            "direction": "higher",
            "pillars": [Pillar.objects.get(number=1).pk],
        },
    )
    indicator = Indicator.objects.get(proposed_by=organisation)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/indicators/{indicator.code}/"
    )
    assert indicator.status == "proposed"
    assert indicator.name_es == "Personas con acceso a salud pública"
    assert list(indicator.pillars.values_list("number", flat=True)) == [1]
    page = client.get(f"/en/indicators/{indicator.code}/").content.decode()
    assert "Encuesta anual a organizaciones de base." in page and "Proposed" in page


def test_unverified_members_and_coordinators_cannot_propose(client):
    user, _organisation = cso_member(verified=False)
    client.force_login(user)
    assert client.get("/en/indicators/propose/").status_code == 403
    assert client.post("/en/indicators/propose/", {"name": "X"}).status_code == 403
    client.force_login(coordinator_of("CO"))
    assert client.get("/en/indicators/propose/").status_code == 403
    assert not Indicator.objects.exists()


def test_anonymous_proposal_goes_to_sign_in(client):
    response = client.get("/en/indicators/propose/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_proposal_service_rejects_another_organisations_name():
    user, _own = cso_member()
    _other_user, other = cso_member()
    with pytest.raises(PermissionDenied):
        indicators.indicator_propose(by=user, organisation=other, name="X", language="es")


def test_staff_adopts_and_others_get_403(client):
    indicator = make_indicator(status="proposed")
    url = reverse("indicator_set_status", args=[indicator.code])
    for outsider in (cso_member()[0], coordinator_of("CO"), UserFactory()):
        client.force_login(outsider)
        assert client.post(url, {"status": "adopted"}).status_code == 403
    indicator.refresh_from_db()
    assert indicator.status == "proposed"
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post(url, {"status": "adopted"})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.status == "adopted"
    assert indicator.history.first().history_user == staff
    assert "Adopted" in client.get(f"/en/indicators/{indicator.code}/").content.decode()


# --- Recording values -----------------------------------------------------------------


def test_coordinator_records_for_own_country_only(client):
    indicator = make_indicator()
    client.force_login(coordinator_of("CO"))
    url = reverse("indicator_data_create", args=[indicator.code])
    assert client.get(url).status_code == 200
    assert client.post(url, data_form(country="PE")).status_code == 403
    assert not DataPoint.objects.exists()
    response = client.post(url, data_form(country="CO"))
    assert response.status_code == 302
    point = DataPoint.objects.get()
    assert (point.country.code, point.reported_by, point.value) == ("CO", "government", 95)
    assert point.period_start == datetime.date(2024, 1, 1)  # normalised to the year
    assert point.verification == "unverified"


def test_cso_member_records_a_civil_society_value(client):
    indicator = make_indicator()
    user, organisation = cso_member()
    client.force_login(user)
    url = reverse("indicator_data_create", args=[indicator.code])
    response = client.post(
        url, data_form(country="PE", reported_by="civil_society", organisation=organisation.pk)
    )
    assert response.status_code == 302
    point = DataPoint.objects.get()
    assert point.reported_by == "civil_society" and point.organisation == organisation
    # Government values are not theirs to report.
    with pytest.raises(PermissionDenied):
        indicators.data_point_record(
            indicator=indicator,
            by=user,
            country=Country.objects.get(code="PE"),
            period_kind="year",
            period_start=datetime.date(2024, 1, 1),
            reported_by="government",
            value=1,
        )


def test_people_without_a_role_or_on_unadopted_indicators_get_403(client):
    adopted = make_indicator()
    proposed = make_indicator(code="other", status="proposed")
    client.force_login(UserFactory())
    assert client.get(reverse("indicator_data_create", args=[adopted.code])).status_code == 403
    client.force_login(coordinator_of("CO"))
    assert client.get(reverse("indicator_data_create", args=[proposed.code])).status_code == 403
    unverified_user, _org = cso_member(verified=False)
    client.force_login(unverified_user)
    assert client.get(reverse("indicator_data_create", args=[adopted.code])).status_code == 403


def test_recording_again_corrects_and_another_organisation_cannot_overwrite():
    indicator = make_indicator()
    user, organisation = cso_member()
    other_user, other = cso_member()
    country = Country.objects.get(code="CO")
    common = {
        "indicator": indicator,
        "country": country,
        "period_kind": "quarter",
        "period_start": datetime.date(2024, 5, 20),
        "reported_by": "civil_society",
    }
    indicators.data_point_record(by=user, organisation=organisation, value=10, **common)
    indicators.data_point_record(by=user, organisation=organisation, value=12, **common)
    point = DataPoint.objects.get()
    assert point.value == 12 and point.period_start == datetime.date(2024, 4, 1)
    with pytest.raises(ValidationError):
        indicators.data_point_record(by=other_user, organisation=other, value=99, **common)
    with pytest.raises(ValidationError):  # a rating on a quantitative indicator
        indicators.data_point_record(by=user, organisation=organisation, rating=3, **common)


# --- Trends and matrices ----------------------------------------------------------------


def test_trend_arrows_take_the_direction_into_account(client):
    lower = make_indicator(code="asylum-time", direction="lower")
    higher = make_indicator(code="regularized", direction="higher", name_en="Regularized")
    for indicator in (lower, higher):
        add_point(indicator, "CO", 2023, 120)
        add_point(indicator, "CO", 2024, 90)
    add_point(lower, "PE", 2023, 50)
    add_point(lower, "PE", 2024, 50)
    matrix = indicators.country_indicator_matrix()
    cells = {
        (country.code, indicator.code): cell
        for country, row in matrix["rows"]
        for indicator, cell in row
    }
    assert cells[("CO", "asylum-time")]["government"].label == "↓ improving"
    assert cells[("CO", "regularized")]["government"].label == "↓ worsening"
    assert cells[("PE", "asylum-time")]["government"].label == "→ no change"
    assert cells[("MX", "asylum-time")] == {}
    page = client.get("/en/indicators/matrices/").content.decode()
    assert "↓ improving" in page and "↓ worsening" in page and "→ no change" in page
    assert '<th scope="row">' in page and "<caption" in page


def test_qualitative_trend_uses_ratings():
    indicator = make_indicator(code="health", kind="qualitative", unit="", direction="higher")
    add_point(indicator, "CO", 2022, rating=2)
    add_point(indicator, "CO", 2023, rating=4)
    add_point(indicator, "CO", 2024, rating=3, reported_by="civil_society")
    matrix = indicators.country_indicator_matrix()
    cell = dict(dict(matrix["rows"])[Country.objects.get(code="CO")])[indicator]
    assert cell["government"].label == "↑ improving"
    assert cell["government"].display == "4 – Good"
    assert cell["civil_society"].label == ""  # no earlier civil-society value


def test_pillar_matrix_counts_public_commitments_by_status(client):
    make_commitment(codes=["CO", "PE"], pillar=2, status="in_progress")
    make_commitment(codes=["CO"], pillar=2, status="achieved")
    make_commitment(codes=["CO"], pillar=2, status="achieved", publication="draft")
    matrix = indicators.country_pillar_matrix()
    rows = dict(matrix["rows"])
    co = rows[Country.objects.get(code="CO")][1]
    assert co["total"] == 2
    assert [(value, n) for value, _label, n in co["by_status"]] == [
        ("in_progress", 1),
        ("achieved", 1),
    ]
    assert rows[Country.objects.get(code="PE")][1]["total"] == 1
    assert rows[Country.objects.get(code="PE")][0]["total"] == 0


# --- Detail page, chart and CSV --------------------------------------------------------------


def test_detail_has_an_svg_with_title_and_a_table_of_every_point(client):
    indicator = make_indicator()
    indicator.pillars.set([Pillar.objects.get(number=2)])
    public = make_commitment(title_es="Compromiso público")
    draft = make_commitment(title_es="Borrador oculto", publication="draft")
    indicator.commitments.set([public, draft])
    _user, organisation = cso_member()
    points = [
        add_point(indicator, "CO", 2023, 120, source="Cancillería"),
        add_point(indicator, "CO", 2024, 90),
        add_point(indicator, "PE", 2024, 60),
        add_point(indicator, "CO", 2024, 150, "civil_society", organisation=organisation),
    ]
    page = client.get("/en/indicators/asylum-time/").content.decode()
    assert page.count("<svg") == 2  # one for governments, one for civil society
    assert re.search(r'<title id="chart-government-title">[^<]+</title>', page)
    assert '<desc id="chart-civil_society-desc">' in page
    table = page[page.index("<table") : page.index("</table>")]
    assert table.count("<tr class=") == len(points)
    assert "Civil society" in table and organisation.name in table and "Cancillería" in table
    assert "Compromiso público" in page and "Borrador oculto" not in page
    one_country = client.get("/en/indicators/asylum-time/?country=PE").content.decode()
    assert one_country[one_country.index("<table") :].count("<tr class=") == 1


def test_detail_shows_the_translation_note_for_untranslated_methodology(client):
    make_indicator(methodology_es="Días entre la solicitud y la decisión.")
    page = client.get("/en/indicators/asylum-time/").content.decode()
    assert "Días entre la solicitud y la decisión." in page
    assert "Not yet translated into your language" in page


def test_csv_download_matches_the_data_and_neutralises_formulas(client):
    indicator = make_indicator()
    add_point(indicator, "CO", 2023, "120.5", source="=HYPERLINK(malicioso)")
    add_point(indicator, "PE", 2024, 60, text="-5 respecto al año anterior")
    response = client.get("/en/indicators/asylum-time/data.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["country_code"], r["period"], r["value"]) for r in rows] == [
        ("CO", "2023", "120.5"),
        ("PE", "2024", "60"),
    ]
    assert rows[0]["source"] == "'=HYPERLINK(malicioso)"
    assert rows[1]["explanation"] == "'-5 respecto al año anterior"
    assert all(r["reported_by"] == "government" and r["unit"] == "days" for r in rows)


def test_line_chart_escapes_text_and_varies_dashes_and_colours():
    svg = line_chart(
        [("<Perú & co>", [("2023", 1), ("2024", 2)]), ("Chile", [("2023", 3), ("2024", None)])],
        title='Title "quoted" <b>',
        desc="A & B",
    )
    assert "<b>" not in svg and "&lt;Perú &amp; co&gt;" in svg and "A &amp; B" in svg
    assert "<title" in svg and "<desc" in svg
    legend = re.findall(
        r'stroke="(#[0-9a-f]{6})" stroke-width="3"( stroke-dasharray="[^"]+")?', svg
    )
    assert len(legend) == 2 and legend[0] != legend[1] and legend[1][1]
    assert line_chart([("Chile", [("2023", None)])], title="t", desc="d") == ""


# --- List ------------------------------------------------------------------------------------


def test_list_puts_adopted_first_and_filters(client):
    make_indicator(code="a-proposed", status="proposed", name_en="Proposed one")
    adopted = make_indicator(code="z-adopted", name_en="Adopted one")
    adopted.pillars.set([Pillar.objects.get(number=4)])
    add_point(adopted, "CO", 2023, 1)
    add_point(adopted, "CO", 2024, 2)
    add_point(adopted, "PE", 2024, 2)
    page = client.get("/en/indicators/").content.decode()
    assert page.index("Adopted one") < page.index("Proposed one")
    assert "Latest period 2024: values for 2 countries" in page and "3 values in all" in page
    page = client.get("/en/indicators/?pillar=4").content.decode()
    assert "Adopted one" in page and "Proposed one" not in page
    page = client.get("/en/indicators/?status=proposed&kind=quantitative").content.decode()
    assert "Proposed one" in page and "Adopted one" not in page
    assert client.get("/en/indicators/?status=zzz&pillar=x").status_code == 200


# --- Query counts and languages ---------------------------------------------------------------


@pytest.mark.parametrize("count", [20, 400])
def test_pages_use_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    indicator = make_indicator()
    indicator.pillars.set(Pillar.objects.all())
    indicator.commitments.set([make_commitment()])
    other = make_indicator(code="health", kind="qualitative", unit="")
    bulk_points(indicator, count)
    for year in (2022, 2023):
        add_point(other, "CO", year, rating=3)
    for url in (
        "/es/indicators/",
        "/es/indicators/asylum-time/",
        "/es/indicators/matrices/",
        "/es/indicators/asylum-time/data.csv",
    ):
        with django_assert_max_num_queries(6):
            response = client.get(url)
        assert response.status_code == 200


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_every_page_answers_in_every_language(client, language):
    indicator = make_indicator()
    add_point(indicator, "CO", 2023, 120)
    add_point(indicator, "CO", 2024, 90)
    for url in ("indicators/", "indicators/asylum-time/", "indicators/matrices/"):
        response = client.get(f"/{language}/{url}")
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode()
    assert client.get(f"/{language}/indicators/asylum-time/data.csv").status_code == 200
    user, _org = cso_member()
    coordinator = coordinator_of("CO")
    MembershipFactory(user=coordinator, organisation=_org)
    client.force_login(coordinator)
    assert client.get(f"/{language}/indicators/propose/").status_code == 200
    assert client.get(f"/{language}/indicators/asylum-time/data/new/").status_code == 200
    assert client.get(f"/{language}/indicators/missing/").status_code == 404


def test_coordinator_records_a_rating_on_a_qualitative_indicator(client):
    indicator = make_indicator(code="health", kind="qualitative", unit="", direction="higher")
    client.force_login(coordinator_of("CO"))
    url = reverse("indicator_data_create", args=[indicator.code])
    form = data_form(period_kind="quarter", period_start="2024-08-15", rating="4")
    del form["value"]
    assert client.post(url, form).status_code == 302
    point = DataPoint.objects.get()
    assert (point.rating, point.value, point.period_label) == (4, None, "2024-Q3")


# --- Demo data ---------------------------------------------------------------------------


def test_demo_seed_is_idempotent_and_grows_with_scale():
    from commitments import indicator_demo
    from portal.enums import MembershipRole
    from tests.factories import VerifiedOrganisationFactory

    people = {key: UserFactory() for key in ("cso_admin", "cso_member", "applicant")}
    people.update(
        staff=StaffFactory(),
        coordinator=UserFactory(),
        coordinator_ca=UserFactory(),
        representative=UserFactory(),
    )
    for name, person in (
        ("Red Clamor Colombia", "cso_admin"),
        ("Kolektif Fanm Migran Ayisyen", "cso_member"),
        ("Coordinadora de Mujeres Migrantes del Perú", "applicant"),
    ):
        organisation = VerifiedOrganisationFactory(name=name)
        MembershipFactory(user=people[person], organisation=organisation, role=MembershipRole.ADMIN)
    out = io.StringIO()
    indicator_demo.seed(people=people, scale=1, stdout=out)
    named = DataPoint.objects.count()
    assert named > 200
    assert Indicator.objects.filter(status="adopted").count() == 6
    assert Indicator.objects.get(code="missing-migrants").status == "proposed"
    temporary = Indicator.objects.get(code="temporary-protection")
    assert temporary.name_es and temporary.name_en and temporary.proposed_by.name.startswith("Red")
    assert set(
        Pillar.objects.filter(indicators__status="adopted").values_list("number", flat=True)
    ) == {1, 2, 3, 4}
    assert temporary.data_points.filter(reported_by="civil_society", country__code="CO").exists()
    indicator_demo.seed(people=people, scale=1, stdout=out)
    assert DataPoint.objects.count() == named
    indicator_demo.seed(people=people, scale=4, stdout=out)
    grown = DataPoint.objects.count()
    assert grown >= 240 * 4
    indicator_demo.seed(people=people, scale=4, stdout=out)
    assert DataPoint.objects.count() == grown
