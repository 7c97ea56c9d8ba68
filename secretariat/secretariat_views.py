"""Public pages of the technical secretariat and the joint work plan."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.csv_utils import csv_response
from portal.ratelimit import rate_limited
from portal.translation_utils import translated
from portal.uploads import attachment_response

from . import secretariat_selectors as selectors
from . import secretariat_services as services
from .secretariat_forms import WorkPlanFilterForm, WorkPlanNoteForm

EXPORT_COLUMNS = [
    "number",
    "action",
    "responsible",
    "co_owner",
    "due_date",
    "status",
    "overdue",
    "last_note_date",
    "last_note_text",
]


def _is_staff(user):
    return user.has_perm("portal.access_staff_tools")


def _visible_or_404(request, obj):
    """Unpublished documents and plans do not exist for anyone but the secretariat."""
    if obj is None or not (obj.is_published or _is_staff(request.user)):
        raise Http404
    return obj


def item_url(item):
    return reverse("work_plan_item", args=[item.work_plan.slug, item.pk])


# --- Secretariat ------------------------------------------------------------------------


def secretariat(request):
    structure = selectors.secretariat_seats()
    context = {
        "groups": structure.groups,
        "upcoming": structure.upcoming,
        "past": structure.past,
        "documents": selectors.documents_published(),
        "work_plans": list(selectors.work_plans_published()[:5]),
    }
    return render(request, "secretariat/secretariat.html", context)


def secretariat_document(request, pk):
    document = _visible_or_404(request, selectors.document_for_page(pk))
    return render(request, "secretariat/document_detail.html", {"document": document})


def secretariat_document_file(request, pk, language):
    document = _visible_or_404(request, selectors.document_for_page(pk))
    file = next((f for f in document.language_files if f.language == language), None)
    if file is None:
        raise Http404
    title = getattr(document, f"title_{language}", "") or translated(document, "title").text
    suffix = PurePath(file.file.name).suffix.lower() or ".pdf"
    name = f"{slugify(title)[:80] or 'document'}-{language}{suffix}"
    return attachment_response(file.file, name, private=not document.is_published)


# --- Work plan --------------------------------------------------------------------------


def work_plan(request):
    """The current work plan; a list when the secretariat has adopted several."""
    plans = list(selectors.work_plans_published())
    if len(plans) == 1:
        return redirect(plans[0])
    return render(request, "secretariat/work_plan_list.html", {"plans": plans})


def _plan_or_404(request, slug):
    return _visible_or_404(request, selectors.work_plan_for_page(slug))


def _filtered_items(request, plan, *, with_last_text=False):
    items = list(selectors.work_plan_items(plan, with_last_text=with_last_text))
    form = WorkPlanFilterForm(request.GET or None, countries=selectors.responsible_countries(items))
    filters = form.filters()
    return items, form, filters, filters.apply(items)


def work_plan_detail(request, slug):
    plan = _plan_or_404(request, slug)
    items, form, filters, selected = _filtered_items(request, plan)
    context = {
        "plan": plan,
        "form": form,
        "filters": filters,
        "summary": selectors.work_plan_summary(items),
        "groups": selectors.group_by_status(selected),
        "shown": len(selected),
        "query_string": request.GET.urlencode(),
        "today": timezone.localdate(),
    }
    return render(request, "secretariat/work_plan_detail.html", context)


def _render_item(request, item, form):
    return render(
        request,
        "secretariat/work_plan_item.html",
        {
            "item": item,
            "plan": item.work_plan,
            "notes": list(item.notes.all()),
            "changes": selectors.status_changes(item),
            "form": form,
        },
    )


@rate_limited("work_plan_note")
def work_plan_item(request, slug, pk):
    item = selectors.work_plan_item_for_page(slug, pk)
    if item is None:
        raise Http404
    _visible_or_404(request, item.work_plan)
    user = request.user
    can_post = user.is_authenticated and user.has_perm("secretariat.post_work_plan_note", item)
    if request.method != "POST":
        return _render_item(request, item, WorkPlanNoteForm(item=item) if can_post else None)
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_post:
        raise PermissionDenied
    form = WorkPlanNoteForm(request.POST, item=item)
    if form.is_valid():
        try:
            _note, created = services.work_plan_note_post(
                item=item,
                by=user,
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for name, messages_ in errors.items():
                form.add_error(name if name in form.fields else None, messages_)
        else:
            if created:
                messages.success(request, _("Your progress note was posted."))
            else:
                messages.info(request, _("This progress note was already posted."))
            return redirect(f"{item_url(item)}#notes")
    messages.error(request, _("The note was not posted. Correct the form below."))
    return _render_item(request, item, form)


def work_plan_export(request, slug):
    plan = _plan_or_404(request, slug)
    _items, _form, _filters, selected = _filtered_items(request, plan, with_last_text=True)
    rows = (
        [
            item.number,
            translated(item, "action").text,
            item.responsible_country.name if item.responsible_country else item.responsible_body,
            item.co_owner.name if item.co_owner else "",
            item.due_date.isoformat() if item.due_date else "",
            item.status,
            "yes" if item.is_overdue else "no",
            timezone.localdate(item.last_note_at).isoformat() if item.last_note_at else "",
            item.last_note_text or "",
        ]
        for item in selected
    )
    return csv_response(f"work-plan-{plan.slug}.csv", EXPORT_COLUMNS, rows)
