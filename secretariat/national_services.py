"""Writes of national coordination, regional mechanisms and good practices.

Each service checks the acting user's permission, runs in one transaction and queues
its emails with ``portal.services.notify`` (sent after commit, in the recipient's
language). A repeated submission of the same form finds the record it created.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal import audit
from portal.models import Country, MechanismParticipation, Notification, User
from portal.rules import is_verified_email, require_perm
from portal.selectors import civil_society_organisations
from portal.services import notify
from portal.translation_utils import set_translated

from .enums import GoodPracticeStatus
from .models import ContactMessage, DisseminationRecord, GoodPractice
from .rules import is_good_practice_submitter

# A message identical to one sent this recently is taken as a double submit.
CONTACT_REPEAT_WINDOW = timedelta(minutes=10)
FIRST_YEAR = 1980
# Slugs the good-practice URLs use for pages of their own.
RESERVED_SLUGS = {"new"}


def _staff():
    return User.objects.filter(is_staff=True, is_active=True, deleted_at__isnull=True).order_by(
        "pk"
    )


def _round_reason(base, *, recipient, target):
    """``base`` the first time, then ``base:2``, ``base:3``…: one email per round.

    A notification is sent once per (recipient, reason, object); a practice returned
    or resubmitted again must still reach people, so later rounds get their own reason.
    """
    from django.contrib.contenttypes.models import ContentType

    sent = Notification.objects.filter(
        recipient=recipient,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        reason__regex=rf"^{base}(:[0-9]+)?$",
    ).count()
    return base if sent == 0 else f"{base}:{sent + 1}"


# --- Contacting a special coordinator ----------------------------------------------------


def sender_organisations(user):
    """Names of the organisations ``user`` is an accepted member of."""
    return list(
        user.memberships.filter(accepted=True)
        .order_by("organisation__name")
        .values_list("organisation__name", flat=True)
    )


@transaction.atomic
def coordinator_contact_send(*, coordinator, by, subject, body):
    """Send ``by``'s message to a special coordinator by email, keeping a copy.

    The coordinator receives the sender's name, organisations and email address to
    reply to; the sender never learns the coordinator's address. The same message
    sent again within a few minutes is not sent twice.
    """
    require_perm(by, "secretariat.contact_coordinator", coordinator)
    # The coordinator answers at the sender's address: it must be confirmed.
    if not is_verified_email(by) or not (coordinator.active and coordinator.is_special_coordinator):
        raise PermissionDenied
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError(_("Write a subject and a message."))
    previous = ContactMessage.objects.filter(
        coordinator=coordinator,
        sender=by,
        subject=subject,
        body=body,
        created_at__gte=timezone.now() - CONTACT_REPEAT_WINDOW,
    ).first()
    if previous is not None:
        previous.just_created = False
        return previous
    message = ContactMessage.objects.create(
        coordinator=coordinator, sender=by, subject=subject, body=body
    )
    message.just_created = True
    notify(
        recipient=coordinator.user,
        reason=f"contact_message:{message.pk}",
        target=message,
        template="coordinator_contact",
        context={
            "message": message,
            "country": coordinator.country,
            "sender_name": by.full_name.strip() or by.email,
            "sender_email": by.email,
            "sender_organisations": sender_organisations(by),
        },
    )
    return message


# --- National dissemination ---------------------------------------------------------------


@transaction.atomic
def dissemination_record(
    *,
    country,
    by,
    held_on,
    channel,
    title,
    description="",
    audience="",
    languages=(),
    link="",
):
    """Record how ``country`` shared the commitments nationally; returns (record, created).

    The same country, date and title submitted again returns the first record.
    """
    require_perm(by, "secretariat.record_dissemination", country)
    # Serialises recordings for one country so a double submit cannot create two rows.
    Country.objects.select_for_update().filter(pk=country.pk).first()
    title = title.strip()
    existing = DisseminationRecord.objects.filter(
        country=country, held_on=held_on, title=title
    ).first()
    if existing is not None:
        return existing, False
    record = DisseminationRecord(
        country=country,
        held_on=held_on,
        channel=channel,
        title=title,
        description=description.strip(),
        audience=audience.strip(),
        languages=list(dict.fromkeys(languages)),
        link=link,
        created_by=by,
    )
    record.full_clean()
    record.save()
    return record, True


# --- Participation in regional mechanisms ------------------------------------------------


def check_years(from_year, to_year, *, today=None):
    this_year = (today or timezone.localdate()).year
    errors = {}
    if from_year is None or not (FIRST_YEAR <= from_year <= this_year):
        errors["from_year"] = _("Enter a year between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR,
            "last": this_year,
        }
    if to_year is not None:
        if to_year > this_year:
            errors["to_year"] = _("The end year cannot be after %(last)s.") % {"last": this_year}
        elif from_year is not None and to_year < from_year:
            errors["to_year"] = _("The end year cannot be before the start year.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def mechanism_participation_save(
    *, organisation, by, mechanism, from_year, to_year=None, role="", listed=False
):
    """Record (or update) ``organisation``'s part in ``mechanism``; returns (row, created)."""
    require_perm(by, "portal.edit_organisation", organisation)
    check_years(from_year, to_year)
    values = {
        "from_year": from_year,
        "to_year": to_year,
        "role": role.strip(),
        "listed": bool(listed),
    }
    try:
        with transaction.atomic():
            participation, created = MechanismParticipation.objects.update_or_create(
                organisation=organisation, mechanism=mechanism, defaults=values
            )
    except IntegrityError:
        # Created by a concurrent request: update that row.
        participation = MechanismParticipation.objects.get(
            organisation=organisation, mechanism=mechanism
        )
        for name, value in values.items():
            setattr(participation, name, value)
        participation.save()
        created = False
    return participation, created


@transaction.atomic
def mechanism_participation_remove(*, participation, by):
    require_perm(by, "portal.edit_organisation", participation.organisation)
    participation.delete()


# --- Good practices ------------------------------------------------------------------------


def _unique_slug(title, *, exclude_pk=None):
    base = slugify(title)[:200] or "good-practice"
    if base in RESERVED_SLUGS:
        base = f"{base}-practice"
    slug, n = base, 2
    taken = GoodPractice.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_organisation(by, organisation):
    """Non-staff submit for one of their verified civil-society organisations."""
    if organisation is None:
        if not by.is_staff:
            raise ValidationError({"organisation": _("Choose the organisation you submit for.")})
        return
    if by.is_staff:
        return
    if not civil_society_organisations(by).filter(pk=organisation.pk).exists():
        raise PermissionDenied


def _check_commitments(country, commitments):
    from .national_selectors import public_commitments

    commitments = list(commitments)
    if not commitments:
        return commitments
    allowed = public_commitments().filter(pk__in=[c.pk for c in commitments])
    if country is not None:
        allowed = allowed.filter(countries=country)
    if allowed.distinct().count() != len({c.pk for c in commitments}):
        raise ValidationError(
            {"commitments": _("Link only published commitments of the practice's country.")}
        )
    return commitments


def _notify_staff_of_submission(practice, by):
    for person in _staff().exclude(pk=by.pk):
        notify(
            recipient=person,
            reason=_round_reason("good_practice_submitted", recipient=person, target=practice),
            target=practice,
            template="good_practice_submitted",
            context={"practice": practice, "submitter": by.full_name.strip() or by.email},
            url_name="good_practice_review",
            url_args=[practice.slug],
        )


@transaction.atomic
def good_practice_submit(
    *,
    by,
    language,
    title,
    summary,
    description="",
    country=None,
    mechanism=None,
    commitments=(),
    organisation=None,
):
    """Submit a good practice for review; returns (practice, created).

    The texts are stored in ``language``, the author's original language. Submitting
    the same title again returns the practice already awaiting review. Staff are told.
    """
    require_perm(by, "secretariat.submit_good_practice")
    _check_organisation(by, organisation)
    commitments = _check_commitments(country, commitments)
    title, summary, description = title.strip(), summary.strip(), description.strip()
    existing = _existing_submission(by, language, title)
    if existing is not None:
        return existing, False
    practice = GoodPractice(
        slug=_unique_slug(title),
        original_language=language,
        country=country,
        mechanism=mechanism,
        organisation=organisation,
        submitted_by=by,
        status=GoodPracticeStatus.SUBMITTED,
    )
    set_translated(practice, "title", title, language)
    set_translated(practice, "summary", summary, language)
    set_translated(practice, "description", description, language)
    practice.full_clean()
    practice._history_user = by
    practice._change_reason = "submitted"
    try:
        with transaction.atomic():
            practice.save()
    except IntegrityError:
        # The same form sent twice at once: both chose the same slug.
        existing = _existing_submission(by, language, title)
        if existing is None:
            raise
        return existing, False
    practice.commitments.set(commitments)
    _notify_staff_of_submission(practice, by)
    return practice, True


def _existing_submission(by, language, title):
    return (
        GoodPractice.objects.filter(
            submitted_by=by,
            status=GoodPracticeStatus.SUBMITTED,
            **{f"title_{language}": title},
        )
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def good_practice_resubmit(
    *,
    practice,
    by,
    language,
    title,
    summary,
    description="",
    country=None,
    mechanism=None,
    commitments=(),
    organisation=None,
):
    """Edit a practice returned for changes and send it for review again."""
    locked = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if not is_good_practice_submitter(by, locked):
        raise PermissionDenied
    if locked.status != GoodPracticeStatus.RETURNED:
        raise ValidationError(_("Only a practice returned for changes can be edited."))
    _check_organisation(by, organisation)
    commitments = _check_commitments(country, commitments)
    locked.original_language = language
    # The author rewrote the texts: older translations no longer match them.
    set_translated(locked, "title", title.strip(), language)
    set_translated(locked, "summary", summary.strip(), language)
    set_translated(locked, "description", description.strip(), language)
    locked.country = country
    locked.mechanism = mechanism
    locked.organisation = organisation
    locked.status = GoodPracticeStatus.SUBMITTED
    locked.full_clean()
    locked._history_user = by
    locked._change_reason = "resubmitted"
    locked.save()
    locked.commitments.set(commitments)
    _notify_staff_of_submission(locked, by)
    return locked


@transaction.atomic
def good_practice_review(*, practice, by, publish, note=""):
    """Publish a practice awaiting review, or return it to its submitter with a note."""
    require_perm(by, "secretariat.review_good_practice", practice)
    locked = (
        GoodPractice.objects.select_for_update(of=("self",))
        .select_related("submitted_by")
        .get(pk=practice.pk)
    )
    if locked.status != GoodPracticeStatus.SUBMITTED:
        raise ValidationError(_("This practice is not awaiting review any more."))
    note = note.strip()
    if not publish and not note:
        raise ValidationError({"note": _("Say what should change before it can be published.")})
    before = audit.snapshot(locked, ["status"])
    now = timezone.now()
    locked.status = GoodPracticeStatus.PUBLISHED if publish else GoodPracticeStatus.RETURNED
    locked.review_note = note
    locked.reviewed_by = by
    locked.reviewed_at = now
    if publish and locked.published_at is None:
        locked.published_at = now
    locked._history_user = by
    locked._change_reason = "published" if publish else "returned"
    locked.save()
    audit.record(
        action="good_practice.publish" if publish else "good_practice.return",
        by=by,
        target=locked,
        before=before,
        after=audit.snapshot(locked, ["status"]),
        note=note,
    )
    submitter = locked.submitted_by
    if submitter is not None and submitter.is_active and submitter.pk != by.pk:
        base = "good_practice_published" if publish else "good_practice_returned"
        notify(
            recipient=submitter,
            reason=_round_reason(base, recipient=submitter, target=locked),
            target=locked,
            template=base,
            context={"practice": locked, "note": note},
            url_name="good_practice_edit" if not publish else "good_practice_detail",
            url_args=[locked.slug],
        )
    return locked
