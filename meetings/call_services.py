"""Applications to registration calls: starting, saving, submitting, withdrawing.

An organisation has at most one active application per call (a partial unique
constraint); starting twice, even at the same moment, returns the same draft.
Drafts may be incomplete; submitting checks the answers, the participants and the
consent to the data policy, and is refused once the call has closed.
"""

import logging
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.enums import CIVIL_SOCIETY_KINDS, MembershipRole
from portal.models import Membership, Organisation, User
from portal.rules import require_perm
from portal.services import notify
from portal.uploads import charge_upload_quota, validate_document

from .enums import ApplicationStatus, Outcome
from .models import Application, ApplicationAttachment, Participant, RegistrationCall

logger = logging.getLogger(__name__)

MAX_ATTACHMENTS = 5
ATTACHMENT_KINDS = {"pdf", "docx", "odt", "xlsx", "png", "jpeg"}
KIND_EXTENSIONS = {
    "pdf": ".pdf",
    "docx": ".docx",
    "odt": ".odt",
    "xlsx": ".xlsx",
    "png": ".png",
    "jpeg": ".jpg",
}
ATTACHMENT_TYPES_TEXT = gettext_lazy(
    "PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX), PNG or JPEG"
)
REMINDER_DAYS = 3
ACTIVE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)


# --- Helpers ---------------------------------------------------------------------------


def format_meeting_time(value, meeting):
    """``value`` in the meeting's time zone, with the zone's name: “12 May 2027 17:00 (…)”."""
    local = timezone.localtime(value, meeting.tz)
    date = formats.date_format(local, "DATE_FORMAT")
    return f"{date} {local:%H:%M} ({meeting.time_zone})"


def format_deadline(call):
    """The call's closing time in the meeting's time zone, with the zone's name."""
    return format_meeting_time(call.closes_at, call.meeting)


def eligibility_problem(*, call, organisation):
    """Why ``organisation`` may not apply to ``call`` (ignoring dates), or None."""
    if organisation.kind not in CIVIL_SOCIETY_KINDS:
        return _("Only civil-society organisations and universities can apply.")
    if call.require_verified and not organisation.verified:
        return _(
            "Only verified organisations can apply. Ask the technical secretariat to verify "
            "%(organisation)s first."
        ) % {"organisation": organisation.name}
    eligible = {country.pk for country in call.eligible_countries.all()}
    if eligible and not eligible & {country.pk for country in organisation.countries.all()}:
        return _(
            "This call is open to organisations working in: %(countries)s. "
            "%(organisation)s does not work in any of them."
        ) % {
            "countries": ", ".join(sorted(c.name for c in call.eligible_countries.all())),
            "organisation": organisation.name,
        }
    return None


def eligible_organisations(*, call, user):
    """The organisations ``user`` is an accepted member of that may apply to ``call``."""
    if not (user and user.is_authenticated):
        return []
    organisations = (
        Organisation.objects.filter(
            memberships__user=user, memberships__accepted=True, kind__in=CIVIL_SOCIETY_KINDS
        )
        .prefetch_related("countries")
        .order_by("name")
    )
    if call.require_verified:
        organisations = organisations.filter(verified=True)
    return [o for o in organisations if eligibility_problem(call=call, organisation=o) is None]


def call_closed_message(call):
    return _(
        "Late submission refused: the call closed on %(deadline)s and no application can be "
        "submitted or changed after its deadline."
    ) % {"deadline": format_deadline(call)}


def _check_open(call):
    now = timezone.now()
    if call.published_at is None:
        raise ValidationError(_("This call is not published."), code="not_published")
    if now < call.opens_at:
        raise ValidationError(
            _("This call opens on %(date)s.")
            % {"date": format_meeting_time(call.opens_at, call.meeting)},
            code="not_open",
        )
    if now >= call.closes_at:
        raise ValidationError(call_closed_message(call), code="closed")


def _is_member(user, organisation_id):
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, accepted=True
    ).exists()


def _lock(application):
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call__meeting", "organisation")
        .get(pk=application.pk)
    )


def _organisation_admins(organisation_id):
    return User.objects.filter(
        memberships__organisation_id=organisation_id,
        memberships__accepted=True,
        memberships__role=MembershipRole.ADMIN,
        is_active=True,
    )


# --- Starting --------------------------------------------------------------------------


def _active(call, organisation):
    return (
        Application.objects.filter(call=call, organisation=organisation)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .first()
    )


@transaction.atomic
def application_start(*, call, organisation, by):
    """The organisation's active application to ``call``, created as a draft if none.

    Refused (``ValidationError``) when the call is not open, the organisation may not
    apply, or ``by`` is not an accepted member of it. Starting twice, even at the same
    moment, returns the same application.
    """
    call = RegistrationCall.objects.select_related("meeting").get(pk=call.pk)
    _check_open(call)
    if not (by and by.is_authenticated and _is_member(by, organisation.pk)):
        raise ValidationError(
            _("Only accepted members of %(organisation)s can apply on its behalf.")
            % {"organisation": organisation.name},
            code="not_member",
        )
    problem = eligibility_problem(call=call, organisation=organisation)
    if problem:
        raise ValidationError(problem, code="not_eligible")
    existing = _active(call, organisation)
    if existing is not None:
        return existing
    application = Application(call=call, organisation=organisation, created_by=by)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # Another request started it at the same moment: use theirs.
        existing = _active(call, organisation)
        if existing is None:
            raise
        return existing
    return application


# --- Saving ----------------------------------------------------------------------------


def _clean_answers(call, answers, *, complete):
    cleaned, errors = {}, []
    answers = {str(key): value for key, value in (answers or {}).items()}
    for question in call.questions.all():
        text = str(answers.get(str(question.pk)) or "").strip()
        if len(text) > question.max_length:
            errors.append(
                ValidationError(
                    _(
                        "The answer to “%(question)s” is too long: %(length)s characters; the "
                        "limit is %(limit)s."
                    )
                    % {
                        "question": question.text,
                        "length": len(text),
                        "limit": question.max_length,
                    },
                    code="too_long",
                )
            )
        if complete and question.required and not text:
            errors.append(
                ValidationError(
                    _("Answer the question “%(question)s”.") % {"question": question.text},
                    code="required",
                )
            )
        if text:
            cleaned[str(question.pk)] = text
    return cleaned, errors


def _clean_participants(call, participants, *, complete):
    cleaned, errors, emails = [], [], set()
    for index, person in enumerate(participants or [], start=1):
        full_name = str(person.get("full_name") or "").strip()
        position = str(person.get("position") or "").strip()
        email = str(person.get("email") or "").strip().lower()
        if not (full_name or position or email):
            continue
        if not full_name:
            errors.append(
                ValidationError(
                    _("Participant %(number)s: give the person's full name.") % {"number": index}
                )
            )
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                ValidationError(
                    _("Participant %(number)s: give a valid email address.") % {"number": index}
                )
            )
        if email and email in emails:
            errors.append(
                ValidationError(
                    _("Participant %(number)s: this email address is already listed.")
                    % {"number": index}
                )
            )
        emails.add(email)
        cleaned.append(
            {
                "full_name": full_name[:200],
                "position": position[:200],
                "email": email,
                "consent_listed": bool(person.get("consent_listed")),
            }
        )
    if len(cleaned) > call.seats_per_organisation:
        errors.append(
            ValidationError(
                _(
                    "Name at most %(count)s participants: the call gives each organisation "
                    "%(count)s seats."
                )
                % {"count": call.seats_per_organisation},
                code="too_many_participants",
            )
        )
    if complete and not cleaned:
        errors.append(ValidationError(_("Name at least one participant."), code="no_participant"))
    return cleaned, errors


@transaction.atomic
def application_save(*, application, by, answers, participants, consent):
    """Save the answers, the participants (replacing them) and the consent.

    A draft may be incomplete; a submitted application must stay complete. Refused
    once the call has closed.
    """
    application = _lock(application)
    call = application.call
    if not _is_member(by, application.organisation_id):
        raise PermissionDenied
    if timezone.now() >= call.closes_at:
        raise ValidationError(call_closed_message(call), code="closed")
    require_perm(by, "meetings.edit_application", application)
    complete = application.status == ApplicationStatus.SUBMITTED
    cleaned_answers, errors = _clean_answers(call, answers, complete=complete)
    cleaned_people, people_errors = _clean_participants(call, participants, complete=complete)
    errors += people_errors
    if complete and not consent:
        errors.append(
            ValidationError(
                _("A submitted application needs your consent to the data policy."),
                code="no_consent",
            )
        )
    if errors:
        raise ValidationError(errors)
    application.answers = cleaned_answers
    if consent and application.consent_given_at is None:
        application.consent_given_at = timezone.now()
    elif not consent:
        application.consent_given_at = None
    application.save(update_fields=["answers", "consent_given_at", "updated_at"])
    application.participants.all().delete()
    Participant.objects.bulk_create(
        [Participant(application=application, **person) for person in cleaned_people]
    )
    return application


# --- Submitting ------------------------------------------------------------------------


def application_problems(application):
    """What is still missing before ``application`` can be submitted (messages)."""
    _answers, errors = _clean_answers(application.call, application.answers, complete=True)
    messages = [message for error in errors for message in error.messages]
    if not application.participants.exists():
        messages.append(_("Name at least one participant."))
    if application.consent_given_at is None:
        messages.append(_("Consent to the data policy."))
    return messages


@transaction.atomic
def application_submit(*, application, by):
    """Submit ``application``: refused after the deadline or while incomplete.

    Submitting an already submitted application changes nothing. The organisation's
    administrators and the submitter are told.
    """
    application = _lock(application)
    call = application.call
    if not _is_member(by, application.organisation_id):
        raise PermissionDenied
    if timezone.now() >= call.closes_at:
        raise ValidationError(call_closed_message(call), code="late")
    if application.status == ApplicationStatus.SUBMITTED:
        return application
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(
            _("This application was withdrawn; start a new one to apply again."),
            code="withdrawn",
        )
    require_perm(by, "meetings.edit_application", application)
    problems = application_problems(application)
    if problems:
        raise ValidationError(problems, code="incomplete")
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.submitted_by = by
    application.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    recipients = {user.pk: user for user in _organisation_admins(application.organisation_id)}
    recipients.setdefault(by.pk, by)
    context = {
        "application": application,
        "call": call,
        "meeting": call.meeting,
        "organisation": application.organisation,
        "submitter": by,
    }
    for person in recipients.values():
        notify(
            recipient=person,
            reason="application_submitted",
            target=application,
            template="application_submitted",
            context=context,
            url_name="application_detail",
            url_args=[application.pk],
        )
    return application


@transaction.atomic
def application_withdraw(*, application, by):
    """Withdraw ``application`` until the meeting starts.

    A seat it held goes to the waiting list (``call_promote_waitlist``).
    """
    require_perm(by, "meetings.withdraw_application", application)
    application = _lock(application)
    if application.status == ApplicationStatus.WITHDRAWN:
        return application
    was_selected = application.outcome == Outcome.SELECTED
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.waitlist_position = None
    application.save(update_fields=["status", "withdrawn_at", "waitlist_position", "updated_at"])
    if was_selected:
        from .selection_services import call_promote_waitlist

        call_promote_waitlist(call=application.call, by=by)
    return application


# --- Attachments -----------------------------------------------------------------------


def attachment_filename(attachment):
    """The name a download gets: the title, with the extension of the stored kind."""
    suffix = PurePath(attachment.file.name).suffix.lower()
    stem = slugify(attachment.title)[:80] or "attachment"
    return f"{stem}{suffix}"


@transaction.atomic
def application_attach(*, application, by, title, file):
    """Attach a document (checked by its content) to an editable application."""
    require_perm(by, "meetings.edit_application", application)
    application = _lock(application)
    if application.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            _("An application can carry at most %(count)s attachments.")
            % {"count": MAX_ATTACHMENTS},
            code="too_many",
        )
    original = PurePath(str(getattr(file, "name", "") or "")).name
    try:
        kind = validate_document(file, kinds=ATTACHMENT_KINDS, max_bytes=settings.UPLOAD_MAX_BYTES)
    except ValidationError as exc:
        if exc.code == "bad_type":
            problem = _(
                "its content is not that of a %(types)s file (the content is checked, not the "
                "name)."
            ) % {"types": ATTACHMENT_TYPES_TEXT}
        else:
            problem = " ".join(exc.messages)
        raise ValidationError(
            _("“%(name)s” was not accepted: %(problem)s") % {"name": original, "problem": problem},
            code=exc.code,
        ) from exc
    charge_upload_quota(by, [file])
    title = (title or "").strip() or PurePath(original).stem or _("Attachment")
    file.name = f"attachment{KIND_EXTENSIONS[kind]}"
    attachment = ApplicationAttachment(
        application=application, title=title[:200], file=file, uploaded_by=by
    )
    try:
        attachment.save()
    except BaseException:
        # The file may have reached the storage before the row failed: remove it.
        if attachment.file and attachment.file.name and attachment.file.name != file.name:
            _delete_stored(attachment.file.name)
        raise
    return attachment


def _delete_stored(name):
    from django.core.files.storage import default_storage

    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("Could not remove the upload %s.", name)


@transaction.atomic
def application_detach(*, application, by, attachment):
    """Remove an attachment (and its file) from an editable application."""
    require_perm(by, "meetings.edit_application", application)
    if attachment.application_id != application.pk:
        raise PermissionDenied
    name = attachment.file.name
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: _delete_stored(name))


# --- Reminders -------------------------------------------------------------------------


def applications_remind_drafts(*, now=None):
    """Remind, once, the creator and admins of drafts to calls closing within 3 days.

    Returns how many notifications were created; a second run creates none.
    """
    now = now or timezone.now()
    drafts = (
        Application.objects.filter(
            status=ApplicationStatus.DRAFT,
            call__published_at__isnull=False,
            call__closes_at__gt=now,
            call__closes_at__lte=now + timedelta(days=REMINDER_DAYS),
        )
        .select_related("call__meeting", "organisation", "created_by")
        .order_by("pk")
    )
    drafts = list(drafts)
    admins = {}
    for membership in Membership.objects.filter(
        organisation_id__in={d.organisation_id for d in drafts},
        accepted=True,
        role=MembershipRole.ADMIN,
        user__is_active=True,
    ).select_related("user"):
        admins.setdefault(membership.organisation_id, []).append(membership.user)
    members = set(
        Membership.objects.filter(
            organisation_id__in={d.organisation_id for d in drafts}, accepted=True
        ).values_list("organisation_id", "user_id")
    )
    sent = 0
    for application in drafts:
        recipients = {user.pk: user for user in admins.get(application.organisation_id, [])}
        creator = application.created_by
        if (
            creator is not None
            and creator.is_active
            and (application.organisation_id, creator.pk) in members
        ):
            recipients.setdefault(creator.pk, creator)
        context = {
            "application": application,
            "call": application.call,
            "meeting": application.call.meeting,
            "organisation": application.organisation,
        }
        for person in recipients.values():
            notification = notify(
                recipient=person,
                reason="application_draft_closing",
                target=application,
                template="application_draft_closing",
                context=context,
                url_name="application_edit",
                url_args=[application.pk],
            )
            sent += notification.just_created
    return sent


def open_calls_for(user, *, limit=5):
    """Open calls the user's organisations could still apply to (for the dashboard)."""
    now = timezone.now()
    memberships = Membership.objects.filter(user=user, accepted=True).values("organisation_id")
    applied = Application.objects.filter(
        organisation_id__in=memberships, status__in=ACTIVE_STATUSES
    ).values("call_id")
    calls = (
        RegistrationCall.objects.filter(
            published_at__isnull=False, opens_at__lte=now, closes_at__gt=now
        )
        .exclude(pk__in=applied)
        .select_related("meeting")
        .prefetch_related("eligible_countries")
        .order_by("closes_at", "pk")
    )
    result = []
    for call in calls:
        if eligible_organisations(call=call, user=user):
            result.append(call)
        if len(result) >= limit:
            break
    return result
