"""Translated content fields and history of the commitments app."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import (
    Commitment,
    Consultation,
    CsoAssessment,
    Indicator,
    Milestone,
    ProgressUpdate,
    ReportingRound,
)


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("title", "description")


@register(ProgressUpdate)
class ProgressUpdateTranslation(TranslationOptions):
    fields = ("text",)


@register(CsoAssessment)
class CsoAssessmentTranslation(TranslationOptions):
    fields = ("text",)


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title",)


@register(ReportingRound)
class ReportingRoundTranslation(TranslationOptions):
    fields = ("name",)


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "methodology")


@register(Consultation)
class ConsultationTranslation(TranslationOptions):
    fields = ("response",)


# After translation registration, so history tables carry every *_xx column.
register_history(Commitment, app=__package__, excluded_fields=["countries"])
register_history(ProgressUpdate, app=__package__)
register_history(CsoAssessment, app=__package__)
register_history(Milestone, app=__package__)
register_history(Indicator, app=__package__, excluded_fields=["pillars", "commitments"])
