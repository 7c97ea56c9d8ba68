"""Site-wide search over the portal's public content, in the reader's language.

One query string is matched against seven types of content, each restricted to what
the public may see:

- commitments (not drafts), proposals (public and not hidden by moderation), meetings
  (published), organisations (the whole directory), indicators (all, as their pages
  are), good practices (published) and documents (the secretariat's published
  documents and the documents of published meetings, as one type).

Translated content is matched in the **current language only**: a Spanish reader's
query runs against the ``*_es`` columns, never the French ones, so a result is one the
reader can read. Fields that are not translated (an organisation's name and acronym,
an indicator's code, a proposal's title and text, which stay in their author's
language) are matched as they are, whatever the language.

Matching depends on the database:

- **PostgreSQL**: full-text search. The current language's columns go into one
  ``tsvector`` (titles weighted above body text) under the language's text-search
  configuration (``english``, ``spanish``, ``portuguese``, ``french``; ``simple`` for
  Haitian Creole and Quechua, which PostgreSQL has no stemmer for). The query is read
  as a web search (``"exact phrase"``, ``or``, ``-without``) and results are ranked.
  Words are stemmed (``migrantes`` finds ``migrante``) but accents count:
  ``regularizacion`` does not find ``regularización``, because the ``unaccent``
  extension is not assumed to be installed.
- **SQLite** (local development): every word of the query must appear, in any of the
  fields (case-insensitive substring match), newest or alphabetical first. SQLite folds
  case for ASCII letters only and never folds accents.

Each type costs one query on the overview (the total comes from a window function in
the same query) and two on its own paginated page (the page and the count); the
documents type, a union of two tables, costs two on the overview as well. Nothing
depends on the number of rows.
"""

import datetime
import operator
import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, Count, DateField, F, FloatField, Q, Value, Window
from django.db.models.functions import TruncDate
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, pgettext_lazy
from modeltranslation.utils import build_localized_fieldname

from commitments.enums import Publication
from committees.enums import ProposalVisibility
from meetings.enums import DocumentKind as MeetingDocumentKind
from secretariat.enums import DocumentKind as SecretariatDocumentKind
from secretariat.enums import GoodPracticeStatus

from .translation_utils import translated

MIN_LENGTH = 2
MAX_LENGTH = 200
GROUP_SIZE = 10
PAGE_SIZE = 20
EXCERPT_LENGTH = 200

# PostgreSQL text-search configurations; the others fall back to "simple".
TEXT_SEARCH_CONFIGS = {"en": "english", "es": "spanish", "pt": "portuguese", "fr": "french"}

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def uses_full_text():
    """Whether queries run as PostgreSQL full-text searches (with web-search syntax)."""
    return connection.vendor == "postgresql"


def current_language():
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def normalise_query(q):
    """Collapse runs of whitespace (and drop control characters) in a query."""
    return " ".join("".join(c for c in q if c.isprintable() or c.isspace()).split())


def _fold(text):
    """Lower-case, accent-free text of the same length (for finding an excerpt)."""
    return "".join(unicodedata.normalize("NFKD", c)[0].lower()[0] for c in text)


def _words(q):
    """The distinct words of a query, without the web-search operators."""
    words = re.findall(r"\w+", q)
    return list(dict.fromkeys(w for w in words if w.lower() != "or"))


def excerpt(texts, q, length=EXCERPT_LENGTH):
    """A short passage of the first text that contains a word of ``q``.

    Falls back to the start of the first non-empty text (PostgreSQL may have matched
    a stemmed form that does not appear as such).
    """
    texts = [" ".join(t.split()) for t in texts if t and t.strip()]
    if not texts:
        return ""
    folded_words = [_fold(w) for w in _words(q)]
    for text in texts:
        folded = _fold(text)
        positions = [i for i in (folded.find(w) for w in folded_words if w) if i >= 0]
        if positions:
            return _window(text, min(positions), length)
    return _window(texts[0], 0, length)


def _window(text, position, length):
    start = max(0, position - length // 4)
    if start:
        # Start at a word boundary, not in the middle of a word.
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < position else start
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > position else end
    passage = text[start:end].strip()
    return ("… " if start else "") + passage + (" …" if end < len(text) else "")


def _url(name, *args):
    # Pages of other areas may not be wired yet; a result without a link beats a 500.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _date(value):
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT")


@dataclass
class Hit:
    """One result: what the reader sees of it."""

    title: str
    url: str
    excerpt: str = ""
    meta: list = field(default_factory=list)
    # Set when the title or excerpt is in another language than the page.
    title_language: str = ""
    excerpt_language: str = ""


@dataclass
class Group:
    """The results of one type."""

    kind: "SearchType"
    total: int
    hits: list
    more_url: str = ""

    @property
    def key(self):
        return self.kind.key

    @property
    def label(self):
        return self.kind.label


def _vector_and_rank(qs, columns, q, language):
    """Filter ``qs`` to rows matching ``q`` in ``columns`` and annotate a ``rank``.

    ``columns`` are ``(column, weight)`` pairs, weights "A" (titles) to "D".
    """
    if uses_full_text():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        config = TEXT_SEARCH_CONFIGS.get(language, "simple")
        vector = reduce(
            operator.add,
            (SearchVector(column, weight=weight, config=config) for column, weight in columns),
        )
        query = SearchQuery(q, search_type="websearch", config=config)
        # alias(): the tsvector is needed in WHERE and ORDER, never sent back.
        return (
            qs.alias(search_document=vector)
            .filter(search_document=query)
            .annotate(rank=SearchRank(F("search_document"), query))
        )
    condition = Q()
    for word in _words(q) or [q]:
        condition &= reduce(
            operator.or_, (Q(**{f"{column}__icontains": word}) for column, _w in columns)
        )
    return qs.filter(condition).annotate(rank=Value(0.0, output_field=FloatField()))


def _ranked(ordering, rank="rank"):
    if uses_full_text():
        return (f"-{rank}", *ordering)
    return ordering


class SearchType:
    """A kind of public content the search covers (one model)."""

    key = ""
    label = ""
    singular = ""
    model = ""
    title = "title"
    title_translated = True
    # Translated fields matched in the current language, the first ones shown as excerpt.
    texts = ("description",)
    # Untranslated fields matched as they are: as strongly as the title, or as body text.
    plain = ()
    body = ()
    ordering = ("-pk",)
    # Further columns the result line needs (no other column is loaded).
    extra = ()

    def public(self):
        return apps.get_model(self.model).objects.all()

    def columns(self, language):
        title = build_localized_fieldname(self.title, language) if self.title_translated else None
        columns = [(title or self.title, "A")]
        columns += [(name, "A") for name in self.plain if name != self.title]
        columns += [(build_localized_fieldname(name, language), "B") for name in self.texts]
        columns += [(name, "B") for name in self.body]
        return columns

    def loaded(self, language):
        if self.title_translated:
            titles = [build_localized_fieldname(self.title, code) for code in LANGUAGE_CODES]
        else:
            titles = [self.title]
        texts = [build_localized_fieldname(name, language) for name in self.texts]
        return ["pk", *titles, *self.plain, *texts, *self.body, *self.extra]

    def matching(self, q, language):
        qs = self.public().only(*self.loaded(language))
        qs = _vector_and_rank(qs, self.columns(language), q, language)
        return qs.order_by(*_ranked(self.ordering))

    def first(self, q, language, size=GROUP_SIZE):
        """The first ``size`` results and the total, in one query."""
        rows = list(self.matching(q, language).annotate(search_total=Window(Count("pk")))[:size])
        total = rows[0].search_total if rows else 0
        return Group(self, total, [self.hit(row, q, language) for row in rows])

    def page(self, q, language, number, size=PAGE_SIZE):
        page = Paginator(self.matching(q, language), size).get_page(number)
        page.object_list = [self.hit(row, q, language) for row in page.object_list]
        return page

    def hit(self, obj, q, language):
        if self.title_translated:
            title = translated(obj, self.title)
            title_text, title_language = title.text, title.language if title.is_fallback else ""
        else:
            title_text, title_language = getattr(obj, self.title), ""
        texts = [getattr(obj, build_localized_fieldname(n, language)) for n in self.texts]
        texts += [getattr(obj, name) for name in self.body]
        return Hit(
            title=title_text,
            title_language=title_language,
            url=self.url(obj),
            excerpt=excerpt(texts, q),
            meta=[m for m in self.meta(obj) if m],
        )

    def url(self, obj):
        return obj.get_absolute_url()

    def meta(self, obj):
        return []


class CommitmentType(SearchType):
    key = "commitments"
    label = pgettext_lazy("search type", "Commitments")
    singular = pgettext_lazy("search result type", "Commitment")
    model = "commitments.Commitment"
    ordering = ("-announced_on", "pk")
    extra = ("status", "announced_on", "original_language")

    def public(self):
        return super().public().exclude(publication=Publication.DRAFT)

    def url(self, obj):
        return _url("commitment_detail", obj.pk)

    def meta(self, obj):
        return [obj.get_status_display(), _date(obj.announced_on)]


class ProposalType(SearchType):
    key = "proposals"
    label = pgettext_lazy("search type", "Proposals")
    singular = pgettext_lazy("search result type", "Proposal")
    model = "committees.Proposal"
    title_translated = False
    texts = ()
    body = ("text",)
    ordering = ("-submitted_at", "pk")
    extra = ("kind", "status", "submitted_at", "language")

    def public(self):
        return super().public().filter(visibility=ProposalVisibility.PUBLIC, hidden=False)

    def hit(self, obj, q, language):
        hit = super().hit(obj, q, language)
        # Proposals stay in the language they were written in.
        if obj.language != language:
            hit.title_language = hit.excerpt_language = obj.language
        return hit

    def url(self, obj):
        return _url("proposal_detail", obj.pk)

    def meta(self, obj):
        return [obj.get_kind_display(), obj.get_status_display(), _date(obj.submitted_at)]


class MeetingType(SearchType):
    key = "meetings"
    label = pgettext_lazy("search type", "Meetings")
    singular = pgettext_lazy("search result type", "Meeting")
    model = "meetings.Meeting"
    texts = ("description", "agenda", "minutes")
    ordering = ("-starts_at", "pk")
    extra = ("slug", "kind", "starts_at", "time_zone")

    def public(self):
        return super().public().filter(is_published=True)

    def url(self, obj):
        return _url("meeting_detail", obj.slug)

    def meta(self, obj):
        return [obj.get_kind_display(), _date(timezone.localtime(obj.starts_at, obj.tz).date())]


class OrganisationType(SearchType):
    key = "organisations"
    label = pgettext_lazy("search type", "Organisations")
    singular = pgettext_lazy("search result type", "Organisation")
    model = "portal.Organisation"
    title = "name"
    title_translated = False
    plain = ("name", "acronym")
    ordering = ("name",)
    extra = ("slug", "kind", "level", "verified")

    def url(self, obj):
        return _url("organisation_detail", obj.slug)

    def meta(self, obj):
        return [obj.acronym, obj.get_kind_display(), obj.get_level_display()]


class IndicatorType(SearchType):
    key = "indicators"
    label = pgettext_lazy("search type", "Indicators")
    singular = pgettext_lazy("search result type", "Indicator")
    model = "commitments.Indicator"
    title = "name"
    texts = ("methodology",)
    plain = ("code",)
    ordering = ("code",)
    extra = ("kind", "status", "original_language")

    def url(self, obj):
        return _url("indicator_detail", obj.code)

    def meta(self, obj):
        return [obj.code, obj.get_kind_display(), obj.get_status_display()]


class GoodPracticeType(SearchType):
    key = "good_practices"
    label = pgettext_lazy("search type", "Good practices")
    singular = pgettext_lazy("search result type", "Good practice")
    model = "secretariat.GoodPractice"
    texts = ("summary", "description")
    ordering = ("-published_at", "pk")
    extra = ("slug", "original_language", "published_at")

    def public(self):
        return super().public().filter(status=GoodPracticeStatus.PUBLISHED)

    def url(self, obj):
        return _url("good_practice_detail", obj.slug)

    def meta(self, obj):
        return [_date(obj.published_at)]


class DocumentType(SearchType):
    """The secretariat's documents and those of published meetings, as one list."""

    key = "documents"
    label = pgettext_lazy("search type", "Documents")
    singular = pgettext_lazy("search result type", "Document")

    def _part(self, qs, q, language, **columns):
        """One side of the union: every column an annotation, in the same order."""
        texts = columns.pop("texts")
        qs = _vector_and_rank(qs, texts, q, language)
        empty = Value("", output_field=CharField())
        names = {
            "r_id": F("pk"),
            **{f"r_title_{c}": F(build_localized_fieldname("title", c)) for c in LANGUAGE_CODES},
            "r_text": columns.get("text", empty),
            "r_kind": F("kind"),
            "r_date": columns["date"],
            "r_parent": columns.get("parent", empty),
            "r_parent_slug": columns.get("parent_slug", empty),
            "r_source": Value(columns["source"], output_field=CharField()),
            "r_rank": F("rank"),
        }
        # rewrite(False): modeltranslation's values() would select the columns in a
        # set's order, and both sides of a union must list them in the same order.
        # Each side must also be unordered (the union itself is ordered).
        return qs.rewrite(False).annotate(**names).values(*names).order_by()

    def matching(self, q, language):
        title = build_localized_fieldname("title", language)
        summary = build_localized_fieldname("summary", language)
        Document = apps.get_model("secretariat.Document")
        MeetingDocument = apps.get_model("meetings.MeetingDocument")
        secretariat = self._part(
            Document.objects.filter(is_published=True),
            q,
            language,
            texts=[(title, "A"), (summary, "B")],
            text=F(summary),
            date=F("published_on"),
            source="secretariat",
        )
        meeting = self._part(
            MeetingDocument.objects.filter(meeting__is_published=True),
            q,
            language,
            texts=[(title, "A")],
            date=TruncDate("uploaded_at", output_field=DateField()),
            parent=F(build_localized_fieldname("meeting__title", language)),
            parent_slug=F("meeting__slug"),
            source="meeting",
        )
        return secretariat.union(meeting, all=True).order_by(
            *_ranked(("-r_date", "-r_id"), rank="r_rank"), "r_source"
        )

    def first(self, q, language, size=GROUP_SIZE):
        qs = self.matching(q, language)
        rows = list(qs[:size])
        total = len(rows) if len(rows) < size else qs.count()
        return Group(self, total, [self.hit(row, q, language) for row in rows])

    def hit(self, row, q, language):
        obj = SimpleNamespace(**{f"title_{c}": row[f"r_title_{c}"] for c in LANGUAGE_CODES})
        title = translated(obj, "title")
        if row["r_source"] == "secretariat":
            kind = SecretariatDocumentKind
            url = _url("secretariat_document", row["r_id"])
            meta = []
        else:
            kind = MeetingDocumentKind
            # Meeting documents are listed (and served) on their meeting's page.
            url = _url("meeting_detail", row["r_parent_slug"])
            meta = [row["r_parent"]]
        label = kind(row["r_kind"]).label if row["r_kind"] in kind.values else ""
        return Hit(
            title=title.text,
            title_language=title.language if title.is_fallback else "",
            url=url,
            excerpt=excerpt([row["r_text"]], q),
            meta=[m for m in [label, *meta, _date(row["r_date"])] if m],
        )


TYPES = [
    CommitmentType(),
    ProposalType(),
    MeetingType(),
    OrganisationType(),
    IndicatorType(),
    GoodPracticeType(),
    DocumentType(),
]
TYPES_BY_KEY = {t.key: t for t in TYPES}


def search_all(q, *, language=None):
    """Every type's first results and total for ``q``, in the current language."""
    language = language or current_language()
    return [kind.first(q, language) for kind in TYPES]


def search_one(q, kind, *, page=1, language=None):
    """One page of results of the type ``kind`` (a key of ``TYPES_BY_KEY``)."""
    language = language or current_language()
    return TYPES_BY_KEY[kind].page(q, language, page)
