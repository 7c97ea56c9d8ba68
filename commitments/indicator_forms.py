"""Forms of the monitoring indicators: proposal, data point and review status."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.models import Country, Organisation, Pillar
from portal.selectors import civil_society_organisations

from .enums import (
    Direction,
    IndicatorKind,
    IndicatorStatus,
    PeriodKind,
    QualitativeRating,
    Reporter,
)


def _pillar_label(pillar):
    return f"{pillar.roman}. {pillar.name}"


class IndicatorProposalForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Proposed on behalf of"), queryset=Organisation.objects.none()
    )
    name = forms.CharField(label=_("Name of the indicator"), max_length=300)
    methodology = forms.CharField(
        label=_("Methodology"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("What is measured, how, from which sources, and how often."),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=settings.LANGUAGES)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=IndicatorKind.choices,
        widget=forms.RadioSelect,
        initial=IndicatorKind.QUANTITATIVE,
        help_text=_("Quantitative indicators take numbers; qualitative ones a rating from 1 to 5."),
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=60,
        required=False,
        help_text=_("For numbers only, e.g. persons, days, percent."),
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=Direction.choices,
        widget=forms.RadioSelect,
        initial=Direction.HIGHER_IS_BETTER,
        help_text=_("Whether a rising number means things are getting better or worse."),
    )
    pillars = forms.ModelMultipleChoiceField(
        label=_("Pillars"),
        queryset=Pillar.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = civil_society_organisations(user)
        self.fields["organisation"].queryset = organisations
        if user.is_staff:
            self.fields["organisation"].required = False
            self.fields["organisation"].empty_label = _("The technical secretariat")
        elif len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]
        self.fields["pillars"].label_from_instance = _pillar_label
        self.fields["language"].initial = get_language()


class DataPointForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    reported_by = forms.ChoiceField(label=_("Reported by"), choices=Reporter.choices)
    organisation = forms.ModelChoiceField(
        label=_("Reporting organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Required for civil-society values."),
    )
    period_kind = forms.ChoiceField(
        label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.YEAR
    )
    period_start = forms.DateField(
        label=_("A day in the period"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Any day of the year or quarter; it is stored as the period's first day."),
    )
    value = forms.DecimalField(
        label=_("Value"), max_digits=16, decimal_places=4, required=True, localize=True
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=QualitativeRating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text=_("What the figure or rating is based on, and anything that qualifies it."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        required=False,
        help_text=_("The document, database or survey the value comes from."),
    )

    def __init__(self, *args, indicator, user, reporters, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator.kind == IndicatorKind.QUALITATIVE:
            del self.fields["value"]
        else:
            del self.fields["rating"]
            if indicator.unit:
                self.fields["value"].help_text = _("In %(unit)s.") % {"unit": indicator.unit}
        self.fields["reported_by"].choices = [
            (value, label) for value, label in Reporter.choices if value in reporters
        ]
        if len(reporters) == 1:
            self.fields["reported_by"].initial = reporters[0]
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]
        self.fields["period_start"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("reported_by") == Reporter.CIVIL_SOCIETY and not data.get("organisation"):
            self.add_error("organisation", _("Say which organisation reports this value."))
        if data.get("reported_by") == Reporter.GOVERNMENT:
            data["organisation"] = None
        return data


class IndicatorStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Review status"), choices=IndicatorStatus.choices)
