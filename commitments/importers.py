"""Bulk import of commitments from the secretariat's spreadsheets (CSV or XLSX).

The whole file is read and every row validated before anything is written; one
error anywhere means nothing is saved. Row numbers are those a spreadsheet
program shows (the header is row 1), so staff can find each problem.
"""

import csv
import datetime
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import openpyxl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history

from portal.models import ActionPackage, Country, Pillar
from portal.page_cache import bump_version
from portal.uploads import sniff

from .enums import GovernmentStatus, Publication
from .models import Commitment

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# An XLSX is a ZIP: a small file can unpack into a huge one.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
BATCH_SIZE = 500
CHANGE_REASON = "spreadsheet import"

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
DEFAULT_LANGUAGE = "es"
DATE_COLUMNS = ("announced_on", "target_date")
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


class Column(NamedTuple):
    name: str
    required: bool
    help: str
    # Accepted values, shown as written (codes are not translated).
    values: str = ""
    default: str = ""


COLUMNS = [
    Column(
        "countries",
        True,
        gettext_lazy(
            "ISO alpha-2 codes of the endorsing countries, separated by spaces or commas "
            "(for example: CO PE)."
        ),
    ),
    Column("pillar", True, gettext_lazy("Pillar number."), "1–4"),
    Column(
        "action_package",
        False,
        gettext_lazy("Action package number; it must belong to the pillar."),
        "1–11",
    ),
    Column("title", True, gettext_lazy("The commitment's title.")),
    Column("description", False, gettext_lazy("A longer description.")),
    Column(
        "language",
        False,
        gettext_lazy("Language of the title and description."),
        " ".join(LANGUAGE_CODES),
        DEFAULT_LANGUAGE,
    ),
    Column(
        "announced_on",
        True,
        gettext_lazy("Date announced (a date cell, or text as YYYY-MM-DD or DD/MM/YYYY)."),
    ),
    Column(
        "target_date",
        False,
        gettext_lazy("Target date, in the same formats; not before the date announced."),
    ),
    Column(
        "status",
        False,
        gettext_lazy("Status reported by the government."),
        " ".join(GovernmentStatus.values),
        GovernmentStatus.ANNOUNCED,
    ),
    Column(
        "publication",
        False,
        gettext_lazy("Publication state; drafts are not shown to the public."),
        " ".join(Publication.values),
        Publication.DRAFT,
    ),
    Column("source_url", False, gettext_lazy("Link to the source document (http or https).")),
]
COLUMN_NAMES = [c.name for c in COLUMNS]
REQUIRED_COLUMNS = [c.name for c in COLUMNS if c.required]

_TITLE_MAX = Commitment._meta.get_field("title").max_length
_URL_MAX = Commitment._meta.get_field("source_url").max_length
_validate_url = URLValidator(schemes=["http", "https"])
# YYYY-MM-DD or DD/MM/YYYY (strptime is slow for thousands of cells).
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DMY_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_SEPARATORS = re.compile(r"[\s,;]+")
# Binary content that happens to decode as cp1252/latin-1 still has these.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class RowError(NamedTuple):
    """One problem: its spreadsheet row (``None`` for the whole file) and column."""

    row: int | None
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    commitments: list[Commitment] = field(default_factory=list)
    rows: int = 0
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors


class FileRejected(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    header: list[str | None]
    rows: list[tuple[int, list]]  # (spreadsheet row number, cell values)


# --- Reading the file -----------------------------------------------------------------


def read_table(file):
    """The file's header and non-empty rows; raises ``FileRejected`` if unreadable."""
    data = _read_limited(file)
    if not data.strip():
        raise FileRejected(_("The file is empty."))
    kind = sniff(io.BytesIO(data))
    if kind == "xlsx":
        records = _xlsx_records(data)
    elif kind is not None or data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        # Other documents, images, ZIPs and old binary .xls files.
        raise FileRejected(_not_a_spreadsheet())
    else:
        records = _csv_records(_decode(data))
    return _table(records)


def _not_a_spreadsheet():
    return _(
        "This file is not a CSV or Excel (.xlsx) spreadsheet. Save it as CSV (UTF-8) "
        "or as an Excel workbook (.xlsx) and upload it again."
    )


def _too_large(size):
    return _("The file is too large (%(size)s). The limit is %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(MAX_BYTES),
    }


def _read_limited(file):
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise FileRejected(_too_large(size))
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FileRejected(_too_large(size or len(data)))
    return data


def _decode(data):
    # Excel's "Unicode text" export is UTF-16 with a byte-order mark.
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ()
    for encoding in (*encodings, "utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
    if _CONTROL_CHARS.search(text):
        raise FileRejected(_not_a_spreadsheet())
    return text


def _csv_records(text):
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to Spanish, French or Portuguese save CSV with semicolons.
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            yield number, record
    except csv.Error as exc:
        raise FileRejected(
            _("Row %(row)s could not be read as CSV. Check its quotes.") % {"row": number + 1}
        ) from exc


def _xlsx_records(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise FileRejected(_not_a_spreadsheet()) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRejected(_too_large(unpacked))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 (openpyxl raises many kinds on damaged files)
        raise FileRejected(_unreadable_workbook()) from exc
    try:
        sheet = workbook.active or workbook.worksheets[0]
        for number, record in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(record)
    except Exception as exc:  # noqa: BLE001 (damaged sheets fail while streaming)
        raise FileRejected(_unreadable_workbook()) from exc
    finally:
        workbook.close()


def _unreadable_workbook():
    return _(
        "The Excel file could not be read. Open it in your spreadsheet program, save it "
        "again as .xlsx and upload it again."
    )


def _cell(value):
    """A cell as stripped text, or a ``date`` for date cells."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(records):
    header = None
    rows = []
    for number, record in records:
        values = [_cell(v) for v in record]
        if header is None:
            while values and values[-1] == "":
                values.pop()
            if not values:
                raise FileRejected(_("Row 1 must hold the column names."))
            header = [str(v) if v != "" else None for v in values]
            continue
        if not any(v != "" for v in values):
            continue  # blank lines between or after the data
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise FileRejected(
                _("The file has more than %(limit)s rows. Split it into smaller files.")
                % {"limit": number_format(MAX_ROWS, force_grouping=True)}
            )
    if header is None:
        raise FileRejected(_("The file is empty."))
    if not rows:
        raise FileRejected(_("The file has no rows to import below its header row."))
    return Table(header=header, rows=rows)


# --- Validation -------------------------------------------------------------------------


def _normalise_name(name):
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _map_header(header):
    """Column name → index in the file, and errors about the header row."""
    errors = []
    positions = {}
    unknown = []
    for index, raw in enumerate(header):
        if raw is None:
            continue
        name = _normalise_name(raw)
        if name not in COLUMN_NAMES:
            unknown.append(raw)
        elif name in positions:
            errors.append(
                RowError(
                    1, name, _("The column %(column)s appears more than once.") % {"column": name}
                )
            )
        else:
            positions[name] = index
    if unknown:
        errors.append(
            RowError(
                1,
                ", ".join(unknown),
                _("Unknown columns: %(columns)s. The accepted columns are: %(accepted)s.")
                % {"columns": ", ".join(unknown), "accepted": ", ".join(COLUMN_NAMES)},
            )
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        errors.append(
            RowError(
                1,
                ", ".join(missing),
                _("Missing required columns: %(columns)s.") % {"columns": ", ".join(missing)},
            )
        )
    return positions, errors


@dataclass
class _Lookups:
    countries: dict
    pillars: dict
    packages: dict

    @classmethod
    def load(cls):
        return cls(
            countries={c.code: c for c in Country.objects.only("id", "code")},
            pillars={p.number: p for p in Pillar.objects.only("id", "number")},
            packages={a.number: a for a in ActionPackage.objects.only("id", "number", "pillar_id")},
        )


@dataclass
class _Row:
    number: int
    errors: list = field(default_factory=list)
    values: dict = field(default_factory=dict)

    def error(self, column, message):
        self.errors.append(RowError(self.number, column, message))


def _shorten(value, limit=60):
    value = str(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _parse_int(value):
    text = str(value).strip().lower()
    if text in ROMAN:
        return ROMAN[text]
    return int(text) if re.fullmatch(r"[0-9]{1,4}", text) else None


def _parse_date(value):
    if isinstance(value, datetime.date):
        return value
    if match := _ISO_DATE.fullmatch(value):
        year, month, day = match.groups()
    elif match := _DMY_DATE.fullmatch(value):
        day, month, year = match.groups()
    else:
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _choice(row, column, value, choices, default, message):
    if value == "":
        return default
    normalised = _normalise_name(str(value))
    if normalised not in choices:
        row.error(column, message % {"value": _shorten(value), "choices": ", ".join(choices)})
        return None
    return normalised


def _validate_row(number, cells, header, positions, lookups):
    row = _Row(number)

    def get(name):
        """The cell as text; date columns keep date cells as dates."""
        index = positions.get(name)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        if isinstance(value, datetime.date) and name not in DATE_COLUMNS:
            return value.isoformat()
        return value

    # Columns missing from the header are reported once, for the header row.
    for name in REQUIRED_COLUMNS:
        if name in positions and get(name) == "":
            row.error(name, _("This value is required."))

    for index, value in enumerate(cells):
        if value != "" and (index >= len(header) or header[index] is None):
            row.error(
                get_column_letter(index + 1),
                _("This cell has a value but its column has no name in row 1."),
            )

    codes = list(dict.fromkeys(c for c in _SEPARATORS.split(get("countries").upper()) if c))
    unknown = [code for code in codes if code not in lookups.countries]
    for code in unknown:
        row.error("countries", _("Unknown country code: %(code)s") % {"code": _shorten(code, 10)})
    row.values["countries"] = (
        [lookups.countries[code] for code in codes] if codes and not unknown else None
    )

    pillar = None
    if (raw := get("pillar")) != "":
        pillar = lookups.pillars.get(_parse_int(raw))
        if pillar is None:
            row.error(
                "pillar",
                _("There is no pillar %(value)s. Use a number from 1 to %(max)s.")
                % {"value": _shorten(raw), "max": max(lookups.pillars, default=4)},
            )
    row.values["pillar"] = pillar

    package = None
    if (raw := get("action_package")) != "":
        package = lookups.packages.get(_parse_int(raw))
        if package is None:
            row.error(
                "action_package",
                _("There is no action package %(value)s. Use a number from 1 to %(max)s.")
                % {"value": _shorten(raw), "max": max(lookups.packages, default=11)},
            )
        elif pillar is not None and package.pillar_id != pillar.pk:
            row.error(
                "action_package",
                _("Action package %(package)s does not belong to pillar %(pillar)s.")
                % {"package": package.number, "pillar": pillar.number},
            )
    row.values["action_package"] = package

    title = get("title")
    if len(title) > _TITLE_MAX:
        row.error(
            "title",
            _("The title is longer than %(limit)s characters.") % {"limit": _TITLE_MAX},
        )
    row.values["title"] = title
    row.values["description"] = get("description")

    row.values["language"] = _choice(
        row,
        "language",
        get("language"),
        LANGUAGE_CODES,
        DEFAULT_LANGUAGE,
        _("Unknown language: %(value)s. Use one of: %(choices)s."),
    )

    dates = {}
    for name in DATE_COLUMNS:
        raw = get(name)
        dates[name] = None
        if raw != "":
            dates[name] = _parse_date(raw)
            if dates[name] is None:
                row.error(
                    name,
                    _("Not a date: %(value)s. Use YYYY-MM-DD or DD/MM/YYYY.")
                    % {"value": _shorten(raw)},
                )
    announced, target = dates["announced_on"], dates["target_date"]
    if announced and target and target < announced:
        row.error("target_date", _("The target date is before the date announced."))
    row.values.update(dates)

    row.values["status"] = _choice(
        row,
        "status",
        get("status"),
        GovernmentStatus.values,
        GovernmentStatus.ANNOUNCED,
        _("Unknown status: %(value)s. Use one of: %(choices)s."),
    )
    row.values["publication"] = _choice(
        row,
        "publication",
        get("publication"),
        Publication.values,
        Publication.DRAFT,
        _("Unknown publication state: %(value)s. Use one of: %(choices)s."),
    )

    url = get("source_url")
    if url:
        try:
            if len(url) > _URL_MAX:
                raise ValidationError("too long")
            _validate_url(url)
        except ValidationError:
            row.error(
                "source_url",
                _("Not a valid web address (http or https, at most %(limit)s characters).")
                % {"limit": _URL_MAX},
            )
    row.values["source_url"] = url
    return row


def _title_key(title):
    return " ".join(title.split()).lower()


def _existing_by_key(rows):
    """Commitments whose title, in one of the rows' languages, matches a row's title."""
    titles = defaultdict(set)
    for row in rows:
        titles[row.values["language"]].add(row.values["title"])
    if not titles:
        return {}
    condition = Q()
    for language, values in titles.items():
        # Exact match too: SQLite's lower() leaves non-ASCII capitals alone.
        condition |= Q(**{f"title_{language}__in": values}) | Q(
            **{f"import_title_{language}__in": {_title_key(v) for v in values}}
        )
    candidates = (
        Commitment.objects.annotate(
            **{f"import_title_{language}": Lower(f"title_{language}") for language in titles}
        )
        .filter(condition)
        .prefetch_related(Prefetch("countries", queryset=Country.objects.only("id")))
    )
    existing = {}
    for commitment in candidates:
        countries = frozenset(c.pk for c in commitment.countries.all())
        for language in titles:
            title = getattr(commitment, f"title_{language}")
            if title:
                existing.setdefault((language, _title_key(title), countries), commitment)
    return existing


def _check_duplicates(rows):
    rows = [
        row
        for row in rows
        if row.values["countries"] and row.values["title"] and row.values["language"]
    ]
    existing = _existing_by_key(rows)
    seen = {}
    for row in rows:
        values = row.values
        key = (
            values["language"],
            _title_key(values["title"]),
            frozenset(c.pk for c in values["countries"]),
        )
        first = seen.setdefault(key, row.number)
        if key in existing:
            row.error(
                "title",
                _(
                    "Duplicate: commitment %(id)s already has this title (in this language) "
                    "and these countries."
                )
                % {"id": existing[key].pk},
            )
        elif first != row.number:
            row.error(
                "title",
                _("Duplicate of row %(row)s in this file: same title, language and countries.")
                % {"row": first},
            )


def _serialise_imports():
    # Two imports of one file at once (a double click) must not both pass the
    # duplicate check. Plain commitment writes take only key-share locks on
    # pillars, which FOR NO KEY UPDATE does not block.
    list(Pillar.objects.select_for_update(no_key=True).order_by("pk").values_list("pk"))


def _build(values):
    language = values["language"]
    return Commitment(
        pillar=values["pillar"],
        action_package=values["action_package"],
        original_language=language,
        announced_on=values["announced_on"],
        target_date=values["target_date"],
        status=values["status"],
        publication=values["publication"],
        source_url=values["source_url"],
        **{f"title_{language}": values["title"], f"description_{language}": values["description"]},
    )


def _save_all(rows, by):
    """Insert the commitments, their history records and their countries in bulk.

    One ``save()`` and ``countries.set()`` per row took 40 seconds for 5,000 rows
    on PostgreSQL, beyond a web worker's timeout; in bulk it takes a few.
    """
    commitments = bulk_create_with_history(
        [_build(row.values) for row in rows],
        Commitment,
        batch_size=BATCH_SIZE,
        default_user=by,
        default_change_reason=CHANGE_REASON,
    )
    through = Commitment.countries.through
    through.objects.bulk_create(
        [
            through(commitment_id=commitment.pk, country_id=country.pk)
            for commitment, row in zip(commitments, rows, strict=True)
            for country in row.values["countries"]
        ],
        batch_size=BATCH_SIZE,
    )
    return commitments


def commitments_import(*, file, by, dry_run=False):
    """Validate every row of a CSV or XLSX file and, if none has an error, save them all.

    Returns an ``ImportResult``: ``errors`` lists every problem as
    ``(row, column, message)`` (row ``None`` for the file as a whole) and nothing is
    saved when there is any; otherwise ``created`` commitments were saved in one
    transaction. ``dry_run`` validates without saving.
    """
    if not by.has_perm("portal.access_staff_tools"):
        raise PermissionDenied
    result = ImportResult(dry_run=dry_run)
    try:
        table = read_table(file)
    except FileRejected as exc:
        result.errors.append(RowError(None, "", exc.message))
        return result
    result.rows = len(table.rows)
    positions, header_errors = _map_header(table.header)
    with transaction.atomic():
        if not dry_run:
            _serialise_imports()
        lookups = _Lookups.load()
        rows = [
            _validate_row(number, cells, table.header, positions, lookups)
            for number, cells in table.rows
        ]
        _check_duplicates(rows)
        result.errors = header_errors + [
            error
            for row in rows
            for error in sorted(row.errors, key=lambda e: positions.get(e.column, len(positions)))
        ]
        if result.errors or dry_run:
            return result
        result.commitments = _save_all(rows, by)
        result.created = len(result.commitments)
        # Bulk inserts send no signals: tell the public page cache directly.
        transaction.on_commit(bump_version)
    return result
