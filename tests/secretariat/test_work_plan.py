"""The joint work plan: pages, filters, progress notes, permissions, emails, CSV export."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from portal.enums import MembershipRole
from portal.models import Country, Notification
from secretariat import secretariat_dashboard
from secretariat.enums import WorkPlanStatus
from secretariat.models import WorkPlanItem, WorkPlanNote
from secretariat.secretariat_services import work_plan_note_post
from tests.factories import (
    CountryCoordinatorFactory,
    MembershipFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
    WorkPlanFactory,
    WorkPlanItemFactory,
)

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def country(code):
    return Country.objects.get(code=code)


def detail_url(plan, **query):
    url = reverse("work_plan_detail", args=[plan.slug])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def item_url(item):
    return reverse("work_plan_item", args=[item.work_plan.slug, item.pk])


def export_url(plan, **query):
    url = reverse("work_plan_export", args=[plan.slug])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def outbox_for(user):
    return [message for message in mail.outbox if user.email in message.to]


def rows_of(response):
    text = b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def world(db):
    """A plan with one item of Colombia co-owned by an organisation, and the people around it."""
    plan = WorkPlanFactory(title_en="Joint work plan 2026–2027")
    organisation = VerifiedOrganisationFactory(name="Red Clamor Colombia")
    item = WorkPlanItemFactory(
        work_plan=plan,
        number="1",
        action_en="Publish a guide to regularization pathways",
        co_owner=organisation,
        responsible_country=country("CO"),
    )
    co_owner_member = UserFactory(full_name="Ana Quispe")
    MembershipFactory(user=co_owner_member, organisation=organisation)
    co_owner_admin = UserFactory(full_name="Rosa Mamani", preferred_language="es")
    MembershipFactory(user=co_owner_admin, organisation=organisation, role=MembershipRole.ADMIN)
    coordinator = CountryCoordinatorFactory(
        user=UserFactory(full_name="Carlos Herrera", preferred_language="es")
    ).user
    other_cso_member = MembershipFactory(organisation=VerifiedOrganisationFactory()).user
    other_coordinator = CountryCoordinatorFactory(country=country("MX")).user
    inactive_coordinator = CountryCoordinatorFactory(active=False).user
    pending_member = UserFactory()
    MembershipFactory(user=pending_member, organisation=organisation, accepted=False)
    people = {
        "anonymous": None,
        "co_owner_member": co_owner_member,
        "co_owner_admin": co_owner_admin,
        "coordinator": coordinator,
        "other_cso_member": other_cso_member,
        "other_coordinator": other_coordinator,
        "inactive_coordinator": inactive_coordinator,
        "pending_member": pending_member,
        "staff": StaffFactory(),
    }
    return {"plan": plan, "item": item, "organisation": organisation, "people": people}


def login(client, user):
    if user is not None:
        client.force_login(user)


def post_note(client, item, text="The draft guide went to the migration authority.", status=""):
    return client.post(item_url(item), {"text": text, "status": status})


# --- The plan's pages ---------------------------------------------------------------------


def test_work_plan_redirects_to_the_only_published_plan(client, world):
    WorkPlanFactory(is_published=False)

    response = client.get(reverse("work_plan"))

    assert response.status_code == 302
    assert response["Location"] == detail_url(world["plan"])


def test_work_plan_lists_several_plans_most_recent_first(client, world):
    newer = WorkPlanFactory(title_en="Joint work plan 2028", adopted_on=today())

    response = client.get(reverse("work_plan"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Joint work plan 2028") < html.index("Joint work plan 2026–2027")
    assert newer.get_absolute_url() in html


def test_work_plan_without_plans_shows_an_empty_state(client, db):
    response = client.get(reverse("work_plan"))

    assert response.status_code == 200
    assert "No joint work plan has been adopted yet." in response.content.decode()


def test_detail_groups_items_by_status_with_overdue_marker(client, world):
    plan = world["plan"]
    WorkPlanItemFactory(
        work_plan=plan,
        number="2",
        action_en="Late action",
        due_date=today() - timedelta(days=3),
        status=WorkPlanStatus.IN_PROGRESS,
    )
    WorkPlanItemFactory(
        work_plan=plan,
        number="3",
        action_en="Finished late",
        due_date=today() - timedelta(days=30),
        status=WorkPlanStatus.DONE,
    )
    WorkPlanItemFactory(
        work_plan=plan, number="4", action_en="Stuck action", status=WorkPlanStatus.BLOCKED
    )
    WorkPlanItemFactory(
        work_plan=plan,
        number="5",
        action_en="Due today",
        due_date=today(),
        responsible_country=None,
        responsible_body="Technical secretariat",
    )

    response = client.get(detail_url(plan))

    assert response.status_code == 200
    groups = {g["status"]: [i.number for i in g["items"]] for g in response.context["groups"]}
    assert groups == {
        "not_started": ["1", "5"],
        "in_progress": ["2"],
        "blocked": ["4"],
        "done": ["3"],
    }
    assert [g["status"] for g in response.context["groups"]] == [
        "not_started",
        "in_progress",
        "blocked",
        "done",
    ]
    summary = response.context["summary"]
    assert summary.total == 5
    assert summary.overdue == 1
    assert [(s, n) for s, _label, n in summary.by_status] == [
        ("not_started", 2),
        ("in_progress", 1),
        ("blocked", 1),
        ("done", 1),
    ]
    html = response.content.decode()
    # The marker is a word, not only a colour, and only on the late, unfinished action.
    assert html.count('<span class="badge badge-warn overdue">Overdue</span>') == 1
    late_row = html[html.index("Late action") :]
    assert late_row.index("Overdue") < late_row.index("</li>")
    assert "Technical secretariat" in html
    assert world["organisation"].get_absolute_url() in html
    assert "<svg" in html and "Actions of the work plan by status" in html


def test_detail_shows_translated_action_with_fallback(client, world):
    WorkPlanItemFactory(
        work_plan=world["plan"], number="2", action_en="", action_es="Acción solo en español"
    )
    with translation.override("es"):
        spanish = client.get(detail_url(world["plan"])).content.decode()

    english = client.get(detail_url(world["plan"])).content.decode()

    assert "Realizar un diálogo regional" in spanish
    assert "Publish a guide to regularization pathways" not in spanish
    assert "Publish a guide to regularization pathways" in english
    assert 'lang="es">Acción solo en español</a>' in english


def test_detail_shows_latest_note_date_and_meeting(client, world):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(title_en="Regional meeting with civil society")
    plan = world["plan"]
    plan.meeting = meeting
    plan.save()
    work_plan_note_post(item=world["item"], by=world["people"]["co_owner_member"], text="First")
    newest = timezone.now() + timedelta(days=2)
    note, _ = work_plan_note_post(
        item=world["item"], by=world["people"]["coordinator"], text="Second"
    )
    WorkPlanNote.objects.filter(pk=note.pk).update(created_at=newest)

    response = client.get(detail_url(plan))

    html = response.content.decode()
    assert "Regional meeting with civil society" in html
    item = response.context["groups"][0]["items"][0]
    assert item.last_note_at == newest


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "in_progress"}, ["2"]),
        ({"country": "MX"}, ["3"]),
        ({"overdue": "on"}, ["2"]),
        ({"status": "not_started", "country": "CO"}, ["1"]),
        ({"status": "bogus"}, ["1", "2", "3"]),
    ],
)
def test_detail_filters_by_status_country_and_overdue(client, world, query, expected):
    plan = world["plan"]
    WorkPlanItemFactory(
        work_plan=plan,
        number="2",
        status=WorkPlanStatus.IN_PROGRESS,
        due_date=today() - timedelta(days=1),
    )
    WorkPlanItemFactory(work_plan=plan, number="3", responsible_country=country("MX"))

    response = client.get(detail_url(plan, **query))

    shown = [i.number for g in response.context["groups"] for i in g["items"]]
    assert sorted(shown) == expected
    # The summary always counts the whole plan.
    assert response.context["summary"].total == 3
    options = [code for code, _name in response.context["form"].fields["country"].choices]
    assert options == ["", "CO", "MX"]


@pytest.mark.parametrize(("who", "expected"), [("anonymous", 404), ("staff", 200)])
def test_unpublished_plan_exists_only_for_staff(client, world, who, expected):
    plan = world["plan"]
    plan.is_published = False
    plan.save()
    login(client, world["people"][who])

    assert client.get(detail_url(plan)).status_code == expected
    assert client.get(item_url(world["item"])).status_code == expected
    assert client.get(export_url(plan)).status_code == expected


def test_item_of_another_plan_is_404(client, world):
    other = WorkPlanFactory()

    url = reverse("work_plan_item", args=[other.slug, world["item"].pk])

    assert client.get(url).status_code == 404


# --- The item's page ----------------------------------------------------------------------


def test_item_page_shows_notes_newest_first_with_party_and_author(client, world):
    item = world["item"]
    people = world["people"]
    first, _ = work_plan_note_post(
        item=item, by=people["co_owner_member"], text="Draft sent.", status="in_progress"
    )
    WorkPlanNote.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=10))
    work_plan_note_post(item=item, by=people["coordinator"], text="Under legal review.")

    response = client.get(item_url(item))

    html = response.content.decode()
    assert html.index("Under legal review.") < html.index("Draft sent.")
    assert "Ana Quispe" in html and "Carlos Herrera" in html
    assert "Government of Colombia" in html
    assert world["organisation"].name in html
    assert "Status changed to “In progress”" in html
    for person in (people["co_owner_member"], people["coordinator"]):
        assert person.email not in html


def test_author_without_a_name_is_not_shown_by_email(client, world):
    member = world["people"]["co_owner_member"]
    member.full_name = ""
    member.save()
    work_plan_note_post(item=world["item"], by=member, text="Anonymous-looking note.")

    html = client.get(item_url(world["item"])).content.decode()

    assert "Anonymous-looking note." in html
    assert member.email not in html


ROLES = [
    "anonymous",
    "co_owner_member",
    "co_owner_admin",
    "coordinator",
    "other_cso_member",
    "other_coordinator",
    "inactive_coordinator",
    "pending_member",
    "staff",
]
MAY_POST = {"co_owner_member", "co_owner_admin", "coordinator"}


@pytest.mark.parametrize("role", ROLES)
def test_only_co_owners_and_responsible_coordinators_see_the_form(client, world, role):
    login(client, world["people"][role])

    response = client.get(item_url(world["item"]))

    assert response.status_code == 200
    has_form = 'class="form-fields work-plan-note-form"' in response.content.decode()
    assert has_form == (role in MAY_POST)


@pytest.mark.parametrize("role", ROLES)
def test_only_co_owners_and_responsible_coordinators_may_post(client, world, role):
    login(client, world["people"][role])

    response = post_note(client, world["item"])

    if role == "anonymous":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    elif role in MAY_POST:
        assert response.status_code == 302
        assert response["Location"] == item_url(world["item"]) + "#notes"
    else:
        assert response.status_code == 403
    assert WorkPlanNote.objects.count() == (1 if role in MAY_POST else 0)


def test_note_by_a_member_is_posted_for_the_co_owner(client, world):
    client.force_login(world["people"]["co_owner_member"])

    post_note(client, world["item"], text="Draft sent.")

    note = WorkPlanNote.objects.get()
    assert note.organisation == world["organisation"]
    assert note.country is None
    assert note.author == world["people"]["co_owner_member"]
    assert note.status == ""


def test_note_by_a_coordinator_is_posted_for_the_country(client, world):
    client.force_login(world["people"]["coordinator"])

    post_note(client, world["item"], text="Under review.")

    note = WorkPlanNote.objects.get()
    assert note.country == country("CO")
    assert note.organisation is None


def test_note_changes_status_and_appears_in_history(client, world):
    item = world["item"]
    client.force_login(world["people"]["coordinator"])

    post_note(client, item, text="Started.", status="in_progress")
    post_note(client, item, text="Waiting for the ministry.", status="blocked")

    item.refresh_from_db()
    assert item.status == "blocked"
    assert [n.status for n in item.notes.all()] == ["blocked", "in_progress"]
    history = list(item.history.order_by("history_date").values_list("status", flat=True))
    assert history == ["not_started", "in_progress", "blocked"]
    assert item.history.latest().history_user == world["people"]["coordinator"]
    response = client.get(item_url(item))
    changes = [(c["old"], c["new"]) for c in response.context["changes"]]
    assert [(str(o), str(n)) for o, n in changes] == [
        ("In progress", "Blocked"),
        ("Not started", "In progress"),
        ("", "Not started"),
    ]
    html = response.content.decode()
    assert "In progress → Blocked" in html
    assert "Recorded as “Not started”" in html


def test_same_status_is_not_a_change(world):
    note, _ = work_plan_note_post(
        item=world["item"], by=world["people"]["coordinator"], text="Still.", status="not_started"
    )

    assert note.status == ""
    assert world["item"].history.count() == 1


def test_double_submit_makes_one_note(client, world, on_commit):
    client.force_login(world["people"]["co_owner_member"])

    with on_commit(execute=True):
        post_note(client, world["item"], text="Draft sent.", status="in_progress")
    with on_commit(execute=True):
        response = post_note(client, world["item"], text="Draft sent.", status="in_progress")

    assert response.status_code == 302
    assert WorkPlanNote.objects.count() == 1
    assert Notification.objects.filter(reason="work_plan_note").count() == 1
    assert len(outbox_for(world["people"]["coordinator"])) == 1


def test_same_text_later_or_by_someone_else_is_a_new_note(world):
    item, people = world["item"], world["people"]
    first, created = work_plan_note_post(item=item, by=people["co_owner_member"], text="Done.")
    assert created
    again, created = work_plan_note_post(item=item, by=people["co_owner_member"], text=" Done. ")
    assert (again, created) == (first, False)

    _other, created = work_plan_note_post(item=item, by=people["co_owner_admin"], text="Done.")
    assert created
    WorkPlanNote.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(minutes=2)
    )
    _later, created = work_plan_note_post(item=item, by=people["co_owner_member"], text="Done.")
    assert created
    assert WorkPlanNote.objects.count() == 3


def test_empty_note_is_refused_and_nothing_is_saved(client, world):
    client.force_login(world["people"]["coordinator"])

    response = post_note(client, world["item"], text="   ", status="done")

    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert not WorkPlanNote.objects.exists()
    world["item"].refresh_from_db()
    assert world["item"].status == "not_started"


def test_unknown_status_is_refused(client, world):
    client.force_login(world["people"]["coordinator"])

    response = post_note(client, world["item"], text="Note.", status="cancelled")

    assert response.status_code == 200
    assert response.context["form"].errors["status"]
    assert not WorkPlanNote.objects.exists()


def test_service_refuses_people_without_the_permission(world):
    from django.core.exceptions import PermissionDenied

    for role in ("other_cso_member", "other_coordinator", "staff"):
        with pytest.raises(PermissionDenied):
            work_plan_note_post(item=world["item"], by=world["people"][role], text="No.")
    assert not WorkPlanNote.objects.exists()


def test_posting_is_rate_limited(client, world, settings):
    settings.PORTAL_RATE_LIMITS = {"work_plan_note": "2/h"}
    client.force_login(world["people"]["coordinator"])

    statuses = [post_note(client, world["item"], text=f"Note {i}").status_code for i in range(3)]

    assert statuses == [302, 302, 429]
    assert WorkPlanNote.objects.count() == 2


# --- Notifications ------------------------------------------------------------------------


def test_member_note_notifies_coordinators_in_their_language(world, on_commit):
    people = world["people"]

    with on_commit(execute=True):
        note, _ = work_plan_note_post(
            item=world["item"], by=people["co_owner_member"], text="Draft sent.", status="done"
        )

    notifications = Notification.objects.filter(reason="work_plan_note")
    assert {n.recipient for n in notifications} == {people["coordinator"]}
    notification = notifications.get()
    assert notification.language == "es"
    assert notification.object_id == str(note.pk)
    assert f"/es/work-plan/{world['plan'].slug}/items/{world['item'].pk}/" in notification.url
    message = outbox_for(people["coordinator"])[0]
    assert "Draft sent." in message.body
    assert "Ana Quispe" in message.body
    assert world["organisation"].name in message.body
    for role in ("co_owner_member", "co_owner_admin", "other_coordinator", "inactive_coordinator"):
        assert outbox_for(people[role]) == []


def test_coordinator_note_notifies_co_owner_admins(world, on_commit):
    people = world["people"]

    with on_commit(execute=True):
        work_plan_note_post(item=world["item"], by=people["coordinator"], text="Under review.")

    notification = Notification.objects.get(reason="work_plan_note")
    assert notification.recipient == people["co_owner_admin"]
    assert notification.language == "es"
    assert len(outbox_for(people["co_owner_admin"])) == 1
    assert outbox_for(people["co_owner_member"]) == []
    assert outbox_for(people["coordinator"]) == []


def test_each_note_notifies_once(world, on_commit):
    people = world["people"]

    with on_commit(execute=True):
        for text in ("First.", "Second."):
            work_plan_note_post(item=world["item"], by=people["co_owner_member"], text=text)

    assert Notification.objects.filter(recipient=people["coordinator"]).count() == 2
    assert len(outbox_for(people["coordinator"])) == 2


def test_item_without_co_owner_or_country_notifies_nobody(world, on_commit):
    item = WorkPlanItemFactory(
        work_plan=world["plan"],
        number="2",
        co_owner=world["organisation"],
        responsible_country=None,
    )

    with on_commit(execute=True):
        work_plan_note_post(item=item, by=world["people"]["co_owner_member"], text="Alone.")

    assert not Notification.objects.exists()


# --- CSV export ---------------------------------------------------------------------------


def test_export_has_one_row_per_item_with_last_note(client, world):
    plan, people = world["plan"], world["people"]
    work_plan_note_post(item=world["item"], by=people["co_owner_member"], text="Older note.")
    latest, _ = work_plan_note_post(item=world["item"], by=people["coordinator"], text="Newest.")
    WorkPlanNote.objects.filter(pk=latest.pk).update(created_at=timezone.now() + timedelta(days=1))
    WorkPlanItemFactory(
        work_plan=plan,
        number="2",
        action_en='=HYPERLINK("http://evil.example")',
        responsible_country=None,
        responsible_body="Technical secretariat",
        co_owner=None,
        due_date=today() - timedelta(days=2),
        status=WorkPlanStatus.BLOCKED,
    )

    response = client.get(export_url(plan))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="work-plan-{plan.slug}.csv"' in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0] == [
        "number",
        "action",
        "responsible",
        "co_owner",
        "due_date",
        "status",
        "overdue",
        "last_note_date",
        "last_note_text",
    ]
    assert rows[1] == [
        "1",
        "Publish a guide to regularization pathways",
        "Colombia",
        "Red Clamor Colombia",
        world["item"].due_date.isoformat(),
        "not_started",
        "no",
        (today() + timedelta(days=1)).isoformat(),
        "Newest.",
    ]
    assert rows[2] == [
        "2",
        '\'=HYPERLINK("http://evil.example")',
        "Technical secretariat",
        "",
        (today() - timedelta(days=2)).isoformat(),
        "blocked",
        "yes",
        "",
        "",
    ]


def test_export_uses_the_current_language_and_filters(client, world):
    WorkPlanItemFactory(work_plan=world["plan"], number="2", status=WorkPlanStatus.DONE)
    with translation.override("es"):
        url = export_url(world["plan"], status="not_started")

    rows = rows_of(client.get(url))

    assert len(rows) == 2
    assert rows[1][1].startswith("Realizar un diálogo regional")


# --- Query counts -------------------------------------------------------------------------


def _populate(world, count):
    """``count`` more items, each with a note, and ``count`` notes on the world's item."""
    plan = world["plan"]
    author = world["people"]["coordinator"]
    statuses = list(WorkPlanStatus.values)
    for i in range(count):
        item = WorkPlanItemFactory(
            work_plan=plan,
            number=str(100 + i),
            status=statuses[i % 4],
            due_date=today() + timedelta(days=(i % 3 - 1) * 20),
        )
        work_plan_note_post(item=item, by=author, text=f"Note {i}")
        work_plan_note_post(item=world["item"], by=author, text=f"Note on one {i}")


@pytest.mark.parametrize("count", [1, 15])
@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_detail_query_count_is_constant(client, world, django_assert_max_num_queries, count, who):
    _populate(world, count)
    login(client, world["people"][who])

    with django_assert_max_num_queries(5):
        response = client.get(detail_url(world["plan"], overdue="on"))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 15])
def test_export_query_count_is_constant(client, world, django_assert_max_num_queries, count):
    _populate(world, count)

    with django_assert_max_num_queries(2):
        response = client.get(export_url(world["plan"]))

    assert len(rows_of(response)) == count + 2


@pytest.mark.parametrize("count", [1, 15])
@pytest.mark.parametrize("who", ["anonymous", "co_owner_member", "coordinator"])
def test_item_page_query_count_is_constant(
    client, world, django_assert_max_num_queries, count, who
):
    _populate(world, count)
    login(client, world["people"][who])

    with django_assert_max_num_queries(8):
        response = client.get(item_url(world["item"]))

    assert response.status_code == 200
    assert len(response.context["notes"]) == count


# --- Dashboard ----------------------------------------------------------------------------


def test_dashboard_lists_overdue_and_due_soon_actions_of_the_user(world):
    plan, organisation = world["plan"], world["organisation"]
    item = world["item"]
    item.due_date = today() - timedelta(days=2)
    item.save()
    soon = WorkPlanItemFactory(
        work_plan=plan, number="2", co_owner=organisation, due_date=today() + timedelta(days=10)
    )
    WorkPlanItemFactory(
        work_plan=plan, number="3", co_owner=organisation, due_date=today() + timedelta(days=90)
    )
    WorkPlanItemFactory(
        work_plan=plan,
        number="4",
        co_owner=organisation,
        due_date=today() - timedelta(days=5),
        status=WorkPlanStatus.DONE,
    )
    hidden = WorkPlanItemFactory(
        work_plan=WorkPlanFactory(is_published=False),
        co_owner=organisation,
        due_date=today(),
    )

    for role in ("co_owner_member", "coordinator"):
        entries = secretariat_dashboard.work_plan_actions_due(world["people"][role])
        urls = [e["url"] for e in entries]
        assert urls[0] == item_url(item) + "#post-note"
        assert entries[0]["text"].startswith("Overdue since")
        assert item_url(soon) + "#post-note" in urls
        assert not any(item_url(hidden) in url for url in urls)
    assert len(secretariat_dashboard.work_plan_actions_due(world["people"]["co_owner_member"])) == 2
    for role in ("other_cso_member", "other_coordinator", "staff"):
        assert secretariat_dashboard.work_plan_actions_due(world["people"][role]) == []


def test_dashboard_page_shows_the_work_plan_todo(client, world):
    item = world["item"]
    item.due_date = today() + timedelta(days=5)
    item.save()
    client.force_login(world["people"]["coordinator"])

    html = client.get(reverse("dashboard")).content.decode()

    assert item_url(item) in html
    assert "post a progress note" in html


@pytest.mark.parametrize("count", [1, 15])
def test_dashboard_provider_query_count_is_constant(world, django_assert_max_num_queries, count):
    for i in range(count):
        WorkPlanItemFactory(
            work_plan=world["plan"],
            number=str(50 + i),
            co_owner=world["organisation"],
            due_date=today() + timedelta(days=i),
        )

    with django_assert_max_num_queries(1):
        entries = secretariat_dashboard.work_plan_actions_due(world["people"]["co_owner_member"])

    # The world's item is due in 60 days: not yet listed.
    assert len(entries) == min(count, 20)
    assert WorkPlanItem.objects.count() == count + 1
