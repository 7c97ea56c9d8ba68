"""Translated content fields and history of the meetings app."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import (
    Criterion,
    Meeting,
    MeetingDocument,
    Question,
    Quota,
    RegistrationCall,
    SelectionOverride,
)


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "description", "agenda", "minutes")


@register(MeetingDocument)
class MeetingDocumentTranslation(TranslationOptions):
    fields = ("title",)


@register(RegistrationCall)
class RegistrationCallTranslation(TranslationOptions):
    fields = ("introduction", "data_policy")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "guide")


# After translation registration, so history tables carry every *_xx column.
# The call's method is public: every edit before it froze stays on record.
register_history(Meeting, app=__package__)
register_history(RegistrationCall, app=__package__, m2m_fields=["eligible_countries"])
register_history(Question, app=__package__)
register_history(Criterion, app=__package__)
register_history(Quota, app=__package__)
register_history(SelectionOverride, app=__package__)
