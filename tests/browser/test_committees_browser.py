"""Committee pages in a real browser: suggesting a topic, deciding it, accessibility."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees.enums import AgendaSource, BriefingStatus, SuggestionStatus
from committees.models import AgendaItem, AgendaSuggestion, Briefing, Proposal
from tests.browser.conftest import assert_no_axe_violations
from tests.committees.test_briefings import (
    a_committee,
    coordinator_of,
    cso_member,
    make_commitment,
    make_item,
    make_suggestion,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def signed_in(browser, live_server, user, **options):
    """A browser page whose session belongs to ``user`` (no sign-in form needed)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, **options)
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
    page.set_default_timeout(15000)
    return page


def upcoming_briefing(committee, **fields):
    return Briefing.objects.create(
        committee=committee,
        title_en="Second-half briefing",
        title_es="Sesión del segundo semestre",
        starts_at=timezone.now() + timedelta(days=60),
        time_zone="America/Bogota",
        place="Bogotá",
        online_url="https://meet.example.org/briefing",
        **fields,
    )


def test_member_suggests_a_topic_and_the_coordinator_accepts_it(live_server, browser, artifacts):
    committee = a_committee()
    briefing = upcoming_briefing(committee)
    member, organisation = cso_member()
    coordinator = coordinator_of(committee)
    briefing_path = reverse("briefing_detail", args=[committee.slug, briefing.pk])

    # The member works without JavaScript: every step is a plain form.
    page = signed_in(browser, live_server, member, java_script_enabled=False)
    page.goto(f"{live_server.url}{briefing_path}")
    page.click("a[href$='/suggest/']")
    page.select_option("select[name=organisation]", str(organisation.pk))
    page.fill("input[name=title]", "Documents for unaccompanied children")
    page.fill("textarea[name=rationale]", "Many children still wait months for papers.")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}{briefing_path}*")
    assert "Documents for unaccompanied children" in page.inner_text("main")
    suggestion = AgendaSuggestion.objects.get()
    assert suggestion.organisation == organisation and suggestion.author == member
    page.context.close()

    page = signed_in(browser, live_server, coordinator)
    page.goto(f"{live_server.url}{briefing_path}")
    card = page.locator(f"#suggestion-{suggestion.pk}")
    card.locator("input[name=decision][value=accept]").check()
    card.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Accepted into the agenda" in page.locator(f"#suggestion-{suggestion.pk}").inner_text()
    page.screenshot(path=str(artifacts / "briefing-coordinator-phone.png"), full_page=True)
    page.context.close()

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    item = AgendaItem.objects.get(suggestion=suggestion)
    assert item.source == AgendaSource.CSO_SUGGESTION


def _committee_pages_data():
    committee = a_committee()
    commitment = make_commitment(committee, title="Temporary protection statute")
    past = Briefing.objects.create(
        committee=committee,
        title_en="First-half briefing",
        starts_at=timezone.now() - timedelta(days=20),
        time_zone="America/Lima",
        place="Lima",
        agenda_published_at=timezone.now() - timedelta(days=60),
        report_published_at=timezone.now() - timedelta(days=10),
        status=BriefingStatus.REPORT_PUBLISHED,
        report_en="Three countries presented their progress.",
    )
    make_item(past, title="Country reports", commitments=[commitment])
    upcoming = upcoming_briefing(committee, agenda_published_at=timezone.now())
    make_item(upcoming, title="Regularisation progress", commitments=[commitment])
    pending = make_suggestion(upcoming, title="Children first")
    declined = make_suggestion(upcoming, title="A long presentation")
    AgendaSuggestion.objects.filter(pk=declined.pk).update(
        status=SuggestionStatus.DECLINED, decision_reason="Send it as a written proposal."
    )
    late = Briefing.objects.create(
        committee=committee,
        title_en="Extraordinary briefing",
        starts_at=timezone.now() + timedelta(days=10),
        online_url="https://meet.example.org/late",
    )
    member, organisation = cso_member()
    proposal = Proposal.objects.create(
        committee=committee,
        organisation=organisation,
        author=member,
        kind="policy",
        title="Regional registry of protection permits",
        text="A shared registry would let permits be checked across borders.",
        language="en",
        response_due=timezone.localdate() + timedelta(days=60),
    )
    return committee, past, upcoming, late, proposal, pending


@pytest.mark.parametrize("lang", ["en", "es"])
def test_committee_briefing_and_proposal_pages_have_no_axe_violations(
    live_server, browser, page, lang, artifacts
):
    from django.utils import translation

    committee, past, upcoming, late, proposal, pending = _committee_pages_data()
    with translation.override(lang):
        public_paths = [
            reverse("committee_detail", args=[committee.slug]),
            reverse("briefing_detail", args=[committee.slug, past.pk]),
            reverse("briefing_detail", args=[committee.slug, upcoming.pk]),
            reverse("briefing_detail", args=[committee.slug, late.pk]),
            reverse("proposal_detail", args=[proposal.pk]),
        ]
        manager_paths = [
            reverse("briefing_detail", args=[committee.slug, upcoming.pk]),
            reverse("briefing_agenda", args=[committee.slug, upcoming.pk]),
            reverse("briefing_create", args=[committee.slug]),
            reverse("briefing_report", args=[committee.slug, past.pk]),
            reverse("suggestion_decide", args=[pending.pk]),
        ]
        member_paths = [
            reverse("briefing_detail", args=[committee.slug, upcoming.pk]),
            reverse("suggestion_create", args=[committee.slug, upcoming.pk]),
        ]
    for path in public_paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert_no_axe_violations(page)
    page.goto(f"{live_server.url}{public_paths[1]}")
    page.screenshot(path=str(artifacts / f"briefing-report-{lang}-phone.png"), full_page=True)
    coordinator_page = signed_in(browser, live_server, coordinator_of(committee))
    for path in manager_paths:
        response = coordinator_page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert_no_axe_violations(coordinator_page)
    coordinator_page.goto(f"{live_server.url}{manager_paths[1]}")
    coordinator_page.screenshot(
        path=str(artifacts / f"briefing-agenda-{lang}-phone.png"), full_page=True
    )
    coordinator_page.context.close()
    member_page = signed_in(browser, live_server, cso_member()[0])
    for path in member_paths:
        response = member_page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert_no_axe_violations(member_page)
    member_page.context.close()


def test_member_submits_a_proposal_with_an_attachment(live_server, browser, artifacts, tmp_path):
    committee = a_committee()
    user, organisation = cso_member()
    page = signed_in(browser, live_server, user, java_script_enabled=False)
    page.goto(f"{live_server.url}{reverse('proposal_create', args=[committee.slug])}")
    evidence = tmp_path / "propuesta.pdf"
    evidence.write_bytes(b"%PDF-1.4 propuesta de la sociedad civil")
    page.check("input[name=kind][value=policy]")
    page.fill("input[name=title]", "Acceso a la salud para personas con PTP")
    page.fill("textarea[name=text]", "Proponemos incluir a las personas con PTP en el sistema.")
    page.set_input_files("input[type=file]", str(evidence))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    proposal = Proposal.objects.get(title="Acceso a la salud para personas con PTP")
    assert proposal.organisation == organisation
    assert proposal.attachments.count() == 1
    assert f"/proposals/{proposal.pk}/" in page.url
    assert "Acceso a la salud" in page.inner_text("main")
    page.screenshot(path=str(artifacts / "proposal-phone.png"), full_page=True)
