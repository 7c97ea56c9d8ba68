"""Writes of the shared core: organisations, memberships, notifications."""

import logging
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import audit
from .enums import MembershipRole, VerificationStatus
from .models import Membership, Notification, Organisation, User
from .rules import require_perm

logger = logging.getLogger(__name__)


# --- Notifications -------------------------------------------------------------


def notify(*, recipient, reason, target, template, context=None, url_name=None, url_args=()):
    """Notify one person, once, for one reason about one object.

    The subject and body are rendered now, in the recipient's preferred language,
    from ``templates/emails/<template>_subject.txt`` and ``<template>.txt``, and the
    email is queued for delivery after the surrounding transaction commits. Calling
    it again with the same recipient, reason and target does nothing and returns
    the existing notification.
    """
    content_type = ContentType.objects.get_for_model(target)
    key = {
        "recipient": recipient,
        "reason": reason,
        "content_type": content_type,
        "object_id": str(target.pk),
    }
    existing = Notification.objects.filter(**key).first()
    if existing:
        existing.just_created = False
        return existing
    language = recipient.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        url = reverse(url_name, args=url_args) if url_name else ""
        ctx = {
            "recipient": recipient,
            "target": target,
            "url": f"{settings.PORTAL_BASE_URL}{url}" if url else "",
            "portal_base_url": settings.PORTAL_BASE_URL,
            **(context or {}),
        }
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", ctx).split())
        body = render_to_string(f"emails/{template}.txt", ctx)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                **key, language=language, subject=subject[:255], body=body, url=url
            )
    except IntegrityError:
        # A concurrent call claimed the same (recipient, reason, object).
        existing = Notification.objects.get(**key)
        existing.just_created = False
        return existing
    notification.just_created = True

    from .tasks import task_deliver_notification

    transaction.on_commit(lambda: _enqueue(task_deliver_notification, notification.pk))
    return notification


# After a failed publish the broker is left alone for this long. Each failed publish
# waits on connection retries (and, for a Redis that hangs, on the socket timeouts), so
# a request that notifies many people pays for one failure, not one per person.
BROKER_RETRY_AFTER = 30  # seconds
broker_unreachable_until = 0.0  # time.monotonic(); publishing is skipped until then


def _enqueue(task, *args):
    # With the broker down the row stays unsent; the periodic sweep delivers it later.
    global broker_unreachable_until
    eager = task.app.conf.task_always_eager
    if not eager and time.monotonic() < broker_unreachable_until:
        logger.warning("Broker unreachable; %s is left to the periodic sweep.", task.name)
        return
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 (any broker failure must not break the request)
        if not eager:
            broker_unreachable_until = time.monotonic() + BROKER_RETRY_AFTER
        logger.warning("Could not queue %s; the periodic sweep will retry.", task.name)


def notification_deliver(*, notification_id):
    """Send one notification's email at most once.

    The row is claimed (``sent_at`` set) in its own transaction before the email
    goes out, so a retried or duplicated task finds it claimed and sends nothing.
    If sending fails the claim is released and the error re-raised for a retry.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        notification.sent_at = timezone.now()
        notification.attempts += 1
        notification.save(update_fields=["sent_at", "attempts"])
    try:
        from django.core.mail import send_mail

        send_mail(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.subject}",
            message=notification.body,
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except Exception as exc:
        Notification.objects.filter(pk=notification.pk).update(
            sent_at=None, last_error=str(exc)[:2000]
        )
        raise
    return True


# --- Organisations -------------------------------------------------------------


def _unique_slug(name):
    base = slugify(name)[:200] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_create(*, by, countries=(), **fields):
    """Create an unverified organisation with its creator as administrator."""
    organisation = Organisation(created_by=by, slug=_unique_slug(fields["name"]), **fields)
    organisation.full_clean()
    organisation.save()
    organisation.countries.set(countries)
    Membership.objects.create(
        user=by,
        organisation=organisation,
        role=MembershipRole.ADMIN,
        accepted=True,
        accepted_by=by,
        accepted_at=timezone.now(),
    )
    return organisation


@transaction.atomic
def membership_request(*, organisation, by):
    """Ask to join an organisation; asking twice keeps one request.

    The organisation's administrators are notified.
    """
    membership, created = Membership.objects.get_or_create(
        user=by, organisation=organisation, defaults={"role": MembershipRole.MEMBER}
    )
    if created:
        admins = User.objects.filter(
            memberships__organisation=organisation,
            memberships__accepted=True,
            memberships__role=MembershipRole.ADMIN,
        )
        for admin in admins:
            notify(
                recipient=admin,
                reason="membership_requested",
                target=membership,
                template="membership_requested",
                context={"organisation": organisation, "requester": by},
                url_name="organisation_detail",
                url_args=[organisation.slug],
            )
    return membership


@transaction.atomic
def membership_accept(*, membership, by, role=MembershipRole.MEMBER):
    """Accept a pending request; only the organisation's admins or staff may."""
    require_perm(by, "portal.manage_members", membership.organisation)
    if membership.accepted:
        return membership
    membership.accepted = True
    membership.role = role
    membership.accepted_by = by
    membership.accepted_at = timezone.now()
    membership.save()
    audit.record(
        action="membership.accept",
        by=by,
        target=membership,
        after={"user": membership.user_id, "role": role},
    )
    notify(
        recipient=membership.user,
        reason="membership_accepted",
        target=membership,
        template="membership_accepted",
        context={"organisation": membership.organisation},
        url_name="organisation_detail",
        url_args=[membership.organisation.slug],
    )
    return membership


@transaction.atomic
def membership_decline(*, membership, by):
    """Decline a pending request (the row goes; the person may ask again)."""
    require_perm(by, "portal.manage_members", membership.organisation)
    if membership.accepted:
        raise ValidationError(_("This person is already a member."))
    membership.delete()


@transaction.atomic
def membership_set_role(*, membership, by, role):
    """Change an accepted member's role, keeping at least one administrator."""
    require_perm(by, "portal.manage_members", membership.organisation)
    if membership.role == MembershipRole.ADMIN and role != MembershipRole.ADMIN:
        other_admins = membership.organisation.memberships.filter(
            accepted=True, role=MembershipRole.ADMIN
        ).exclude(pk=membership.pk)
        if not other_admins.exists():
            raise ValidationError(_("An organisation needs at least one administrator."))
    before = {"role": membership.role}
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        action="membership.role", by=by, target=membership, before=before, after={"role": role}
    )
    return membership


@transaction.atomic
def organisation_verify(*, organisation, by, verified=True):
    """Mark an organisation verified (or not) by secretariat staff; admins are told."""
    require_perm(by, "portal.verify_organisation", organisation)
    fields = ["verified", "verification_status"]
    before = audit.snapshot(organisation, fields)
    organisation.verified = verified
    organisation.verified_by = by if verified else None
    organisation.verified_at = timezone.now() if verified else None
    organisation.verification_status = (
        VerificationStatus.VERIFIED if verified else VerificationStatus.PENDING
    )
    organisation.save(
        update_fields=["verified", "verified_by", "verified_at", "verification_status"]
    )
    audit.record(
        action="organisation.verify" if verified else "organisation.unverify",
        by=by,
        target=organisation,
        before=before,
        after=audit.snapshot(organisation, fields),
    )
    if verified:
        for membership in organisation.memberships.filter(
            accepted=True, role=MembershipRole.ADMIN
        ).select_related("user"):
            notify(
                recipient=membership.user,
                reason="organisation_verified",
                target=organisation,
                template="organisation_verified",
                context={"organisation": organisation},
                url_name="organisation_detail",
                url_args=[organisation.slug],
            )
    return organisation
