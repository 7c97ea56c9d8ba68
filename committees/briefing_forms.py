from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.uploads import validate_document

from .briefing_services import (
    DECLINE_REASON_REQUIRED,
    DEFAULT_TIME_ZONE,
    MANUAL_SOURCES,
    local_to_utc,
    zone_choices,
)
from .enums import AgendaSource


def _language_field(label):
    return forms.ChoiceField(label=label, choices=settings.LANGUAGES)


class BriefingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = _language_field(_("Language of the title"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("Start time (local)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=zone_choices,
        initial=DEFAULT_TIME_ZONE,
        help_text=_("The date and time are local to this time zone; the portal also shows UTC."),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    agenda_deadline_days = forms.IntegerField(
        label=_("Agenda due (days before the briefing)"),
        min_value=1,
        max_value=120,
        initial=30,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()

    def clean(self):
        data = super().clean()
        if not (data.get("place") or data.get("online_url")) and not self.has_error("online_url"):
            raise forms.ValidationError(
                _("Give the place of the briefing, its online link, or both.")
            )
        if data.get("date") and data.get("time") and data.get("time_zone"):
            data["starts_at"] = local_to_utc(data["date"], data["time"], data["time_zone"])
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    language = _language_field(_("Language of the text"))
    source = forms.ChoiceField(
        label=_("Proposed by"),
        choices=[(value, AgendaSource(value).label) for value in MANUAL_SOURCES],
    )
    commitments = forms.ModelMultipleChoiceField(
        label=_("Commitments whose progress is presented"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, commitments, with_source=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = commitments
        self.fields["language"].initial = get_language()
        if not with_source:
            del self.fields["source"]


class SuggestionForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=None)
    title = forms.CharField(label=_("Topic"), max_length=200)
    rationale = forms.CharField(
        label=_("Why it matters"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text=_("What should the committee discuss, and what do you ask of it?"),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]


class EndorseForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Endorse on behalf of"), queryset=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept into the agenda")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Public reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Required when declining; shown on the briefing's page."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reason", "").strip():
            self.add_error("reason", DECLINE_REASON_REQUIRED)
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files, each validated on its own."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Report"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=20000,
        help_text=_(
            "What was presented and discussed, and what follows. Publishing again in "
            "another language adds a translation."
        ),
    )
    language = _language_field(_("Language of the report"))
    documents = MultipleFileField(
        label=_("Documents"),
        required=False,
        validators=[validate_document],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()
        self.fields["documents"].help_text = _(
            "Minutes, presentations: PDF, Word, OpenDocument or images; %(limit)s each at most."
        ) % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
