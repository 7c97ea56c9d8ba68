"""Every main public page of the demo portal, at phone width: axe finds nothing.

The pages are filled by ``seed_demo`` (all apps), so they show real content: meetings
and their calls, a published selection report, the secretariat, the work plan,
regional mechanisms, good practices, the glossary, a country page and search results.
"""

import io

import pytest
from django.core.management import call_command

from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _paths(lang):
    from meetings.models import RegistrationCall
    from portal.models import RegionalMechanism
    from secretariat.models import Document, GoodPractice, WorkPlan, WorkPlanItem

    call = RegistrationCall.objects.filter(results_published_at__isnull=False).first()
    open_call = RegistrationCall.objects.filter(results_published_at__isnull=True).first()
    plan = WorkPlan.objects.first()
    return [
        f"/{lang}/meetings/",
        f"/{lang}/meetings/{call.meeting.slug}/",
        f"/{lang}/meetings/national/",
        f"/{lang}/calls/",
        f"/{lang}/calls/{open_call.pk}/",
        f"/{lang}/calls/{call.pk}/report/",
        f"/{lang}/secretariat/",
        f"/{lang}/secretariat/documents/{Document.objects.first().pk}/",
        f"/{lang}/work-plan/{plan.slug}/",
        f"/{lang}/work-plan/{plan.slug}/items/{WorkPlanItem.objects.filter(work_plan=plan).first().pk}/",
        f"/{lang}/mechanisms/",
        f"/{lang}/mechanisms/{RegionalMechanism.objects.first().slug}/",
        f"/{lang}/good-practices/",
        f"/{lang}/good-practices/{GoodPractice.objects.filter(status='published').first().slug}/",
        f"/{lang}/glossary/",
        f"/{lang}/countries/CO/",
        f"/{lang}/search/?q=migra",
    ]


@pytest.mark.parametrize("lang", ["es", "ht"])
def test_demo_pages_have_no_axe_violations_on_a_phone(
    live_server, page, artifacts, lang, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    for path in _paths(lang):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert_no_axe_violations(page)
        name = path.strip("/").replace("/", "_").replace("?", "_")[:80]
        page.screenshot(path=str(artifacts / f"phone-{name}.png"), full_page=True)
