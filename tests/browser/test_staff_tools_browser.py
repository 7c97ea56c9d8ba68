"""Staff tools, the glossary and the flag form in a real browser: axe."""

import pytest
from django.urls import reverse

from commitments.models import CsoAssessment
from secretariat.models import GlossaryTerm
from secretariat.staff_services import content_flag
from tests.factories import StaffFactory, UserFactory, VerifiedOrganisationFactory
from tests.secretariat.test_staff_tools import _overdue_data, make_commitment, unverified_cso

# --- Accessibility in a real browser ------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_pages_have_no_axe_violations(live_server, browser, reference_data):
    from django.conf import settings
    from django.test import Client

    from tests.browser.conftest import assert_no_axe_violations

    _overdue_data()
    unverified_cso()
    commitment = make_commitment(title_en="", title_es="Protección temporal")
    assessment = CsoAssessment.objects.create(
        commitment=commitment,
        organisation=VerifiedOrganisationFactory(),
        rating="partial",
        text_es="Los permisos no llegan a zonas rurales.",
    )
    content_flag(target=assessment, by=UserFactory(), reason="misinformation", note="Wrong")
    GlossaryTerm.objects.create(
        slug="asylum", term_en="asylum", term_es="asilo", definition_en="Protection."
    )
    client = Client()
    client.force_login(StaffFactory())
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    paths = [
        reverse("staff_home"),
        reverse("staff_verification_queue"),
        reverse("staff_moderation_queue"),
        reverse("staff_overdue"),
        reverse("staff_translations"),
        reverse("staff_translation_gaps", args=["commitments.commitment", "en"]),
        reverse("staff_translation_edit", args=["commitments.commitment", commitment.pk, "en"]),
        reverse("staff_glossary"),
        reverse("staff_glossary_new"),
        reverse("glossary"),
        reverse("flag_create", args=["assessment", assessment.pk]),
    ]
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert_no_axe_violations(page)
    context.close()
