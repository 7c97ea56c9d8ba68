from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation, User
from portal.selectors import civil_society_organisations


class RepresentativeForm(forms.Form):
    """Staff designate a committee's CSO representative.

    The organisation choices are the person's verified civil-society organisations,
    so they appear once the email is submitted; with a single one it is chosen.
    """

    email = forms.EmailField(
        label=_("Email address of the person"),
        help_text=_(
            "They need an account and membership of a verified civil-society organisation."
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation they represent"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Their verified organisations are listed once the email is submitted."),
    )
    term_start = forms.DateField(
        label=_("Term starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    term_end = forms.DateField(
        label=_("Term ends on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a term without a set end."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term_start"].initial = timezone.localdate()
        self.person = None
        email = (self.data.get("email") or "").strip() if self.is_bound else ""
        if email:
            self.person = User.objects.filter(email__iexact=email, is_active=True).first()
        if self.person is not None:
            self.fields["organisation"].queryset = civil_society_organisations(self.person)

    def clean_email(self):
        email = self.cleaned_data["email"]
        if self.person is None:
            raise ValidationError(_("No account uses this email address."))
        if not self.fields["organisation"].queryset.exists():
            raise ValidationError(
                _("This person is not a member of a verified civil-society organisation.")
            )
        return email

    def clean(self):
        data = super().clean()
        if self.person is not None and "email" not in self.errors and not data.get("organisation"):
            options = list(self.fields["organisation"].queryset[:2])
            if len(options) == 1:
                data["organisation"] = options[0]
            else:
                self.add_error(
                    "organisation", _("Choose which of their organisations they represent.")
                )
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return data
