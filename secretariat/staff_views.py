"""The secretariat's staff tools (under ``staff/``, so two-factor login is required),
the flag form signed-in people use, and the public glossary."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.enums import VerificationStatus
from portal.forms import add_service_errors
from portal.models import Organisation
from portal.ratelimit import rate_limited
from portal.translation_utils import translated

from . import moderation, staff_selectors, staff_services, translation_board
from .models import GlossaryTerm
from .staff_forms import (
    FlagForm,
    GlossaryTermForm,
    ModerationAction,
    ModerationDecisionForm,
    TranslationForm,
    VerificationDecisionForm,
)

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def staff_perm(perm):
    """Signed-in people holding ``perm``; others get 403, anonymous people the login page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


# --- Home -------------------------------------------------------------------------------


@staff_perm("portal.access_staff_tools")
def staff_home(request):
    board = staff_selectors.overdue_board()
    context = {
        "verification_count": staff_selectors.pending_verification_count(),
        "flag_count": staff_selectors.open_flag_object_count(),
        "overdue_count": staff_selectors.overdue_total(board),
        "translation_gap_count": translation_board.total_gaps(),
        "glossary_count": GlossaryTerm.objects.count(),
    }
    return render(request, "secretariat/staff_home.html", context)


# --- Verification -----------------------------------------------------------------------


QUEUE_STATUSES = [
    (value, label)
    for value, label in VerificationStatus.choices
    if value != VerificationStatus.VERIFIED
]


def _verification_form(organisation, data=None):
    return VerificationDecisionForm(data, auto_id=f"id_org{organisation.pk}_%s")


def _render_verification_queue(request, *, failed=None, status=200):
    current = request.GET.get("status", "")
    if current not in dict(QUEUE_STATUSES):
        current = ""
    page = Paginator(staff_selectors.verification_queue(current), 25).get_page(
        request.GET.get("page")
    )
    for organisation in page.object_list:
        if failed is not None and failed[0] == organisation.pk:
            organisation.decision_form = failed[1]
        else:
            organisation.decision_form = _verification_form(organisation)
    context = {
        "page": page,
        "statuses": QUEUE_STATUSES,
        "current_status": current,
    }
    return render(request, "secretariat/staff_verification_queue.html", context, status=status)


@staff_perm("portal.verify_organisation")
def staff_verification_queue(request):
    return _render_verification_queue(request)


@require_POST
@staff_perm("portal.verify_organisation")
def staff_verification_decide(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    form = _verification_form(organisation, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            staff_services.organisation_verification_decide(
                organisation=organisation,
                by=request.user,
                decision=data["decision"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                {
                    "approve": _("%(name)s is now verified; its administrators were told."),
                    "reject": _("%(name)s was not verified; its administrators got the reason."),
                    "request_info": _(
                        "The administrators of %(name)s were asked for more information."
                    ),
                }[data["decision"]]
                % {"name": organisation.name},
            )
            return redirect("staff_verification_queue")
    messages.error(request, _("The decision was not recorded. Correct the form below."))
    return _render_verification_queue(request, failed=(organisation.pk, form), status=400)


# --- Flags and moderation ---------------------------------------------------------------


@login_required
@rate_limited("flag")
def flag_create(request, kind, pk):
    target = moderation.flaggable(kind, pk)
    if target is None:
        raise Http404
    if not request.user.has_perm("secretariat.flag_content", target):
        raise PermissionDenied
    flag_kind = moderation.KINDS[kind]
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            staff_services.content_flag(
                target=target,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you, the secretariat will review it."))
            return redirect(flag_kind.url(target))
    context = {
        "form": form,
        "kind": flag_kind,
        "target": target,
        "excerpt": flag_kind.excerpt(target),
        "target_url": flag_kind.url(target),
    }
    return render(request, "secretariat/flag_form.html", context)


@staff_perm("secretariat.moderate")
def staff_moderation_queue(request):
    context = {
        "groups": staff_selectors.moderation_queue(),
        "open_count": staff_selectors.open_flag_object_count(),
        "hidden": staff_selectors.hidden_content(),
    }
    return render(request, "secretariat/staff_moderation_queue.html", context)


@require_POST
@staff_perm("secretariat.moderate")
def staff_moderation_decide(request, kind, pk):
    flag_kind = moderation.KINDS.get(kind)
    if flag_kind is None:
        raise Http404
    target = get_object_or_404(flag_kind.model, pk=pk)
    form = ModerationDecisionForm(request.POST)
    queue = reverse("staff_moderation_queue")
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors))
        return redirect(f"{queue}#{kind}-{pk}")
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        if action == ModerationAction.DISMISS:
            staff_services.moderation_dismiss(target=target, by=request.user)
            messages.success(request, _("The flags were dismissed; the content stays visible."))
        elif action == ModerationAction.HIDE:
            staff_services.moderation_hide(target=target, by=request.user, reason=reason)
            messages.success(
                request, _("The content is hidden from public pages; its author's side was told.")
            )
        else:
            staff_services.moderation_unhide(target=target, by=request.user)
            messages.success(request, _("The content is visible again."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(queue)


# --- Overdue board ----------------------------------------------------------------------


@staff_perm("portal.access_staff_tools")
def staff_overdue(request):
    now = timezone.now()
    board = staff_selectors.overdue_board(timezone.localdate(now), now=now)
    return render(
        request,
        "secretariat/staff_overdue.html",
        {"board": board, "total": staff_selectors.overdue_total(board), "now": now},
    )


# --- Translations -----------------------------------------------------------------------


def _entry_and_language(model, language):
    entry = translation_board.entry_for(model)
    if entry is None or language not in LANGUAGE_NAMES:
        raise Http404
    return entry


@staff_perm("secretariat.manage_translations")
def staff_translations(request):
    rows = translation_board.gap_counts()
    return render(
        request,
        "secretariat/staff_translations.html",
        {
            "rows": rows,
            "languages": list(settings.LANGUAGES),
            "total": sum(row["total"] for row in rows),
        },
    )


@staff_perm("secretariat.manage_translations")
def staff_translation_gaps(request, model, language):
    entry = _entry_and_language(model, language)
    page = Paginator(translation_board.objects_lacking(entry, language), 50).get_page(
        request.GET.get("page")
    )
    for obj in page.object_list:
        obj.missing = [
            entry.field_label(name)
            for name in translation_board.missing_fields(entry, obj, language)
        ]
    return render(
        request,
        "secretariat/staff_translation_gaps.html",
        {
            "entry": entry,
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "page": page,
        },
    )


def _page_url(obj):
    """The object's public page, when it has one (some pages may not exist yet)."""
    try:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
    except NoReverseMatch:
        return None


@staff_perm("secretariat.manage_translations")
def staff_translation_edit(request, model, pk, language):
    entry = _entry_and_language(model, language)
    obj = get_object_or_404(entry.model, pk=pk)
    source, rows = translation_board.field_rows(entry, obj, language)
    form = TranslationForm(request.POST or None, rows=rows, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            staff_services.translation_fill(
                obj=obj, by=request.user, language=language, values=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The %(language)s version was saved.") % {"language": LANGUAGE_NAMES[language]},
            )
            return redirect("staff_translation_gaps", model=entry.key, language=language)
    for row in rows:
        row["field"] = form[row["name"]]
    source_texts = [
        other["text"] for row in rows for other in row["others"] if other["code"] == source
    ]
    return render(
        request,
        "secretariat/staff_translation_edit.html",
        {
            "entry": entry,
            "object": obj,
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "source": source,
            "source_name": LANGUAGE_NAMES[source],
            "rows": rows,
            "form": form,
            "glossary": translation_board.glossary_beside(source_texts, source, language),
            "object_url": _page_url(obj),
        },
    )


# --- Glossary ---------------------------------------------------------------------------


def _current_language():
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return current if current in LANGUAGE_NAMES else settings.LANGUAGE_CODE


def glossary(request):
    """Every term in the six languages, the reader's language first."""
    current = _current_language()
    languages = [(current, LANGUAGE_NAMES[current])] + [
        (code, name) for code, name in settings.LANGUAGES if code != current
    ]
    terms = []
    for term in GlossaryTerm.objects.order_by("slug"):
        terms.append(
            {
                "term": term,
                "cells": [(code, getattr(term, f"term_{code}") or "") for code, _n in languages],
                "definition": translated(term, "definition"),
            }
        )
    terms.sort(key=lambda row: (row["cells"][0][1] or row["term"].term_en or "").casefold())
    return render(request, "secretariat/glossary.html", {"terms": terms, "languages": languages})


@staff_perm("secretariat.manage_glossary")
def staff_glossary(request):
    terms = GlossaryTerm.objects.select_related("updated_by").order_by("slug")
    return render(
        request,
        "secretariat/staff_glossary.html",
        {"terms": terms, "languages": list(settings.LANGUAGES)},
    )


def _glossary_form_page(request, *, term):
    creating = term is None
    initial = {}
    if term is not None:
        for code, _name in settings.LANGUAGES:
            initial[f"term_{code}"] = getattr(term, f"term_{code}") or ""
            initial[f"definition_{code}"] = getattr(term, f"definition_{code}") or ""
    form = GlossaryTermForm(request.POST or None, initial=initial, creating=creating)
    if request.method == "POST" and form.is_valid():
        try:
            saved = staff_services.glossary_term_save(
                by=request.user,
                term=term,
                slug=form.cleaned_data.get("slug", ""),
                values=form.values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The term “%(term)s” was saved.") % {"term": saved.term_en})
            return redirect("staff_glossary")
    fields = [
        (code, name, form[f"term_{code}"], form[f"definition_{code}"])
        for code, name in settings.LANGUAGES
    ]
    return render(
        request,
        "secretariat/staff_glossary_form.html",
        {"form": form, "term": term, "creating": creating, "fields": fields},
    )


@staff_perm("secretariat.manage_glossary")
def staff_glossary_new(request):
    return _glossary_form_page(request, term=None)


@staff_perm("secretariat.manage_glossary")
def staff_glossary_edit(request, slug):
    return _glossary_form_page(request, term=get_object_or_404(GlossaryTerm, slug=slug))
