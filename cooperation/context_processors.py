"""What every page template needs to point at itself: its canonical address and its address in each
of the site's languages (for the language switcher and the hreflang links)."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def page_languages(request):
    path = request.get_full_path()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        url = translate_url(path, code)
        languages.append(
            {
                "code": code,
                "name": info["name_local"],
                "bidi": info["bidi"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
            }
        )
    return {
        "page_languages": languages,
        # The address without its query: a filtered or paged list is the same page to search engines.
        "canonical_url": request.build_absolute_uri(request.path),
    }
