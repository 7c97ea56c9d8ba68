"""A person's own data: download everything, or delete the account."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import personal_data
from .ratelimit import rate_limited


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"), widget=forms.PasswordInput, strip=False
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that my account and personal data will be erased.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext_lazy("The password is not correct."))
        return password


@login_required
def my_data(request):
    """Explain what the download contains and what deletion keeps."""
    sections, files = personal_data.collect(request.user)
    counts = {name: len(rows) for name, rows in sections.items()}
    return render(
        request,
        "portal/my_data.html",
        {"counts": counts, "file_count": len(files), "form": AccountDeleteForm(user=request.user)},
    )


@login_required
@rate_limited("data_export")
def my_data_download(request):
    """Everything the portal holds about the person, as a ZIP (JSON and files)."""
    body = personal_data.export_zip(request.user)
    response = HttpResponse(body, content_type="application/zip")
    name = f"declaration-portal-my-data-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def account_delete(request):
    """Erase the account after the password is confirmed."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        personal_data.account_erase(user=user)
        logout(request)
        messages.success(request, _("Your account was deleted and your personal data erased."))
        return redirect("home")
    sections, files = personal_data.collect(request.user)
    counts = {name: len(rows) for name, rows in sections.items()}
    return render(
        request,
        "portal/my_data.html",
        {"counts": counts, "file_count": len(files), "form": form},
        status=400 if request.method == "POST" else 200,
    )
