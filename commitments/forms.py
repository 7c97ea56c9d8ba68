import uuid

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from portal.uploads import validate_document

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
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        validators=[validate_document],
        help_text=_(
            "PDF, Word, OpenDocument or image; 10 MB at most. Attach it when you publish, "
            "after the preview."
        ),
    )
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


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("How much this step counts towards the whole commitment."),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()


class ReportingRoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("deadline") and data["deadline"] < data["opens_on"]:
            self.add_error("deadline", _("The deadline must come after the opening date."))
        return data


class ConsultationForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=_("Opens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The consultation must close after it opens."))
        return data


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Myself"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                memberships__user=user, memberships__accepted=True
            )


class HideCommentForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=500)


class ConsultationResponseForm(forms.Form):
    response = forms.CharField(
        label=_("How the comments were used"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()


class ProgressUpdateEditForm(forms.Form):
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
