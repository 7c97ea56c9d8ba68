"""Written proposals to a committee: submitting them, moving them through their
workflow, and the reads their pages share.

A proposal is submitted with its attachments in one transaction: every file is
checked (type from its content, size) before anything is written, and if anything
fails after a file reached the storage, the stored files are removed again, so a
refused submission leaves neither a row nor a file behind.
"""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import User
from portal.rules import require_perm
from portal.selectors import civil_society_organisations
from portal.services import notify
from portal.uploads import charge_upload_quota, validate_document

from .enums import ProposalStatus
from .models import CommitteeCoordinator, Proposal, ProposalAttachment, ProposalTransition

MAX_ATTACHMENTS = 5
# Kinds recognised by portal.uploads.sniff that a proposal may carry.
ATTACHMENT_KINDS = {"pdf", "docx", "odt", "xlsx", "png", "jpeg"}
# The extension a stored or downloaded file gets for its sniffed kind.
KIND_EXTENSIONS = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "odt": (".odt",),
    "xlsx": (".xlsx",),
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
}
ATTACHMENT_TYPES_TEXT = gettext_lazy(
    "PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX), PNG or JPEG"
)
RESPONSE_REQUIRED = gettext_lazy(
    "Write the committee's response: it is published with the proposal."
)
REASON_REQUIRED = gettext_lazy("Give the reason for closing the proposal.")

OPEN_STATUSES = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.ACKNOWLEDGED,
    ProposalStatus.UNDER_CONSIDERATION,
)
# The workflow: each open status moves one step on, or the proposal is closed.
NEXT_STATUSES = {
    ProposalStatus.SUBMITTED: (ProposalStatus.ACKNOWLEDGED, ProposalStatus.CLOSED),
    ProposalStatus.ACKNOWLEDGED: (ProposalStatus.UNDER_CONSIDERATION, ProposalStatus.CLOSED),
    ProposalStatus.UNDER_CONSIDERATION: (ProposalStatus.RESPONDED, ProposalStatus.CLOSED),
    ProposalStatus.RESPONDED: (),
    ProposalStatus.CLOSED: (),
}


# --- Reads ------------------------------------------------------------------------------


def next_statuses(status):
    return NEXT_STATUSES.get(status, ())


def proposal_for_page(pk):
    """The proposal with everything its page shows, in three queries, or None."""
    return (
        Proposal.objects.select_related("committee__action_package", "organisation")
        .prefetch_related(
            Prefetch("attachments", queryset=ProposalAttachment.objects.order_by("pk")),
            Prefetch(
                "transitions",
                queryset=ProposalTransition.objects.select_related("by").order_by("at", "pk"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def proposal_timeline(proposal, *, show_names):
    """Each transition of ``proposal`` with who made it, as the reader may see it.

    Those who may manage the proposal see the person's name with their role; the
    public sees the role only (the proposing organisation, the committee's
    coordinators, the technical secretariat). Expects ``proposal_for_page``.
    """
    coordinator_ids = set(
        CommitteeCoordinator.objects.filter(committee_id=proposal.committee_id)
        .order_by()
        .values_list("user_id", flat=True)
    )
    entries = []
    for transition in proposal.transitions.all():
        person = transition.by
        if not transition.from_status:
            role = proposal.organisation.name
        elif person is not None and person.pk in coordinator_ids:
            role = _("Committee coordinators")
        elif person is not None and person.is_staff:
            role = _("Technical secretariat")
        else:
            role = _("The committee")
        entries.append(
            {
                "transition": transition,
                "role": role,
                "name": person.get_full_name() if show_names and person is not None else "",
            }
        )
    return entries


# --- Submitting -------------------------------------------------------------------------


def _safe_name(name, kind):
    """The file's own name without any path, with the extension of its real kind."""
    name = PurePath(str(name or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "attachment"
    path = PurePath(name)
    extensions = KIND_EXTENSIONS[kind]
    if path.suffix.lower() in extensions:
        stem, extension = path.stem, path.suffix.lower()
    else:
        # A PDF named "report.exe" is downloaded as "report.pdf".
        stem, extension = (path.stem if path.suffix else name), extensions[0]
    stem = stem.strip() or "attachment"
    return stem[: 200 - len(extension)] + extension


def refused_file_error(upload, problem, code=None):
    """An error naming the refused file, so the person knows which one to replace."""
    return ValidationError(
        _("“%(name)s” was not accepted: %(problem)s")
        % {"name": PurePath(str(getattr(upload, "name", "") or "")).name, "problem": problem},
        code=code,
    )


def check_attachments(files):
    """Validate every file; return [(file, kind)] or raise one error naming each bad file."""
    files = [f for f in files if f]
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS}, code="too_many"
        )
    checked, errors = [], []
    for upload in files:
        try:
            kind = validate_document(
                upload, kinds=ATTACHMENT_KINDS, max_bytes=settings.UPLOAD_MAX_BYTES
            )
        except ValidationError as exc:
            if exc.code == "bad_type":
                problem = _(
                    "its content is not that of a %(types)s file (the content is checked, "
                    "not the name)."
                ) % {"types": ATTACHMENT_TYPES_TEXT}
            else:
                problem = " ".join(exc.messages)
            errors.append(refused_file_error(upload, problem, exc.code))
            continue
        checked.append((upload, kind))
    if errors:
        raise ValidationError(errors)
    return checked


def _committee_team(committee):
    """The committee's active coordinators and its current CSO representative."""
    return (
        User.objects.filter(
            Q(committee_roles__committee=committee, committee_roles__active=True)
            | Q(cso_representations__committee=committee, cso_representations__is_current=True),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def _delete_stored(names):
    from django.core.files.storage import default_storage

    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # noqa: PERF203 (one failed removal must not stop the others)
            continue


@transaction.atomic
def proposal_submit(
    *,
    committee,
    organisation,
    by,
    kind,
    title,
    text,
    language,
    visibility,
    submission_key,
    attachments=(),
):
    """Submit a proposal with its attachments on behalf of ``organisation``.

    Returns ``(proposal, created)``. A repeated submission with the same
    ``submission_key`` returns the proposal it created. Everything is checked
    before anything is stored; a bad attachment raises ``ValidationError`` and
    leaves no row and no file. The committee's active coordinators and its CSO
    representative are notified.
    """
    require_perm(by, "committees.submit_proposal", committee)
    if not civil_society_organisations(by).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    submission_key = submission_key or uuid.uuid4()
    existing = _existing_submission(submission_key, by)
    if existing is not None:
        return existing, False
    checked = check_attachments(attachments)
    charge_upload_quota(by, [upload for upload, _kind in checked])

    submitted_at = timezone.now()
    proposal = Proposal(
        committee=committee,
        organisation=organisation,
        author=by,
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        language=language,
        visibility=visibility,
        status=ProposalStatus.SUBMITTED,
        submitted_at=submitted_at,
        response_due=timezone.localdate(submitted_at)
        + timedelta(days=committee.proposal_response_days),
        submission_key=submission_key,
    )
    proposal.full_clean(exclude=["submission_key"])
    proposal._history_user = by
    proposal._change_reason = "submitted"
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        # The same form was submitted twice at once: the other request created it.
        existing = _existing_submission(submission_key, by)
        if existing is None:
            raise
        return existing, False

    stored = []
    try:
        for upload, file_kind in checked:
            original_name = _safe_name(upload.name, file_kind)
            size = upload.size
            # The stored name keeps only an extension, that of the real kind.
            upload.name = f"attachment{KIND_EXTENSIONS[file_kind][0]}"
            attachment = ProposalAttachment(
                proposal=proposal,
                file=upload,
                original_name=original_name,
                kind=file_kind,
                size=size,
            )
            attachment.save()
            stored.append(attachment.file.name)
        ProposalTransition.objects.create(
            proposal=proposal,
            from_status="",
            to_status=ProposalStatus.SUBMITTED,
            by=by,
            at=submitted_at,
        )
        for person in _committee_team(committee).exclude(pk=by.pk):
            notify(
                recipient=person,
                reason="proposal_submitted",
                target=proposal,
                template="proposal_submitted",
                context={"proposal": proposal, "committee": committee},
                url_name="proposal_detail",
                url_args=[proposal.pk],
            )
    except BaseException:
        _delete_stored(stored)
        raise
    return proposal, True


def _existing_submission(submission_key, by):
    existing = Proposal.objects.filter(submission_key=submission_key).first()
    if existing is None:
        return None
    if existing.author_id != by.pk:
        raise ValidationError(_("This form was already used. Reload the page and try again."))
    return existing


# --- Workflow ---------------------------------------------------------------------------


@transaction.atomic
def proposal_transition(*, proposal, by, to_status, note="", response="", reason=""):
    """Move ``proposal`` to ``to_status``, recording who, when and why.

    Responding needs the response text (published with the proposal); closing
    needs a reason. The proposing organisation's members and the committee's CSO
    representative are notified, once per change.
    """
    require_perm(by, "committees.respond_proposal", proposal)
    # Serialises changes of one proposal: the second sees the first's status.
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("committee__action_package", "organisation")
        .get(pk=proposal.pk)
    )
    from_status = locked.status
    if to_status not in next_statuses(from_status):
        raise ValidationError(
            _("This proposal cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": ProposalStatus(from_status).label,
                "to": ProposalStatus(to_status).label
                if to_status in ProposalStatus.values
                else to_status,
            },
            code="invalid_transition",
        )
    note, response, reason = note.strip(), response.strip(), reason.strip()
    now = timezone.now()
    fields = ["status"]
    if to_status == ProposalStatus.RESPONDED:
        if not response:
            raise ValidationError({"response": RESPONSE_REQUIRED})
        locked.response, locked.responded_at = response, now
        fields += ["response", "responded_at"]
    elif to_status == ProposalStatus.CLOSED:
        if not reason:
            raise ValidationError({"reason": REASON_REQUIRED})
        locked.closed_reason = reason
        fields.append("closed_reason")
    locked.status = to_status
    locked._history_user = by
    locked._change_reason = f"{from_status} → {to_status}"
    locked.save(update_fields=fields)
    transition = ProposalTransition.objects.create(
        proposal=locked, from_status=from_status, to_status=to_status, by=by, at=now, note=note
    )
    _announce_transition(proposal=locked, transition=transition, by=by)
    return transition


def _announce_transition(*, proposal, transition, by):
    recipients = (
        User.objects.filter(
            Q(
                memberships__organisation_id=proposal.organisation_id,
                memberships__accepted=True,
            )
            | Q(
                cso_representations__committee_id=proposal.committee_id,
                cso_representations__is_current=True,
            ),
            is_active=True,
        )
        .exclude(pk=by.pk)
        .distinct()
        .order_by("pk")
    )
    context = {
        "proposal": proposal,
        "committee": proposal.committee,
        "transition": transition,
    }
    for person in recipients:
        notify(
            recipient=person,
            reason="proposal_status_changed",
            target=transition,
            template="proposal_status_changed",
            context=context,
            url_name="proposal_detail",
            url_args=[proposal.pk],
        )
