"""Reading translated content with a fallback to its original language."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language, get_language_info


@dataclass
class TranslatedText:
    text: str
    language: str
    is_fallback: bool

    @property
    def language_name(self):
        return get_language_info(self.language)["name_translated"]

    def __str__(self):
        return self.text


def translated(obj, field):
    """Return ``field`` of ``obj`` in the active language, or the best fallback.

    Falls back to the object's ``original_language`` (when it has one), then to the
    other languages in the order of ``LANGUAGES``; ``is_fallback`` says whether the
    reader is seeing another language than theirs.
    """
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    order = [current]
    original = getattr(obj, "original_language", None)
    if original:
        order.append(original)
    order += [code for code, _name in settings.LANGUAGES]
    for code in dict.fromkeys(order):
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return TranslatedText(value, code, code != current)
    return TranslatedText("", current, False)


def missing_languages(obj, field):
    """Codes of the languages in which ``field`` is still empty."""
    return [c for c, _n in settings.LANGUAGES if not getattr(obj, f"{field}_{c}", None)]


def set_translated(obj, field, text, language):
    """Write ``text`` as the ``language`` version of ``field`` and drop the others.

    Used when an author rewrites a text: older translations no longer match it.
    """
    for code, _name in settings.LANGUAGES:
        setattr(obj, f"{field}_{code}", text if code == language else "")
