"""What the portal holds about a person: a full download, and erasure on request.

The export walks every model with a link to the user, so new models are covered
without being listed here. Erasure removes personal fields and private files but
keeps contributions (assessments, proposals, notes…), which stay attributed to the
organisation, with the person shown as a former member.
"""

import io
import json
import zipfile

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

# Apps whose data are exported (third-party tables with secrets are handled below).
OWN_APPS = ("portal", "commitments", "committees", "meetings", "secretariat")
# Never exported, even to the person themself.
SECRET_FIELDS = {"password", "submission_key", "secret", "data"}
# Uploads that only their uploader and a closed group could see: deleted on erasure.
# model label → (lookup from the file row to the user, extra filter or None)
PRIVATE_UPLOADS = {
    "committees.ProposalAttachment": ("proposal__author", ~Q(proposal__visibility="public")),
    "meetings.ApplicationAttachment": ("uploaded_by", None),
}


# Rows linked to the person through another row (e.g. a proposal's attachments).
INDIRECT_LINKS = {
    "committees.ProposalAttachment": "proposal__author",
}


def _user_links(model):
    """Names of the model's foreign keys and many-to-many fields to the user model."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, (models.ForeignKey, models.OneToOneField, models.ManyToManyField))
        and field.related_model is user_model
        and not field.auto_created
    ]


def _row(obj):
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        data[field.attname] = value
    return data


def _own_models():
    for app_label in OWN_APPS:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models():
            # History tables repeat the live rows; the live rows are what the person has.
            if model.__name__.startswith("Historical"):
                continue
            yield model


def collect(user):
    """Everything linked to ``user``: ``({section: [rows]}, [file fields])``."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    sections = {
        "account": [_row(user)],
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "two_factor_methods": [
            {"type": a.type, "created_at": a.created_at}
            for a in Authenticator.objects.filter(user=user)
        ],
    }
    files = []
    for model in _own_models():
        links = _user_links(model)
        if model is type(user) or not links:
            continue
        condition = Q()
        for name in links:
            condition |= Q(**{name: user})
        rows = list(model.objects.filter(condition).distinct())
        if not rows:
            continue
        sections[model._meta.label] = [_row(obj) for obj in rows]
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for obj in rows:
            files.extend(getattr(obj, f.name) for f in file_fields if getattr(obj, f.name))
    for label, lookup in INDIRECT_LINKS.items():
        model = apps.get_model(label)
        rows = list(model.objects.filter(**{lookup: user}))
        if rows:
            sections[label] = [_row(obj) for obj in rows]
            files.extend(obj.file for obj in rows if obj.file)
    participant = _participant_model()
    if participant is not None and user.email:
        rows = list(participant.objects.filter(email__iexact=user.email))
        if rows:
            sections[participant._meta.label] = [_row(obj) for obj in rows]
    return sections, files


def _participant_model():
    try:
        return apps.get_model("meetings", "Participant")
    except LookupError:
        return None


def export_zip(user):
    """A ZIP archive: ``data.json`` and the files linked to the person's rows."""
    sections, files = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(
                {"exported_at": timezone.now(), "data": sections},
                cls=DjangoJSONEncoder,
                indent=2,
                ensure_ascii=False,
            ),
        )
        for number, field_file in enumerate(files, start=1):
            try:
                with field_file.open("rb") as handle:
                    archive.writestr(
                        f"files/{number}-{field_file.name.rsplit('/', 1)[-1]}", handle.read()
                    )
            except FileNotFoundError:
                continue
    return buffer.getvalue()


@transaction.atomic
def account_erase(*, user):
    """Erase a person's personal data and close the account; contributions stay.

    Returns the number of private files deleted.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from .models import CountryCoordinator, Membership, Notification

    deleted_files = 0
    for label, (lookup, extra) in PRIVATE_UPLOADS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        rows = model.objects.filter(**{lookup: user})
        if extra is not None:
            rows = rows.filter(extra)
        for row in rows:
            row.file.delete(save=False)
            row.delete()
            deleted_files += 1
    participant = _participant_model()
    if participant is not None and user.email:
        participant.objects.filter(email__iexact=user.email).update(
            full_name="", email=f"deleted-{user.pk}@deleted.invalid", consent_listed=False
        )
    apps.get_model("secretariat", "ContactMessage").objects.filter(sender=user).delete()
    Notification.objects.filter(recipient=user).delete()
    Membership.objects.filter(user=user).delete()
    CountryCoordinator.objects.filter(user=user).update(active=False)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.full_name = ""
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    # A new password hash also ends every session of the account (session hash check).
    user.set_unusable_password()
    user.save()
    return deleted_files
