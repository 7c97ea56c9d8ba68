"""Translated content fields and history of the committees app."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import AgendaItem, Briefing, Committee, CsoRepresentative, Proposal


@register(Committee)
class CommitteeTranslation(TranslationOptions):
    fields = ("description",)


@register(Briefing)
class BriefingTranslation(TranslationOptions):
    fields = ("title", "report")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")


# After translation registration, so history tables carry every *_xx column.
register_history(Briefing, app=__package__)
register_history(CsoRepresentative, app=__package__)
register_history(Proposal, app=__package__)
