"""Writes of the secretariat's staff tools: verification decisions, flags and
moderation, translations and the glossary.

Each function runs in one transaction, checks the acting user's permission,
records the change (audit log, and model history where the model keeps it) and
queues its notifications, which go out once the transaction commits.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import audit
from portal.enums import MembershipRole, VerificationStatus
from portal.models import AuditEvent, Organisation, User
from portal.rules import require_perm
from portal.services import notify, organisation_verify

from . import moderation
from .enums import FlagReason, FlagStatus
from .models import Flag, GlossaryTerm

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class VerificationDecision(models.TextChoices):
    APPROVE = "approve", gettext_lazy("Verify the organisation")
    REJECT = "reject", gettext_lazy("Do not verify (give the reason)")
    REQUEST_INFO = "request_info", gettext_lazy("Ask the organisation for information")


NOTE_REQUIRED = {
    VerificationDecision.REJECT: gettext_lazy("Give the reason: the organisation will read it."),
    VerificationDecision.REQUEST_INFO: gettext_lazy(
        "Write what the organisation should send or explain."
    ),
}


def _history(obj, *, by, reason):
    """Attribute the history record the next save writes (for models with history)."""
    obj._history_user = by
    obj._change_reason = str(reason)[:100]


def _times_recorded(action, target):
    """How many times ``action`` was recorded on ``target`` (a counter for notifications)."""
    return AuditEvent.objects.filter(
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
    ).count()


def organisation_admins(organisation_id):
    return User.objects.filter(
        memberships__organisation_id=organisation_id,
        memberships__accepted=True,
        memberships__role=MembershipRole.ADMIN,
        is_active=True,
    ).order_by("pk")


# --- Verification -----------------------------------------------------------------------


@transaction.atomic
def organisation_verification_decide(*, organisation, by, decision, note=""):
    """Approve, refuse (with a reason) or ask for information about an organisation.

    Approval is ``portal.services.organisation_verify``; refusal and a request for
    information leave the organisation unverified with a note its administrators
    read on its page and receive by email, in their own language. Every decision
    is kept in the organisation's history and the audit log.
    """
    require_perm(by, "portal.verify_organisation", organisation)
    note = (note or "").strip()
    if decision not in VerificationDecision.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    if decision in NOTE_REQUIRED and not note:
        raise ValidationError({"note": str(NOTE_REQUIRED[decision])})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)

    if decision == VerificationDecision.APPROVE:
        _history(organisation, by=by, reason="verification: approved")
        organisation_verify(organisation=organisation, by=by, verified=True)
        if organisation.verification_note != note:
            # A note left by an earlier refusal or request no longer applies.
            organisation.verification_note = note
            _history(organisation, by=by, reason="verification: note")
            organisation.save(update_fields=["verification_note"])
        return organisation

    status = (
        VerificationStatus.REJECTED
        if decision == VerificationDecision.REJECT
        else VerificationStatus.INFO_REQUESTED
    )
    fields = ["verified", "verification_status", "verification_note"]
    before = audit.snapshot(organisation, fields)
    organisation.verified = False
    organisation.verified_by = None
    organisation.verified_at = None
    organisation.verification_status = status
    organisation.verification_note = note
    _history(organisation, by=by, reason=f"verification: {decision}")
    organisation.save(update_fields=[*fields, "verified_by", "verified_at"])
    action = (
        "organisation.verification_rejected"
        if decision == VerificationDecision.REJECT
        else "organisation.verification_info_requested"
    )
    audit.record(
        action=action,
        by=by,
        target=organisation,
        before=before,
        after=audit.snapshot(organisation, fields),
        note=note,
    )
    # One notification per decision: a second request is a new message.
    count = _times_recorded(action, organisation)
    template = (
        "verification_rejected"
        if decision == VerificationDecision.REJECT
        else "verification_info_requested"
    )
    for admin in organisation_admins(organisation.pk):
        notify(
            recipient=admin,
            reason=f"{template}:{count}",
            target=organisation,
            template=template,
            context={"organisation": organisation, "note": note},
            url_name="organisation_detail",
            url_args=[organisation.slug],
        )
    return organisation


# --- Flags and moderation ---------------------------------------------------------------


def _content_type(target):
    return ContentType.objects.get_for_model(target)


def content_flag(*, target, by, reason, note=""):
    """Report ``target`` to the moderators; returns (flag, created).

    One open flag per person and object: flagging again (or a double submit)
    returns the existing flag.
    """
    require_perm(by, "secretariat.flag_content", target)
    if reason not in FlagReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if not moderation.is_flaggable(target):
        raise ValidationError(_("This content cannot be reported."))
    key = {
        "content_type": _content_type(target),
        "object_id": str(target.pk),
        "flagged_by": by,
        "status": FlagStatus.OPEN,
    }
    existing = Flag.objects.filter(**key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            flag = Flag.objects.create(**key, reason=reason, note=(note or "").strip())
    except IntegrityError:
        return Flag.objects.get(**key), False
    return flag, True


def _open_flags(target):
    return Flag.objects.filter(
        content_type=_content_type(target), object_id=str(target.pk), status=FlagStatus.OPEN
    )


def _resolve_flags(target, *, by, status, note):
    return _open_flags(target).update(
        status=status, resolved_by=by, resolved_at=timezone.now(), resolution_note=note
    )


def _require_kind(target):
    kind = moderation.kind_of(target)
    if kind is None:
        raise ValidationError(_("This content cannot be moderated."))
    return kind


@transaction.atomic
def moderation_dismiss(*, target, by, note=""):
    """Keep the content as it is: every open flag on it is dismissed."""
    require_perm(by, "secretariat.moderate", target)
    _require_kind(target)
    count = _resolve_flags(target, by=by, status=FlagStatus.DISMISSED, note=(note or "").strip())
    audit.record(action="moderation.dismiss", by=by, target=target, after={"flags": count})
    return count


@transaction.atomic
def moderation_hide(*, target, by, reason):
    """Hide the content from every public page, with a reason; the author's side is told.

    The open flags on it are marked "content hidden". The administrators of the
    organisation it was written for (or, without one, its author) are notified.
    """
    require_perm(by, "secretariat.moderate", target)
    kind = _require_kind(target)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for hiding this content.")})
    target = type(target).objects.select_for_update().get(pk=target.pk)
    if target.hidden:
        _resolve_flags(target, by=by, status=FlagStatus.HIDDEN, note=reason)
        return target
    _history(target, by=by, reason="moderation: hidden")
    moderation.set_hidden(target, by=by, reason=reason[:500])
    _resolve_flags(target, by=by, status=FlagStatus.HIDDEN, note=reason)
    audit.record(action="moderation.hide", by=by, target=target, note=reason)
    count = _times_recorded("moderation.hide", target)
    organisation_id = kind.organisation_id(target)
    if organisation_id:
        recipients = list(organisation_admins(organisation_id))
    else:
        author_id = kind.author_id(target)
        recipients = list(User.objects.filter(pk=author_id, is_active=True)) if author_id else []
    for recipient in recipients:
        notify(
            recipient=recipient,
            reason=f"moderation_hidden:{count}",
            target=target,
            template="moderation_hidden",
            context={
                "kind_label": kind.label,
                "excerpt": kind.excerpt(target),
                "reason": reason,
            },
        )
    return target


@transaction.atomic
def moderation_unhide(*, target, by, note=""):
    """Show hidden content again (a moderation mistake, or after an edit)."""
    require_perm(by, "secretariat.moderate", target)
    _require_kind(target)
    target = type(target).objects.select_for_update().get(pk=target.pk)
    if not target.hidden:
        return target
    before = {"hidden_reason": target.hidden_reason}
    _history(target, by=by, reason="moderation: shown again")
    moderation.set_visible(target)
    audit.record(action="moderation.unhide", by=by, target=target, before=before, note=note or "")
    return target


# --- Translations -----------------------------------------------------------------------


@transaction.atomic
def translation_fill(*, obj, by, language, values):
    """Write the ``language`` version of translatable fields of ``obj``; nothing else.

    ``values`` maps field names (without language suffix) to text. Fields that
    are not translatable for the model are refused.
    """
    from . import translation_board

    require_perm(by, "secretariat.manage_translations", obj)
    if language not in LANGUAGE_CODES:
        raise ValidationError(_("Unknown language."))
    fields = translation_board.translatable_fields(type(obj))
    unknown = set(values) - set(fields)
    if unknown:
        raise ValidationError(
            _("These fields cannot be translated here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    changed = {}
    for name, text in values.items():
        column = f"{name}_{language}"
        text = (text or "").strip()
        if (getattr(obj, column) or "") != text:
            changed[column] = text
            setattr(obj, column, text)
    if not changed:
        return obj
    _history(obj, by=by, reason=f"translation: {language}")
    obj.save(update_fields=list(changed))
    audit.record(
        action="translation.fill",
        by=by,
        target=obj,
        after={"language": language, "fields": sorted(changed)},
    )
    return obj


# --- Glossary ---------------------------------------------------------------------------


def glossary_slug(text):
    return slugify(text)[:120]


@transaction.atomic
def glossary_term_save(*, by, values, term=None, slug=""):
    """Create or update a glossary term from ``values`` (``term_xx``/``definition_xx``).

    A new term needs its English wording; its slug comes from it unless given.
    """
    require_perm(by, "secretariat.manage_glossary", term)
    allowed = {f"{name}_{code}" for name in ("term", "definition") for code in LANGUAGE_CODES}
    unknown = set(values) - allowed
    if unknown:
        fields = ", ".join(sorted(unknown))
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": fields})
    if term is None:
        english = (values.get("term_en") or "").strip()
        if not english:
            raise ValidationError({"term_en": _("Write the term in English.")})
        slug = glossary_slug(slug or english)
        if not slug or slug == "new":
            raise ValidationError({"slug": _("Choose another short name for the address.")})
        if GlossaryTerm.objects.filter(slug=slug).exists():
            raise ValidationError({"slug": _("A term with this address already exists.")})
        term = GlossaryTerm(slug=slug)
    else:
        term = GlossaryTerm.objects.select_for_update().get(pk=term.pk)
        if not ((values.get("term_en", term.term_en) or "").strip()):
            raise ValidationError({"term_en": _("Write the term in English.")})
    for name, text in values.items():
        setattr(term, name, (text or "").strip())
    term.updated_by = by
    _history(term, by=by, reason="glossary")
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError as exc:
        raise ValidationError({"slug": _("A term with this address already exists.")}) from exc
    return term
