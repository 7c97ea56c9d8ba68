import uuid

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation

from .enums import CsoRating, GovernmentStatus


class ProgressUpdateForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Reporting country"), queryset=None)
    status = forms.ChoiceField(
        label=_("Status after this update"), choices=GovernmentStatus.choices
    )
    percent_complete = forms.IntegerField(
        label=_("Percent complete"), min_value=0, max_value=100, required=False
    )
    text = forms.CharField(
        label=_("What has been done since the last update?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=8000,
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=settings.LANGUAGES)
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, countries, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        if countries.count() == 1:
            self.fields["country"].initial = countries.first()
        self.fields["status"].initial = commitment.status
        self.fields["percent_complete"].initial = commitment.percent_complete
        self.fields["language"].initial = get_language()
        self.fields["submission_key"].initial = uuid.uuid4()


class AssessmentForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects)
    rating = forms.ChoiceField(
        label=_("Rating"), choices=CsoRating.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your assessment"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=8000,
        help_text=_("What changed for people? Cite what your organisation has seen."),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=settings.LANGUAGES)
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        self.fields["language"].initial = get_language()
