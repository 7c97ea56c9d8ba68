"""Reads of the registration calls' pages: lists, the published method and its history.

Every function here runs a fixed number of queries whatever the number of calls,
criteria, quotas or history records, so the public pages stay cheap.
"""

from django.conf import settings
from django.db.models import Count, Min, Prefetch, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.models import Country, Membership

from .enums import ApplicationStatus, QuotaGroup
from .models import Application, Criterion, Question, Quota, RegistrationCall

ACTIVE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# The call's fields that make up its published method; other fields (selection
# run, results, cut-off) change later by design and are not edits of the method.
CALL_METHOD_FIELDS = (
    "kind",
    "introduction",
    "opens_at",
    "closes_at",
    "review_deadline",
    "seats",
    "seats_per_organisation",
    "waitlist_size",
    "require_verified",
    "min_reviews",
    "data_policy",
    "published_at",
)
TRANSLATED_FIELDS = {"introduction", "data_policy", "text", "help_text", "name", "guide"}
CRITERION_FIELDS = ("name", "guide", "weight", "position")
QUESTION_FIELDS = ("text", "help_text", "required", "max_length", "position")
QUOTA_FIELDS = ("group", "target")


# --- Lists -------------------------------------------------------------------------------


def _with_counts(queryset):
    return queryset.annotate(
        submitted_count=Count(
            "applications",
            filter=Q(applications__status=ApplicationStatus.SUBMITTED),
            distinct=True,
        ),
        first_application_at=Min("applications__created_at"),
    )


def calls_public():
    """Published calls with their meeting and counts: (open and upcoming, closed)."""
    now = timezone.now()
    calls = list(
        _with_counts(
            RegistrationCall.objects.filter(published_at__isnull=False).select_related(
                "meeting__host_country"
            )
        ).order_by("closes_at", "pk")
    )
    current = [call for call in calls if call.closes_at > now]
    # Open calls first (soonest deadline first), then those still to open.
    current.sort(
        key=lambda call: (
            call.opens_at > now,
            call.opens_at if call.opens_at > now else call.closes_at,
        )
    )
    closed = sorted(
        (call for call in calls if call.closes_at <= now), key=lambda c: c.closes_at, reverse=True
    )
    return current, closed


def call_status(call, now=None):
    """A short code for where the call stands: upcoming, open, closed or results."""
    now = now or timezone.now()
    if call.published_at is None:
        return "unpublished"
    if now < call.opens_at:
        return "upcoming"
    if now < call.closes_at:
        return "open"
    if call.results_published_at:
        return "results"
    return "closed"


def call_for_page(pk):
    """The call with everything its public page shows, or None."""
    return (
        _with_counts(RegistrationCall.objects.select_related("meeting__host_country"))
        .prefetch_related(
            Prefetch("eligible_countries", queryset=Country.objects.order_by("name")),
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk")),
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk")),
            Prefetch("quotas", queryset=Quota.objects.order_by("pk")),
        )
        .filter(pk=pk)
        .first()
    )


def criteria_with_shares(call):
    """The call's criteria with each weight as a percentage of the total (expects prefetch)."""
    criteria = list(call.criteria.all())
    total = sum(criterion.weight for criterion in criteria)
    for criterion in criteria:
        criterion.share = round(100 * criterion.weight / total) if total else 0
    return criteria, total


def has_host_country_national_quota(call):
    return any(q.group == QuotaGroup.HOST_COUNTRY_NATIONAL for q in call.quotas.all())


# --- History of the method -------------------------------------------------------------


def _label(model, name):
    """A field's label; a translated column gets its language: “Scoring guide (es)”."""
    base, language = name, ""
    for code in LANGUAGE_CODES:
        if name.endswith(f"_{code}") and name[: -len(code) - 1] in TRANSLATED_FIELDS:
            base, language = name[: -len(code) - 1], code
            break
    label = capfirst(str(model._meta.get_field(base).verbose_name))
    return f"{label} ({language})" if language else label


def _columns(fields):
    """The stored columns of ``fields``: translated ones by language only."""
    columns = []
    for name in fields:
        if name in TRANSLATED_FIELDS:
            columns += [f"{name}_{code}" for code in LANGUAGE_CODES]
        else:
            columns.append(name)
    return columns


def _changed(model, newer, older, fields):
    return [
        _label(model, column)
        for column in _columns(fields)
        if getattr(newer, column) != getattr(older, column)
    ]


def _who(record, show_names):
    if not show_names or record.history_user is None:
        return ""
    return record.history_user.get_full_name()


def _call_entries(call, show_names):
    records = list(
        call.history.select_related("history_user").order_by("history_date", "history_id")
    )
    through = RegistrationCall.history.model._meta.get_field(
        "historicalregistrationcall_eligible_countries"
    ).related_model
    countries = {}
    rows = through.objects.filter(history__in=[r.history_id for r in records]).select_related(
        "country"
    )
    for row in rows:
        countries.setdefault(row.history_id, set()).add(row.country.name)
    entries, previous = [], None
    for record in records:
        changes = []
        if previous is None:
            changes.append(_("Call created"))
        else:
            fields = _changed(RegistrationCall, record, previous, CALL_METHOD_FIELDS)
            if previous.published_at is None and record.published_at is not None:
                fields.remove(_label(RegistrationCall, "published_at"))
                changes.append(_("Method published"))
            if fields:
                changes.append(_("Changed: %(fields)s") % {"fields": ", ".join(fields)})
            before = countries.get(previous.history_id, set())
            after = countries.get(record.history_id, set())
            if before != after:
                changes.append(
                    _("Eligible countries: %(countries)s")
                    % {"countries": ", ".join(sorted(after)) or _("all endorsing countries")}
                )
        previous = record
        if changes:
            entries.append(
                {"date": record.history_date, "changes": changes, "who": _who(record, show_names)}
            )
    return entries


def _child_entries(model, records, fields, describe, show_names):
    """Entries for a call's criteria, questions or quotas: added, changed, removed."""
    entries, last = [], {}
    for record in records:
        name = describe(record)
        if record.history_type == "+":
            text = _("%(kind)s added: %(name)s") % {
                "kind": capfirst(str(model._meta.verbose_name)),
                "name": name,
            }
        elif record.history_type == "-":
            text = _("%(kind)s removed: %(name)s") % {
                "kind": capfirst(str(model._meta.verbose_name)),
                "name": name,
            }
        else:
            previous = last.get(record.id)
            changed = _changed(model, record, previous, fields) if previous else []
            if previous is not None and not changed:
                last[record.id] = record
                continue
            text = _("%(kind)s changed: %(name)s (%(fields)s)") % {
                "kind": capfirst(str(model._meta.verbose_name)),
                "name": name,
                "fields": ", ".join(changed) or pgettext("history", "details"),
            }
        last[record.id] = record
        entries.append(
            {"date": record.history_date, "changes": [text], "who": _who(record, show_names)}
        )
    return entries


def call_method_history(call, *, show_names=False):
    """Every recorded edit of the call's method, oldest first, as the reader may see it.

    Lists when the call was created and published and what changed in it, its
    criteria, questions and quotas. Staff see who made each edit; others do not.
    Runs five queries.
    """

    def history_of(model):
        return (
            model.history.filter(call_id=call.pk)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )

    entries = _call_entries(call, show_names)
    entries += _child_entries(
        Criterion,
        history_of(Criterion),
        CRITERION_FIELDS,
        lambda r: _("“%(name)s” (weight %(weight)s)") % {"name": r.name, "weight": r.weight},
        show_names,
    )
    entries += _child_entries(
        Question, history_of(Question), QUESTION_FIELDS, lambda r: f"“{r.text}”", show_names
    )
    entries += _child_entries(
        Quota,
        history_of(Quota),
        QUOTA_FIELDS,
        lambda r: (
            f"{QuotaGroup(r.group).label if r.group in QuotaGroup.values else r.group} ≥ {r.target}"
        ),
        show_names,
    )
    entries.sort(key=lambda entry: entry["date"])
    return entries


# --- Applications ----------------------------------------------------------------------


def user_organisation_ids(user):
    """Ids of the organisations ``user`` is an accepted member of."""
    if not (user and user.is_authenticated):
        return []
    return list(
        Membership.objects.filter(user=user, accepted=True)
        .order_by()
        .values_list("organisation_id", flat=True)
    )


def active_application_of(call, organisation_ids):
    """The first active application of one of ``organisation_ids`` to ``call``, or None."""
    if not organisation_ids:
        return None
    return (
        Application.objects.filter(
            call=call, organisation_id__in=organisation_ids, status__in=ACTIVE_STATUSES
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )


def application_for_page(pk):
    """The application with its call, meeting, participants and attachments, or None."""
    return (
        Application.objects.select_related("call__meeting", "organisation")
        .prefetch_related("participants", "attachments", "call__questions")
        .filter(pk=pk)
        .first()
    )


def applications_of_user(user):
    """Every application of ``user``'s organisations, newest call first."""
    return (
        Application.objects.filter(
            organisation__memberships__user=user, organisation__memberships__accepted=True
        )
        .select_related("call__meeting", "organisation")
        .order_by("-call__closes_at", "organisation__name", "-pk")
        .distinct()
    )
