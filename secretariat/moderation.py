"""What users may flag for moderation, and how each kind is shown, found and hidden.

A kind names a model whose rows carry ``hidden``, ``hidden_reason``, ``hidden_by``
and ``hidden_at``. Only what the public can read may be flagged: a comment on a
public commitment, an assessment of one, a public proposal, none of them hidden.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from portal.translation_utils import translated

EXCERPT_WORDS = 40
HIDDEN_FIELDS = ["hidden", "hidden_reason", "hidden_by", "hidden_at"]


@dataclass(frozen=True)
class FlagKind:
    key: str
    model_label: str
    label: str
    # Joins needed by ``url``, ``excerpt`` and ``organisation_id`` for a list of objects.
    select_related: tuple = ()

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def public_filter(self):
        raise NotImplementedError

    def public(self):
        """The objects of this kind anyone can read (and so flag)."""
        return self.model.objects.filter(self.public_filter(), hidden=False)

    def url(self, obj):
        raise NotImplementedError

    def excerpt(self, obj):
        raise NotImplementedError

    def author_id(self, obj):
        return obj.author_id

    def organisation_id(self, obj):
        return obj.organisation_id

    def context_label(self, obj):
        """What the object is about (the commitment or committee), for the queue."""
        return ""


def _public_commitment(prefix):
    from commitments.enums import Publication

    return ~Q(**{f"{prefix}publication": Publication.DRAFT})


def _short(text):
    return Truncator(" ".join(str(text or "").split())).words(EXCERPT_WORDS)


class CommentKind(FlagKind):
    def public_filter(self):
        return _public_commitment("consultation__commitment__")

    def url(self, obj):
        commitment_id = obj.consultation.commitment_id
        return f"{reverse('commitment_detail', args=[commitment_id])}#comment-{obj.pk}"

    def excerpt(self, obj):
        return _short(obj.text)

    def context_label(self, obj):
        return translated(obj.consultation.commitment, "title").text


class AssessmentKind(FlagKind):
    def public_filter(self):
        return _public_commitment("commitment__")

    def url(self, obj):
        return f"{reverse('commitment_detail', args=[obj.commitment_id])}#assessment-{obj.pk}"

    def excerpt(self, obj):
        return _short(translated(obj, "text").text)

    def context_label(self, obj):
        return translated(obj.commitment, "title").text


class ProposalKind(FlagKind):
    def public_filter(self):
        from committees.enums import ProposalVisibility

        return Q(visibility=ProposalVisibility.PUBLIC)

    def url(self, obj):
        return reverse("proposal_detail", args=[obj.pk])

    def excerpt(self, obj):
        return _short(f"{obj.title}. {obj.text}")

    def context_label(self, obj):
        return str(obj.committee.action_package.name)


KINDS = {
    kind.key: kind
    for kind in (
        CommentKind(
            "comment",
            "commitments.Comment",
            _("Consultation comment"),
            ("consultation__commitment", "organisation", "author"),
        ),
        AssessmentKind(
            "assessment",
            "commitments.CsoAssessment",
            _("Civil-society assessment"),
            ("commitment", "organisation", "author"),
        ),
        ProposalKind(
            "proposal",
            "committees.Proposal",
            _("Written proposal"),
            ("committee__action_package", "organisation", "author"),
        ),
    )
}


def kind_of(obj):
    """The kind of ``obj``, or None when it cannot be flagged at all."""
    label = obj._meta.label
    return next((k for k in KINDS.values() if k.model_label == label), None)


def kind_for_model_label(label):
    return next((k for k in KINDS.values() if k.model_label.lower() == label.lower()), None)


def flaggable(kind_key, pk):
    """The public object of that kind and id, or None (unknown kind, hidden or private)."""
    kind = KINDS.get(kind_key)
    if kind is None:
        return None
    return kind.public().select_related(*kind.select_related).filter(pk=pk).first()


def is_flaggable(obj):
    kind = kind_of(obj)
    return kind is not None and kind.public().filter(pk=obj.pk).exists()


def set_hidden(obj, *, by, reason):
    obj.hidden = True
    obj.hidden_reason = reason
    obj.hidden_by = by
    obj.hidden_at = timezone.now()
    obj.save(update_fields=HIDDEN_FIELDS)


def set_visible(obj):
    obj.hidden = False
    obj.hidden_reason = ""
    obj.hidden_by = None
    obj.hidden_at = None
    obj.save(update_fields=HIDDEN_FIELDS)
