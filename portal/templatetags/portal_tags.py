from django import template
from django.utils.http import urlencode

from portal.translation_utils import translated

register = template.Library()


@register.simple_tag
def trans_field(obj, field):
    """``{% trans_field org "description" as d %}``: text plus its language."""
    return translated(obj, field)


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced (for pagination)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def bar_chart(rows, title, chart_id, colour="#0b5394"):
    """``{% bar_chart rows title "id" %}`` with rows of (label, value)."""
    from portal.charts import bar_chart as render

    return render(rows, title=title, chart_id=chart_id, colour=colour)
