"""Staff tools: import commitments from a spreadsheet, and its template file."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from portal.csv_utils import csv_response

from . import importers

# A page listing thousands of problems helps nobody; the first ones show the pattern.
SHOWN_ERRORS = 500
SHOWN_CREATED = 200


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet file (CSV or Excel .xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "At most %(size)s and %(rows)s rows. Row 1 holds the column names."
        ) % {
            "size": filesizeformat(importers.MAX_BYTES),
            "rows": number_format(importers.MAX_ROWS, force_grouping=True),
        }


def _require_staff(request):
    if not request.user.has_perm("portal.access_staff_tools"):
        raise PermissionDenied


@login_required
def commitments_import(request):
    _require_staff(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = importers.commitments_import(
            file=form.cleaned_data["file"],
            by=request.user,
            dry_run=request.POST.get("action") == "check",
        )
    context = {"form": form, "result": result, "columns": importers.COLUMNS}
    if result is not None:
        context.update(
            file_errors=[e for e in result.errors if e.row is None],
            row_errors=[e for e in result.errors if e.row is not None][:SHOWN_ERRORS],
            row_error_count=sum(1 for e in result.errors if e.row is not None),
            shown_errors=SHOWN_ERRORS,
            created_shown=result.commitments[:SHOWN_CREATED],
        )
    return render(request, "commitments/import.html", context)


@login_required
def commitments_import_template(request):
    """A CSV with the header row and one example row, in the reader's language."""
    _require_staff(request)
    language = (get_language() or "es").split("-")[0]
    example = {
        "countries": "CO PE",
        "pillar": "1",
        "action_package": "1",
        "title": _("Example: temporary protection permits for people from Venezuela"),
        "description": _("Replace this row with your own commitments."),
        "language": language if language in importers.LANGUAGE_CODES else "es",
        "announced_on": "2023-01-15",
        "target_date": "31/12/2025",
        "status": "in_progress",
        "publication": "draft",
        "source_url": "https://example.org/announcement",
    }
    return csv_response(
        "commitments-import-template.csv",
        importers.COLUMN_NAMES,
        [[example[name] for name in importers.COLUMN_NAMES]],
    )
