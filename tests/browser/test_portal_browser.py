import re

import pytest
from django.core import mail

from portal.models import Organisation
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_sign_up_verify_create_organisation_and_switch_to_creole(live_server, page, artifacts):
    page.goto(f"{live_server.url}/en/accounts/signup/")
    page.fill("input[name=email]", "browser@example.org")
    page.fill("input[name=password1]", "Kreyol-ak-Runasimi-2026")
    page.fill("input[name=password2]", "Kreyol-ak-Runasimi-2026")
    page.fill("input[name=full_name]", "Browser Person")
    page.select_option("select[name=preferred_language]", "ht")
    page.click("form[action*=signup] button[type=submit]")
    page.wait_for_load_state()

    (message,) = [m for m in mail.outbox if "browser@example.org" in m.to]
    path = re.search(r"https?://[^/\s]+(/\S+/accounts/confirm-email/\S+)", message.body).group(1)
    page.goto(f"{live_server.url}{path}")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/"))

    page.goto(f"{live_server.url}/en/organisations/new/")
    page.fill("input[name=name]", "Kolektif Lakay")
    page.select_option("select[name=kind]", "cso")
    page.select_option("select[name=level]", "local")
    page.check(f"input[name=countries][value='{_country_pk('HT')}']")
    page.check("input[name=leadership][value=migrant]")
    page.select_option("select[name=original_language]", "ht")
    page.fill("textarea[name=description]", "Nou ede migran yo.")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/organisations/kolektif-lakay/"))
    assert Organisation.objects.filter(name="Kolektif Lakay", verified=False).exists()

    page.click("nav.langs a[lang=ht]")
    page.wait_for_url(re.compile(r"/ht/organisations/kolektif-lakay/"))
    assert page.locator("html").get_attribute("lang") == "ht"
    page.screenshot(path=str(artifacts / "organisation-ht-phone.png"), full_page=True)


def _country_pk(code):
    from portal.models import Country

    return Country.objects.get(code=code).pk


@pytest.mark.parametrize("lang", ["en", "es", "ht"])
def test_main_pages_have_no_axe_violations(live_server, page, lang):
    organisation = OrganisationFactory(name="Red de Prueba", leadership=["women"])
    for path in [
        f"/{lang}/",
        f"/{lang}/organisations/",
        f"/{lang}/organisations/{organisation.slug}/",
        f"/{lang}/countries/",
        f"/{lang}/countries/CO/",
        f"/{lang}/pillars/1/",
        f"/{lang}/accounts/login/",
        f"/{lang}/accounts/signup/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_no_axe_violations(page)
