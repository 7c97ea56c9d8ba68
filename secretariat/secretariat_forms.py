from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import WorkPlanStatus
from .secretariat_selectors import STATUS_ORDER, WorkPlanFilters
from .secretariat_services import NOTE_MAX_LENGTH


class WorkPlanNoteForm(forms.Form):
    """A progress note on a work-plan item, with an optional change of status."""

    text = forms.CharField(
        label=_("Progress note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was done, what is next, what is in the way. Published with your name."),
        error_messages={"required": _("Write the progress note.")},
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[])

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        current = WorkPlanStatus(item.status).label
        # Every status stays valid, so a form sent twice is not refused the second time.
        self.fields["status"].choices = [
            ("", _("Keep the current status (%(status)s)") % {"status": current})
        ] + [(status, WorkPlanStatus(status).label) for status in STATUS_ORDER]


class WorkPlanFilterForm(forms.Form):
    """The work plan's filters, read from the query string."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", pgettext_lazy("work-plan status filter", "Any status"))]
        + [(status, WorkPlanStatus(status).label) for status in STATUS_ORDER],
    )
    country = forms.ChoiceField(label=_("Responsible country"), required=False, choices=[])
    overdue = forms.BooleanField(label=_("Only overdue actions"), required=False)

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries"))] + [
            (country.code, country.name) for country in countries
        ]

    def filters(self):
        """The valid filters (invalid values are ignored rather than refused)."""
        if not self.is_bound:
            return WorkPlanFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return WorkPlanFilters(
            status=data.get("status") or "",
            country=data.get("country") or "",
            overdue=bool(data.get("overdue")),
        )
