"""The site's own pages, composed from every app: the home page, the site search and robots.txt."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from config.selectors import key_figures, search_everything, spelling_suggestion
from cooperation.core.search import MAX_QUERY_LENGTH
from events.models import Event

HOME_EVENT_COUNT = 5


def home(request):
    """What the site is, the latest and upcoming published events, the key figures, and the ways in."""
    # Top-level events only: a ceremony's video presentation belongs on the ceremony's page.
    events = Event.objects.published().filter(parent=None).select_related("place")
    return render(
        request,
        "site/home.html",
        {
            "figures": key_figures(),
            "upcoming_events": events.upcoming()[:HOME_EVENT_COUNT],
            "latest_events": events.past()[:HOME_EVENT_COUNT],
        },
    )


def search(request):
    """Every kind of record whose names, other names, titles or descriptions match, spelling forgiven."""
    query = request.GET.get("q", "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        error = _("Search for at most %(count)d characters.") % {"count": MAX_QUERY_LENGTH}
        return render(
            request, "site/search.html", {"search_query": query[:MAX_QUERY_LENGTH], "error": error}, status=400
        )
    groups = search_everything(query) if query else []
    suggestion = spelling_suggestion(query) if query and not groups else None
    return render(request, "site/search.html", {"search_query": query, "groups": groups, "suggestion": suggestion})


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Everything public may be indexed; the admin and the API's paging are not pages."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
