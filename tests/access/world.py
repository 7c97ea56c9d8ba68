"""Lookups of demo objects (``seed_demo``) that URL declarations take their arguments from."""

from commitments.models import Comment, Commitment, Consultation, Indicator, ProgressUpdate
from committees.models import (
    AgendaSuggestion,
    Briefing,
    BriefingDocument,
    Proposal,
    ProposalAttachment,
)
from portal.models import Country, Membership, Organisation


def person_org():
    """The organisation the demo ``cso_admin`` administers (Red Clamor Colombia)."""
    return Organisation.objects.get(slug="red-clamor-colombia")


def co_commitment():
    """A published commitment of Colombia (the demo ``coordinator``'s country)."""
    return Commitment.objects.filter(publication="published", countries__code="CO").first()


def draft_commitment():
    return Commitment.objects.exclude(publication="published").first()


def progress_update():
    return ProgressUpdate.objects.filter(commitment__countries__code="CO").first()


def consultation():
    return Consultation.objects.first()


def comment():
    return Comment.objects.first()


def indicator():
    return Indicator.objects.filter(status="adopted").first()


def briefing(status="agenda_published", slug="temporary-protection-regularization"):
    return Briefing.objects.filter(committee__slug=slug, status=status).first()


def pending_suggestion():
    return AgendaSuggestion.objects.filter(status="pending").first()


def private_proposal():
    """A committee-only proposal of Red Clamor Colombia."""
    return Proposal.objects.filter(visibility="committee").first()


def public_proposal():
    return Proposal.objects.filter(visibility="public").first()


def proposal_attachment():
    return ProposalAttachment.objects.first()


def briefing_document():
    return BriefingDocument.objects.select_related("briefing__committee").first()


def pending_membership():
    return Membership.objects.filter(accepted=False).select_related("organisation").first()


def unverified_org():
    return Organisation.objects.filter(verified=False).first()


def country(code="CO"):
    return Country.objects.get(code=code)
