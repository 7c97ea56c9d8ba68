"""Writes of the commitments app: progress updates and civil-society assessments."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portal.models import Membership

from .models import CsoAssessment, ProgressUpdate


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
    update = ProgressUpdate(
        commitment=commitment,
        author=by,
        country=country,
        original_language=language,
        status=status,
        percent_complete=percent_complete,
        evidence_url=evidence_url,
        submission_key=submission_key,
        published_at=timezone.now(),
        **{f"text_{language}": text},
    )
    update.full_clean()
    update.save()
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
    # A new text replaces the old one; stale translations of it are dropped.
    for code, _name in settings.LANGUAGES:
        setattr(assessment, f"text_{code}", text if code == language else "")
    assessment.save()
    return assessment
