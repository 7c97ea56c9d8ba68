"""Forms of the staff tools and of the flag a signed-in person sends."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import FlagReason
from .staff_services import NOTE_REQUIRED, VerificationDecision


class VerificationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=VerificationDecision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note to the organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to refuse (the reason) or to ask for information (what to send)."),
    )

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision in NOTE_REQUIRED and not (data.get("note") or "").strip():
            self.add_error("note", NOTE_REQUIRED[decision])
        return data


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"), choices=FlagReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the secretariat's moderators read this."),
    )


class ModerationAction:
    DISMISS = "dismiss"
    HIDE = "hide"
    UNHIDE = "unhide"
    CHOICES = [
        (DISMISS, pgettext_lazy("moderation", "Keep it (dismiss the flags)")),
        (HIDE, pgettext_lazy("moderation", "Hide it")),
        (UNHIDE, pgettext_lazy("moderation", "Show it again")),
    ]


class ModerationDecisionForm(forms.Form):
    action = forms.ChoiceField(choices=ModerationAction.CHOICES)
    reason = forms.CharField(
        label=_("Reason for hiding (shown in its place and sent to the author)"),
        required=False,
        max_length=500,
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == ModerationAction.HIDE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for hiding this content."))
        return data


class TranslationForm(forms.Form):
    """One input per translatable field, in the language being written."""

    def __init__(self, *args, rows, language, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            widget = (
                forms.Textarea(attrs={"rows": 6, "lang": language})
                if row["long"]
                else forms.TextInput(attrs={"lang": language})
            )
            self.fields[row["name"]] = forms.CharField(
                label=row["label"],
                required=False,
                max_length=row["max_length"],
                initial=row["current"],
                widget=widget,
                strip=True,
            )


class GlossaryTermForm(forms.Form):
    """A term and its definition in the six languages (the English term is required)."""

    slug = forms.SlugField(
        label=_("Short name for the address"),
        required=False,
        max_length=120,
        help_text=_("Letters, digits and hyphens. Leave empty to make it from the English term."),
    )

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["slug"]
        for code, name in settings.LANGUAGES:
            self.fields[f"term_{code}"] = forms.CharField(
                label=_("Term (%(language)s)") % {"language": name},
                required=code == "en",
                max_length=200,
                widget=forms.TextInput(attrs={"lang": code}),
            )
            self.fields[f"definition_{code}"] = forms.CharField(
                label=_("Definition (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
            )

    def values(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "slug"}
