"""The change feed (/api/v1/changes/, cooperation/core/changes.py): every change to a public record
in commit order, tombstones for removals, 410 Gone for a removed record's address; and a client that
follows it holds exactly what the API lists."""

import uuid

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cooperation.core.changes import FeedEntry
from cooperation.core.parts import part_changed
from cooperation.core.records import PublicationStatus
from cooperation.models import Source
from events.models import Event, Participation
from tests.factories import (
    CitationFactory,
    EventFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


def feed(client, since=None):
    """Every entry after `since`, following `next`; and the last cursor."""
    params = {"since": since} if since is not None else {}
    entries, cursor = [], since
    while True:
        answer = client.get("/api/v1/changes/", params).json()
        entries += answer["results"]
        cursor = answer["cursor"]
        if answer["next"] is None:
            return entries, cursor
        params = {"since": cursor}


def kinds(entries):
    return [(entry["kind"], entry["type"], entry["slug"]) for entry in entries]


def test_the_feed_lists_each_public_change_of_a_record_in_order_and_drafts_never(client):
    event = EventFactory(slug="opening")
    EventFactory(slug="planning", publication_status=DRAFT)
    event.title = "Opening of the office"
    event.save()
    event.publication_status = DRAFT
    event.save()
    event.title = "Opening (draft)"
    event.save()  # a draft's change: not public
    event.publication_status = PUBLISHED
    event.save()
    event.delete()

    entries, cursor = feed(client)

    assert kinds(entries) == [
        ("published", "events", "opening"),
        ("changed", "events", "opening"),
        ("unpublished", "events", "opening"),
        ("published", "events", "opening"),
        ("deleted", "events", "opening"),
    ]
    assert [int(entry["cursor"]) for entry in entries] == sorted(int(entry["cursor"]) for entry in entries)
    assert cursor == entries[-1]["cursor"]
    assert entries[0]["url"] == f"http://testserver/api/v1/events/{event.uuid}/"
    assert {entry["id"] for entry in entries} == {str(event.uuid)}


def test_a_part_or_a_record_shown_on_a_record_changing_is_a_change_of_that_record(client):
    place = PlaceFactory(slug="baku")
    event = EventFactory(slug="opening", place=place)
    _entries, start = feed(client)

    participation = ParticipationFactory(event=event, person=PersonFactory(slug="almalik"))
    place.name = "Bakı"
    place.save()
    participation.delete()
    part_changed(participation)

    entries, _cursor = feed(client, since=start)
    assert kinds(entries) == [
        ("published", "people", "almalik"),
        ("changed", "events", "opening"),  # its participant
        ("changed", "people", "almalik"),  # their events
        ("changed", "places", "baku"),
        ("changed", "events", "opening"),  # its place's name
        ("changed", "events", "opening"),  # its participant gone
        ("changed", "people", "almalik"),
    ]


def test_publishing_a_source_changes_the_records_it_is_cited_for(client):
    source = SourceFactory(slug="article", publication_status=DRAFT)
    event = EventFactory(slug="opening")
    event.citations.create(source=source, quote=source.text.split(". ")[0] + ".")
    _entries, start = feed(client)

    source.publication_status = PUBLISHED
    source.save()

    entries, _cursor = feed(client, since=start)
    assert kinds(entries) == [("published", "sources", "article"), ("changed", "events", "opening")]


@pytest.mark.parametrize("removal", ["unpublished", "deleted"])
def test_a_removed_records_address_answers_410_gone_with_its_tombstone(client, removal):
    event = EventFactory(slug="opening")
    uuid = event.uuid
    if removal == "deleted":
        event.delete()
    else:
        event.publication_status = DRAFT
        event.save()

    for address in (f"/api/v1/events/{uuid}/", "/api/v1/events/opening/"):
        response = client.get(address)
        problem = response.json()
        assert response.status_code == 410, address
        assert response["Content-Type"] == "application/problem+json"
        assert problem["title"] == "Gone"
        assert f"it was {removal} at" in problem["detail"]
        assert (problem["tombstone"]["kind"], problem["tombstone"]["id"]) == (removal, str(uuid))
    assert client.get("/api/v1/events/never-was/").status_code == 404


def test_the_feed_is_read_in_pages_from_a_cursor(client):
    for number in range(5):
        PlaceFactory(slug=f"place-{number}")
    first = client.get("/api/v1/changes/", {"limit": 2}).json()
    rest = client.get(first["next"]).json()

    assert [entry["slug"] for entry in first["results"]] == ["place-0", "place-1"]
    assert first["next"].endswith(f"since={first['cursor']}") or f"since={first['cursor']}&" in first["next"]
    assert [entry["slug"] for entry in rest["results"]] == ["place-2", "place-3"]
    assert client.get("/api/v1/changes/", {"since": rest["cursor"]}).json()["results"][0]["slug"] == "place-4"
    caught_up = client.get("/api/v1/changes/", {"since": FeedEntry.objects.latest("pk").pk}).json()
    assert (caught_up["results"], caught_up["next"]) == ([], None)


def test_an_entry_of_no_known_kind_is_refused_by_the_database():
    from django.contrib.contenttypes.models import ContentType
    from django.db import IntegrityError
    from django.utils import timezone

    with pytest.raises(IntegrityError, match="cooperation_feedentry_kind_valid"), transaction.atomic():
        FeedEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Event),
            record_uuid=uuid.uuid4(),
            slug="x",
            kind="renamed",
            at=timezone.now(),
        )


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("since=abc", "since"),
        ("since=-1", "since"),
        ("since=" + "9" * 30, "since"),
        ("limit=0", "limit"),
        ("limit=5000", "limit"),
    ],
)
def test_a_bad_cursor_or_limit_is_a_400_naming_it(client, query, parameter):
    response = client.get(f"/api/v1/changes/?{query}")

    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == parameter


# --- A partner that keeps a copy --------------------------------------------------------------------


class Copy:
    """A partner's copy of the records, kept from the feed alone: each entry applied in order."""

    def __init__(self, client, since):
        self.client, self.cursor, self.records = client, since, {}

    def sync(self):
        entries, self.cursor = feed(self.client, since=self.cursor)
        for entry in entries:
            key = (entry["type"], entry["id"])
            if entry["kind"] in ("unpublished", "deleted"):
                self.records.pop(key, None)
                continue
            response = self.client.get(entry["url"])
            if response.status_code == 200:
                self.records[key] = response.json()
            else:  # removed since: a later entry says so
                assert response.status_code == 410, response.content


def listed(client):
    """What the API lists, each record as its address answers."""
    records = {}
    for collection in ("places", "people", "events", "sources"):
        address = f"/api/v1/{collection}/?page_size=200"
        for row in client.get(address).json()["results"]:
            records[(collection, row["id"])] = client.get(f"/api/v1/{collection}/{row['id']}/").json()
    return records


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["place", "person", "event", "source", "cite", "join", "leave", "rename", "publish", "unpublish", "delete"]
        ),
        st.integers(0, 5),
        st.integers(0, 5),
    ),
    max_size=12,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
@example(operations=[("place", 1, 0), ("event", 1, 1), ("rename", 0, 1)])  # a place renamed under its event
@example(operations=[("person", 1, 0), ("event", 1, 0), ("join", 0, 0), ("unpublish", 0, 0)])  # a participant hidden
@example(operations=[("place", 1, 0), ("place", 1, 1), ("rename", 1, 0)])  # a child renamed under its parent
@example(operations=[("source", 1, 0), ("event", 1, 0), ("cite", 0, 1), ("rename", 1, 0)])  # a quoted record renamed
def test_a_client_that_follows_the_feed_holds_exactly_what_the_api_lists(client, operations):
    with transaction.atomic():
        FeedEntry.objects.all().delete()
        copy = Copy(client, since=None)
        places, people, events, sources = [], [], [], []
        for operation, first, second in operations:
            records = places + people + events + sources
            if operation == "place":  # inside another, which lists it among its children
                parent = places[second % len(places)] if places and second % 2 else None
                places.append(PlaceFactory(parent=parent, publication_status=[DRAFT, PUBLISHED][first % 2]))
            elif operation == "source":
                sources.append(SourceFactory(publication_status=[DRAFT, PUBLISHED][first % 2]))
            elif operation == "cite" and sources and records:  # the source's quotes name the record
                source, record = sources[first % len(sources)], records[second % len(records)]
                if not record.citations.filter(source=source).exists():
                    CitationFactory(source=source, record=record)
            elif operation == "person":
                people.append(PersonFactory(publication_status=[DRAFT, PUBLISHED][first % 2]))
            elif operation == "event":
                place = places[second % len(places)] if places and second % 3 else None
                events.append(EventFactory(place=place, publication_status=[DRAFT, PUBLISHED][first % 2]))
            elif operation == "join" and events and people:
                event, person = events[first % len(events)], people[second % len(people)]
                if not Participation.objects.filter(event=event, person=person).exists():
                    ParticipationFactory(event=event, person=person)
            elif operation == "leave" and Participation.objects.exists():
                participation = Participation.objects.order_by("pk")[first % Participation.objects.count()]
                participation.delete()
                part_changed(participation)
            elif operation in ("rename", "publish", "unpublish") and records:
                record = records[first % len(records)]
                record.refresh_from_db()
                if operation == "rename":
                    field = "title" if isinstance(record, Event | Source) else "name"
                    setattr(record, field, f"{getattr(record, field)} {second}")
                else:
                    record.publication_status = PUBLISHED if operation == "publish" else DRAFT
                record.save()
            elif operation == "delete" and events:
                event = events.pop(first % len(events))
                event.delete()
            copy.sync()  # the partner keeps up after each change: any change the feed misses shows

        assert copy.records == listed(client)
        transaction.set_rollback(True)
