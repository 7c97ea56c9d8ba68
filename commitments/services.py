"""Writes of the commitments app: progress updates and civil-society assessments."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit
from portal.models import CountryCoordinator, Membership
from portal.services import notify
from portal.translation_utils import set_translated
from portal.uploads import charge_upload_quota

from .enums import Publication
from .models import (
    Comment,
    Consultation,
    CsoAssessment,
    Milestone,
    ProgressUpdate,
    ReportingRound,
)


@transaction.atomic
def progress_update_publish(
    *,
    commitment,
    by,
    country,
    text,
    status,
    language,
    submission_key,
    percent_complete=None,
    evidence_url="",
    evidence_file=None,
):
    """Publish a government progress update and move the commitment's status.

    A repeated submission with the same ``submission_key`` returns the update
    it created instead of creating another.
    """
    if not by.has_perm("commitments.report_progress", commitment):
        raise PermissionDenied
    existing = ProgressUpdate.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing
    charge_upload_quota(by, [evidence_file])
    update = ProgressUpdate(
        commitment=commitment,
        author=by,
        country=country,
        original_language=language,
        status=status,
        percent_complete=percent_complete,
        evidence_url=evidence_url,
        evidence_file=evidence_file,
        submission_key=submission_key,
        reporting_round=current_round(),
        published_at=timezone.now(),
        **{f"text_{language}": text},
    )
    update.full_clean()
    update.save()
    audit.record(
        action="progress_update.publish",
        by=by,
        target=commitment,
        before={"status": commitment.status, "percent_complete": commitment.percent_complete},
        after={"status": status, "percent_complete": percent_complete, "update": update.pk},
    )
    commitment.status = status
    if percent_complete is not None:
        commitment.percent_complete = percent_complete
    commitment.save(update_fields=["status", "percent_complete", "updated_at"])
    return update


@transaction.atomic
def assessment_save(*, commitment, organisation, by, rating, text, language, evidence_url=""):
    """Create or replace an organisation's assessment (one current one each)."""
    if not by.has_perm("commitments.assess_commitment", commitment):
        raise PermissionDenied
    is_member = Membership.objects.filter(
        user=by, organisation=organisation, accepted=True, organisation__verified=True
    ).exists()
    if not is_member:
        raise PermissionDenied
    assessment = (
        CsoAssessment.objects.select_for_update()
        .filter(commitment=commitment, organisation=organisation)
        .first()
    ) or CsoAssessment(commitment=commitment, organisation=organisation)
    assessment.rating = rating
    assessment.author = by
    assessment.evidence_url = evidence_url
    assessment.original_language = language
    set_translated(assessment, "text", text, language)
    assessment.save()
    return assessment


# --- Milestones -------------------------------------------------------------------


@transaction.atomic
def milestone_add(*, commitment, by, title, due_date, weight=1, language="es"):
    """Add a milestone; the commitment's progress is then computed from milestones."""
    if not by.has_perm("commitments.report_progress", commitment):
        raise PermissionDenied
    milestone = Milestone(
        commitment=commitment, due_date=due_date, weight=weight, **{f"title_{language}": title}
    )
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_set_done(*, milestone, by, done_on):
    """Mark a milestone done on a date (or not done with ``None``)."""
    if not by.has_perm("commitments.report_progress", milestone.commitment):
        raise PermissionDenied
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    return milestone


# --- Reporting rounds -------------------------------------------------------------


def current_round(*, today=None):
    """The latest round already open: updates published now count for it."""
    today = today or timezone.localdate()
    return ReportingRound.objects.filter(opens_on__lte=today).order_by("-opens_on").first()


@transaction.atomic
def reporting_round_open(*, by, name, opens_on, deadline, language="en"):
    """Open a reporting round (staff): every coordinator then owes updates."""
    if not by.has_perm("portal.access_staff_tools"):
        raise PermissionDenied
    reporting_round = ReportingRound(
        opens_on=opens_on, deadline=deadline, **{f"name_{language}": name}
    )
    reporting_round.full_clean()
    reporting_round.save()
    return reporting_round


def reporting_round_remind(*, reporting_round, days_before):
    """Remind each coordinator of the commitments they still owe an update on.

    Idempotent: one notification per coordinator, round and reminder kind.
    """
    owed = selectors_owed_by_country(reporting_round)
    sent = 0
    coordinators = CountryCoordinator.objects.filter(
        active=True, country_id__in=owed.keys()
    ).select_related("user", "country")
    for coordinator in coordinators:
        commitments = owed.get(coordinator.country_id) or []
        if not commitments:
            continue
        notification = notify(
            recipient=coordinator.user,
            reason=f"reporting_round_due_{days_before}_{coordinator.country.code}",
            target=reporting_round,
            template="reporting_round_reminder",
            context={
                "round": reporting_round,
                "country": coordinator.country,
                "commitments": commitments,
                "days": days_before,
            },
            url_name="reporting_grid",
        )
        sent += notification.just_created
    return sent


def selectors_owed_by_country(reporting_round):
    """{country_id: [commitments without an update in the round]}."""
    from .selectors import owed_updates

    return owed_updates(reporting_round)


# --- Consultations ----------------------------------------------------------------


@transaction.atomic
def consultation_open(*, commitment, by, opens_at, closes_at):
    """Open a draft commitment for public comment between two dates."""
    if not by.has_perm("commitments.report_progress", commitment):
        raise PermissionDenied
    if commitment.publication == Publication.PUBLISHED:
        raise ValidationError(_("Only draft commitments can be opened for consultation."))
    consultation = Consultation(
        commitment=commitment, opens_at=opens_at, closes_at=closes_at, opened_by=by
    )
    consultation.full_clean()
    consultation.save()
    audit.record(
        action="commitment.consultation",
        by=by,
        target=commitment,
        before={"publication": commitment.publication},
        after={"publication": Publication.CONSULTATION, "closes_at": closes_at},
    )
    commitment.publication = Publication.CONSULTATION
    commitment.save(update_fields=["publication", "updated_at"])
    return consultation


@transaction.atomic
def comment_post(*, consultation, by, text, organisation=None):
    """Comment in an open consultation (signed-in members with a verified email)."""
    if not by.has_perm("commitments.comment_consultation", consultation):
        raise PermissionDenied
    if (
        organisation is not None
        and not organisation.memberships.filter(user=by, accepted=True).exists()
    ):
        raise PermissionDenied
    text = text.strip()
    recent = consultation.comments.filter(author=by, text=text).exists()
    if recent:
        return consultation.comments.filter(author=by, text=text).first()
    return Comment.objects.create(
        consultation=consultation, author=by, organisation=organisation, text=text
    )


@transaction.atomic
def comment_hide(*, comment, by, reason):
    """Hide a comment (staff), recording who, when and why."""
    if not by.has_perm("portal.access_staff_tools"):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give a reason for hiding the comment."))
    comment.hidden = True
    comment.hidden_reason = reason.strip()
    comment.hidden_by = by
    comment.hidden_at = timezone.now()
    comment.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    return comment


@transaction.atomic
def consultation_respond(*, consultation, by, response, language):
    """Publish, after closing, how the comments were used."""
    if not by.has_perm("commitments.respond_consultation", consultation):
        raise PermissionDenied
    if consultation.closes_at > timezone.now():
        raise ValidationError(_("The response can be published once the consultation closes."))
    set_translated(consultation, "response", response, language)
    consultation.response_published_at = timezone.now()
    consultation.save()
    return consultation


@transaction.atomic
def progress_update_edit(*, update, by, text, language, status, percent_complete, evidence_url):
    """Correct a published update; the previous version stays in its history."""
    if not by.has_perm("commitments.edit_progress_update", update):
        raise PermissionDenied
    update.original_language = language
    set_translated(update, "text", text, language)
    update.status = status
    update.percent_complete = percent_complete
    update.evidence_url = evidence_url
    update.full_clean()
    update.save()
    latest = (
        update.commitment.updates.filter(published_at__isnull=False)
        .order_by("-published_at")
        .first()
    )
    if latest and latest.pk == update.pk:
        commitment = update.commitment
        commitment.status = status
        if percent_complete is not None:
            commitment.percent_complete = percent_complete
        commitment.save(update_fields=["status", "percent_complete", "updated_at"])
    return update
