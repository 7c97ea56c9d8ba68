import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.models import Country, RegionalMechanism
from portal.translation_utils import translated

from .enums import DisseminationChannel
from .models import ContactMessage, DisseminationRecord, GoodPractice
from .national_services import FIRST_YEAR, check_years

LANGUAGE_CODE_RE = re.compile(r"^[a-z]{2,3}$")
MAX_OTHER_LANGUAGES = 10


class ContactForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=ContactMessage._meta.get_field("subject").max_length
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "The special coordinator receives it by email with your name, your organisations "
            "and your email address, so they can answer you directly."
        ),
    )


class DateInput(forms.DateInput):
    input_type = "date"


class DisseminationForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    channel = forms.ChoiceField(
        label=_("How the commitments were shared"),
        choices=DisseminationChannel.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"), max_length=DisseminationRecord._meta.get_field("title").max_length
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was shared, with whom and what came out of it."),
    )
    audience = forms.CharField(
        label=_("Audience"),
        required=False,
        max_length=DisseminationRecord._meta.get_field("audience").max_length,
        help_text=_("For example: local civil-society organisations, municipal officials."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages used"),
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    other_languages = forms.CharField(
        label=_("Other languages used"),
        required=False,
        max_length=100,
        help_text=_(
            "ISO codes separated by commas, for example: ay, gn, quc (Aymara, Guarani, K'iche')."
        ),
    )
    link = forms.URLField(
        label=_("Link"),
        assume_scheme="https",
        required=False,
        max_length=200,
        help_text=_("A page, document or recording about it, if there is one."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = settings.LANGUAGES

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError(_("Record dissemination that has already taken place."))
        return held_on

    def clean_other_languages(self):
        raw = self.cleaned_data["other_languages"]
        codes = [c.strip().lower() for c in re.split(r"[,;\s]+", raw) if c.strip()]
        bad = [c for c in codes if not LANGUAGE_CODE_RE.match(c)]
        if bad:
            raise ValidationError(
                _("These are not ISO language codes (two or three letters): %(codes)s")
                % {"codes": ", ".join(bad)}
            )
        if len(codes) > MAX_OTHER_LANGUAGES:
            raise ValidationError(
                _("List at most %(count)s other languages.") % {"count": MAX_OTHER_LANGUAGES}
            )
        return codes

    def all_languages(self):
        data = self.cleaned_data
        return list(dict.fromkeys([*data.get("languages", []), *data.get("other_languages", [])]))


class ParticipationForm(forms.Form):
    mechanism = forms.ModelChoiceField(
        label=_("Regional mechanism"), queryset=RegionalMechanism.objects.order_by("name")
    )
    from_year = forms.IntegerField(label=_("From (year)"), min_value=FIRST_YEAR)
    to_year = forms.IntegerField(
        label=_("To (year)"),
        required=False,
        min_value=FIRST_YEAR,
        help_text=_("Leave empty if you still take part."),
    )
    role = forms.CharField(
        label=_("Your organisation's role"),
        required=False,
        max_length=200,
        help_text=_("For example: observer, member of the civil-society platform, host."),
    )
    listed = forms.BooleanField(
        label=_("List us on the mechanism's page"),
        required=False,
        help_text=_("Your organisation then appears on the mechanism's public page."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        # The upper bound moves with the calendar; check_years enforces it.
        self.fields["from_year"].widget.attrs.update({"min": FIRST_YEAR, "max": year})
        self.fields["to_year"].widget.attrs.update({"min": FIRST_YEAR, "max": year})

    def clean(self):
        data = super().clean()
        if "from_year" not in data or "to_year" not in data:
            return data
        try:
            check_years(data.get("from_year"), data.get("to_year"))
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field, errors)
        return data


class CommitmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return translated(obj, "title").text


class GoodPracticeForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language you write in"),
        choices=[],
        help_text=_("The secretariat has the practice translated into the other languages."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=GoodPractice._meta.get_field("title").max_length
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what is done, for whom, with what result."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("How it works, who takes part, what it costs, what others can learn."),
    )
    # Chosen in a first step (it decides which commitments are offered).
    country = forms.ModelChoiceField(
        queryset=Country.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.HiddenInput,
    )
    mechanism = forms.ModelChoiceField(
        label=_("Regional mechanism of origin"),
        queryset=RegionalMechanism.objects.order_by("name"),
        required=False,
        empty_label=_("None"),
    )
    commitments = CommitmentChoiceField(
        label=_("Related commitments"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.ModelChoiceField(
        label=_("Submitted for"), queryset=None, required=True, empty_label=None
    )

    def __init__(self, *args, organisations, commitments, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["language"].initial = (get_language() or "es").split("-")[0]
        self.fields["commitments"].queryset = commitments
        self.has_commitments = commitments.exists()
        if not self.has_commitments:
            # Nothing to choose: the page says how to get commitments offered instead.
            del self.fields["commitments"]
        organisation = self.fields["organisation"]
        organisation.queryset = organisations
        if staff:
            organisation.required = False
            organisation.empty_label = _("The technical secretariat")


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("publish", _("Publish it")),
            ("return", _("Return it to the submitter for changes")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the submitter"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you return it: say what should change."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say what should change before it can be published."))
        return data
