"""Translated content fields and history of the secretariat app."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import (
    Document,
    GlossaryTerm,
    GoodPractice,
    SecretariatSeat,
    WorkPlan,
    WorkPlanItem,
)


@register(SecretariatSeat)
class SecretariatSeatTranslation(TranslationOptions):
    fields = ("how_chosen",)


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(WorkPlan)
class WorkPlanTranslation(TranslationOptions):
    fields = ("title", "description")


@register(WorkPlanItem)
class WorkPlanItemTranslation(TranslationOptions):
    fields = ("action",)


@register(GoodPractice)
class GoodPracticeTranslation(TranslationOptions):
    fields = ("title", "summary", "description")


@register(GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ("term", "definition")


# After translation registration, so history tables carry every *_xx column.
register_history(SecretariatSeat, app=__package__)
register_history(WorkPlanItem, app=__package__)
register_history(GoodPractice, app=__package__)
register_history(GlossaryTerm, app=__package__)
