import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .enums import ProposalKind, ProposalStatus, ProposalVisibility
from .models import Proposal
from .proposal_services import (
    ATTACHMENT_TYPES_TEXT,
    MAX_ATTACHMENTS,
    REASON_REQUIRED,
    RESPONSE_REQUIRED,
    check_attachments,
    refused_file_error,
)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by ``check_attachments``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".pdf,.docx,.odt,.xlsx,.png,.jpg,.jpeg"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        files, errors = [], []
        for item in items:
            if not item:
                continue
            try:
                files.append(super().clean(item, initial))
            except ValidationError as exc:
                errors.append(refused_file_error(item, " ".join(exc.messages), exc.code))
        try:
            checked = check_attachments([f for f in files if f])
        except ValidationError as exc:
            errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
        return checked


def _attachments_help():
    return _(
        "Up to %(count)s files: %(types)s, %(limit)s each at most. The type is checked from "
        "the file's content."
    ) % {
        "count": MAX_ATTACHMENTS,
        "types": ATTACHMENT_TYPES_TEXT,
        "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
    }


attachments_help = lazy(_attachments_help, str)


class ProposalForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(
        label=_("Kind of proposal"), choices=ProposalKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("Title"), max_length=Proposal._meta.get_field("title").max_length
    )
    text = forms.CharField(
        label=_("Your proposal"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20000,
        help_text=_("What do you propose, why, and what should the committee do?"),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=[])
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=ProposalVisibility.choices,
        initial=ProposalVisibility.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_(
            "Committee only: the committee's coordinators, its civil-society representative, "
            "the technical secretariat and your organisation."
        ),
    )
    attachments = MultipleFileField(
        label=_("Attachments"), required=False, help_text=attachments_help()
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["language"].initial = (get_language() or "es").split("-")[0]
        self.fields["submission_key"].initial = uuid.uuid4()


class TransitionForm(forms.Form):
    """One status change of a proposal; which texts it needs depends on the status."""

    to_status = forms.ChoiceField(choices=ProposalStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown in the proposal's public timeline."),
    )
    response = forms.CharField(
        label=_("The committee's response"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Published with the proposal."),
    )
    reason = forms.CharField(
        label=_("Reason for closing"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Published with the proposal."),
    )

    def clean(self):
        data = super().clean()
        status = data.get("to_status")
        if status == ProposalStatus.RESPONDED and not (data.get("response") or "").strip():
            self.add_error("response", RESPONSE_REQUIRED)
        if status == ProposalStatus.CLOSED and not (data.get("reason") or "").strip():
            self.add_error("reason", REASON_REQUIRED)
        return data

    def visible_fields_for(self, status):
        """The text fields this status change shows."""
        names = ["note"]
        if status == ProposalStatus.RESPONDED:
            names = ["response", "note"]
        elif status == ProposalStatus.CLOSED:
            names = ["reason"]
        return [self[name] for name in names]
