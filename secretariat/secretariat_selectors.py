"""Reads of the secretariat page and the joint work plan.

Every public page built from these reads costs the same number of queries whatever
the amount of data: related rows are joined or prefetched, the latest note of each
work-plan item comes from a subquery, and grouping happens in Python.
"""

from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import SeatRole, WorkPlanStatus
from .models import Document, DocumentFile, SecretariatSeat, WorkPlan, WorkPlanItem, WorkPlanNote

# The order in which the work plan shows its items: what is left to do first.
STATUS_ORDER = (
    WorkPlanStatus.NOT_STARTED,
    WorkPlanStatus.IN_PROGRESS,
    WorkPlanStatus.BLOCKED,
    WorkPlanStatus.DONE,
)
LANGUAGE_ORDER = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}


def public_name(user):
    """The name a person contributes under: never their email address."""
    if user is None:
        return ""
    if user.deleted_at is not None:
        return _("Former member")
    return user.full_name


# --- Secretariat ------------------------------------------------------------------------


@dataclass
class SeatStructure:
    groups: list  # [{"role", "label", "seats"}] in the order of SeatRole
    upcoming: list
    past: list


def secretariat_seats(*, today=None):
    """Current seats grouped by role, plus upcoming and past seats, in one query."""
    today = today or timezone.localdate()
    current = {role: [] for role in SeatRole.values}
    upcoming, past = [], []
    seats = SecretariatSeat.objects.select_related("organisation", "country").order_by(
        "position", "term_start", "pk"
    )
    for seat in seats:
        if seat.term_start > today:
            upcoming.append(seat)
        elif seat.term_end is not None and seat.term_end < today:
            past.append(seat)
        else:
            current[seat.role].append(seat)
    past.sort(key=lambda seat: (seat.term_end, seat.pk), reverse=True)
    groups = [
        {"role": role, "label": label, "seats": current[role]} for role, label in SeatRole.choices
    ]
    return SeatStructure(groups=groups, upcoming=upcoming, past=past)


def _with_language_files(documents):
    """Each document gets ``language_files``: its files in the order of the portal's languages."""
    for document in documents:
        document.language_files = sorted(
            document.files.all(), key=lambda f: LANGUAGE_ORDER.get(f.language, 99)
        )
        for file in document.language_files:
            file.extension = PurePath(file.file.name).suffix.lstrip(".").upper()
    return documents


def documents_published():
    """The secretariat's published documents with their files, in two queries."""
    documents = Document.objects.filter(is_published=True).prefetch_related(
        Prefetch("files", queryset=DocumentFile.objects.order_by("language"))
    )
    return _with_language_files(list(documents))


def document_for_page(pk):
    """The document with its files, or None (published or not: the view decides)."""
    document = (
        Document.objects.prefetch_related(
            Prefetch("files", queryset=DocumentFile.objects.order_by("language"))
        )
        .filter(pk=pk)
        .first()
    )
    if document is not None:
        _with_language_files([document])
    return document


# --- Work plan --------------------------------------------------------------------------


def work_plans_published():
    return (
        WorkPlan.objects.filter(is_published=True)
        .select_related("meeting")
        .order_by("-adopted_on", "-pk")
    )


def work_plan_for_page(slug):
    return WorkPlan.objects.select_related("meeting").filter(slug=slug).first()


def _latest_note(field_name):
    return Subquery(
        WorkPlanNote.objects.filter(item=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values(field_name)[:1]
    )


def work_plan_items(plan, *, with_last_text=False):
    """The plan's items with their parties and the date (and text) of their latest note."""
    items = (
        WorkPlanItem.objects.filter(work_plan=plan)
        .select_related("responsible_country", "co_owner")
        .annotate(last_note_at=_latest_note("created_at"))
        .order_by("position", "pk")
    )
    if with_last_text:
        items = items.annotate(last_note_text=_latest_note("text"))
    return items


@dataclass
class WorkPlanFilters:
    status: str = ""
    country: str = ""
    overdue: bool = False

    @property
    def active(self):
        return bool(self.status or self.country or self.overdue)

    def apply(self, items):
        selected = []
        for item in items:
            if self.status and item.status != self.status:
                continue
            if self.country and (
                item.responsible_country is None or item.responsible_country.code != self.country
            ):
                continue
            if self.overdue and not item.is_overdue:
                continue
            selected.append(item)
        return selected


@dataclass
class WorkPlanSummary:
    total: int = 0
    overdue: int = 0
    by_status: list = field(default_factory=list)  # [(status, label, count)]

    @property
    def chart_rows(self):
        return [(label, count) for _status, label, count in self.by_status]


def work_plan_summary(items):
    counts = dict.fromkeys(STATUS_ORDER, 0)
    overdue = 0
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
        overdue += item.is_overdue
    return WorkPlanSummary(
        total=len(items),
        overdue=overdue,
        by_status=[
            (status, WorkPlanStatus(status).label, counts[status]) for status in STATUS_ORDER
        ],
    )


def group_by_status(items):
    """[{"status", "label", "items"}] in STATUS_ORDER, each status present even when empty."""
    groups = {status: [] for status in STATUS_ORDER}
    for item in items:
        groups.setdefault(item.status, []).append(item)
    return [
        {"status": status, "label": WorkPlanStatus(status).label, "items": groups[status]}
        for status in STATUS_ORDER
    ]


def responsible_countries(items):
    """The distinct responsible countries of ``items``, by name."""
    countries = {
        item.responsible_country.pk: item.responsible_country
        for item in items
        if item.responsible_country
    }
    return sorted(countries.values(), key=lambda country: country.name)


def work_plan_item_for_page(slug, pk):
    """The item with its plan, parties and notes (newest first), or None."""
    notes = WorkPlanNote.objects.select_related("author", "organisation", "country").order_by(
        "-created_at", "-pk"
    )
    item = (
        WorkPlanItem.objects.select_related("work_plan__meeting", "responsible_country", "co_owner")
        .prefetch_related(Prefetch("notes", queryset=notes), "mechanisms")
        .filter(pk=pk, work_plan__slug=slug)
        .first()
    )
    if item is not None:
        for note in item.notes.all():
            note.author_name = public_name(note.author)
    return item


def status_changes(item):
    """The item's status over time from its history, newest first.

    Each entry is ``{"at", "old", "new"}`` with status labels; the first entry,
    when the item was recorded, has no ``old``.
    """
    labels = dict(WorkPlanStatus.choices)
    records = item.history.order_by("history_date", "history_id").values_list(
        "history_date", "status"
    )
    changes, previous = [], None
    for at, status in records:
        if status == previous:
            continue
        changes.append(
            {
                "at": at,
                "old": labels.get(previous, previous) if previous else "",
                "new": labels.get(status, status),
            }
        )
        previous = status
    changes.reverse()
    return changes
