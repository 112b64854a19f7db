"""What every page template needs to point at itself: its canonical address and its address in each
of the site's languages (for the language switcher and the hreflang links)."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

# Open Graph names a locale with its territory.
OPEN_GRAPH_LOCALES = {"en": "en_GB", "az": "az_AZ", "ar": "ar_AR", "ru": "ru_RU"}


def page_languages(request):
    """`url` keeps the query (the switcher leads to the same filtered list); `absolute_url`, for the
    hreflang links, is canonical like `canonical_url`: a filtered or paged list is the same page to
    search engines."""
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(request.get_full_path(), code),
                "absolute_url": request.build_absolute_uri(translate_url(request.path, code)),
            }
        )
    return {
        "page_languages": languages,
        "canonical_url": request.build_absolute_uri(request.path),
        "open_graph_locale": OPEN_GRAPH_LOCALES.get(get_language(), "en_GB"),
    }
