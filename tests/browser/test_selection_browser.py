"""Review panel, selection and report pages in a real browser: scoring, accessibility."""

import pytest
from django.urls import reverse

from meetings.models import Review
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_committees_browser import signed_in
from tests.meetings.test_report import published_call
from tests.meetings.test_selection_flow import add_panel, applicant, closed_call, criteria_of


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_report_and_staff_pages_have_no_accessibility_violations(
    browser,
    live_server,
    reference_data,
):
    call, _apps, _reviewers, staff = published_call(5)
    anonymous = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    anonymous.goto(live_server.url + reverse("call_report", args=[call.pk]))
    assert anonymous.get_by_role("heading", name="Selection report").is_visible()
    assert_no_axe_violations(anonymous)
    anonymous.context.close()

    page = signed_in(browser, live_server, staff)
    page.goto(live_server.url + reverse("call_selection", args=[call.pk]))
    assert page.get_by_role("heading", name="Ranking").is_visible()
    assert_no_axe_violations(page)
    page.goto(live_server.url + reverse("call_panel", args=[call.pk]))
    assert_no_axe_violations(page)
    page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reviewer_scores_an_application_in_the_browser(
    browser,
    live_server,
    reference_data,
):
    call = closed_call()
    reviewer, _colleague = add_panel(call)
    application = applicant(call, name="Casa del Migrante")
    page = signed_in(browser, live_server, reviewer)
    page.goto(live_server.url + reverse("call_panel", args=[call.pk]))
    assert_no_axe_violations(page)
    page.get_by_role("link", name=application.reference).click()
    assert_no_axe_violations(page)
    for criterion, value in zip(criteria_of(call), ("4", "2"), strict=True):
        page.get_by_role("group", name=criterion.name).get_by_label(value, exact=True).check()
    page.get_by_label("Overall comment").fill("Convincing work on the ground.")
    page.get_by_role("button", name="Save my review").click()
    page.wait_for_url(f"**{reverse('call_panel', args=[call.pk])}")
    review = Review.objects.get()
    assert sorted(review.scores.values_list("value", flat=True)) == [2, 4]
    page.context.close()
