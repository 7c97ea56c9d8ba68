"""Translated content fields (django-modeltranslation) and model history."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import ActionPackage, Country, Organisation, Pillar, RegionalMechanism


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(Pillar)
class PillarTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ActionPackage)
class ActionPackageTranslation(TranslationOptions):
    fields = ("name", "description")


@register(RegionalMechanism)
class RegionalMechanismTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("description",)


# Registered here, after translation, so history tables carry every *_xx column.
register_history(Organisation, app=__package__, excluded_fields=["members"])
