import re

import pytest

from commitments.models import CsoAssessment, DataPoint, Indicator, Milestone
from portal.models import Country
from tests.browser.conftest import assert_no_axe_violations
from tests.commitments.test_commitments import make_commitment
from tests.factories import VerifiedOrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_tracker_filters_without_javascript_and_shares_the_url(live_server, browser, artifacts):
    make_commitment(codes=["CO"], title_es="Estatuto de protección", status="in_progress")
    make_commitment(codes=["PE"], title_es="Campaña contra la xenofobia", status="announced")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/es/tracker/")
    page.select_option("#f-country", "CO")
    page.select_option("#f-status", "in_progress")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"country=CO"))
    assert "status=in_progress" in page.url
    text = page.inner_text("main")
    assert "Estatuto de protección" in text and "Campaña contra la xenofobia" not in text
    page.screenshot(path=str(artifacts / "tracker-es-phone.png"), full_page=True)
    # The filtered view is a shareable link: the CSV download keeps the filters.
    href = page.get_attribute("a[href*='export.csv']", "href")
    assert "country=CO" in href and "status=in_progress" in href
    context.close()


@pytest.mark.parametrize("lang", ["es", "qu"])
def test_monitoring_pages_have_no_axe_violations(live_server, page, lang):
    commitment = make_commitment(codes=["CO"], title_es="Compromiso accesible")
    Milestone.objects.create(commitment=commitment, title_es="Paso", due_date="2023-01-01")
    CsoAssessment.objects.create(
        commitment=commitment,
        organisation=VerifiedOrganisationFactory(),
        rating="partial",
        text_es="Avances parciales.",
    )
    indicator = Indicator.objects.create(
        code="asylum-time",
        name_es="Tiempo de decisión de asilo",
        kind="quantitative",
        unit="días",
        direction="lower",
        status="adopted",
    )
    for year, value in [(2022, 300), (2023, 250)]:
        DataPoint.objects.create(
            indicator=indicator,
            country=Country.objects.get(code="CO"),
            period_start=f"{year}-01-01",
            value=value,
            reported_by="government",
        )
    for path in [
        f"/{lang}/tracker/",
        f"/{lang}/tracker/?country=CO&status=announced",
        f"/{lang}/commitments/{commitment.pk}/",
        f"/{lang}/countries/CO/",
        f"/{lang}/countries/CO/?print=1",
        f"/{lang}/pillars/1/",
        f"/{lang}/pillars/4/",
        f"/{lang}/tracker/reporting/",
        f"/{lang}/open-data/",
        f"/{lang}/indicators/",
        f"/{lang}/indicators/{indicator.code}/",
        f"/{lang}/indicators/matrices/",
        "/api/v1/docs/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_no_axe_violations(page)
