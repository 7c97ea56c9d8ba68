"""The site-wide search page (``/<lang>/search/?q=…&type=…``)."""

from django import forms
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from . import search


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the portal"),
        required=False,
        max_length=search.MAX_LENGTH,
        error_messages={
            "max_length": _(
                "Your search is too long: use at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
    )
    type = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All types of content"))] + [(t.key, t.label) for t in search.TYPES],
    )

    def clean_q(self):
        return search.normalise_query(self.cleaned_data["q"])


@require_safe
def search_page(request):
    form = SearchForm(request.GET or None)
    language = search.current_language()
    context = {
        "form": form,
        "language_name": get_language_info(language)["name_translated"],
        "min_length": search.MIN_LENGTH,
        "max_length": search.MAX_LENGTH,
        "web_syntax": search.uses_full_text(),
    }
    if form.is_valid():
        q = form.cleaned_data["q"]
        key = form.cleaned_data["type"]
        context.update(q=q, kind=search.TYPES_BY_KEY.get(key))
        if len(q) < search.MIN_LENGTH:
            context["too_short"] = bool(q)
        elif key:
            page = search.search_one(q, key, page=request.GET.get("page"))
            group = search.Group(context["kind"], page.paginator.count, page.object_list)
            context.update(
                page=page, sections=[group], total=group.total, all_url="?" + urlencode({"q": q})
            )
        else:
            groups = search.search_all(q)
            for group in groups:
                group.more_url = "?" + urlencode({"q": q, "type": group.key})
            context.update(sections=groups, total=sum(g.total for g in groups))
    return render(request, "portal/search.html", context)
