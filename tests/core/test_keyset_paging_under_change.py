"""Keyset paging under concurrent change (cooperation/core/paging.py, cooperation/core/api/pagination.py):
a client that follows a collection's `next` (or `previous`) links while records are added, re-keyed,
unpublished and deleted between its requests never sees a record twice unless the record moved
ahead of it meanwhile, never misses one that stayed put, and reaches the end in a bounded number
of pages, with the rows in the order it asked for.

Each walk is checked against a model of the collection kept here, in Python, from the database as it
stands before each request: a record's *position* is its order keys (undated last, both ways) and then
its id, which runs the way the last key does (cooperation/core/filters.py, UniqueOrderingFilter). A
walk's cursor is the position of the last row it was given (moving forward; the first, moving back), as
it stood when the row was given. The exact rule, for a stretch of requests during which a record does
not change: it is returned once if it was beyond the cursor when the stretch began and the cursor has
reached it by the end of the stretch (the end of the list reaches everything), else never.

Titles and names are drawn from one case and one script, so that Python orders them as SQLite and
PostgreSQL do.
"""

import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cooperation.core.records import PublicationStatus
from events.models import Event, EventKind
from people.models import Person
from tests.factories import EventFactory, PersonFactory

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED
MAX_PAGES = 100  # a walk still going after this many pages never ends (the bound is lower: page_bound)

# --- Positions ---------------------------------------------------------------------------------------


@functools.total_ordering
class Descending:
    """A value that sorts the other way."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return self.value == other.value

    def __lt__(self, other):
        return other.value < self.value

    def __hash__(self):
        return hash(self.value)


@dataclass(frozen=True)
class Ordering:
    """An `ordering=` value as the API applies it: the keys, empty values last, then the id the way the
    last key runs."""

    raw: str
    terms: tuple[tuple[str, bool], ...]

    @classmethod
    def parse(cls, raw: str, default: str) -> "Ordering":
        keys = (raw or default).split(",")
        return cls(raw, tuple((key.removeprefix("-"), key.startswith("-")) for key in keys))

    @property
    def fields(self) -> list[str]:
        return [name for name, _descending in self.terms]

    def position(self, values: dict, pk: int) -> tuple:
        parts: list[Any] = []
        for name, descending in self.terms:
            value = values[name]
            parts.append((1,) if value is None else (0, Descending(value) if descending else value))
        parts.append(Descending(pk) if self.terms[-1][1] else pk)
        return tuple(parts)


START, END = "start of the list", "end of the list"


def beyond(position, cursor, forward: bool) -> bool:
    """Whether `position` lies ahead of `cursor`, in the direction of the walk."""
    if cursor == START:
        return True
    if cursor == END:
        return False
    return position > cursor if forward else position < cursor


# --- Collections -------------------------------------------------------------------------------------

EVENT_TITLES = ["Meeting A", "Meeting B", "Meeting C"]
EVENT_DATES = [dt.date(2019, 5, 1), dt.date(2021, 1, 14), dt.date(2021, 1, 15), None]
EVENT_KINDS = [EventKind.MEETING, EventKind.VISIT]
PERSON_NAMES = ["Person A", "Person B", "Person C"]
FAMILY_NAMES = ["", "Aliyev", "Karimov"]
# Times of last change shared by several records, so that `ordering=updated_at` has ties too.
STAMPS = [
    dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    dt.datetime(2024, 1, 1, 0, 0, 0, 500_000, tzinfo=dt.UTC),
    dt.datetime(2024, 6, 1, 12, 30, tzinfo=dt.UTC),
]


def _event_values(title, start_date, kind=EventKind.MEETING, translated=None):
    """An event's order keys, and its title in Azerbaijani and Arabic (None: none), which no order reads."""
    return {"title": title, "start_date": start_date, "kind": kind, "translated": translated}


def _make_event(values, published=True, slug=None):
    extra = {"slug": slug} if slug else {}
    return EventFactory(
        title=values["title"],
        title_az=values.get("translated"),
        title_ar=values.get("translated"),
        start_date=values["start_date"],
        start_date_precision="day" if values["start_date"] else "",
        kind=values["kind"],
        publication_status=PUBLISHED if published else DRAFT,
        **extra,
    )


def _rekey_event(event, values):
    event.title, event.start_date, event.kind = values["title"], values["start_date"], values["kind"]
    event.title_az = event.title_ar = values.get("translated")
    event.start_date_precision = "day" if values["start_date"] else ""
    event.save()


def _make_person(values, published=True, slug=None):
    extra = {"slug": slug} if slug else {}
    return PersonFactory(
        name=values["name"],
        family_name=values["family_name"],
        publication_status=PUBLISHED if published else DRAFT,
        **extra,
    )


def _rekey_person(person, values):
    person.name, person.family_name = values["name"], values["family_name"]
    person.save()


@dataclass(frozen=True)
class Collection:
    path: str
    model: Any
    default: str  # the viewset's `ordering`
    orderings: tuple[str, ...]  # `ordering=` values the walks ask for ("" for none)
    fields: tuple[str, ...]  # every order key the orderings use
    make: Any
    rekey: Any
    values: Any  # a strategy of a record's order keys (all but updated_at)
    languages: tuple[str, ...] = ("",)  # `lang=` values the walks ask for ("" for none)


EVENTS = Collection(
    path="/api/v1/events/",
    model=Event,
    default="-start_date,title",
    orderings=(
        "",
        "-start_date,title",
        "start_date",
        "title",
        "-title",
        "title,-start_date",
        "updated_at",
        "-updated_at",
        "kind,start_date",
        "-end_date,title",  # every event undated at its end: the first key empty at every cursor
    ),
    fields=("title", "start_date", "kind", "end_date", "updated_at"),
    make=_make_event,
    rekey=_rekey_event,
    values=st.builds(
        _event_values,
        st.sampled_from(EVENT_TITLES),
        st.sampled_from(EVENT_DATES),
        st.sampled_from(EVENT_KINDS),
        # Titles in other languages that sort before, among or after the English ones, or none.
        st.sampled_from([None, "Meeting A", "Meeting Z", "Görüş", "اجتماع"]),
    ),
    # A list in another language is still ordered by the original (English) title; events' pages are
    # read by values() (EventRows). See the last tests for the lists read as records.
    languages=("", "az", "ar"),
)

PEOPLE = Collection(
    path="/api/v1/people/",
    model=Person,
    default="name",
    orderings=("", "name", "-name", "family_name,-name", "updated_at", "-updated_at"),
    fields=("name", "family_name", "updated_at"),
    make=_make_person,
    rekey=_rekey_person,
    values=st.fixed_dictionaries({"name": st.sampled_from(PERSON_NAMES), "family_name": st.sampled_from(FAMILY_NAMES)}),
)


# --- Walks -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A record as the collection holds it at one moment."""

    visible: bool  # published (what the list shows)
    position: tuple  # in the walk's ordering: two rows alike in these two are the same to the walk
    values: dict = field(compare=False)  # its order keys
    label: str = field(compare=False)


@dataclass
class Walk:
    """A client following one kind of link, and what the collection held before each of its requests."""

    collection: Collection
    ordering: Ordering
    page_size: int
    forward: bool
    lang: str = ""
    states: list[dict[int, Row]] = field(default_factory=list)  # before each request
    pages: list[list[int]] = field(default_factory=list)  # the ids each request gave
    cursors: list = field(default_factory=list)  # before each request, and after the last
    cursor_labels: list[str] = field(default_factory=list)  # the records the cursors are at
    urls: list[str] = field(default_factory=list)

    @property
    def link(self) -> str:
        return "next" if self.forward else "previous"

    def snapshot(self) -> dict[int, Row]:
        model = self.collection.model
        visible = set(model.objects.published().values_list("pk", flat=True))
        rows = model.objects.values("pk", "slug", *self.collection.fields)
        return {
            row["pk"]: Row(
                visible=row["pk"] in visible,
                position=self.ordering.position(row, row["pk"]),
                values={name: row[name] for name in self.collection.fields},
                label=f"#{row['pk']} {row['slug']} "
                + " ".join(f"{name}={row[name]!s}" for name in self.ordering.fields),
            )
            for row in rows
        }

    def first_url(self) -> str:
        url = f"{self.collection.path}?page_size={self.page_size}&fields=id"
        url += f"&ordering={self.ordering.raw}" if self.ordering.raw else ""
        return url + (f"&lang={self.lang}" if self.lang else "")

    def fetch(self, api, url) -> dict:
        """One request, checked as any client would read it; the ids it gave."""
        state = self.snapshot()
        response = api.get(url)
        assert response.status_code == 200, (url, response.content[:500])
        body = response.json()
        links = {rel: target for target, rel in re.findall(r'<([^>]*)>; rel="(\w+)"', response.get("Link", ""))}
        assert links.get("next") == body["next"], "the Link header's next is the body's"
        assert links.get("prev") == body["previous"], "the Link header's prev is the body's"
        by_uuid = {str(uuid): pk for pk, uuid in self.collection.model.objects.values_list("pk", "uuid")}
        pks = [by_uuid[row["id"]] for row in body["results"]]
        for pk in pks:
            assert state[pk].visible, f"{state[pk].label} is not published, yet page {url} lists it"
        if body[self.link] is not None:
            assert len(pks) == self.page_size, f"a page with a {self.link} link is full: {url} gave {len(pks)}"
        self.states.append(state)
        self.pages.append(pks)
        self.urls.append(url)
        return body

    def run(self, api, url, change=None, cursor=START, cursor_label=START) -> None:
        """Follow the links from `url` to the end, calling change(walk, number) after each page."""
        self.cursors.append(cursor)
        self.cursor_labels = [cursor_label]
        while url:
            assert len(self.pages) < MAX_PAGES, f"the walk has not ended after {MAX_PAGES} pages"
            body = self.fetch(api, url)
            pks, state = self.pages[-1], self.states[-1]
            # Checked as the pages come (check() does it all again), so that a walk gone wrong stops at once.
            for pk in pks:
                assert beyond(state[pk].position, self.cursors[-1], self.forward), (
                    f"page {len(self.pages) - 1} ({url}) gives {state[pk].label}, which is not "
                    f"{'after' if self.forward else 'before'} its cursor, {self.cursor_labels[-1]}"
                )
            assert len(self.pages) <= self.page_bound(), f"the walk has not ended after {len(self.pages)} pages"
            url = body[self.link]
            if url is None:
                self.cursors.append(END)
                return
            edge = pks[-1] if self.forward else pks[0]
            self.cursors.append(self.states[-1][edge].position)
            self.cursor_labels.append(f"{self.states[-1][edge].label} as it stood then")
            if change is not None:
                change(self, len(self.pages) - 1)

    def page_bound(self, already_given=()) -> int:
        """The most pages a walk can take: every page but the last is full, and a record is given at most
        once while it stays as it is (once, and once more after each change)."""
        changes = sum(
            1
            for before, after in pairwise(self.states)
            for pk in before.keys() | after.keys()
            if before.get(pk) != after.get(pk)
        )
        records = len({pk for state in self.states for pk in state} | set(already_given))
        return (records + changes) // self.page_size + 1

    @property
    def cursor_values(self) -> dict | None:
        """The order keys of the record the cursor is at, as it stood then (None before any)."""
        if not self.pages or not self.pages[-1]:
            return None
        edge = self.pages[-1][-1] if self.forward else self.pages[-1][0]
        return self.states[-1][edge].values

    @property
    def seen(self) -> set[int]:
        return {pk for page in self.pages for pk in page}

    # --- What the walk must have done ---

    def check(self, already_given=(), initial=None) -> None:
        """The walk against the rule (see the module), and the properties that follow from it.

        `already_given`: ids given before the walk began, in the walk's direction (the last page, when
        walking back from it); `initial`: the collection when those were given."""
        order = self.ordering.raw or f"the default ({self.collection.default})"
        given_ids = [*already_given]
        positions = [initial[pk].position for pk in already_given] if initial else []
        for page, state in zip(self.pages, self.states, strict=True):
            in_page = [state[pk].position for pk in page]
            assert in_page == sorted(in_page), f"page rows out of order {order}: {[state[pk].label for pk in page]}"
            given_ids += page if self.forward else page[::-1]
            positions += in_page if self.forward else in_page[::-1]
        labels = {pk: row.label for state in [*self.states, initial or {}] for pk, row in state.items()}

        # In the order asked for: each row beyond the one before, as each stood when given.
        for (before, pk_before), (after, pk_after) in pairwise(zip(positions, given_ids, strict=True)):
            assert beyond(after, before, self.forward), (
                f"{labels[pk_after]} given after {labels[pk_before]} in {order}, {'forward' if self.forward else 'back'}"
            )

        # No record twice, unless its order keys changed between the two times.
        fetched_at: dict[int, list[int]] = {}
        for number, page in enumerate(self.pages):
            for pk in page:
                fetched_at.setdefault(pk, []).append(number)
        for pk, numbers in fetched_at.items():
            if already_given and pk in already_given:
                numbers = [-1, *numbers]
            for first, second in pairwise(numbers):
                states = [initial if n == -1 else self.states[n] for n in range(first, second + 1)]
                moved = {state[pk].position if pk in state else None for state in states}
                assert len(moved) > 1, f"{labels[pk]} given twice (pages {first} and {second}) without moving"

        # Every record there at the start that nothing changed, exactly once.
        start = initial if initial is not None else self.states[0]
        counts = Counter(given_ids)
        for pk, row in start.items():
            if row.visible and all(state.get(pk) == row for state in self.states):
                assert counts[pk] == 1, f"{labels[pk]}, unchanged throughout, given {counts[pk]} times in {order}"

        # Bounded: every page but the last full, so no more pages than the records it could give.
        assert len(self.pages) <= self.page_bound(already_given), f"{len(self.pages)} pages in {order}"

        # The exact rule, for each stretch of requests during which a record stayed as it was.
        for pk in {pk for state in self.states for pk in state}:
            number = 0
            while number < len(self.pages):
                row = self.states[number].get(pk)
                end = number
                while end + 1 < len(self.pages) and self.states[end + 1].get(pk) == row:
                    end += 1
                given = sum(page.count(pk) for page in self.pages[number : end + 1])
                expected = 0
                if row is not None and row.visible:
                    reached = not beyond(row.position, self.cursors[end + 1], self.forward)
                    expected = int(beyond(row.position, self.cursors[number], self.forward) and reached)
                assert given == expected, (
                    f"{row.label if row else labels[pk] + ' (deleted)'}: given {given} times in pages {number}-{end} "
                    f"of a walk {'forward' if self.forward else 'back'} in {order}, expected {expected} "
                    f"(cursor from {self.cursors[number]} to {self.cursors[end + 1]}); pages: "
                    + "; ".join(", ".join(labels[p] for p in page) for page in self.pages)
                )
                number = end + 1


# --- Changes between requests ------------------------------------------------------------------------

CHANGES = ["insert", "insert_tie", "rekey", "touch", "unpublish", "delete", "publish"]


def change_strategy(collection):
    return st.tuples(st.sampled_from(CHANGES), st.integers(0, 99), st.booleans(), collection.values)


def apply_change(walk: Walk, change) -> None:
    """One change to the collection, on the record `pick` chooses among those already seen or not."""
    kind, pick, among_seen, values = change
    collection, model = walk.collection, walk.collection.model
    state = walk.snapshot()
    seen = walk.seen

    def choose(condition):
        candidates = sorted(pk for pk, row in state.items() if condition(row) and (pk in seen) == among_seen)
        candidates = candidates or sorted(pk for pk, row in state.items() if condition(row))
        return model.objects.get(pk=candidates[pick % len(candidates)]) if candidates else None

    tie = walk.cursor_values
    if kind == "insert" or (kind == "insert_tie" and tie is None):  # before the cursor, after it or on it
        collection.make(values)
    elif kind == "insert_tie":  # every order key equal to the cursor's, updated_at included
        record = collection.make({name: tie[name] for name in collection.fields if name != "updated_at"})
        model.objects.filter(pk=record.pk).update(updated_at=tie["updated_at"])
    elif kind == "rekey" and (record := choose(lambda row: row.visible)):
        collection.rekey(record, values)
    elif kind == "touch" and (record := choose(lambda row: row.visible)):
        record.save()  # only updated_at changes
    elif kind == "unpublish" and (record := choose(lambda row: row.visible)):
        record.publication_status = DRAFT
        record.save()
    elif kind == "publish" and (record := choose(lambda row: not row.visible)):
        record.publication_status = PUBLISHED
        record.save()
    elif kind == "delete" and (record := choose(lambda row: True)):
        record.delete()


def create(collection, records) -> None:
    for values, published, stamp in records:
        record = collection.make(values, published)
        collection.model.objects.filter(pk=record.pk).update(updated_at=stamp)


def scenario(collection):
    return st.fixed_dictionaries(
        {
            "records": st.lists(
                st.tuples(collection.values, st.sampled_from([True, True, True, False]), st.sampled_from(STAMPS)),
                min_size=2,
                max_size=10,
            ),
            "ordering": st.sampled_from(collection.orderings),
            "lang": st.sampled_from(collection.languages),
            "page_size": st.integers(1, 4),
            # The changes made after each page, in turn (none after the last of them).
            "changes": st.lists(st.lists(change_strategy(collection), min_size=1, max_size=3), min_size=1, max_size=8),
        }
    )


def walk_forward(api, collection, records, ordering, lang, page_size, changes) -> Walk:
    create(collection, records)
    walk = Walk(collection, Ordering.parse(ordering, collection.default), page_size, forward=True, lang=lang)

    def change(walk, number):
        for one in changes[number] if number < len(changes) else []:
            apply_change(walk, one)

    walk.run(api, walk.first_url(), change)
    return walk


def walk_back(api, collection, records, ordering, lang, page_size, changes) -> tuple[Walk, list[int], dict]:
    """Forward to the last page without changes, then back from it by `previous`, with changes."""
    create(collection, records)
    ordering = Ordering.parse(ordering, collection.default)
    there = Walk(collection, ordering, page_size, forward=True, lang=lang)
    there.run(api, there.first_url())
    last_page, initial = there.pages[-1], there.states[-1]
    previous = api.get(there.urls[-1]).json()["previous"]
    walk = Walk(collection, ordering, page_size, forward=False, lang=lang)
    walk.pages, walk.states = [last_page], [initial]  # for cursor_values and seen, while changing

    def change(walk, number):
        for one in changes[number] if number < len(changes) else []:
            apply_change(walk, one)

    change(walk, 0)
    walk.pages, walk.states = [], []
    cursor = initial[last_page[0]].position if last_page else START
    if previous is not None:
        # Changes after each page back: the first were made above, after the last page.
        label = f"{initial[last_page[0]].label} as it stood then"
        walk.run(api, previous, lambda walk, number: change(walk, number + 1), cursor=cursor, cursor_label=label)
    else:
        walk.cursors = [cursor, END]
    return walk, last_page, initial


# --- Property-based ----------------------------------------------------------------------------------

HYPOTHESIS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def in_rolled_back_transaction(test):
    """Each example's records are rolled back before the next one (as tests/core/test_change_feed.py)."""

    @functools.wraps(test)
    def wrapped(*args, **kwargs):
        with transaction.atomic():
            test(*args, **kwargs)
            transaction.set_rollback(True)

    return wrapped


@HYPOTHESIS
@given(case=scenario(EVENTS))
@example(
    case={
        "records": [(_event_values("Meeting B", dt.date(2021, 1, 14)), True, STAMPS[0])] * 4,
        "ordering": "",
        "lang": "ar",
        "page_size": 1,
        "changes": [[("insert_tie", 0, False, _event_values("Meeting A", None))]] * 3,
    }
)
@example(
    case={
        "records": [(_event_values("Meeting A", None), True, STAMPS[1])] * 3,
        "ordering": "-updated_at",
        "lang": "",
        "page_size": 2,
        "changes": [[("insert_tie", 0, False, _event_values("Meeting A", None)), ("touch", 0, False, {})]],
    }
)
@in_rolled_back_transaction
def test_following_next_through_events_under_change_never_skips_or_repeats(api, case):
    walk = walk_forward(api, EVENTS, **case)
    walk.check()


@HYPOTHESIS
@given(case=scenario(PEOPLE))
@in_rolled_back_transaction
def test_following_next_through_people_under_change_never_skips_or_repeats(api, case):
    walk = walk_forward(api, PEOPLE, **case)
    walk.check()


@HYPOTHESIS
@given(case=scenario(EVENTS))
@in_rolled_back_transaction
def test_following_previous_back_through_events_under_change_never_skips_or_repeats(api, case):
    walk, last_page, initial = walk_back(api, EVENTS, **case)
    walk.check(already_given=last_page[::-1], initial=initial)


@HYPOTHESIS
@given(case=scenario(PEOPLE))
@in_rolled_back_transaction
def test_following_previous_back_through_people_under_change_never_skips_or_repeats(api, case):
    walk, last_page, initial = walk_back(api, PEOPLE, **case)
    walk.check(already_given=last_page[::-1], initial=initial)


# --- One scenario, step by step ----------------------------------------------------------------------


def slugs(walk):
    by_pk = dict(walk.collection.model.objects.values_list("pk", "slug"))
    return [[by_pk.get(pk, f"#{pk} (deleted)") for pk in page] for page in walk.pages]


def test_a_walk_forward_through_events_with_ties_on_every_key_and_changes_between_pages(api):
    """Newest first, undated last, then title, then id; three to a page."""
    d2021, d2025, d1991 = dt.date(2021, 1, 14), dt.date(2025, 4, 29), dt.date(1991, 1, 1)
    for slug, title, day in [
        ("e1", "Meeting B", d2021),
        ("e2", "Meeting B", d2021),  # the same keys as e1: the id decides
        ("e3", "Meeting A", d2021),
        ("e4", "Meeting C", d2025),
        ("e5", "Meeting A", None),
        ("e6", "Meeting A", None),  # the same keys as e5
        ("e7", "Meeting B", d2021),  # the same keys as e1 and e2
        ("e8", "Meeting A", d1991),
        ("e9", "Meeting B", None),
    ]:
        _make_event(_event_values(title, day), slug=slug)
    event = functools.partial(Event.objects.get)

    def change(walk, number):
        if number == 0:  # after e4, e3, e1
            _make_event(_event_values("Meeting B", d2021), slug="tie-with-e1")  # after e1: a later id
            _make_event(_event_values("Meeting C", dt.date(2030, 1, 1)), slug="newest")  # before all: not given
            _rekey_event(event(slug="e2"), _event_values("Meeting A", d2021))  # moved behind: not given
            event(slug="e8").delete()
        elif number == 1:  # after e7, tie-with-e1, e5
            _make_event(_event_values("Meeting A", None), slug="undated-tie-with-e5")  # after e5 and e6
            _make_event(_event_values("Meeting A", d1991), slug="dated-1991")  # behind: not given
            _rekey_event(event(slug="e4"), _event_values("Meeting Z", None))  # seen, moved ahead: given again
            e9 = event(slug="e9")
            e9.publication_status = DRAFT
            e9.save()

    walk = Walk(EVENTS, Ordering.parse("", EVENTS.default), 3, forward=True)
    walk.run(api, walk.first_url(), change)

    assert slugs(walk) == [
        ["e4", "e3", "e1"],
        ["e7", "tie-with-e1", "e5"],
        ["e6", "undated-tie-with-e5", "e4"],
    ]
    walk.check()


def test_a_walk_forward_where_the_id_runs_descending_leaves_a_new_tie_behind(api):
    """`ordering=-title`: the id runs descending too, so a new record with the cursor's title, whose id is
    higher, sorts before the cursor's record and is not given; one with a lower title is."""
    for slug, title in [("a1", "Meeting A"), ("b1", "Meeting B"), ("b2", "Meeting B"), ("c1", "Meeting C")]:
        _make_event(_event_values(title, dt.date(2021, 1, 14)), slug=slug)

    def change(walk, number):
        if number == 0:  # after c1, b2
            _make_event(_event_values("Meeting B", dt.date(2021, 1, 14)), slug="b3")  # before b2: not given
            _make_event(_event_values("Meeting A", None), slug="a2")  # after b1, before a1 (higher id)

    walk = Walk(EVENTS, Ordering.parse("-title", EVENTS.default), 2, forward=True)
    walk.run(api, walk.first_url(), change)

    assert slugs(walk) == [["c1", "b2"], ["b1", "a2"], ["a1"]]
    walk.check()


def test_a_walk_back_through_people_by_name_with_ties_and_changes_between_pages(api):
    """`ordering=name`, two to a page: forward to the last page, then back by `previous`."""
    for slug, name in [
        ("p1", "Person A"),
        ("p2", "Person A"),
        ("p3", "Person B"),
        ("p4", "Person B"),
        ("p5", "Person B"),
        ("p6", "Person C"),
        ("p7", "Person D"),
    ]:
        _make_person({"name": name, "family_name": ""}, slug=slug)
    person = functools.partial(Person.objects.get)
    ordering = Ordering.parse("name", PEOPLE.default)
    there = Walk(PEOPLE, ordering, 2, forward=True)
    there.run(api, there.first_url())
    assert slugs(there) == [["p1", "p2"], ["p3", "p4"], ["p5", "p6"], ["p7"]]

    def change(walk, number):
        if number == 0:  # after p5, p6
            _make_person({"name": "Person B", "family_name": ""}, slug="new-b")  # after p5 (higher id): not given
            _make_person({"name": "Person A", "family_name": ""}, slug="new-a")  # before p5: given
            _rekey_person(person(slug="p3"), {"name": "Person E", "family_name": ""})  # moved ahead: not given
            person(slug="p1").delete()
        elif number == 1:  # after new-a, p4
            _rekey_person(person(slug="p6"), {"name": "Person A", "family_name": ""})  # seen, moved behind: again

    walk = Walk(PEOPLE, ordering, 2, forward=False)
    initial, p7 = there.states[-1], there.pages[-1][0]
    walk.run(api, api.get(there.urls[-1]).json()["previous"], change, initial[p7].position, initial[p7].label)

    assert slugs(walk) == [["p5", "p6"], ["new-a", "p4"], ["p2", "p6"]]
    walk.check(already_given=there.pages[-1][::-1], initial=initial)


# --- In another language -----------------------------------------------------------------------------

# The lists read as records (people, places, organisations, initiatives, sources: those without
# `list_rows`) are ordered by the original (English) column whatever the language; the cursor must carry
# that column's value, not the record's attribute, which reads in the active language. A translation that
# sorts after its original (Arabic) would end the walk there, skipping the rest; one that sorts before it
# (Azerbaijani, here) would give the same page again, with a `next` link to itself.


@pytest.mark.parametrize("language", ["en", "ar", "az"])
def test_a_walk_in_another_language_pages_by_the_original_names(api, language):
    """Lists are ordered by the original (English) column whatever `lang` is (cooperation/core/translation.py);
    the cursor must carry that column's value too, not the name as the language shows it."""
    PersonFactory(slug="p1", name="Person B", name_az="Person A", name_ar="ب")  # before it; after every name
    PersonFactory(slug="p2", name="Person C")
    PersonFactory(slug="p3", name="Person D")

    walk = Walk(PEOPLE, Ordering.parse("name", PEOPLE.default), 1, forward=True, lang=language)
    walk.run(api, walk.first_url())

    assert slugs(walk) == [["p1"], ["p2"], ["p3"]]
