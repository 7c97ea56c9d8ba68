"""The public selection report: when it shows, what it says, and what it never says."""

import pytest
from django.urls import reverse

from meetings import selection_services as services
from tests.factories import QuotaFactory, StaffFactory, UserFactory
from tests.meetings.test_selection_flow import add_panel, applicant, closed_call

pytestmark = pytest.mark.django_db

OVERRIDE_REASON = "The only organisation working with indigenous communities on the border."


def published_call(count=4, *, publish=True):
    """A call with ``count`` scored applications, a quota, an override, and its selection."""
    staff = StaffFactory()
    call = closed_call(seats=2, waitlist_size=2)
    QuotaFactory(call=call, group="leadership:indigenous", target=1)
    reviewers = add_panel(call, full_name="Reviewer Rosa Quispe")
    applications = []
    for index in range(count):
        applications.append(
            applicant(
                call,
                reviewers=reviewers,
                values=(5 - index % 5,),
                name=f"Organisation number {index}",
                leadership=["indigenous"] if index == count - 1 else [],
                countries=["MX"] if index % 2 else ["CO"],
            )
        )
    services.call_run_selection(call=call, by=staff)
    services.call_override(
        application=applications[-2], by=staff, decision="select", reason=OVERRIDE_REASON
    )
    if publish:
        services.call_publish_results(call=call, by=staff)
    call.refresh_from_db()
    return call, applications, reviewers, staff


def test_report_is_404_before_publication_except_for_staff(client):
    call, _apps, reviewers, staff = published_call(publish=False)
    url = reverse("call_report", args=[call.pk])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(reviewers[0])
    assert client.get(url).status_code == 404
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert "Preview for the technical secretariat" in response.content.decode()
    assert client.get(reverse("call_report", args=[999999])).status_code == 404


def test_report_shows_the_method_the_figures_and_the_overrides(client):
    call, apps, _reviewers, _staff = published_call()
    response = client.get(reverse("call_report", args=[call.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    figures = response.context["figures"]
    assert (figures["submitted"], figures["withdrawn"], figures["reviewed"]) == (4, 0, 4)
    assert figures["selected_count"] == 2
    assert "Expertise on the agenda" in page and "Work with affected people" in page
    assert "67%" in page  # weight 2 of 3
    assert "Indigenous-led organisations" in page
    # The override and its reason are published, with the organisation's name.
    assert OVERRIDE_REASON in page
    assert "Organisation number 2" in figures["selected"]
    assert "Organisation number 3" in figures["selected"]  # the quota
    assert figures["waitlist"] == ["Organisation number 0", "Organisation number 1"]
    assert "<svg" in page and 'role="img"' in page
    # Every place went to the override and the quota: nobody was placed by score.
    assert call.cutoff_score is None and figures["cutoff"] is None
    indigenous = next(row for row in figures["by_group"] if row["value"] == "leadership:indigenous")
    assert (indigenous["target"], indigenous["selected"], indigenous["met"]) == (1, 1, True)
    host = next(row for row in figures["by_country"] if row["is_host"])
    assert host["label"] == "Colombia"


def test_report_holds_no_personal_data(client):
    call, apps, reviewers, staff = published_call()
    page = client.get(reverse("call_report", args=[call.pk])).content.decode()
    forbidden = [staff.full_name, staff.email]
    for reviewer in reviewers:
        forbidden += [reviewer.full_name, reviewer.email]
    for application in apps:
        forbidden += [application.admin.full_name, application.admin.email]
        for participant in application.participants.all():
            forbidden += [participant.full_name, participant.email]
            if participant.registration_code:
                forbidden.append(participant.registration_code)
    forbidden += ["Solid work with affected people.", "Criterion note", "We work with migrants"]
    for text in forbidden:
        assert text not in page, text


@pytest.mark.parametrize("count", [2, 12])
def test_report_runs_a_constant_number_of_queries(client, count, django_assert_max_num_queries):
    call, _apps, _reviewers, _staff = published_call(count)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("call_report", args=[call.pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("call_report_csv", args=[call.pk])).status_code == 200


def test_report_csv_has_the_aggregate_figures(client):
    call, _apps, _reviewers, _staff = published_call()
    response = client.get(reverse("call_report_csv", args=[call.pk]))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "Indigenous-led organisations" in body
    assert "Expertise on the agenda" in body
    assert "Organisation number" not in body


def test_withdrawals_are_counted_in_the_report(client):
    call, apps, _reviewers, _staff = published_call()
    apps[0].status = "withdrawn"
    apps[0].save(update_fields=["status"])
    services.call_promote_waitlist(call=call)
    figures = client.get(reverse("call_report", args=[call.pk])).context["figures"]
    assert (figures["submitted"], figures["withdrawn"]) == (4, 1)
    assert "Organisation number 0" not in figures["waitlist"]
