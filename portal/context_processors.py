from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def portal(request):
    """Links to the current page in each language, for the language switcher."""
    path = request.get_full_path()
    query = ""
    if "?" in path:
        path, query = path.split("?", 1)
        query = "?" + query
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(path, code) + query,
            }
        )
    return {"language_links": links}
