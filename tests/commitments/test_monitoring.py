import csv
import datetime
import io
import uuid
import zipfile

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from commitments import services
from commitments.models import Comment, Consultation, Milestone, ProgressUpdate, ReportingRound
from commitments.open_data import build_dump
from commitments.tasks import task_remind_reporting_rounds
from portal.models import Country
from tests.commitments.test_commitments import coordinator_of, make_commitment, update_data
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


# --- Milestones -----------------------------------------------------------------------


def test_progress_is_computed_from_weighted_milestones(client):
    commitment = make_commitment(percent_complete=10)
    coordinator = coordinator_of("CO")
    client.force_login(coordinator)
    url = reverse("milestones_manage", args=[commitment.pk])
    for title, weight, due in [("Ley aprobada", 3, "2023-01-01"), ("Registro", 1, "2099-01-01")]:
        client.post(url, {"title": title, "due_date": due, "weight": weight, "language": "es"})
    first = Milestone.objects.get(title_es="Ley aprobada")
    client.post(url, {"milestone": first.pk, "done": "1"})
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "75% complete" in page  # 3 of 4 weight done, not the typed 10%
    assert "Registro" in page


def test_overdue_milestone_is_marked(client):
    commitment = make_commitment()
    Milestone.objects.create(commitment=commitment, title_es="Atrasado", due_date="2023-01-01")
    page = client.get(f"/en{commitment.get_absolute_url()[3:]}").content.decode()
    assert "Overdue" in page


def test_other_country_coordinator_cannot_manage_milestones(client):
    commitment = make_commitment(codes=["CO"])
    client.force_login(coordinator_of("PE"))
    url = reverse("milestones_manage", args=[commitment.pk])
    assert client.get(url).status_code == 403
    client.post(url, {"title": "x", "due_date": "2024-01-01", "weight": 1, "language": "es"})
    assert not Milestone.objects.exists()


# --- Reporting rounds -----------------------------------------------------------------


def open_round(deadline_in_days=14, opened_days_ago=10):
    return ReportingRound.objects.create(
        name_en="Round 2026-2",
        opens_on=TODAY - datetime.timedelta(days=opened_days_ago),
        deadline=TODAY + datetime.timedelta(days=deadline_in_days),
    )


def test_staff_opens_a_round_and_others_cannot(client):
    url = reverse("reporting_round_create")
    data = {"name": "Ronda 1", "opens_on": "2026-01-01", "deadline": "2026-02-01"}
    client.force_login(UserFactory())
    assert client.post(url, data).status_code == 403
    client.force_login(StaffFactory())
    assert client.post(url, data).status_code == 302
    assert ReportingRound.objects.get().name == "Ronda 1"
    bad = {**data, "deadline": "2025-01-01"}
    assert client.post(url, bad).status_code == 200
    assert ReportingRound.objects.count() == 1


def test_grid_shows_submitted_and_missing(client):
    open_round()
    co = make_commitment(codes=["CO"])
    make_commitment(codes=["PE"])
    client.force_login(coordinator_of("CO"))
    client.post(reverse("progress_update_create", args=[co.pk]), update_data(co))
    assert ProgressUpdate.objects.get().reporting_round is not None
    page = client.get("/en/tracker/reporting/").content.decode()
    colombia = page[page.index("Colombia") :]
    assert "Submitted" in colombia[:400]
    peru = page[page.index("Peru") :]
    assert "Missing" in peru[:400]


def test_reminders_go_once_in_the_coordinators_language(on_commit):
    open_round(deadline_in_days=3)
    make_commitment(codes=["CO"], title_es="Permisos para todos")
    coordinator = coordinator_of("CO")
    coordinator.preferred_language = "es"
    coordinator.save()
    done = make_commitment(codes=["CO"], title_es="Ya reportado")
    services.progress_update_publish(
        commitment=done,
        by=StaffFactory(),
        country=Country.objects.get(code="CO"),
        text="Hecho",
        status="achieved",
        language="es",
        submission_key=uuid.uuid4(),
    )
    with on_commit(execute=True):
        task_remind_reporting_rounds()
        task_remind_reporting_rounds()
    messages = [m for m in mail.outbox if coordinator.email in m.to]
    assert len(messages) == 2  # the 14-day and the 3-day reminder, each once
    body = messages[0].body
    assert "Permisos para todos" in body and "Ya reportado" not in body
    assert "Hola" in body


# --- Consultations --------------------------------------------------------------------


def test_consultation_lifecycle(client, on_commit):
    commitment = make_commitment(publication="draft", title_es="Borrador de plan")
    coordinator = coordinator_of("CO")
    client.force_login(coordinator)
    now = timezone.now()
    response = client.post(
        reverse("consultation_open", args=[commitment.pk]),
        {
            "opens_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    commitment.refresh_from_db()
    assert commitment.publication == "consultation"

    # Public now; members comment; a double submit keeps one comment.
    client.logout()
    assert client.get(commitment.get_absolute_url()).status_code == 200
    member = UserFactory()
    client.force_login(member)
    url = reverse("comment_create", args=[consultation.pk])
    client.post(url, {"text": "Incluyan a las personas retornadas."})
    client.post(url, {"text": "Incluyan a las personas retornadas."})
    client.post(url, {"text": "Spam!"})
    assert Comment.objects.count() == 2

    # Staff hide one with a reason; the hide is recorded and shown.
    spam = Comment.objects.get(text="Spam!")
    client.force_login(member)
    assert client.post(reverse("comment_hide", args=[spam.pk]), {"reason": "x"}).status_code == 403
    staff = StaffFactory()
    client.force_login(staff)
    client.post(reverse("comment_hide", args=[spam.pk]), {"reason": "Publicidad"})
    spam.refresh_from_db()
    assert spam.hidden and spam.hidden_by == staff and spam.hidden_reason == "Publicidad"
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Publicidad" in page and "Spam!" not in page

    # Not before closing; then the owner publishes the response.
    client.force_login(coordinator)
    respond = reverse("consultation_respond", args=[consultation.pk])
    client.post(respond, {"response": "Incorporamos los aportes.", "language": "es"})
    consultation.refresh_from_db()
    assert consultation.response_published_at is None
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=now - datetime.timedelta(minutes=1)
    )
    client.post(respond, {"response": "Incorporamos los aportes.", "language": "es"})
    consultation.refresh_from_db()
    assert consultation.response_published_at is not None

    # Closed: no more comments, everything still public.
    client.force_login(member)
    assert client.post(url, {"text": "Tarde"}).status_code == 403
    client.logout()
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Incorporamos los aportes." in page and "Incluyan a las personas" in page


def test_comment_requires_login(client):
    commitment = make_commitment(publication="consultation")
    now = timezone.now()
    consultation = Consultation.objects.create(
        commitment=commitment,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    response = client.post(reverse("comment_create", args=[consultation.pk]), {"text": "x"})
    assert "/accounts/login/" in response.url


# --- Country, pillar, open data ---------------------------------------------------------


def test_country_page_and_printable_summary(client, django_assert_max_num_queries):
    make_commitment(codes=["HT"], title_es="Reunificación familiar")
    make_commitment(codes=["HT"], title_es="Oculto", publication="draft")
    # +2: civil society and dissemination records (secretariat's coordination section).
    with django_assert_max_num_queries(18):
        page = client.get("/es/countries/HT/").content.decode()
    assert "Reunificación familiar" in page and "Oculto" not in page
    summary = client.get("/es/countries/HT/?print=1").content.decode()
    assert "Reunificación familiar" in summary


def test_pillar_without_commitments_is_flagged(client):
    page = client.get("/en/pillars/4/").content.decode()
    assert "This pillar needs reactivating" in page
    make_commitment(pillar=1)
    page = client.get("/en/pillars/1/").content.decode()
    # Commitments but no update in 12 months: still flagged.
    assert "No progress update in the last 12 months" in page


def test_open_data_dump_has_every_entity_and_no_drafts(client):
    make_commitment(title_es="Público")
    make_commitment(title_es="Borrador", publication="draft")
    build_dump()
    response = client.get(reverse("open_data_download"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert {"commitments.csv", "data_points.csv", "datapackage.json"} <= names
    rows = list(csv.DictReader(io.StringIO(archive.read("commitments.csv").decode())))
    assert [r["title_es"] for r in rows] == ["Público"]
    page = client.get("/qu/open-data/").content.decode()
    assert "commitments.csv" in page


def test_dashboard_lists_updates_owed_by_a_coordinator(client):
    open_round()
    make_commitment(codes=["CO"], title_es="Debo informar")
    make_commitment(codes=["PE"], title_es="No es mío")
    client.force_login(coordinator_of("CO"))
    page = client.get("/es/dashboard/").content.decode()
    assert "Debo informar" in page and "No es mío" not in page


@pytest.mark.parametrize("count", [10, 200])
def test_public_pages_use_constant_queries(client, django_assert_max_num_queries, count):
    open_round()
    staff = StaffFactory()
    for i in range(count):
        commitment = make_commitment(codes=["CO", "PE"], title_es=f"Compromiso {i}")
        Milestone.objects.create(commitment=commitment, title_es="Paso", due_date="2024-01-01")
        if i % 3 == 0:
            ProgressUpdate.objects.create(
                commitment=commitment,
                author=staff,
                country=Country.objects.get(code="CO"),
                text_es="Avance",
                status="in_progress",
                published_at=timezone.now(),
                reporting_round=ReportingRound.objects.first(),
            )
    for url, limit in [
        ("/es/countries/CO/", 18),
        ("/es/countries/CO/?print=1", 16),
        ("/es/pillars/1/", 12),
        ("/es/tracker/reporting/", 10),
        ("/es/open-data/", 6),
        ("/es/", 8),
    ]:
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200, url
