"""The site's own pages, composed from every app: the home page, the site search, the bulk download
and robots.txt."""

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from config.selectors import key_figures, search_everything, spelling_suggestion
from cooperation.core import dump
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


def bulk_data(request):
    """The bulk download's page: what it holds, how fresh it is, and how to use it."""
    current = dump.current()
    feed_url = request.build_absolute_uri(reverse("api:changes"))
    if current is not None:
        feed_url = f"{feed_url}?since={current.changes_cursor}"
    return render(request, "site/data.html", {"dump": current, "feed_url": feed_url})


# Clients may keep the download a few minutes, then ask again with If-None-Match.
BULK_DATA_MAX_AGE = 300


@require_safe
def bulk_data_archive(request):
    """records.zip, as last built (never built while a request waits): with its ETag and the time it
    was built, for conditional requests; 503 until the first one is built."""
    current = dump.current()
    if current is None:
        return _not_built(request)
    last_modified = int(current.built_at.timestamp())
    not_modified = get_conditional_response(request, etag=current.etag, last_modified=last_modified)
    if not_modified is not None:
        return _described(not_modified, current, last_modified)
    try:
        archive = dump.storage().open(current.file_name, "rb")
    except FileNotFoundError:  # removed from the storage by hand: build it again
        return _not_built(request)
    response = FileResponse(archive, as_attachment=True, filename="records.zip", content_type="application/zip")
    return _described(response, current, last_modified)


def _not_built(request):
    """503 until a download is built (export_data runs every few minutes): the page says so."""
    response = render(request, "site/data.html", {"dump": None}, status=503)
    response["Retry-After"] = "600"
    return response


def _described(response, current, last_modified):
    """The download's validators and caching, on the file and on a 304 alike."""
    response["ETag"] = current.etag
    response["Last-Modified"] = http_date(last_modified)
    response["X-Data-Version"] = current.data_version.isoformat()
    patch_cache_control(response, public=True, max_age=BULK_DATA_MAX_AGE)
    return response


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
