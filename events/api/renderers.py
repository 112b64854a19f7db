import datetime as dt

from icalendar import Calendar
from icalendar import Event as CalendarEvent
from rest_framework.renderers import BaseRenderer

CALENDAR_NAME = "ICESCO–Azerbaijan cooperation: events"
UID_DOMAIN = "icesco-azerbaijan-records"
STATUSES = {"planned": "TENTATIVE", "postponed": "TENTATIVE", "held": "CONFIRMED", "cancelled": "CANCELLED"}


def calendar_event(event):
    """An all-day calendar entry for an event dated to the day; None for one known only to the month or year."""
    if event["start_date_precision"] != "day":
        return None
    start = dt.date.fromisoformat(event["start_date"])
    end = dt.date.fromisoformat(event["end_date"]) if event["end_date_precision"] == "day" else start
    entry = CalendarEvent()
    entry.add("uid", f"{event['id']}@{UID_DOMAIN}")
    entry.add("summary", event["title"])
    entry.add("dtstart", start)
    entry.add("dtend", end + dt.timedelta(days=1))  # all-day entries end on the following day
    entry.add("dtstamp", dt.datetime.fromisoformat(event["updated_at"]))
    entry.add("last-modified", dt.datetime.fromisoformat(event["updated_at"]))
    entry.add("status", STATUSES[event["status"]])
    entry.add("categories", [event["kind"]])
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
    """Events as an iCalendar file: all-day entries with stable UIDs for events dated to the day."""

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
