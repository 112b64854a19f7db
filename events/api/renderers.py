import datetime as dt

from django.utils.translation import gettext_lazy
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from rest_framework.renderers import BaseRenderer

from cooperation.core.dates import DatePrecision, PartialDate
from events.models import EventKind

CALENDAR_NAME = "ICESCO–Azerbaijan cooperation: events"
UID_DOMAIN = "icesco-azerbaijan-records"
STATUSES = {"planned": "TENTATIVE", "postponed": "TENTATIVE", "held": "CONFIRMED", "cancelled": "CANCELLED"}


# An event the sources date only to the month or the year spans its whole period, and says so.
LOOSER_THAN_A_DAY = {
    DatePrecision.MONTH: gettext_lazy("%(title)s (%(period)s; the sources do not give the day)"),
    DatePrecision.YEAR: gettext_lazy("%(title)s (%(period)s; the sources give only the year)"),
}


def calendar_event(event):
    """An all-day calendar entry for a dated event: its days, or the whole month or year the sources
    date it to, the precision said in the summary; None for an undated one."""
    if not event["start_date"]:
        return None
    start = PartialDate.parse(event["start_date"])
    end = PartialDate.parse(event["end_date"]).last_day if event["end_date"] else start.last_day
    end = max(end, start.date)
    summary = event["title"]
    if start.precision in LOOSER_THAN_A_DAY:
        summary = LOOSER_THAN_A_DAY[start.precision] % {"title": summary, "period": start.display()}
    entry = CalendarEvent()
    entry.add("uid", f"{event['id']}@{UID_DOMAIN}")
    entry.add("summary", summary)
    entry.add("dtstart", start.date)
    entry.add("dtend", end + dt.timedelta(days=1))  # all-day entries end on the following day
    entry.add("dtstamp", dt.datetime.fromisoformat(event["updated_at"]))
    entry.add("last-modified", dt.datetime.fromisoformat(event["updated_at"]))
    entry.add("status", STATUSES[event["status"]])
    entry.add("categories", [str(EventKind(event["kind"]).label)])
    entry.add("url", event["html_url"])
    location = (event.get("place") or {}).get("name") or event.get("location_text")
    if location:
        entry.add("location", location)
    participants = [f"{p['name']} ({p['role'].replace('_', ' ')})" for p in event.get("participants", [])]
    description = "\n".join(part for part in [event.get("description", ""), "; ".join(participants)] if part)
    if description:
        entry.add("description", description)
    return entry


class ICalendarRenderer(BaseRenderer):
    """Events as an iCalendar file: all-day entries with stable UIDs for every dated event."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        one_event = isinstance(data, dict) and "results" not in data
        events = [data] if one_event else data.get("results", []) if isinstance(data, dict) else data
        calendar = Calendar()
        calendar.add("prodid", "-//ICESCO–Azerbaijan cooperation records//events//EN")
        calendar.add("version", "2.0")
        name = f"{CALENDAR_NAME}: {data['title']}" if one_event else CALENDAR_NAME
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
        for event in events:
            entry = calendar_event(event)
            if entry is not None:
                calendar.add_component(entry)
        return calendar.to_ical()
