from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .enums import Focus, Leadership, Level, OrganisationKind
from .models import Country, Organisation, User


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to email and password."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("Emails from the portal are written in this language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language()

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"].strip()
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["full_name", "preferred_language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]


class OrganisationForm(forms.ModelForm):
    """Create or edit an organisation; the description is written in one language."""

    focus = forms.MultipleChoiceField(
        label=_("Focus"),
        choices=Focus.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    leadership = forms.MultipleChoiceField(
        label=_("Self-declared leadership"),
        choices=Leadership.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick every description your organisation uses for itself."),
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries of operation"),
        queryset=Country.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=5000,
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "kind",
            "level",
            "website",
            "original_language",
            "description",
            "countries",
            "focus",
            "leadership",
        ]
        labels = {"original_language": _("Language of the description")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "---------")] + [
            c for c in OrganisationKind.choices if c[0] != OrganisationKind.SECRETARIAT
        ]
        self.fields["level"].choices = [("", "---------"), *Level.choices]
        if not self.instance.pk:
            self.fields["original_language"].initial = get_language()
        else:
            lang = self.instance.original_language
            self.initial["description"] = getattr(self.instance, f"description_{lang}", "") or ""

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Organisation.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("An organisation with this name already exists."))
        return name


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )
    leadership = forms.ChoiceField(
        label=_("Leadership"),
        required=False,
        choices=[("", _("Any leadership")), *Leadership.choices],
    )
    verified = forms.ChoiceField(
        label=_("Verification"),
        required=False,
        choices=[("", _("All")), ("yes", _("Verified")), ("no", _("Not yet verified"))],
    )

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries"))] + [
            (c.code, c.name) for c in countries
        ]


def add_service_errors(form, exc):
    """Attach a service's ``ValidationError`` to the form fields it names, if any."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
