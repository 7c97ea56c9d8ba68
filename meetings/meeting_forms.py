from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from committees.briefing_services import local_to_utc, zone_choices
from portal.translation_utils import translated

from .enums import MeetingFormat, MeetingKind, MeetingStatus
from .meeting_selectors import Quarter
from .meeting_services import country_time_zone, suggested_title


class MeetingFilterForm(forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("meeting", "Kind"), required=False)
    country = forms.ChoiceField(label=_("Host country"), required=False)

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *MeetingKind.choices]
        self.fields["country"].choices = [("", _("All countries"))] + [
            (country.code, country.name) for country in countries
        ]


class OrganisationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj.verified:
            return obj.name
        return _("%(name)s (not verified)") % {"name": obj.name}


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class NationalMeetingForm(forms.Form):
    """The record of a quarterly national meeting, in the coordinator's own words."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_(
            "Keep the suggested title to have it in every language, with the quarter of the "
            "date below, or write your own."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the title and summary"), choices=settings.LANGUAGES
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start time (local)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("End time (local)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices)
    format = forms.ChoiceField(
        label=_("Format"), choices=MeetingFormat.choices, widget=forms.RadioSelect
    )
    venue = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    status = forms.ChoiceField(
        label=pgettext_lazy("meeting", "Status"),
        choices=MeetingStatus.choices,
        initial=MeetingStatus.HELD,
    )
    organisations = OrganisationChoices(
        label=_("Participating organisations"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Organisations working in the country; verified ones first."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=20000,
        widget=_textarea(8),
        help_text=_("Published as the meeting's minutes."),
    )
    concerns_raised = forms.CharField(
        label=_("Concerns raised"), required=False, max_length=20000, widget=_textarea()
    )
    follow_ups = forms.CharField(
        label=_("Follow-ups"), required=False, max_length=20000, widget=_textarea()
    )

    def __init__(self, *args, country, meeting=None, **kwargs):
        self.country = country
        self.is_new = meeting is None
        self.suggestion = suggested_title(country, Quarter.of(timezone.localdate()))
        initial = kwargs.setdefault("initial", {})
        if meeting is None:
            initial.setdefault("title", self.suggestion)
            initial.setdefault("time_zone", country_time_zone(country))
            initial.setdefault("format", MeetingFormat.IN_PERSON)
            initial.setdefault("language", (get_language() or "es").split("-")[0])
        else:
            initial.update(self.initial_from(meeting))
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = country.organisations.order_by("-verified", "name")

    @staticmethod
    def initial_from(meeting):
        """The form's values for an existing record, in the language of its summary."""
        language = (get_language() or "es").split("-")[0]
        if not getattr(meeting, f"minutes_{language}", ""):
            written = [c for c, _n in settings.LANGUAGES if getattr(meeting, f"minutes_{c}", "")]
            language = written[0] if written else translated(meeting, "title").language
        # Only the title in that language: another language's text is kept as it is.
        title = getattr(meeting, f"title_{language}", "") or ""
        start = timezone.localtime(meeting.starts_at, meeting.tz)
        end = timezone.localtime(meeting.ends_at, meeting.tz)
        return {
            "title": title,
            "language": language,
            "date": start.date(),
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": end.time().replace(second=0, microsecond=0),
            "time_zone": meeting.time_zone,
            "format": meeting.format,
            "venue": meeting.venue,
            "online_url": meeting.online_url,
            "status": meeting.status,
            "organisations": [o.pk for o in meeting.participating_organisations.all()],
            "summary": getattr(meeting, f"minutes_{language}", "") or "",
            "concerns_raised": meeting.concerns_raised,
            "follow_ups": meeting.follow_ups,
        }

    def clean(self):
        data = super().clean()
        if self.is_new and data.get("title", "").strip() == self.suggestion:
            # The suggestion names the current quarter; the service names the date's.
            data["title"] = ""
        day, zone = data.get("date"), data.get("time_zone")
        start, end = data.get("start_time"), data.get("end_time")
        if day and zone and start and end:
            if end <= start:
                self.add_error("end_time", _("The meeting must end after it starts."))
            else:
                data["starts_at"] = local_to_utc(day, start, zone)
                data["ends_at"] = local_to_utc(day, end, zone)
                if data.get("status") == MeetingStatus.HELD and data["starts_at"] > timezone.now():
                    self.add_error(
                        "status",
                        _("A meeting that has not started yet cannot be marked as held."),
                    )
        if (
            data.get("format") in (MeetingFormat.IN_PERSON, MeetingFormat.HYBRID)
            and not (data.get("venue") or "").strip()
        ):
            self.add_error("venue", _("Give the place of the meeting."))
        return data

    def service_fields(self):
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "time_zone": data["time_zone"],
            "format": data["format"],
            "venue": data["venue"],
            "online_url": data["online_url"],
            "title": data["title"],
            "summary": data["summary"],
            "language": data["language"],
            "organisations": list(data["organisations"]),
            "concerns_raised": data["concerns_raised"],
            "follow_ups": data["follow_ups"],
            "status": data["status"],
        }


class InvitationRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)
    message = forms.CharField(
        label=_("Message to the special coordinator (optional)"),
        required=False,
        max_length=2000,
        widget=_textarea(),
        help_text=_("What your organisation does in the country and why it wants to take part."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class InvitationAnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("invite", "invite"), ("decline", "decline")])
