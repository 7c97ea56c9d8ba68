"""Forms of the application pages: choosing the organisation, answers, participants."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .call_services import ATTACHMENT_TYPES_TEXT, MAX_ATTACHMENTS
from .models import Participant

ANSWER_PREFIX = "question_"


class OrganisationChoiceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Apply on behalf of"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[organisation.pk for organisation in organisations]
        ).order_by("name")


def _attachment_help():
    return _(
        "Up to %(count)s files in all: %(types)s, %(limit)s each at most. The type is checked "
        "from the file's content."
    ) % {
        "count": MAX_ATTACHMENTS,
        "types": ATTACHMENT_TYPES_TEXT,
        "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
    }


attachment_help = lazy(_attachment_help, str)


class ApplicationForm(forms.Form):
    """The answers to the call's questions, the consent, and a new attachment.

    Answers are not required here: a draft may be saved half-written, and the
    service checks completeness when the application is submitted.
    """

    consent = forms.BooleanField(
        label=_("I have read the data policy and consent to it on behalf of my organisation."),
        required=False,
    )
    attachment_title = forms.CharField(
        label=_("Title of the attachment"), required=False, max_length=200
    )
    attachment_file = forms.FileField(
        label=_("Add an attachment"),
        required=False,
        help_text=attachment_help(),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.xlsx,.png,.jpg,.jpeg"}),
    )
    remove_attachments = forms.MultipleChoiceField(
        label=_("Remove attachments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, questions, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answer_fields = {}
        for question in self.questions:
            help_text = question.help_text
            if question.required:
                help_text = (
                    f"{help_text} · {_('Required to submit.')}"
                    if help_text
                    else _("Required to submit.")
                )
            answer_fields[f"{ANSWER_PREFIX}{question.pk}"] = forms.CharField(
                label=question.text,
                required=False,
                max_length=question.max_length,
                help_text=help_text,
                widget=forms.Textarea(attrs={"rows": 5, "maxlength": question.max_length}),
            )
        # Answers first, in the call's order.
        self.fields = {**answer_fields, **self.fields}
        self.fields["remove_attachments"].choices = [
            (str(attachment.pk), attachment.title) for attachment in attachments
        ]
        if not attachments:
            del self.fields["remove_attachments"]

    def answer_fields(self):
        return [self[name] for name in self.fields if name.startswith(ANSWER_PREFIX)]

    def answers(self):
        return {
            name[len(ANSWER_PREFIX) :]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(ANSWER_PREFIX)
        }

    @staticmethod
    def initial_for(application):
        return {
            **{
                f"{ANSWER_PREFIX}{key}": value for key, value in (application.answers or {}).items()
            },
            "consent": application.consent_given_at is not None,
        }


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["full_name", "position", "email", "consent_listed"]


class BaseParticipantFormSet(forms.BaseFormSet):
    def people(self):
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


def participant_formset(call, *, data=None, initial=None):
    """Up to ``seats_per_organisation`` participant rows; blank rows are ignored."""
    seats = call.seats_per_organisation
    initial = initial or []
    FormSet = forms.formset_factory(
        ParticipantForm,
        formset=BaseParticipantFormSet,
        extra=max(seats - len(initial), 0),
        max_num=seats,
        validate_max=True,
        absolute_max=seats,
        can_delete=True,
        can_delete_extra=False,
    )
    return FormSet(data=data, initial=initial, prefix="participants")
