"""Bulk import of commitments from CSV and XLSX files by secretariat staff."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.importers import MAX_BYTES, MAX_ROWS, commitments_import
from commitments.models import Commitment
from portal.models import Country, Pillar
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/en/staff/commitments/import/"
TEMPLATE_URL = "/en/staff/commitments/import/template.csv"

HEADER = (
    "countries,pillar,action_package,title,description,language,announced_on,"
    "target_date,status,publication,source_url"
)
GOOD_ROWS = [
    '"CO PE",1,1,Permisos de protección temporal,Para personas venezolanas,es,2023-01-15,'
    "31/12/2025,in_progress,published,https://example.org/ptp",
    "MX,2,,Labour pathways for migrants,,en,15/03/2023,,,,",
]


def csv_file(*rows, header=HEADER, name="commitments.csv", encoding="utf-8"):
    text = "\n".join([header, *rows]) + "\n"
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows, name="commitments.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def codes(commitment):
    return sorted(c.code for c in commitment.countries.all())


def cells(result):
    return {(e.row, e.column) for e in result.errors}


def in_english(message, **params):
    """A UI string as an English reader sees it (whatever the catalogue's state)."""
    with translation.override("en"):
        return escape(_(message) % params if params else _(message))


NOT_A_SPREADSHEET = (
    "This file is not a CSV or Excel (.xlsx) spreadsheet. Save it as CSV (UTF-8) "
    "or as an Excel workbook (.xlsx) and upload it again."
)


def existing(title_es="Permisos de protección temporal", country_codes=("CO", "PE")):
    commitment = Commitment.objects.create(
        pillar=Pillar.objects.get(number=1),
        announced_on="2023-01-15",
        original_language="es",
        title_es=title_es,
    )
    commitment.countries.set(Country.objects.filter(code__in=country_codes))
    return commitment


# --- The service -------------------------------------------------------------------------


def test_csv_import_creates_every_row():
    staff = StaffFactory()
    result = commitments_import(file=csv_file(*GOOD_ROWS), by=staff)

    assert result.errors == []
    assert result.created == 2
    ptp = Commitment.objects.get(title_es="Permisos de protección temporal")
    assert ptp.original_language == "es"
    assert ptp.description_es == "Para personas venezolanas"
    assert ptp.title_en in ("", None)
    assert codes(ptp) == ["CO", "PE"]
    assert ptp.pillar.number == 1 and ptp.action_package.number == 1
    assert ptp.announced_on == datetime.date(2023, 1, 15)
    assert ptp.target_date == datetime.date(2025, 12, 31)
    assert (ptp.status, ptp.publication) == ("in_progress", "published")
    assert ptp.source_url == "https://example.org/ptp"
    labour = Commitment.objects.get(title_en="Labour pathways for migrants")
    assert labour.original_language == "en"
    assert codes(labour) == ["MX"]
    assert labour.action_package is None and labour.target_date is None
    assert labour.announced_on == datetime.date(2023, 3, 15)
    # Defaults: announced, and a draft the public cannot see.
    assert (labour.status, labour.publication) == ("announced", "draft")
    record = ptp.history.get()
    assert record.history_type == "+" and record.history_user == staff


def test_xlsx_import_reads_date_cells_and_any_column_order():
    rows = [
        ["Title", "COUNTRIES", "Pillar", "Announced_On", "target_date", "Language"],
        ["Accès aux droits", "HT, CA", 3, datetime.date(2023, 6, 1), "2026-06-30", "fr"],
        [None, None, None, None, None, None],  # blank rows are skipped
        ["Regularización", "pe", "II", datetime.datetime(2022, 10, 6), None, None],
    ]
    result = commitments_import(file=xlsx_file(rows), by=StaffFactory())

    assert result.errors == []
    assert result.created == 2
    french = Commitment.objects.get(title_fr="Accès aux droits")
    assert french.original_language == "fr"
    assert codes(french) == ["CA", "HT"]
    assert french.pillar.number == 3
    assert french.announced_on == datetime.date(2023, 6, 1)
    assert french.target_date == datetime.date(2026, 6, 30)
    spanish = Commitment.objects.get(title_es="Regularización")
    assert spanish.original_language == "es"  # the default language
    assert codes(spanish) == ["PE"] and spanish.pillar.number == 2
    assert spanish.announced_on == datetime.date(2022, 10, 6)


def test_one_broken_row_saves_nothing_and_names_its_row_and_column():
    rows = [*GOOD_ROWS, "ZZ,1,,Otro compromiso,,es,2023-01-15,,,,"]
    result = commitments_import(file=csv_file(*rows), by=StaffFactory())

    assert result.created == 0
    assert Commitment.objects.count() == 0
    assert result.errors == [(4, "countries", _("Unknown country code: %(code)s") % {"code": "ZZ"})]


def test_every_error_of_every_row_is_reported():
    rows = [
        # row 2: fine
        GOOD_ROWS[0],
        # row 3: unknown pillar, package of another pillar impossible to check, bad date
        "CO,7,,Uno,,es,2023-02-30,,,,",
        # row 4: package 9 is in pillar III, language, status, publication, url unknown
        "CO,1,9,Dos,,de,2023-01-01,,done,public,not a url",
        # row 5: missing title and countries; target date before the date announced
        ",1,,,,,2023-05-01,2023-04-01,,,",
    ]
    result = commitments_import(file=csv_file(*rows), by=StaffFactory())

    assert Commitment.objects.count() == 0
    assert cells(result) == {
        (3, "pillar"),
        (3, "announced_on"),
        (4, "action_package"),
        (4, "language"),
        (4, "status"),
        (4, "publication"),
        (4, "source_url"),
        (5, "countries"),
        (5, "title"),
        (5, "target_date"),
    }
    # In the order of the spreadsheet: by row, then by column.
    assert [e.row for e in result.errors] == sorted(e.row for e in result.errors)


def test_unknown_and_missing_columns_are_named():
    result = commitments_import(
        file=csv_file("CO,1,Título,x,y", header="countries,pillar,title,colour,Size"),
        by=StaffFactory(),
    )
    assert Commitment.objects.count() == 0
    messages = [e.message for e in result.errors if e.row == 1]
    assert len(messages) == 2
    assert "colour" in messages[0] and "Size" in messages[0]
    assert "announced_on" in messages[1]


def test_semicolon_csv_in_windows_encoding_is_read():
    text = "countries;pillar;title;announced_on\r\nCO;1;Niñez migrante;01/02/2023\r\n"
    file = SimpleUploadedFile("lista.csv", text.encode("cp1252"))
    result = commitments_import(file=file, by=StaffFactory())
    assert result.errors == []
    assert Commitment.objects.get().title_es == "Niñez migrante"


def test_utf8_bom_is_accepted():
    file = SimpleUploadedFile("bom.csv", ("\ufeff" + HEADER + "\n" + GOOD_ROWS[1]).encode())
    result = commitments_import(file=file, by=StaffFactory())
    assert result.errors == [] and result.created == 1


def test_png_named_csv_is_refused():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
    result = commitments_import(file=SimpleUploadedFile("list.csv", png), by=StaffFactory())
    assert result.created == 0
    assert result.errors[0].row is None
    assert result.errors == [(None, "", _(NOT_A_SPREADSHEET))]


def test_other_zip_named_xlsx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    file = SimpleUploadedFile("list.xlsx", buffer.getvalue())
    result = commitments_import(file=file, by=StaffFactory())
    assert result.errors == [(None, "", _(NOT_A_SPREADSHEET))]


def test_too_large_file_is_refused():
    big = (HEADER + "\n" + ("x" * 1000 + "\n") * (MAX_BYTES // 1000)).encode()
    result = commitments_import(file=SimpleUploadedFile("big.csv", big), by=StaffFactory())
    assert Commitment.objects.count() == 0
    message = _("The file is too large (%(size)s). The limit is %(limit)s.") % {
        "size": filesizeformat(len(big)),
        "limit": filesizeformat(MAX_BYTES),
    }
    assert result.errors == [(None, "", message)]


def test_a_value_in_a_column_without_a_name_is_an_error():
    rows = [
        ["countries", "pillar", "title", "announced_on"],
        ["CO", 1, "Uno", "2023-01-01", "stray note"],
    ]
    result = commitments_import(file=xlsx_file(rows), by=StaffFactory())
    assert cells(result) == {(2, "E")}
    assert Commitment.objects.count() == 0


def test_utf16_text_export_is_read():
    text = "countries\tpillar\ttitle\tannounced_on\r\nHT\t4\tAksè nan dwa\t2024-02-01\r\n"
    file = SimpleUploadedFile("export.txt", text.encode("utf-16"))
    result = commitments_import(file=file, by=StaffFactory())
    assert result.errors == []
    assert Commitment.objects.get().title_es == "Aksè nan dwa"


def test_too_many_rows_are_refused():
    rows = ["CO,1,,T,,es,2023-01-01,,,,"] * (MAX_ROWS + 1)
    result = commitments_import(file=csv_file(*rows), by=StaffFactory())
    assert Commitment.objects.count() == 0
    assert result.errors == [
        (
            None,
            "",
            _("The file has more than %(limit)s rows. Split it into smaller files.")
            % {"limit": "5,000"},
        )
    ]


def test_duplicates_of_existing_commitments_and_earlier_rows_are_refused():
    old = existing()
    rows = [
        # Same title (other case and spacing) and the same countries in another order.
        '"PE, CO",1,,permisos de  protección TEMPORAL,,es,2023-01-15,,,,',
        "MX,1,,Nuevo compromiso,,es,2023-01-15,,,,",
        "MX,1,,Nuevo compromiso,,es,2023-02-15,,,,",
        # Not duplicates: other countries, or the same words in another language.
        "CO,1,,Permisos de protección temporal,,es,2023-01-15,,,,",
        "CO PE,1,,Permisos de protección temporal,,pt,2023-01-15,,,,",
    ]
    result = commitments_import(file=csv_file(*rows), by=StaffFactory())

    assert Commitment.objects.count() == 1
    assert cells(result) == {(2, "title"), (4, "title")}
    first, second = result.errors
    assert first.message == _(
        "Duplicate: commitment %(id)s already has this title (in this language) "
        "and these countries."
    ) % {"id": old.pk}
    assert second.message == _(
        "Duplicate of row %(row)s in this file: same title, language and countries."
    ) % {"row": 3}


def test_dry_run_validates_without_saving():
    result = commitments_import(file=csv_file(*GOOD_ROWS), by=StaffFactory(), dry_run=True)
    assert result.errors == [] and result.rows == 2 and result.created == 0
    assert Commitment.objects.count() == 0


def test_only_staff_may_import():
    with pytest.raises(PermissionDenied):
        commitments_import(file=csv_file(*GOOD_ROWS), by=UserFactory())


# --- The pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [IMPORT_URL, TEMPLATE_URL])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("url", [IMPORT_URL, TEMPLATE_URL])
def test_members_who_are_not_staff_are_refused(client, url):
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(IMPORT_URL, {"file": csv_file(*GOOD_ROWS)}).status_code == 403
    assert Commitment.objects.count() == 0


def test_staff_see_the_form_and_column_guide(client):
    client.force_login(StaffFactory())
    response = client.get(IMPORT_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert "announced_on" in page and "in_progress" in page
    assert TEMPLATE_URL in page


def test_template_file_has_header_and_an_example_that_imports(client):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response)
    header, example = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert header[:4] == ["countries", "pillar", "action_package", "title"]
    assert example[header.index("language")] == "en"

    result = commitments_import(file=SimpleUploadedFile("t.csv", content), by=staff)
    assert result.errors == [] and result.created == 1


def test_page_import_lists_created_commitments_and_a_second_submit_creates_nothing(client):
    client.force_login(StaffFactory())
    response = client.post(IMPORT_URL, {"file": csv_file(*GOOD_ROWS), "action": "import"})
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["result"].created == 2
    with translation.override("en"):
        created = ngettext(
            "%(counter)s commitment was created.", "%(counter)s commitments were created.", 2
        ) % {"counter": 2}
    assert created in page
    for commitment in Commitment.objects.all():
        assert f'href="{commitment.get_absolute_url()}"' in page
    assert "Labour pathways for migrants" in page

    again = client.post(IMPORT_URL, {"file": csv_file(*GOOD_ROWS), "action": "import"})
    page = again.content.decode()
    assert in_english("Nothing was imported") in page
    assert again.context["result"].created == 0
    assert cells(again.context["result"]) == {(2, "title"), (3, "title")}
    for commitment in Commitment.objects.all():
        message = in_english(
            "Duplicate: commitment %(id)s already has this title (in this language) "
            "and these countries.",
            id=commitment.pk,
        )
        assert message in page
    assert Commitment.objects.count() == 2


def test_page_shows_a_table_of_errors_and_saves_nothing(client):
    client.force_login(StaffFactory())
    rows = [*GOOD_ROWS, "CO,9,,Roto,,es,2023-01-15,,,,"]
    response = client.post(IMPORT_URL, {"file": csv_file(*rows), "action": "import"})
    page = response.content.decode()
    assert in_english("Nothing was imported") in page
    message = in_english(
        "There is no pillar %(value)s. Use a number from 1 to %(max)s.", value=9, max=4
    )
    assert f'<th scope="row">4</th><td><code>pillar</code></td><td>{message}</td>' in page
    assert Commitment.objects.count() == 0


def test_page_refuses_a_picture_renamed_csv(client):
    client.force_login(StaffFactory())
    png = SimpleUploadedFile("list.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page = client.post(IMPORT_URL, {"file": png, "action": "import"}).content.decode()
    assert in_english(NOT_A_SPREADSHEET) in page
    assert Commitment.objects.count() == 0


def test_page_check_only_saves_nothing(client):
    client.force_login(StaffFactory())
    response = client.post(IMPORT_URL, {"file": csv_file(*GOOD_ROWS), "action": "check"})
    result = response.context["result"]
    assert result.dry_run and result.ok and result.rows == 2
    assert in_english("The file is ready to import") in response.content.decode()
    assert Commitment.objects.count() == 0


@pytest.mark.parametrize("count", [3, 60])
def test_checking_a_file_takes_constant_queries(client, django_assert_max_num_queries, count):
    existing()
    client.force_login(StaffFactory())
    rows = [f"CO PE,1,,Compromiso {n},,es,2023-01-15,,,,https://x.org/{n}" for n in range(count)]
    rows.append("ZZ,1,,Permisos de protección temporal,,es,2023-01-15,,,,")
    with django_assert_max_num_queries(12):
        response = client.post(IMPORT_URL, {"file": csv_file(*rows), "action": "check"})
    assert cells(response.context["result"]) == {(count + 2, "countries")}


@pytest.mark.parametrize("count", [0, 30])
def test_form_page_takes_constant_queries(client, django_assert_max_num_queries, count):
    for n in range(count):
        existing(title_es=f"Compromiso {n}")
    client.force_login(StaffFactory())
    with django_assert_max_num_queries(6):
        assert client.get(IMPORT_URL).status_code == 200


def test_staff_without_two_factor_are_sent_to_set_it_up(client):
    client.force_login(StaffFactory(totp=False))
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_imported_commitments_appear_at_once_for_anonymous_readers(client, on_commit):
    staff = StaffFactory()  # created first: creating it also invalidates the cache
    assert "Permisos de protección temporal" not in client.get("/es/tracker/").content.decode()
    assert client.get("/es/tracker/")["X-Cache"] == "hit"
    csv_text = HEADER + "\n" + GOOD_ROWS[0] + "\n"
    with on_commit(execute=True):
        result = commitments_import(file=SimpleUploadedFile("c.csv", csv_text.encode()), by=staff)
    assert result.created == 1
    assert "Permisos de protección temporal" in client.get("/es/tracker/").content.decode()
