"""Which published content lacks which of the six languages, and the glossary beside it.

A gap is an object whose translatable field is empty in a language while filled in
another one. The board counts, per model and language, the published objects with
at least one such field, in one query per model.
"""

import operator
from dataclasses import dataclass
from functools import reduce

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from modeltranslation.translator import translator

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _published(**lookups):
    return lambda: Q(**lookups)


def _not_draft(prefix=""):
    return lambda: ~Q(**{f"{prefix}publication": "draft"})


# Model label → the filter that keeps what the public sees. The order is the board's.
PUBLISHED = {
    "commitments.Commitment": _not_draft(),
    "portal.Pillar": _published(),
    "portal.ActionPackage": _published(),
    "portal.RegionalMechanism": _published(),
    "commitments.Indicator": _published(),
    "committees.Committee": _published(),
    "committees.Briefing": _published(agenda_published_at__isnull=False),
    "committees.AgendaItem": _published(briefing__agenda_published_at__isnull=False),
    "meetings.Meeting": _published(is_published=True),
    "meetings.RegistrationCall": _published(published_at__isnull=False),
    "meetings.Criterion": _published(call__published_at__isnull=False),
    "secretariat.Document": _published(is_published=True),
    "secretariat.WorkPlan": _published(is_published=True),
    "secretariat.WorkPlanItem": _published(work_plan__is_published=True),
    "secretariat.GoodPractice": _published(status="published"),
    "secretariat.GlossaryTerm": _published(),
}

# Joins the objects' names (``__str__``) need in the lists of gaps.
NAME_JOINS = {
    "committees.Committee": ("action_package",),
    "committees.Briefing": ("committee__action_package",),
    "meetings.RegistrationCall": ("meeting",),
}


@dataclass(frozen=True)
class BoardEntry:
    model: type
    fields: tuple

    @property
    def key(self):
        """The model as it appears in URLs: ``app_label.model_name``."""
        return self.model._meta.label_lower

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    @property
    def model_label(self):
        return self.model._meta.verbose_name

    def published(self):
        return self.model._default_manager.filter(PUBLISHED[self.model._meta.label]())

    def field_label(self, name):
        return self.model._meta.get_field(name).verbose_name


def translatable_fields(model):
    """The model's translated fields, in the model's field order."""
    if model not in translator.get_registered_models():
        return ()
    names = set(translator.get_options_for_model(model).fields)
    ordered = [f.name for f in model._meta.get_fields() if f.name in names]
    return tuple(ordered) or tuple(sorted(names))


def board_entries():
    """The board's models that exist and are registered for translation."""
    registered = set(translator.get_registered_models())
    entries = []
    for label in PUBLISHED:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if model in registered:
            entries.append(BoardEntry(model, translatable_fields(model)))
    return entries


def entry_for(key):
    """The board entry for ``app_label.model_name``, or None."""
    return next((e for e in board_entries() if e.key == str(key).lower()), None)


def _empty(column):
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def _filled(column):
    return Q(**{f"{column}__gt": ""})


def gap_q(fields, language):
    """Objects with a field empty in ``language`` and filled in another language."""
    others = [code for code in LANGUAGE_CODES if code != language]
    return reduce(
        operator.or_,
        (
            _empty(f"{name}_{language}")
            & reduce(operator.or_, (_filled(f"{name}_{code}") for code in others))
            for name in fields
        ),
    )


def gap_counts():
    """[{"entry", "counts": [(language, n)], "total"}] for every board model."""
    rows = []
    for entry in board_entries():
        totals = entry.published().aggregate(
            **{
                code: Count("pk", filter=gap_q(entry.fields, code), distinct=True)
                for code in LANGUAGE_CODES
            }
        )
        counts = [(code, totals[code] or 0) for code in LANGUAGE_CODES]
        rows.append({"entry": entry, "counts": counts, "total": sum(n for _c, n in counts)})
    return rows


def total_gaps():
    return sum(row["total"] for row in gap_counts())


def objects_lacking(entry, language):
    joins = NAME_JOINS.get(entry.model._meta.label, ())
    return (
        entry.published()
        .filter(gap_q(entry.fields, language))
        .select_related(*joins)
        .order_by("pk")
    )


def _value(obj, name, code):
    return getattr(obj, f"{name}_{code}", None) or ""


def missing_fields(entry, obj, language):
    """The fields of ``obj`` empty in ``language`` but written in another language."""
    return [
        name
        for name in entry.fields
        if not _value(obj, name, language)
        and any(_value(obj, name, code) for code in LANGUAGE_CODES if code != language)
    ]


def source_language(obj, fields, target):
    """The language translators should read from: the original one when it is written."""
    candidates = []
    original = getattr(obj, "original_language", None)
    if original:
        candidates.append(original)
    candidates += LANGUAGE_CODES
    for code in dict.fromkeys(candidates):
        if code != target and any(_value(obj, name, code) for name in fields):
            return code
    return next(code for code in LANGUAGE_CODES if code != target)


def field_rows(entry, obj, language):
    """Each field with its texts in the other languages, source language first."""
    source = source_language(obj, entry.fields, language)
    order = [source] + [c for c in LANGUAGE_CODES if c not in (source, language)]
    names = dict(settings.LANGUAGES)
    rows = []
    for name in entry.fields:
        field = entry.model._meta.get_field(name)
        rows.append(
            {
                "name": name,
                "label": field.verbose_name,
                "long": isinstance(field, models.TextField),
                "max_length": getattr(field, "max_length", None),
                "current": _value(obj, name, language),
                "others": [
                    {
                        "code": code,
                        "name": names[code],
                        "text": _value(obj, name, code),
                        "is_source": code == source,
                    }
                    for code in order
                ],
            }
        )
    return source, rows


def glossary_beside(texts, source, target):
    """Every glossary term as (source wording → target wording); those in ``texts`` first."""
    from .models import GlossaryTerm

    haystack = " ".join(t for t in texts if t).casefold()
    terms = []
    for term in GlossaryTerm.objects.order_by("slug"):
        wording = _value(term, "term", source) or _value(term, "term", "en")
        if not wording:
            continue
        terms.append(
            {
                "term": term,
                "source": wording,
                "target": _value(term, "term", target),
                "found": wording.casefold() in haystack,
            }
        )
    terms.sort(key=lambda row: (not row["found"], row["source"].casefold()))
    return terms
