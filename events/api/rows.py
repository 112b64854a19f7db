"""The event list's rows, read with values(): what EventSerializer writes for each event, in four
queries for any page (the events, their initiatives, their participations; the page's own ids before)."""

from cooperation.core.api.rows import RECORD_COLUMNS, SPAN_COLUMNS, ListRows, grouped, span_fields
from cooperation.core.translation import localized_values
from cooperation.models import Initiative, Organisation, Place
from events.models import EVENT_INITIATIVES_ORDER, Event, Participation
from people.models import Person

SUMMARY_COLUMNS = ("uuid", "publication_status")


def _summary_columns(link: str, name: str) -> list[str]:
    return [f"{link}__{column}" for column in (*SUMMARY_COLUMNS, name)]


class EventRows(ListRows):
    model = Event

    def build(self, ids):
        events = localized_values(
            # Published again: an event unpublished since its page was chosen is left out, not shown.
            Event.objects.published().filter(pk__in=ids).order_by(),
            *(
                "pk",
                *RECORD_COLUMNS,
                "title",
                "kind",
                "status",
                *SPAN_COLUMNS,
                "location_text",
                *_summary_columns("place", "name"),
                *_summary_columns("parent", "title"),
            ),
        )
        initiatives = grouped(
            localized_values(
                Initiative.objects.published().filter(events__in=ids).order_by(*EVENT_INITIATIVES_ORDER),
                *("events", "uuid", "title", "publication_status"),
            ),
            "events",
        )
        participants = grouped(
            localized_values(
                Participation.objects.published().filter(event__in=ids).order_by("order", "pk"),
                "event",
                "uuid",
                "role",
                "name",
                *_summary_columns("person", "name"),
                *_summary_columns("organisation", "name"),
                *_summary_columns("on_behalf_of", "name"),
                "position__uuid",
                "position__post__title",
                *_summary_columns("position__post__organisation", "name"),
            ),
            "event",
        )
        by_id = {row["pk"]: row for row in events}
        return [self.event(by_id[pk], initiatives.get(pk, ()), participants.get(pk, ())) for pk in ids if pk in by_id]

    def event(self, row, initiatives, participants):
        return {
            **self.record_fields(row),
            "title": row["title"],
            "kind": row["kind"],
            "status": row["status"],
            **span_fields(row),
            "place": self.linked(Place, row, "place", "name"),
            "location_text": row["location_text"],
            "parent": self.linked(Event, row, "parent", "title"),
            "initiatives": [
                self.summary(Initiative, initiative["uuid"], initiative["title"], initiative["publication_status"])
                for initiative in initiatives
            ],
            "participants": [self.participant(participation) for participation in participants],
        }

    def participant(self, row):
        person = self.linked(Person, row, "person", "name")
        organisation = self.linked(Organisation, row, "organisation", "name")
        # As Participation.participant_name: the person's name, else the organisation's, else as written
        # (the published participations' person and organisation are never drafts).
        name = person["name"] if person else organisation["name"] if organisation else row["name"]
        return {
            "id": str(row["uuid"]),
            "role": row["role"],
            "name": name,
            "name_as_written": row["name"],
            "person": person,
            "organisation": organisation,
            "on_behalf_of": self.linked(Organisation, row, "on_behalf_of", "name"),
            "position": self.position(row),
        }

    def position(self, row):
        """The post held on the day; none when the post's organisation is a draft, not even its title."""
        organisation = self.linked(Organisation, row, "position__post__organisation", "name")
        if row["position__uuid"] is None or organisation is None:
            return None
        return {"id": str(row["position__uuid"]), "title": row["position__post__title"], "organisation": organisation}

    def linked(self, model, row, link, name):
        return self.summary(model, row[f"{link}__uuid"], row[f"{link}__{name}"], row[f"{link}__publication_status"])
