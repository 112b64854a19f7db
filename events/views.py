"""Public pages of events."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cooperation.core.web.cache import versioned
from cooperation.core.web.listing import filtered_list
from cooperation.core.web.preview import previewable
from events.filters import EventFilterSet
from events.jsonld import event_json_ld
from events.models import Event
from events.selectors import event_facets, event_page, tallied, tallied_total
from events.timeline import MARKS_PER_COLUMN, timeline

PAGE_SIZE = 20


# The filters the list's form offers, each with the counts of its values: (name, label, "any" option).
FILTERS = [
    ("year", _("Year"), _("Any year")),
    ("kind", _("Kind"), _("Any kind")),
    ("status", _("Status"), _("Any status")),
    ("country", _("Country"), _("Any country")),
    ("organisation", _("Organisation"), _("Any organisation")),
    ("person", _("Person"), _("Anyone")),
    ("initiative", _("Initiative"), _("Any initiative")),
]


def event_list(request):
    """Events, newest first, filtered and searched as the URL says (the API's filters), with counts."""
    listing = filtered_list(
        request,
        filterset_class=EventFilterSet,
        queryset=Event.objects.published().select_related("place").newest_first("title"),
        page_size=PAGE_SIZE,
        known_total=tallied_total,
    )
    # Counted once per data version and filter query (costly whoever asks); past a bound, from a sample;
    # by year, kind and status from the tally when the filters are only those.
    parts = sorted(f"{name}={value}" for name, value in request.GET.lists() if name not in ("page", "cursor"))
    tallies = tallied(listing.filterset)
    facets = versioned(
        request, "event-facets", parts, lambda: event_facets(listing.records, listing.page.total, tallies)
    )
    filters = [
        {"name": name, "label": label, "any": any_label, "options": facets[name], "selected": request.GET.get(name, "")}
        for name, label, any_label in FILTERS
    ]
    # The page's filters only: another parameter in the page's address (utm_source=...) the API would refuse.
    filters_query = urlencode(
        [(name, value) for name, value in request.GET.items() if name in EventFilterSet.base_filters]
    )
    calendar = calendar_address(filters_query)
    context = {
        **listing.context(),
        "filters": filters,
        "calendar": calendar,
        "subscribe": subscribe_address(request, calendar),
    }
    return render(request, "events/event_list.html", context, status=listing.status)


def calendar_address(query=""):
    """The iCalendar of the events the query selects, in the page's language."""
    parts = [query] if query else []
    parts.append("format=ics")
    if get_language() != settings.LANGUAGE_CODE:
        parts.append(f"lang={get_language()}")
    return f"{reverse('api:event-list')}?{'&'.join(parts)}"


def subscribe_address(request, calendar):
    """The calendar as a `webcal:` address: a calendar application subscribes to it and keeps it current."""
    return f"webcal://{request.get_host()}{calendar}"


# The timeline begins when Azerbaijan joined ICESCO.
TIMELINE_FIRST_YEAR = 1991


def timeline_page(request):
    """The cooperation from 1991 to the newest event, drawn; each mark links to its event. `?year=`
    shows one year month by month."""
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 9999 and len(raw) <= 4 else None
    if raw and year is None:
        error = _("Give the year as a number of up to four digits, such as 2025.")
        return render(request, "events/timeline.html", {"error": error}, status=400)
    context = {
        "timeline": timeline(first_year=TIMELINE_FIRST_YEAR, year=year),
        "marks_per_column": MARKS_PER_COLUMN,
    }
    return render(request, "events/timeline.html", context)


@previewable(Event)
def event_detail(request, slug):
    """An event: when, where, who took part in what capacity, and the sentences that say so."""
    event = get_object_or_404(
        Event.objects.published().select_related("place__parent__parent__parent", "parent"), slug=slug
    )
    context = event_page(event)
    context["json_ld"] = event_json_ld(request, context)
    return render(request, "events/event_detail.html", context)
