"""Events as schema.org JSON-LD, for search engines and other machines."""

from cooperation.core.translation import json_ld_context, tagged
from cooperation.core.visibility import public
from cooperation.core.web.jsonld import json_ld
from events.models import EventStatus

SCHEMA_ORG_STATUS = {
    EventStatus.PLANNED: "https://schema.org/EventScheduled",
    EventStatus.HELD: "https://schema.org/EventScheduled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}
ORGANISING_ROLES = {"organiser", "host"}
PERFORMING_ROLES = {"speaker", "guest_of_honour", "delegation_head"}


def event_json_ld(request, context):
    """The event as schema.org JSON-LD, for search engines and other machines."""
    event = context["event"]

    def thing(participation):
        if person := public(participation.person):
            return {"@type": "Person", "name": tagged(person, "name")}
        if organisation := public(participation.organisation):
            return {"@type": "Organization", "name": tagged(organisation, "name")}
        return {"@type": "Thing", "name": tagged(participation, "name")}

    data = {
        "@context": json_ld_context(),
        "@type": "Event",
        "name": tagged(event, "title"),
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "eventStatus": SCHEMA_ORG_STATUS[event.status],
        "organizer": [thing(p) for p in context["participations"] if p.role in ORGANISING_ROLES],
        "performer": [thing(p) for p in context["participations"] if p.role in PERFORMING_ROLES],
        "attendee": [thing(p) for p in context["participations"] if p.role not in ORGANISING_ROLES | PERFORMING_ROLES],
        "subEvent": [
            {"@type": "Event", "name": tagged(c, "title"), "url": request.build_absolute_uri(c.get_absolute_url())}
            for c in context["children"]
        ],
    }
    if event.start:
        data["startDate"] = event.start.iso()
    if event.end:
        data["endDate"] = event.end.iso()
    if context["places"]:
        data["location"] = {"@type": "Place", "name": ", ".join(place.name for place in context["places"])}
    elif event.location_text:
        data["location"] = {"@type": "Place", "name": tagged(event, "location_text")}
    if context["parent"]:
        data["superEvent"] = {
            "@type": "Event",
            "name": tagged(context["parent"], "title"),
            "url": request.build_absolute_uri(context["parent"].get_absolute_url()),
        }
    return json_ld(data)
