"""Committee briefings: their agendas, civil-society suggestions and reports.

Writes (keyword-only, with the acting user, one transaction each, notifications
queued through ``portal.services.notify``): planning a briefing, managing and
publishing its agenda, suggesting, endorsing and deciding topics, publishing the
report. Reads: the pieces of a briefing's page, each with its joins applied so the
page costs the same number of queries whatever the data size, and its calendar.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import PurePath
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.enums import Publication
from commitments.models import Commitment, ProgressUpdate
from portal.enums import CIVIL_SOCIETY_KINDS
from portal.models import Membership, User
from portal.rules import require_perm
from portal.selectors import civil_society_organisations
from portal.services import notify
from portal.translation_utils import translated
from portal.uploads import charge_upload_quota, validate_document

from . import ics
from .enums import AgendaSource, BriefingStatus, SuggestionStatus
from .models import (
    AgendaItem,
    AgendaSuggestion,
    Briefing,
    BriefingDocument,
    CsoRepresentative,
    SuggestionEndorsement,
)

# The time zones of the declaration's endorsing states, offered when planning a briefing.
REGION_TIME_ZONES = (
    "America/Argentina/Buenos_Aires",
    "America/Asuncion",
    "America/Barbados",
    "America/Belize",
    "America/Bogota",
    "America/Cancun",
    "America/Chicago",
    "America/Costa_Rica",
    "America/Denver",
    "America/Edmonton",
    "America/El_Salvador",
    "America/Guatemala",
    "America/Guayaquil",
    "America/Guyana",
    "America/Halifax",
    "America/Jamaica",
    "America/Lima",
    "America/Los_Angeles",
    "America/Manaus",
    "America/Mexico_City",
    "America/Montevideo",
    "America/New_York",
    "America/Panama",
    "America/Port-au-Prince",
    "America/Santiago",
    "America/Sao_Paulo",
    "America/St_Johns",
    "America/Tegucigalpa",
    "America/Tijuana",
    "America/Toronto",
    "America/Vancouver",
    "America/Winnipeg",
    "Pacific/Galapagos",
    "UTC",
)
DEFAULT_TIME_ZONE = "America/Bogota"
# Calendars need an end; briefings are planned as two-hour meetings.
BRIEFING_DURATION = timedelta(hours=2)
PRESENTED_UPDATES_SHOWN = 100
# Kinds of organisation whose members may suggest and endorse topics.
# Sources a coordinator may give an item; civil-society items come from suggestions.
MANUAL_SOURCES = (AgendaSource.COORDINATOR, AgendaSource.SECRETARIAT)

DECLINE_REASON_REQUIRED = gettext_lazy(
    "Give the reason for declining this topic: it is shown publicly with the suggestion."
)


def zone_choices():
    return [(name, name.replace("_", " ")) for name in REGION_TIME_ZONES]


def local_to_utc(day, time, zone_name):
    """The UTC moment of a local date and time in ``zone_name``."""
    local = datetime.combine(day, time).replace(tzinfo=ZoneInfo(zone_name))
    return local.astimezone(UTC)


def _zone(name):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def briefing_zone(briefing):
    """The briefing's time zone, or UTC when its name is not a known zone."""
    return _zone(briefing.time_zone) or ZoneInfo("UTC")


# --- Reads ------------------------------------------------------------------------------


def briefing_for_page(slug, pk):
    """The briefing ``pk`` of the committee ``slug`` (with committee and package), or None."""
    return (
        Briefing.objects.select_related("committee__action_package__pillar")
        .filter(committee__slug=slug, pk=pk)
        .first()
    )


def _public_commitments():
    return Commitment.objects.exclude(publication=Publication.DRAFT).order_by("pk")


def agenda_items(briefing):
    """The agenda in order, each item with its public commitments and its suggestion."""
    return list(
        briefing.agenda_items.select_related("suggestion__organisation")
        .prefetch_related(
            Prefetch("commitments", queryset=_public_commitments(), to_attr="public_commitments")
        )
        .order_by("order", "pk")
    )


def briefing_suggestions(briefing):
    """Suggestions, oldest first, with their organisation and endorsement count."""
    counted = (
        SuggestionEndorsement.objects.filter(suggestion=OuterRef("pk"))
        .order_by()
        .values("suggestion")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return list(
        briefing.suggestions.select_related("organisation")
        .annotate(
            endorsement_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
        )
        .order_by("created_at", "pk")
    )


def briefing_documents(briefing):
    return list(briefing.documents.order_by("pk"))


def presented_updates(briefing, items):
    """Published progress updates of the agenda's commitments, up to the briefing."""
    commitment_ids = {c.pk for item in items for c in item.public_commitments}
    if not commitment_ids:
        return []
    return list(
        ProgressUpdate.objects.filter(
            commitment_id__in=commitment_ids,
            published_at__isnull=False,
            published_at__lte=briefing.starts_at,
        )
        .select_related("commitment", "country")
        .order_by("commitment_id", "-published_at", "pk")[:PRESENTED_UPDATES_SHOWN]
    )


def agenda_commitment_choices(briefing):
    """Public commitments of the committee's action package, to link to agenda items."""
    return _public_commitments().filter(action_package_id=briefing.committee.action_package_id)


@dataclass
class Viewer:
    """What the person reading a briefing's page may do there (no per-row queries)."""

    can_manage: bool = False
    can_suggest: bool = False
    member_org_ids: set = field(default_factory=set)
    verified_orgs: list = field(default_factory=list)
    endorsed: set = field(default_factory=set)  # (suggestion id, organisation id)

    def decorate(self, suggestions):
        """Set ``can_decide``, ``endorse_options`` and ``endorsed_by_me`` on each."""
        for suggestion in suggestions:
            pending = suggestion.status == SuggestionStatus.PENDING
            suggestion.can_decide = self.can_manage and pending
            own = suggestion.organisation_id in self.member_org_ids
            may_endorse = pending and bool(self.verified_orgs) and not own
            suggestion.endorse_options = [
                org
                for org in self.verified_orgs
                if may_endorse and (suggestion.pk, org.pk) not in self.endorsed
            ]
            suggestion.endorsed_by_me = [
                org for org in self.verified_orgs if (suggestion.pk, org.pk) in self.endorsed
            ]
        return suggestions


def viewer_for(user, briefing):
    """The permissions of ``user`` on ``briefing``, in a fixed number of queries.

    Mirrors ``committees.suggest_topic`` and ``committees.endorse_suggestion`` so the
    page can show each suggestion's buttons without asking the rules per row.
    """
    if not (user and user.is_authenticated):
        return Viewer()
    memberships = list(
        Membership.objects.filter(user=user, accepted=True).select_related("organisation")
    )
    verified = sorted(
        (
            m.organisation
            for m in memberships
            if m.organisation.verified and m.organisation.kind in CIVIL_SOCIETY_KINDS
        ),
        key=lambda org: org.name,
    )
    endorsed = set()
    if verified:
        endorsed = set(
            SuggestionEndorsement.objects.filter(
                suggestion__briefing=briefing, organisation__in=verified
            ).values_list("suggestion_id", "organisation_id")
        )
    return Viewer(
        can_manage=user.has_perm("committees.manage_briefing", briefing),
        can_suggest=bool(verified) and timezone.now() <= briefing.agenda_deadline,
        member_org_ids={m.organisation_id for m in memberships},
        verified_orgs=verified,
        endorsed=endorsed,
    )


def is_held(briefing):
    return briefing.starts_at <= timezone.now()


def report_visible(briefing, user):
    """The report and its documents: public once published, to managers before."""
    return bool(briefing.report_published_at) or user.has_perm(
        "committees.manage_briefing", briefing
    )


# --- Calendar ---------------------------------------------------------------------------


def _uid_host():
    return urlsplit(settings.PORTAL_BASE_URL).hostname or "declaration-portal"


def briefing_event(briefing, *, stamp=None):
    """The calendar event of a briefing (page links in the active language)."""
    page = settings.PORTAL_BASE_URL + reverse(
        "briefing_detail", args=[briefing.committee.slug, briefing.pk]
    )
    title = translated(briefing, "title").text
    lines = [_("Agenda, suggestions and documents: %(url)s") % {"url": page}]
    if briefing.online_url:
        lines.append(_("Online: %(url)s") % {"url": briefing.online_url})
    return ics.Event(
        uid=f"briefing-{briefing.pk}@{_uid_host()}",
        start=briefing.starts_at,
        end=briefing.starts_at + BRIEFING_DURATION,
        stamp=stamp or timezone.now(),
        summary=f"{briefing.committee}: {title}",
        location=briefing.place or briefing.online_url,
        url=briefing.online_url or page,
        description="\n".join(lines),
    )


def briefing_calendar(briefings, *, name=""):
    stamp = timezone.now()
    return ics.calendar([briefing_event(b, stamp=stamp) for b in briefings], name=name)


# --- Writes -----------------------------------------------------------------------------


@transaction.atomic
def briefing_create(
    *,
    committee,
    by,
    title,
    language,
    starts_at,
    time_zone=DEFAULT_TIME_ZONE,
    place="",
    online_url="",
    agenda_deadline_days=30,
):
    """Plan a briefing; ``starts_at`` is an aware moment, stored in UTC."""
    require_perm(by, "committees.manage_briefing", committee)
    if not time_zone or _zone(time_zone) is None:
        raise ValidationError(_("Choose a time zone from the list."))
    if not (place.strip() or online_url.strip()):
        raise ValidationError(_("Give the place of the briefing, its online link, or both."))
    if timezone.is_naive(starts_at):
        raise ValidationError(_("The start time needs a time zone."))
    briefing = Briefing(
        committee=committee,
        starts_at=starts_at.astimezone(UTC),
        time_zone=time_zone,
        place=place.strip(),
        online_url=online_url.strip(),
        agenda_deadline_days=agenda_deadline_days,
        **{f"title_{language}": title.strip()},
    )
    briefing._history_user = by
    briefing.save()
    return briefing


def _check_commitments(briefing, commitments):
    allowed = set(agenda_commitment_choices(briefing).values_list("pk", flat=True))
    if any(c.pk not in allowed for c in commitments):
        raise ValidationError(
            _("Only public commitments of this committee's action package can be presented.")
        )


def _next_order(briefing):
    return (briefing.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1


def _renumber(items):
    # Saved one by one (an agenda has few items) so the public page cache is refreshed.
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])


def _locked_items(briefing):
    return list(briefing.agenda_items.select_for_update().order_by("order", "pk"))


@transaction.atomic
def agenda_item_add(
    *,
    briefing,
    by,
    title,
    language,
    description="",
    source=AgendaSource.COORDINATOR,
    commitments=(),
):
    """Add an item at the end of the agenda."""
    require_perm(by, "committees.manage_briefing", briefing)
    if source not in MANUAL_SOURCES:
        raise ValidationError(_("Civil-society items are added by accepting a suggestion."))
    _check_commitments(briefing, commitments)
    item = AgendaItem.objects.create(
        briefing=briefing,
        order=_next_order(briefing),
        source=source,
        **{f"title_{language}": title.strip(), f"description_{language}": description.strip()},
    )
    item.commitments.set(commitments)
    return item


@transaction.atomic
def agenda_item_update(*, item, by, title, language, description="", commitments=()):
    """Rewrite an item (its older translations go) and the commitments it presents."""
    require_perm(by, "committees.manage_briefing", item.briefing)
    _check_commitments(item.briefing, commitments)
    for code, _name in settings.LANGUAGES:
        setattr(item, f"title_{code}", title.strip() if code == language else "")
        setattr(item, f"description_{code}", description.strip() if code == language else "")
    item.save()
    item.commitments.set(commitments)
    return item


@transaction.atomic
def agenda_item_move(*, item, by, offset):
    """Move an item ``offset`` places (-1 up, +1 down); items are renumbered 1..n."""
    require_perm(by, "committees.manage_briefing", item.briefing)
    items = _locked_items(item.briefing)
    index = next((i for i, row in enumerate(items) if row.pk == item.pk), None)
    if index is None:
        return
    target = min(max(index + offset, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    _renumber(items)


@transaction.atomic
def agenda_reorder(*, briefing, by, positions):
    """Order the items by the numbers given (``{item id: number}``), ties kept stable."""
    require_perm(by, "committees.manage_briefing", briefing)
    items = _locked_items(briefing)
    ranked = sorted(
        enumerate(items), key=lambda pair: (positions.get(pair[1].pk, pair[1].order), pair[0])
    )
    _renumber([item for _index, item in ranked])


@transaction.atomic
def agenda_item_remove(*, item, by):
    """Remove an item; a suggestion it came from awaits a decision again."""
    briefing = item.briefing
    require_perm(by, "committees.manage_briefing", briefing)
    if item.suggestion_id:
        AgendaSuggestion.objects.filter(pk=item.suggestion_id).update(
            status=SuggestionStatus.PENDING, decided_by=None, decided_at=None, decision_reason=""
        )
    item.delete()
    _renumber(_locked_items(briefing))


@transaction.atomic
def briefing_publish_agenda(*, briefing, by):
    """Publish the agenda once; the representative, suggesters and followers are told.

    Returns ``(briefing, published)``: publishing again changes nothing and sends
    nothing.
    """
    require_perm(by, "committees.manage_briefing", briefing)
    locked = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if locked.agenda_published_at is not None:
        return locked, False
    if not locked.agenda_items.exists():
        raise ValidationError(_("Add at least one item before publishing the agenda."))
    locked.agenda_published_at = timezone.now()
    if locked.status == BriefingStatus.PLANNED:
        locked.status = BriefingStatus.AGENDA_PUBLISHED
    locked._history_user = by
    locked.save(update_fields=["agenda_published_at", "status"])
    locked.committee = briefing.committee
    _announce_agenda(locked)
    return locked, True


def agenda_audience(briefing):
    """The current CSO representative, the people who suggested topics, the followers."""
    committee = briefing.committee
    representative_ids = CsoRepresentative.objects.filter(
        committee=committee, is_current=True
    ).values("user_id")
    suggester_ids = briefing.suggestions.filter(author__isnull=False).values("author_id")
    follower_ids = committee.followers.values("pk")
    # Subqueries rather than joins, so nobody is listed twice.
    return User.objects.filter(
        Q(pk__in=representative_ids) | Q(pk__in=suggester_ids) | Q(pk__in=follower_ids),
        is_active=True,
    ).order_by("pk")


def _announce_agenda(briefing):
    items = agenda_items(briefing)
    context = {
        "briefing": briefing,
        "committee": briefing.committee,
        "items": items,
        "time_zone": briefing_zone(briefing).key,
    }
    for person in agenda_audience(briefing):
        notify(
            recipient=person,
            reason="agenda_published",
            target=briefing,
            template="agenda_published",
            context=context,
            url_name="briefing_detail",
            url_args=[briefing.committee.slug, briefing.pk],
        )


@transaction.atomic
def suggestion_create(*, briefing, organisation, by, title, rationale):
    """Suggest a topic on behalf of a verified organisation, until the agenda deadline.

    Returns ``(suggestion, created)``: the same organisation suggesting the same
    title again (a double submit) finds the first suggestion.
    """
    require_perm(by, "committees.suggest_topic", briefing)
    if not civil_society_organisations(by).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    title = title.strip()
    try:
        with transaction.atomic():
            suggestion = AgendaSuggestion.objects.create(
                briefing=briefing,
                organisation=organisation,
                author=by,
                title=title,
                rationale=rationale.strip(),
            )
    except IntegrityError:
        existing = AgendaSuggestion.objects.get(
            briefing=briefing, organisation=organisation, title=title
        )
        return existing, False
    return suggestion, True


@transaction.atomic
def suggestion_endorse(*, suggestion, organisation, by):
    """Endorse another organisation's pending suggestion, once per organisation.

    Returns ``(endorsement, created)``; a second endorsement by the same
    organisation (another member, or a double submit) changes nothing.
    """
    require_perm(by, "committees.endorse_suggestion", suggestion)
    if organisation.pk == suggestion.organisation_id:
        raise PermissionDenied
    if not civil_society_organisations(by).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    try:
        with transaction.atomic():
            endorsement = SuggestionEndorsement.objects.create(
                suggestion=suggestion, organisation=organisation, user=by
            )
    except IntegrityError:
        existing = SuggestionEndorsement.objects.get(
            suggestion=suggestion, organisation=organisation
        )
        return existing, False
    return endorsement, True


@transaction.atomic
def suggestion_decide(*, suggestion, by, accept, reason=""):
    """Accept a suggestion into the agenda, or decline it with a public reason.

    Accepting adds an agenda item (source: civil-society suggestion) at the end.
    The person who suggested it is told either way.
    """
    locked = AgendaSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    locked.briefing = suggestion.briefing
    require_perm(by, "committees.decide_suggestion", locked)
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError(DECLINE_REASON_REQUIRED)
    locked.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.DECLINED
    locked.decision_reason = reason
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    briefing = locked.briefing
    if accept:
        language = locked.author.preferred_language if locked.author_id else settings.LANGUAGE_CODE
        AgendaItem.objects.create(
            briefing=briefing,
            order=_next_order(briefing),
            source=AgendaSource.CSO_SUGGESTION,
            suggestion=locked,
            **{f"title_{language}": locked.title, f"description_{language}": locked.rationale},
        )
    if locked.author_id and locked.author.is_active:
        notify(
            recipient=locked.author,
            reason=f"suggestion_{locked.status}",
            target=locked,
            template="suggestion_decided",
            context={
                "suggestion": locked,
                "briefing": briefing,
                "committee": briefing.committee,
                "accepted": accept,
            },
            url_name="briefing_detail",
            url_args=[briefing.committee.slug, briefing.pk],
        )
    return locked


@transaction.atomic
def briefing_publish_report(*, briefing, by, text, language, files=()):
    """Publish (or extend) the report after the briefing: text in one language, files.

    Writing in another language adds that translation; writing in a language that
    already has a text replaces it. Every file is checked before anything is saved.
    """
    require_perm(by, "committees.manage_briefing", briefing)
    if not is_held(briefing):
        raise ValidationError(_("The report can be published once the briefing has taken place."))
    for upload in files:
        validate_document(upload)
    charge_upload_quota(by, files)
    text = text.strip()
    if text:
        setattr(briefing, f"report_{language}", text)
    if not any(getattr(briefing, f"report_{code}") for code, _n in settings.LANGUAGES):
        raise ValidationError(_("Write the report before publishing it."))
    briefing.report_published_at = briefing.report_published_at or timezone.now()
    briefing.status = BriefingStatus.REPORT_PUBLISHED
    briefing._history_user = by
    briefing.save()
    documents = []
    for upload in files:
        title = PurePath(upload.name).stem.replace("_", " ").strip()[:200] or _("Document")
        documents.append(
            BriefingDocument.objects.create(
                briefing=briefing, title=title, language=language, file=upload
            )
        )
    return briefing, documents


# --- Dashboard reads --------------------------------------------------------------------


def coordinated_briefings(user, *, now=None, horizon_days=30):
    """Upcoming briefings of committees ``user`` coordinates whose agenda is due soon.

    Unpublished agendas whose deadline is within ``horizon_days`` (or already past,
    while the briefing has not started).
    """
    now = now or timezone.now()
    briefings = Briefing.objects.filter(
        committee__coordinators__user=user,
        committee__coordinators__active=True,
        agenda_published_at__isnull=True,
        starts_at__gt=now,
    ).select_related("committee")
    limit = now + timedelta(days=horizon_days)
    return [b for b in briefings.order_by("starts_at", "pk") if b.agenda_deadline <= limit]


def pending_suggestions_by_briefing(user):
    """Briefings of committees ``user`` coordinates with suggestions awaiting a decision."""
    return (
        Briefing.objects.filter(
            committee__coordinators__user=user,
            committee__coordinators__active=True,
            suggestions__status=SuggestionStatus.PENDING,
        )
        .select_related("committee")
        .annotate(pending=Count("suggestions", distinct=True))
        .order_by("starts_at", "pk")
    )


def represented_upcoming_briefings(user, *, now=None):
    """Upcoming briefings of the committees where ``user`` is the CSO representative."""
    now = now or timezone.now()
    return (
        Briefing.objects.filter(
            committee__representatives__user=user,
            committee__representatives__is_current=True,
            starts_at__gt=now,
        )
        .select_related("committee")
        .order_by("starts_at", "pk")
    )
