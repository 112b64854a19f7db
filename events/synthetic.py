"""Synthetic records at scale, for benchmarks: `manage.py generate_synthetic --events N`.

Makes places (countries, regions, cities), organisations with their posts, people with the positions
they held, sources whose text quotes every record they support, initiatives with their parties and
places, and events with their participants (about four each), with a share of drafts and a
Zipf-like skew (a few people and organisations take part in very many events). Dates run from 1991
to 2026 at year, month or day precision. The same `seed` gives the same rows (ids, UUIDs, slugs,
names, dates); only `created_at` and `updated_at` carry the time of the run.

Every synthetic row is recognisable, so that `clear()` removes exactly these rows and never a seed
record: records with pages have slugs beginning `syn-` (sources also references beginning
`synthetic/`), and every other row (a participation, a position, a post, a citation, an alternate
name, a party, a relation, a link) belongs to such a record. Synthetic rows link only synthetic rows.

The rows are written in bulk, bypassing `save()`: with COPY (psycopg 3) on PostgreSQL, `executemany`
on SQLite. So this module fills what `save()` and the write paths would: each record's UUID, version,
timestamps and search key (the same folded text `PublicRecord.build_search_key` gives, alternate
names included). The history tables get no rows. The data version moves once, at the end.
"""

from __future__ import annotations

import bisect
import calendar
import contextlib
import datetime as dt
import functools
import itertools
import operator
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from cooperation.core import search
from cooperation.core.citations import AlternateName, AlternateNameKind, Citation
from cooperation.core.dates import DatePrecision, period_end
from cooperation.core.records import PublicationStatus
from cooperation.core.versioning import DataVersion
from cooperation.models import (
    Initiative,
    InitiativeKind,
    InitiativeParty,
    InitiativeStatus,
    Organisation,
    OrganisationKind,
    OrganisationRelation,
    PartyRole,
    Place,
    PlaceKind,
    RelationKind,
    Source,
    SourceKind,
)
from events.models import Event, EventKind, EventStatus, Participation, ParticipationRole
from people.models import Person, Position, Post

SLUG_PREFIX = "syn-"
REFERENCE_PREFIX = "synthetic/"
FIRST_YEAR, LAST_YEAR = 1991, 2026
# Events that start after this day are planned (or postponed); before it, mostly held. Fixed, not
# today, so that a seed gives the same rows whenever it runs.
REFERENCE_DAY = dt.date(2026, 1, 1)

YEAR, MONTH, DAY = DatePrecision.YEAR.value, DatePrecision.MONTH.value, DatePrecision.DAY.value
PUBLISHED, DRAFT = PublicationStatus.PUBLISHED.value, PublicationStatus.DRAFT.value


@dataclass
class Sizes:
    """How many of each: everything but the events scales from their number unless given."""

    events: int
    people: int
    organisations: int
    sources: int
    initiatives: int
    countries: int
    regions_per_country: int
    cities_per_region: int
    participants_per_event: float = 4.0

    @classmethod
    def from_events(cls, events: int, **given: int | None) -> Sizes:
        """Defaults scaled from the events: 100,000 events → 20,000 people, 2,000 organisations,
        5,000 sources, 1,000 initiatives, about 400,000 participations."""
        large = events >= 10_000
        sizes = cls(
            events=events,
            people=max(20, events // 5),
            organisations=max(12, events // 50),
            sources=max(4, events // 20),
            initiatives=max(3, events // 100),
            countries=min(40, max(3, events // 2_500)),
            regions_per_country=4 if large else 2,
            cities_per_region=5 if large else 2,
        )
        for name, value in given.items():
            if value is not None:
                setattr(sizes, name, value)
        return sizes

    @property
    def places(self) -> int:
        return self.countries * (1 + self.regions_per_country * (1 + self.cities_per_region))


# ---------------------------------------------------------------------------------------------------
# The search key, as PublicRecord.build_search_key makes it, but fast.


class SearchKeys:
    """`cooperation.core.search.index_text`, word by word with each word's forms remembered.

    index_text folds a text in six ways (three spellings of ə, each folded whole and with its words
    split) and joins the distinct forms. Every step is local to a word (folding, the joiners, camel
    case), so each form is the words' forms joined; the forms come in the order index_text takes the
    spellings (a set's), so the key is the same string. Synthetic texts repeat their words a great
    deal, which makes this some twenty times faster than index_text on each text.
    """

    def __init__(self):
        self._words: dict[str, tuple[tuple[str, str], ...]] = {}

    def _forms(self, word: str) -> tuple[tuple[str, str], ...]:
        forms = self._words.get(word)
        if forms is None:
            forms = tuple(
                (search.fold(spelling), search.fold(search._JOINERS.sub(" ", search._CAMEL_CASE.sub(" ", spelling))))
                for spelling in (word, _e_spelling(word), _a_spelling(word))
            )
            self._words[word] = forms
        return forms

    def key(self, texts: Iterable[str]) -> str:
        text = " ".join(texts)
        words = [self._forms(word) for word in text.split()]
        as_e = _e_spelling(text)
        forms = []
        for spelling in search._spellings(text):
            variant = 0 if spelling == text else 1 if spelling == as_e else 2
            for mode in (0, 1):
                forms.append(" ".join(part for word in words if (part := word[variant][mode])))
        return " ".join(dict.fromkeys(form for form in forms if form))


def _e_spelling(text: str) -> str:
    return text.replace("ə", "e").replace("Ə", "E")


def _a_spelling(text: str) -> str:
    return text.replace("ə", "a").replace("Ə", "A")


# ---------------------------------------------------------------------------------------------------
# Writing rows in bulk.


class Table:
    """Rows of one table, buffered: each row a dict of the model's column attnames."""

    def __init__(self, model: type[models.Model], provided: Iterable[str]):
        self.model = model
        self.provided = list(provided)
        fields_by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(self.provided) - set(fields_by_attname)
        if unknown:
            raise ValueError(f"{model._meta.label} has no columns {sorted(unknown)}")
        # Columns the model has and this module does not fill (a field added later) take their default.
        self.extra: list[tuple[str, Any]] = []
        for attname, model_field in fields_by_attname.items():
            if attname in self.provided or (model_field.primary_key and isinstance(model_field, models.AutoField)):
                continue
            if not model_field.has_default() and not model_field.null:
                raise ValueError(
                    f"{model._meta.label}.{attname} has no default and generate_synthetic does not fill it: "
                    "teach events/synthetic.py about it."
                )
            self.extra.append((attname, model_field.get_default() if model_field.has_default() else None))
        self.columns = [*self.provided, *(name for name, _ in self.extra)]
        self.fields = [fields_by_attname[name] for name in self.columns]
        self._row = operator.itemgetter(*self.provided)
        self._extra_values = tuple(value for _, value in self.extra)
        self.rows: list[dict[str, Any]] = []
        self.written = 0
        self.seconds = 0.0  # spent writing

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)

    def tuples(self, rows: list[dict[str, Any]]) -> Iterable[tuple]:
        get, extra = self._row, self._extra_values
        if len(self.provided) == 1:
            return ((get(row), *extra) for row in rows)
        return (get(row) + extra for row in rows)


class Writer:
    """Writes tables' buffered rows inside the caller's transaction: executemany on SQLite (foreign
    keys checked at commit), COPY on PostgreSQL. On PostgreSQL a batch is written by a thread while
    the next one is generated (the generator makes no query meanwhile), and the foreign keys are
    checked as each COPY ends rather than all at commit, so the database's work overlaps Python's."""

    def __init__(self):
        self.vendor = connection.vendor
        self.tables: list[Table] = []
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def table(self, model: type[models.Model], provided: Iterable[str]) -> Table:
        table = Table(model, provided)
        self.tables.append(table)
        return table

    def pending(self) -> int:
        return sum(len(table.rows) for table in self.tables)

    def flush(self) -> None:
        """Write what is buffered: now on SQLite, in the background on PostgreSQL (see join)."""
        self.join()
        batches = [(table, table.rows) for table in self.tables if table.rows]
        for table in self.tables:
            table.written += len(table.rows)
            table.rows = []
        if self.vendor != "postgresql":
            for table, rows in batches:
                began = time.monotonic()
                self._insert(table, rows)
                table.seconds += time.monotonic() - began
            return
        connection.ensure_connection()
        raw = connection.connection
        self._thread = threading.Thread(target=self._copy_all, args=(raw, batches), daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Back to the transaction's usual mode: foreign keys checked at commit."""
        if self.vendor == "postgresql":
            # Never masks the error that is rolling the transaction back.
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def join(self) -> None:
        """Wait for the batch being written; raise what went wrong with it."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _copy_all(self, raw, batches) -> None:
        try:
            quote = connection.ops.quote_name
            with raw.cursor() as cursor:
                for table, rows in batches:
                    name = quote(table.model._meta.db_table)
                    columns = ", ".join(quote(column) for column in table.columns)
                    began = time.monotonic()
                    with cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
                        for row in table.tuples(rows):
                            copy.write_row(row)
                    table.seconds += time.monotonic() - began
        except BaseException as error:  # re-raised by join(), in the generator's thread
            self._error = error

    def _insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        quote = connection.ops.quote_name
        name = quote(table.model._meta.db_table)
        columns = ", ".join(quote(column) for column in table.columns)
        converters = [(i, c) for i, model_field in enumerate(table.fields) if (c := _sqlite_converter(model_field))]

        def converted(row: tuple) -> list:
            values = list(row)
            for i, convert in converters:
                if values[i] is not None:
                    values[i] = convert(values[i])
            return values

        placeholders = ", ".join("?" for _ in table.columns)
        connection.ensure_connection()
        # The raw sqlite3 connection, in the transaction Django opened: no %s rewriting per row.
        connection.connection.executemany(
            f"INSERT INTO {name} ({columns}) VALUES ({placeholders})",  # noqa: S608
            map(converted, table.tuples(rows)),
        )


def _sqlite_converter(model_field: models.Field) -> Callable[[Any], Any] | None:
    """How Django stores a value in SQLite, for the types that sqlite3 would store otherwise."""
    if isinstance(model_field, models.UUIDField):
        return operator.attrgetter("hex")
    if isinstance(model_field, models.DateTimeField):
        return functools.lru_cache(maxsize=16)(connection.ops.adapt_datetimefield_value)
    if isinstance(model_field, models.DateField):
        return dt.date.isoformat
    if isinstance(model_field, models.DecimalField):
        return str
    return None


# ---------------------------------------------------------------------------------------------------
# Words the records are made of.

SYLLABLES = [
    "ba", "ka", "qa", "ra", "sa", "ta", "la", "ma", "na", "za", "şa", "ça", "xa", "ğa", "da", "ga", "ha", "va",
    "be", "ke", "lə", "mə", "nə", "rə", "sə", "tə", "şə", "gə", "dı", "qı", "lı", "rı", "ko", "lo", "mo", "no",
    "ru", "su", "tu", "zü", "gü", "dü", "lan", "kar", "dağ", "bad", "vel", "mir", "san", "tel", "kənd", "şir",
]  # fmt: skip
REGION_SUFFIXES = ["North", "South", "East", "West", "Central", "Upper", "Lower", "Coastal"]
# ISO 3166-1's user-assigned codes: never a real country's.
COUNTRY_CODES = [f"X{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] + [f"Q{c}" for c in "MNOPQRSTUVWXYZ"] + ["AA", "ZZ"]

GIVEN_NAMES = [
    "Anar", "Aynur", "Elvin", "Leyla", "Rəşad", "Günel", "Tural", "Nərmin", "Orxan", "Səbinə", "Kamran", "Aysel",
    "Fərid", "Lalə", "Elçin", "Şəhla", "Vüsal", "Zeynəb", "Ilham", "Nigar", "Salim", "Amina", "Yusuf", "Fatima",
    "Omar", "Khadija", "Hassan", "Mariam", "Karim", "Layla", "Ahmed", "Nadia", "Tariq", "Samira", "Bilal", "Huda",
    "Ivan", "Olga", "Sergey", "Natalia", "Dmitry", "Elena", "John", "Mary", "David", "Sarah", "Peter", "Anna",
    "Jean", "Claire", "Luca", "Sofia", "Mehmet", "Ayşe", "Emre", "Zeynep", "Murat", "Elif", "Rustam", "Dilnoza",
]  # fmt: skip
FAMILY_NAMES = [
    "Əliyev", "Məmmədova", "Həsənov", "Quliyeva", "Hüseynov", "Abbasova", "Qafar-zadə", "Rzayev", "Cəfərova",
    "Kərimov", "İsmayılova", "Bayramov", "Süleymanova", "Nağıyev", "Babayeva", "Şükürov", "Al-Malik", "AlMansouri",
    "Al-Hashimi", "El-Amrani", "Bennani", "Haddad", "Khoury", "Mansour", "Nasser", "Saleh", "Yousef", "Farouk",
    "Ivanov", "Petrova", "Smirnov", "Kuznetsova", "Popov", "Volkova", "Smith", "Johnson", "Brown", "Taylor",
    "Martin", "Dubois", "Rossi", "Bianchi", "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Karimov",
    "Yusupova", "Tashkentov", "O'Connor", "McAllister", "DeLuca", "Abdel-Rahman", "Ben Ali", "Ould Ahmed", "Diallo",
]  # fmt: skip
HONORIFICS = ["", "", "", "Dr.", "Mr.", "Ms.", "H.E.", "Prof."]
FIELDS = [
    "Culture", "Education", "Science", "Youth and Sports", "Digital Development", "Heritage", "Tourism",
    "Foreign Affairs", "Higher Education", "Innovation", "Health", "Environment", "Labour", "Arts",
]  # fmt: skip
THEMES = [
    "cultural heritage", "digital education", "artificial intelligence in schools", "women in science",
    "intangible heritage", "youth exchange", "Arabic language teaching", "climate education", "museum cooperation",
    "manuscript preservation", "inclusive education", "open science", "literacy", "intercultural dialogue",
    "scientific research", "the ICESCO Chair programme", "heritage sites", "media literacy", "teacher training",
]  # fmt: skip
ADJECTIVES = ["Islamic", "International", "Regional", "Eurasian", "Caspian", "World", "Joint", "United"]
MEDIA_WORDS = ["News", "Times", "Herald", "Press Agency", "Daily", "Observer", "Review", "Today"]
POST_TITLES = {
    OrganisationKind.INTERGOVERNMENTAL: ["Director-General", "Deputy Director-General", "Head of Sector", "Adviser"],
    OrganisationKind.REGIONAL_OFFICE: ["Head of Office", "Programme Specialist"],
    OrganisationKind.STATE: ["President", "Prime Minister", "Ambassador"],
    OrganisationKind.GOVERNMENT_OFFICE: ["Head", "Deputy Head", "Adviser"],
    OrganisationKind.MINISTRY: ["Minister", "Deputy Minister", "Head of International Relations"],
    OrganisationKind.DEPARTMENT: ["Head of Department", "Chief Specialist"],
    OrganisationKind.FOUNDATION: ["President", "Executive Director"],
    OrganisationKind.ACADEMY: ["President", "Vice-President", "Academic Secretary"],
    OrganisationKind.EDUCATIONAL: ["Rector", "Vice-Rector", "Dean"],
    OrganisationKind.MEDIA: ["Editor-in-Chief", "Correspondent"],
    OrganisationKind.NON_GOVERNMENTAL: ["Chair", "Director"],
    OrganisationKind.OTHER: ["Director"],
}
EVENT_KINDS = [
    (EventKind.MEETING, 34),
    (EventKind.VISIT, 12),
    (EventKind.SEMINAR, 10),
    (EventKind.FORUM, 8),
    (EventKind.OPENING_CEREMONY, 6),
    (EventKind.PRESS_CONFERENCE, 6),
    (EventKind.AWARD, 5),
    (EventKind.ANNOUNCEMENT, 6),
    (EventKind.DESIGNATION, 3),
    (EventKind.TOUR, 3),
    (EventKind.ACCESSION, 1),
    (EventKind.OTHER, 6),
]
ROLES = [
    (ParticipationRole.PARTICIPANT, 30),
    (ParticipationRole.ATTENDEE, 15),
    (ParticipationRole.SPEAKER, 15),
    (ParticipationRole.HOST, 8),
    (ParticipationRole.ORGANISER, 8),
    (ParticipationRole.DELEGATION_HEAD, 6),
    (ParticipationRole.DELEGATION_MEMBER, 8),
    (ParticipationRole.GUEST_OF_HONOUR, 4),
    (ParticipationRole.RECIPIENT, 6),
]
ORGANISATION_KINDS = [
    (OrganisationKind.MINISTRY, 18),
    (OrganisationKind.DEPARTMENT, 10),
    (OrganisationKind.EDUCATIONAL, 16),
    (OrganisationKind.MEDIA, 10),
    (OrganisationKind.FOUNDATION, 8),
    (OrganisationKind.ACADEMY, 6),
    (OrganisationKind.NON_GOVERNMENTAL, 10),
    (OrganisationKind.GOVERNMENT_OFFICE, 6),
    (OrganisationKind.REGIONAL_OFFICE, 4),
    (OrganisationKind.INTERGOVERNMENTAL, 4),
    (OrganisationKind.OTHER, 8),
]
SOURCE_KINDS = (
    [k.value for k in (SourceKind.NEWS_ARTICLE, SourceKind.PRESS_RELEASE, SourceKind.OFFICIAL_PAGE, SourceKind.REPORT)],
    [70, 90, 95, 100],
)
MONTHS = [calendar.month_name[m] for m in range(13)]


def _weighted(pairs):
    values = [value.value if hasattr(value, "value") else value for value, _ in pairs]
    return values, list(itertools.accumulate(weight for _, weight in pairs))


# ---------------------------------------------------------------------------------------------------
# The generator.


@dataclass
class _Person:
    id: int
    name: str
    honorific: str
    published: bool
    # (position id, organisation id, post title, organisation name, first day, last day or None)
    positions: list[tuple[int, int, str, str, dt.date, dt.date | None]] = field(default_factory=list)


@dataclass
class _Organisation:
    id: int
    name: str
    kind: str
    country: int | None
    published: bool
    posts: list[tuple[int, str]] = field(default_factory=list)


class Generator:
    def __init__(self, sizes: Sizes, *, seed: int = 0, drafts: float = 0.05, skew: float = 1.0, log=None):
        self.sizes = sizes
        self.rng = random.Random(seed)  # noqa: S311 - reproducible rows, not secrets
        self.seed = seed
        self.drafts = drafts
        self.skew = skew
        self.log = log or (lambda message: None)
        self.now = timezone.now()
        self.keys = SearchKeys()
        self.writer = Writer()
        self.content_types = {
            model: ContentType.objects.get_for_model(model).pk
            for model in (
                Place,
                Organisation,
                OrganisationRelation,
                Post,
                Person,
                Position,
                Initiative,
                InitiativeParty,
                Event,
                Participation,
            )
        }
        record = ["uuid", "created_at", "updated_at", "note", "version"]
        public = [*record, "slug", "publication_status", "search_key"]
        w = self.writer
        self.t_place = w.table(
            Place, ["id", *public, "name", "kind", "parent_id", "country_code", "latitude", "longitude", "description"]
        )
        self.t_organisation = w.table(
            Organisation,
            [
                "id",
                *public,
                "name",
                "acronym",
                "kind",
                "parent_id",
                "country_id",
                "headquarters_id",
                "website",
                "description",
                "founded_date",
                "founded_date_precision",
            ],
        )
        self.t_relation = w.table(
            OrganisationRelation,
            [
                "id",
                *record,
                "subject_id",
                "kind",
                "object_id",
                "start_date",
                "start_date_precision",
                "end_date",
                "end_date_precision",
            ],
        )
        self.t_post = w.table(Post, ["id", *record, "organisation_id", "title"])
        self.t_person = w.table(Person, ["id", *public, "name", "honorific", "given_name", "family_name", "summary"])
        self.t_position = w.table(
            Position,
            ["id", *record, "person_id", "post_id", "start_date", "start_date_precision", "end_date", "end_date_precision",
             "attested_from", "attested_from_precision", "attested_to", "attested_to_precision"],
        )  # fmt: skip
        self.t_initiative = w.table(
            Initiative,
            ["id", *public, "title", "kind", "status", "start_date", "start_date_precision", "end_date", "end_date_precision",
             "lead_organisation_id", "parent_id", "description"],
        )  # fmt: skip
        self.t_initiative_place = w.table(Initiative.places.through, ["initiative_id", "place_id"])
        self.t_party = w.table(
            InitiativeParty, ["id", *record, "initiative_id", "organisation_id", "person_id", "role"]
        )
        self.t_source = w.table(
            Source,
            ["id", *public, "kind", "title", "publisher_id", "author_name", "author_id", "published_date",
             "published_date_precision", "published_date_inferred", "language", "text", "reference", "url"],
        )  # fmt: skip
        self.t_event = w.table(
            Event,
            ["id", *public, "title", "kind", "status", "start_date", "start_date_precision", "end_date", "end_date_precision",
             "place_id", "location_text", "parent_id", "description"],
        )  # fmt: skip
        self.t_event_initiative = w.table(Event.initiatives.through, ["event_id", "initiative_id"])
        self.t_participation = w.table(
            Participation,
            [
                "id",
                *record,
                "event_id",
                "person_id",
                "organisation_id",
                "name",
                "role",
                "on_behalf_of_id",
                "position_id",
                "order",
            ],
        )
        self.t_citation = w.table(
            Citation,
            ["source_id", "content_type_id", "object_id", "field", "quote", "note", "created_at", "updated_at"],
        )
        self.t_name = w.table(AlternateName, ["content_type_id", "object_id", "name", "language", "kind", "note"])
        # The first free id of each table whose rows others refer to.
        self.next_id = {
            model: (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
            for model in (
                Place,
                Organisation,
                OrganisationRelation,
                Post,
                Person,
                Position,
                Initiative,
                InitiativeParty,
                Source,
                Event,
                Participation,
            )
        }
        # Citations waiting for their source: by source (chunk) number, ([(model, id) cited], the sentence quoted).
        self.citations_due: dict[int, list[tuple[list[tuple[type[models.Model], int]], str]]] = {}

    # --- helpers

    def ids(self, model, count):
        start = self.next_id[model]
        self.next_id[model] = start + count
        return range(start, start + count)

    def new_id(self, model):
        pk = self.next_id[model]
        self.next_id[model] = pk + 1
        return pk

    def uuid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def record(self):
        return {"uuid": self.uuid(), "created_at": self.now, "updated_at": self.now, "note": "", "version": 1}

    def public(self, slug, texts, names=(), *, published=None):
        if published is None:
            published = self.rng.random() >= self.drafts
        return {
            **self.record(),
            "slug": slug[:120],
            "publication_status": PUBLISHED if published else DRAFT,
            "search_key": self.keys.key([*texts, *sorted(names)]),
        }

    def zipf(self, count):
        """Cumulative weights 1/rank^skew for ranks 1..count: the first few are chosen very often."""
        return list(itertools.accumulate(1.0 / (rank**self.skew) for rank in range(1, count + 1)))

    def pick(self, cumulative):
        return bisect.bisect(cumulative, self.rng.random() * cumulative[-1])

    def choice(self, values_and_cumulative):
        values, cumulative = values_and_cumulative
        return values[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]

    def word(self, syllables):
        return "".join(self.rng.choice(SYLLABLES) for _ in range(syllables))

    def date(self, first=FIRST_YEAR, last=LAST_YEAR, shares=(0.1, 0.2)):
        """A random start date and its precision (year, month or day), stored as its period's first day."""
        year = self.rng.randint(first, last)
        day = dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
        roll = self.rng.random()
        if roll < shares[0]:
            return day.replace(month=1, day=1), YEAR
        if roll < shares[0] + shares[1]:
            return day.replace(day=1), MONTH
        return day, DAY

    def cite(self, rows, sentence):
        """Cite the rows [(model, id)] with one sentence, which a source chosen at random will contain."""
        source = self.rng.randrange(self.sizes.sources)
        self.citations_due.setdefault(source, []).append((rows, sentence))

    def alternate_name(self, model, object_id, name, language, kind):
        self.t_name.add(
            {
                "content_type_id": self.content_types[model],
                "object_id": object_id,
                "name": name[:300],
                "language": language,
                "kind": kind,
                "note": "",
            }
        )

    def maybe_flush(self, limit=200_000):
        if self.writer.pending() >= limit:
            self.writer.flush()

    # --- the records, floor by floor

    def run(self):
        started = time.monotonic()
        try:
            for step in (self.places, self.organisations, self.people, self.initiatives, self.events_and_sources):
                began = time.monotonic()
                step()
                self.writer.flush()
                self.log(f"  {step.__name__}: {time.monotonic() - began:.1f}s")
            self.writer.join()
        except BaseException:
            # Nothing may still be writing when the transaction rolls back.
            with contextlib.suppress(BaseException):
                self.writer.join()
            raise
        finally:
            self.writer.close()
        self.reset_sequences()
        slowest = sorted(self.writer.tables, key=lambda table: -table.seconds)[:5]
        self.log("  writing took " + ", ".join(f"{t.model._meta.label} {t.seconds:.1f}s" for t in slowest))
        self.log(f"  written in {time.monotonic() - started:.1f}s")
        return {table.model._meta.label: table.written for table in self.writer.tables}

    def places(self):
        s, rng = self.sizes, self.rng
        self.countries, self.cities, self.regions = [], [], []
        self.place_names = {}
        self.place_parent = {}
        ids = iter(self.ids(Place, s.places))
        for c in range(s.countries):
            country = next(ids)
            name = f"{self.word(2).capitalize()}ia"
            code = COUNTRY_CODES[c % len(COUNTRY_CODES)]
            transliteration = _ascii(name)
            names = [transliteration] if transliteration != name else []
            self.add_place(
                country, name, PlaceKind.COUNTRY, None, code, None, f"{name}, a country.", names, published=True
            )
            self.countries.append(country)
            for r in range(s.regions_per_country):
                region = next(ids)
                region_name = f"{REGION_SUFFIXES[r % len(REGION_SUFFIXES)]} {name}"
                self.add_place(region, region_name, PlaceKind.REGION, country, "", None, f"A region of {name}.", [])
                self.regions.append(region)
                for _ in range(s.cities_per_region):
                    city = next(ids)
                    city_name = self.word(rng.randint(2, 3)).capitalize()
                    names = []
                    if rng.random() < 0.3 and _ascii(city_name) != city_name:
                        names.append(_ascii(city_name))
                    coordinates = None
                    if rng.random() < 0.7:
                        coordinates = (
                            Decimal(f"{rng.uniform(-60, 70):.6f}"),
                            Decimal(f"{rng.uniform(-170, 170):.6f}"),
                        )
                    description = f"A city in {region_name}, {name}."
                    self.add_place(city, city_name, PlaceKind.CITY, region, "", coordinates, description, names)
                    self.cities.append(city)
        self.country_of = {}
        for place in self.place_names:
            top = place
            while self.place_parent.get(top):
                top = self.place_parent[top]
            self.country_of[place] = top
        self.city_weights = self.zipf(len(self.cities))

    def add_place(self, pk, name, kind, parent, code, coordinates, description, names, *, published=None):
        latitude, longitude = coordinates or (None, None)
        self.t_place.add(
            {
                "id": pk,
                **self.public(
                    f"{SLUG_PREFIX}{slugify(name)}-{pk}", [name, code, description], names, published=published
                ),
                "name": name,
                "kind": kind.value,
                "parent_id": parent,
                "country_code": code,
                "latitude": latitude,
                "longitude": longitude,
                "description": description,
            }
        )
        for alternate in names:
            self.alternate_name(Place, pk, alternate, "en", AlternateNameKind.TRANSLITERATION.value)
        self.place_names[pk] = name
        self.place_parent[pk] = parent
        self.cite([(Place, pk)], f"{name} is {'a country' if parent is None else 'in ' + self.place_names[parent]}.")

    def organisations(self):
        s, rng = self.sizes, self.rng
        self.orgs: list[_Organisation] = []
        kinds = _weighted(ORGANISATION_KINDS)
        ids = list(self.ids(Organisation, s.organisations))
        ministries: list[_Organisation] = []
        for index, pk in enumerate(ids):
            # The first organisations are the busiest (Zipf): make them intergovernmental bodies and states.
            if index < 2:
                kind = OrganisationKind.INTERGOVERNMENTAL.value
            elif index < 2 + min(len(self.countries), s.organisations // 10):
                kind = OrganisationKind.STATE.value
            else:
                kind = self.choice(kinds)
            country = rng.choice(self.countries) if kind != OrganisationKind.INTERGOVERNMENTAL.value else None
            city = rng.choice(self.cities)
            country_name = self.place_names[country] if country else ""
            field_name = rng.choice(FIELDS)
            parent = None
            acronym = ""
            if kind == OrganisationKind.INTERGOVERNMENTAL.value:
                adjective = ADJECTIVES[index % len(ADJECTIVES)]
                name = f"{adjective} Organisation for {field_name}, Science and Culture"
                acronym = "".join(w[0] for w in name.replace(",", "").split() if w[0].isupper())
            elif kind == OrganisationKind.STATE.value:
                country = self.countries[(index - 2) % len(self.countries)]
                country_name = self.place_names[country]
                name = f"Republic of {country_name}"
            elif kind == OrganisationKind.MINISTRY.value:
                name = f"Ministry of {field_name} of {country_name}"
                acronym = "M" + "".join(w[0] for w in field_name.split() if w[0].isupper())
            elif kind == OrganisationKind.DEPARTMENT.value and ministries:
                parent_org = rng.choice(ministries)
                parent, country = parent_org.id, parent_org.country
                name = f"Department of {rng.choice(THEMES).capitalize()}, {parent_org.name}"
            elif kind == OrganisationKind.EDUCATIONAL.value:
                name = f"{self.place_names[city]} State University of {field_name}"
                acronym = "".join(w[0] for w in name.split() if w[0].isupper())
            elif kind == OrganisationKind.MEDIA.value:
                name = f"{self.place_names[city]} {rng.choice(MEDIA_WORDS)}"
            elif kind == OrganisationKind.FOUNDATION.value:
                name = f"{rng.choice(FAMILY_NAMES)} Foundation for {field_name}"
            elif kind == OrganisationKind.ACADEMY.value:
                name = f"{country_name} Academy of {field_name}"
            elif kind == OrganisationKind.REGIONAL_OFFICE.value and self.orgs:
                parent = self.orgs[0].id
                name = f"{self.orgs[0].name} Regional Office in {self.place_names[city]}"
            else:
                kind = kind if kind != OrganisationKind.DEPARTMENT.value else OrganisationKind.OTHER.value
                kind = kind if kind != OrganisationKind.REGIONAL_OFFICE.value else OrganisationKind.OTHER.value
                name = f"{self.word(2).capitalize()} Centre for {rng.choice(THEMES).capitalize()}"
            published = index < 10 or rng.random() >= self.drafts
            founded, precision = self.date(1920, 2024, shares=(0.5, 0.2)) if rng.random() < 0.6 else (None, "")
            description = f"{name} works on {rng.choice(THEMES)} and {rng.choice(THEMES)}."
            names = [acronym] if acronym and rng.random() < 0.5 else []
            if rng.random() < 0.1:
                names.append(_ascii(name) if _ascii(name) != name else f"{name} (former name)")
            names = list(dict.fromkeys(names))
            self.t_organisation.add(
                {
                    "id": pk,
                    **self.public(
                        f"{SLUG_PREFIX}{slugify(name)[:90]}-{pk}",
                        [name, acronym, description],
                        names,
                        published=published,
                    ),
                    "name": name[:300],
                    "acronym": acronym[:30],
                    "kind": kind,
                    "parent_id": parent,
                    "country_id": country,
                    "headquarters_id": city,
                    "website": f"https://org{pk}.example.org/" if rng.random() < 0.5 else "",
                    "description": description,
                    "founded_date": founded,
                    "founded_date_precision": precision,
                }
            )
            for alternate in names:
                kind_of_name = AlternateNameKind.ACRONYM if alternate == acronym else AlternateNameKind.FORMER_NAME
                self.alternate_name(Organisation, pk, alternate, "", kind_of_name.value)
            organisation = _Organisation(pk, name, kind, country, published)
            self.orgs.append(organisation)
            if kind == OrganisationKind.MINISTRY.value:
                ministries.append(organisation)
            titles = POST_TITLES[OrganisationKind(kind)]
            for title in titles[: rng.randint(1, len(titles))]:
                post = self.new_id(Post)
                self.t_post.add({"id": post, **self.record(), "organisation_id": pk, "title": title})
                organisation.posts.append((post, title))
            posts = " and ".join(f"its {title}" for _, title in organisation.posts)
            self.cite(
                [(Organisation, pk), *((Post, post) for post, _ in organisation.posts)],
                f"{name}, represented by {posts}, took part in the cooperation.",
            )
        # States are members of the first intergovernmental organisation, since they joined.
        for organisation in self.orgs:
            if organisation.kind == OrganisationKind.STATE.value:
                start, precision = self.date(1991, 2020, shares=(0.8, 0.1))
                relation = self.new_id(OrganisationRelation)
                self.cite(
                    [(OrganisationRelation, relation)],
                    f"{organisation.name} has been a member of {self.orgs[0].name} since {start.year}.",
                )
                self.t_relation.add(
                    {
                        "id": relation,
                        **self.record(),
                        "subject_id": organisation.id,
                        "kind": RelationKind.MEMBER_OF.value,
                        "object_id": self.orgs[0].id,
                        "start_date": start,
                        "start_date_precision": precision,
                        "end_date": None,
                        "end_date_precision": "",
                    }
                )
        self.org_weights = self.zipf(len(self.orgs))
        self.media = [o for o in self.orgs if o.kind == OrganisationKind.MEDIA.value] or self.orgs

    def people(self):
        s, rng = self.sizes, self.rng
        self.persons: list[_Person] = []
        for index, pk in enumerate(self.ids(Person, s.people)):
            given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
            name = f"{given} {family}"
            honorific = rng.choice(HONORIFICS)
            published = index < 10 or rng.random() >= self.drafts
            person = _Person(pk, name, honorific, published)
            # The busiest people hold posts in the busiest organisations; most others hold one somewhere.
            holds = 2 if index < 20 else (1 if rng.random() < 0.7 else 0) + (1 if rng.random() < 0.2 else 0)
            held = set()
            for _ in range(holds):
                organisation = self.orgs[self.pick(self.org_weights)]
                post, title = rng.choice(organisation.posts)
                if post in held:
                    continue
                held.add(post)
                start, start_precision = self.date(1991, 2024, shares=(0.3, 0.2))
                end = end_precision = None
                if rng.random() < 0.6:
                    end_year = min(LAST_YEAR, start.year + rng.randint(1, 8))
                    end_precision = rng.choice([YEAR, MONTH, DAY])
                    end = period_end(dt.date(end_year, rng.randint(1, 12), rng.randint(1, 28)), end_precision)
                    if end < start:
                        end = end_precision = None
                attested = rng.random() < 0.2
                self.t_position.add(
                    {
                        "id": (position := self.new_id(Position)),
                        **self.record(),
                        "person_id": pk,
                        "post_id": post,
                        "start_date": start,
                        "start_date_precision": start_precision,
                        "end_date": end,
                        "end_date_precision": end_precision or "",
                        "attested_from": start if attested else None,
                        "attested_from_precision": start_precision if attested else "",
                        "attested_to": end if attested and end else None,
                        "attested_to_precision": end_precision if attested and end else "",
                    }
                )
                person.positions.append((position, organisation.id, title, organisation.name, start, end))
            summary = ""
            if person.positions:
                _, _, title, organisation_name, start, _ = person.positions[0]
                summary = f"{title} of {organisation_name} from {start.year}."
            names = []
            if rng.random() < 0.2 and _ascii(name) != name:
                names.append(_ascii(name))
            self.t_person.add(
                {
                    "id": pk,
                    **self.public(
                        f"{SLUG_PREFIX}{slugify(name)}-{pk}", [name, given, family, summary], names, published=published
                    ),
                    "name": name,
                    "honorific": honorific,
                    "given_name": given,
                    "family_name": family,
                    "summary": summary,
                }
            )
            for alternate in names:
                self.alternate_name(Person, pk, alternate, "en", AlternateNameKind.TRANSLITERATION.value)
            self.persons.append(person)
            called = f"{honorific} {name}" if honorific else name
            if person.positions:
                held_posts = " and ".join(
                    f"{title} of {organisation_name}" for _, _, title, organisation_name, _, _ in person.positions
                )
                self.cite(
                    [(Person, pk), *((Position, position[0]) for position in person.positions)],
                    f"{called}, {held_posts}, {'spoke' if index % 2 else 'was present'}.",
                )
            else:
                self.cite([(Person, pk)], f"{called} {'spoke' if index % 2 else 'was present'}.")
            self.maybe_flush()
        self.person_weights = self.zipf(len(self.persons))

    def initiatives(self):
        s, rng = self.sizes, self.rng
        kinds = [k.value for k in InitiativeKind]
        statuses = [k.value for k in InitiativeStatus]
        roles = [r.value for r in PartyRole if r != PartyRole.LEAD]
        self.initiative_ids = list(self.ids(Initiative, s.initiatives))
        for index, pk in enumerate(self.initiative_ids):
            kind = rng.choice(kinds)
            country = rng.choice(self.countries)
            title = f"{kind.capitalize()} for {rng.choice(THEMES)} in {self.place_names[country]}"
            start, precision = self.date(1995, 2026, shares=(0.4, 0.3))
            end = end_precision = None
            if rng.random() < 0.4:
                end_precision = rng.choice([YEAR, MONTH])
                end = period_end(
                    dt.date(min(LAST_YEAR, start.year + rng.randint(0, 6)), rng.randint(1, 12), 1), end_precision
                )
                if end < start:
                    end = end_precision = None
            lead = self.orgs[self.pick(self.org_weights)]
            description = f"The {title.lower()}, led by {lead.name}."
            parent = self.initiative_ids[rng.randrange(index)] if index and rng.random() < 0.1 else None
            self.t_initiative.add(
                {
                    "id": pk,
                    **self.public(f"{SLUG_PREFIX}{slugify(title)[:90]}-{pk}", [title, description]),
                    "title": title,
                    "kind": kind,
                    "status": rng.choice(statuses),
                    "start_date": start,
                    "start_date_precision": precision,
                    "end_date": end,
                    "end_date_precision": end_precision or "",
                    "lead_organisation_id": lead.id,
                    "parent_id": parent,
                    "description": description,
                }
            )
            for place in {country, rng.choice(self.cities)}:
                self.t_initiative_place.add({"initiative_id": pk, "place_id": place})
            parties = [(lead.id, None, PartyRole.LEAD.value)]
            if rng.random() < 0.6:
                person = self.persons[self.pick(self.person_weights)]
                parties.append((None, person.id, rng.choice(roles)))
            cited = [(Initiative, pk)]
            for organisation_id, person_id, role in parties:
                party = self.new_id(InitiativeParty)
                self.t_party.add(
                    {
                        "id": party,
                        **self.record(),
                        "initiative_id": pk,
                        "organisation_id": organisation_id,
                        "person_id": person_id,
                        "role": role,
                    }
                )
                cited.append((InitiativeParty, party))
            self.cite(cited, f"The {title}, led by {lead.name}, was announced.")
        self.initiative_weights = self.zipf(len(self.initiative_ids))

    def event_dates(self):
        """Every event's start, sorted: more events in recent years, at year, month or day precision."""
        years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        cumulative = list(itertools.accumulate((year - FIRST_YEAR + 3) ** 1.3 for year in years))
        dates = []
        for _ in range(self.sizes.events):
            year = years[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]
            day = dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
            roll = self.rng.random()
            precision = YEAR if roll < 0.1 else MONTH if roll < 0.3 else DAY
            if precision == YEAR:
                day = day.replace(month=1, day=1)
            elif precision == MONTH:
                day = day.replace(day=1)
            dates.append((day, precision))
        dates.sort()
        return dates

    def events_and_sources(self):
        """Events in sources: each source reports a run of events close in time, and quotes whatever
        else it supports. Sources are written in random order, so event ids follow no date order
        beyond a source's own events."""
        s, rng = self.sizes, self.rng
        dates = self.event_dates()
        order = list(range(s.sources))
        rng.shuffle(order)
        source_ids = list(self.ids(Source, s.sources))
        kinds = _weighted(EVENT_KINDS)
        roles = _weighted(ROLES)
        counts = [1, 2, 3, 4, 5, 6, 7, 8]
        count_weights = list(itertools.accumulate([10, 15, 20, 20, 15, 10, 5, 5]))
        scale = s.participants_per_event / 4.05  # the mean of the distribution above
        written = 0
        for position, chunk in enumerate(order):
            first, last = chunk * s.events // s.sources, (chunk + 1) * s.events // s.sources
            source_id = source_ids[position]
            sentences = []
            event_ids = list(self.ids(Event, last - first))
            previous = None
            for pk, (start, precision) in zip(event_ids, dates[first:last], strict=True):
                quote, cited, previous = self.event(
                    pk, start, precision, previous, kinds, roles, counts, count_weights, scale
                )
                sentences.append(quote)
                for model, object_id in cited:
                    self.t_citation.add(self.citation(source_id, model, object_id, quote))
            for cited, quote in self.citations_due.pop(chunk, []):
                sentences.append(quote)
                for model, object_id in cited:
                    self.t_citation.add(self.citation(source_id, model, object_id, quote))
            self.source(source_id, chunk, dates[first:last], sentences)
            written += last - first
            if self.writer.pending() >= 200_000:
                self.writer.flush()
                self.log(f"    {written:,} events")

    def citation(self, source_id, model, object_id, quote):
        return {
            "source_id": source_id,
            "content_type_id": self.content_types[model],
            "object_id": object_id,
            "field": "",
            "quote": quote[:500],
            "note": "",
            "created_at": self.now,
            "updated_at": self.now,
        }

    def event(self, pk, start, precision, previous, kinds, roles, counts, count_weights, scale):
        rng = self.rng
        kind = self.choice(kinds)
        parent = None
        place = self.cities[self.pick(self.city_weights)] if rng.random() < 0.85 else None
        if previous is not None and previous[1] is None and rng.random() < 0.05:
            # A part of the previous event (a meeting during a visit): same day and place.
            parent, start, precision, place = previous[0], previous[2], previous[3], previous[4]
        end = None
        end_precision = ""
        if precision == DAY and rng.random() < 0.15:
            end, end_precision = start + dt.timedelta(days=rng.randint(1, 4)), DAY
        if start >= REFERENCE_DAY:
            status = EventStatus.PLANNED.value if rng.random() < 0.9 else EventStatus.POSTPONED.value
        else:
            roll = rng.random()
            status = (
                EventStatus.HELD.value
                if roll < 0.93
                else EventStatus.CANCELLED.value
                if roll < 0.97
                else EventStatus.POSTPONED.value
            )
        # Participants: a person (the busiest most often), an organisation, or a group named as written.
        wanted = max(1, round(counts[bisect.bisect(count_weights, rng.random() * count_weights[-1])] * scale))
        people, organisations, named, participants, participation_ids = set(), set(), set(), [], []
        for _attempt in range(3 * wanted):  # a participant drawn twice is drawn again
            if len(participation_ids) == wanted:
                break
            roll = rng.random()
            role = self.choice(roles)
            person_id = organisation_id = on_behalf_of_id = position_id = None
            name = ""
            if roll < 0.65:
                person = self.persons[self.pick(self.person_weights)]
                if person.id in people:
                    continue
                people.add(person.id)
                person_id = person.id
                held = [p for p in person.positions if p[4] <= start and (p[5] is None or p[5] >= start)]
                if held:
                    position_id = held[0][0]
                    if rng.random() < 0.7:
                        on_behalf_of_id = held[0][1]
                elif rng.random() < 0.4:
                    on_behalf_of_id = self.orgs[self.pick(self.org_weights)].id
                participants.append(person.name)
            elif roll < 0.92:
                organisation = self.orgs[self.pick(self.org_weights)]
                if organisation.id in organisations:
                    continue
                organisations.add(organisation.id)
                organisation_id = organisation.id
                participants.append(organisation.name)
            else:
                country = self.place_names[rng.choice(self.countries)]
                name = rng.choice([f"Ambassadors of {country}", f"Students of {country}", f"Experts from {country}"])
                if (name, role) in named:
                    continue
                named.add((name, role))
                participants.append(name)
            participation = self.new_id(Participation)
            participation_ids.append(participation)
            self.t_participation.add(
                {
                    "id": participation,
                    **self.record(),
                    "event_id": pk,
                    "person_id": person_id,
                    "organisation_id": organisation_id,
                    "name": name,
                    "role": role,
                    "on_behalf_of_id": on_behalf_of_id,
                    "position_id": position_id,
                    "order": len(participation_ids),
                }
            )
        theme = rng.choice(THEMES)
        lead = participants[0] if participants else "the delegations"
        title = _title(
            kind, lead, participants[1] if len(participants) > 1 else None, theme, self.place_names.get(place)
        )
        location = (
            f"{self.place_names[place]}, {self.place_names[self.country_of[place]]}"
            if place
            else rng.choice(["online", ""])
        )
        description = (
            f"The {kind.replace('_', ' ')} brought together {', '.join(participants[:4]) or 'the partners'} "
            f"to discuss {theme} and {rng.choice(THEMES)}."
        )
        self.t_event.add(
            {
                "id": pk,
                **self.public(f"{SLUG_PREFIX}{slugify(title)[:90]}-{pk}", [title, description, location]),
                "title": title[:300],
                "kind": kind,
                "status": status,
                "start_date": start,
                "start_date_precision": precision,
                "end_date": end,
                "end_date_precision": end_precision,
                "place_id": place,
                "location_text": location,
                "parent_id": parent,
                "description": description,
            }
        )
        if rng.random() < 0.15:
            self.t_event_initiative.add(
                {"event_id": pk, "initiative_id": self.initiative_ids[self.pick(self.initiative_weights)]}
            )
        with_whom = ""
        if len(participants) > 2:
            with_whom = f", with {', '.join(participants[2:5])}"
        quote = (
            f"{_on(start, precision)}, {title[0].lower() + title[1:]}{' in ' + location if place else ''}{with_whom}."
        )
        return (
            quote[:500],
            [(Event, pk), *((Participation, p) for p in participation_ids)],
            (pk, parent, start, precision, place),
        )

    def source(self, pk, chunk, dates, sentences):
        rng = self.rng
        last_day = max((day for day, _ in dates), default=dt.date(2020, 1, 1))
        published_date, precision = (last_day, DAY) if rng.random() < 0.95 else (last_day.replace(day=1), MONTH)
        publisher = self.media[self.pick(self.zipf_media)] if self.media else None
        author = None
        author_name = ""
        if rng.random() < 0.6:
            author = self.persons[-1 - rng.randrange(min(len(self.persons), 500))]
            author_name = author.name
        title = (
            f"{publisher.name if publisher else 'Report'}: {sentences[0][:120].rstrip('.')}" if sentences else "Report"
        )
        reference = f"{REFERENCE_PREFIX}source-{chunk:07d}.txt"
        # Paragraphs of two or three sentences; every quote is one whole sentence of the text.
        paragraphs, paragraph = [], []
        for sentence in sentences:
            paragraph.append(sentence)
            if len(paragraph) >= rng.randint(2, 3):
                paragraphs.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            paragraphs.append(" ".join(paragraph))
        text = "\n\n".join(paragraphs) or "No text."
        self.t_source.add(
            {
                "id": pk,
                # Published, all: a draft source would leave the records it supports uncited.
                **self.public(f"{SLUG_PREFIX}source-{chunk:07d}", [title, author_name, reference], published=True),
                "kind": self.choice(SOURCE_KINDS),
                "title": title[:300],
                "publisher_id": publisher.id if publisher else None,
                "author_name": author_name,
                "author_id": author.id if author and rng.random() < 0.5 else None,
                "published_date": published_date,
                "published_date_precision": precision,
                "published_date_inferred": False,
                "language": rng.choice(["en"] * 8 + ["az", "ru"]),
                "text": text,
                "reference": reference,
                "url": f"https://news.example.org/{reference}" if rng.random() < 0.5 else "",
            }
        )

    @property
    def zipf_media(self):
        if not hasattr(self, "_zipf_media"):
            self._zipf_media = self.zipf(len(self.media))
        return self._zipf_media

    def reset_sequences(self):
        """On PostgreSQL, the tables' id sequences move past the ids written here."""
        statements = connection.ops.sequence_reset_sql(no_style(), [table.model for table in self.writer.tables])
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


def _title(kind, lead, other, theme, city):
    at = f" in {city}" if city else ""
    if kind == EventKind.MEETING:
        return f"{lead} meets {other} on {theme}" if other else f"Meeting on {theme}{at}"
    if kind == EventKind.VISIT:
        return f"{lead} visits {city or 'the partners'}"
    if kind == EventKind.SEMINAR:
        return f"Seminar on {theme}{at}"
    if kind == EventKind.FORUM:
        return f"Forum on {theme}{at}"
    if kind == EventKind.OPENING_CEREMONY:
        return f"Opening of a centre for {theme}{at}"
    if kind == EventKind.PRESS_CONFERENCE:
        return f"Press conference of {lead} on {theme}"
    if kind == EventKind.AWARD:
        return f"{lead} receives an award for {theme}"
    if kind == EventKind.DESIGNATION:
        return f"Designation of {lead} for {theme}"
    if kind == EventKind.ANNOUNCEMENT:
        return f"{lead} announces a programme on {theme}"
    if kind == EventKind.TOUR:
        return f"Tour of {city or 'heritage sites'} by {lead}"
    if kind == EventKind.ACCESSION:
        return f"{lead} joins a programme on {theme}"
    return f"Event on {theme}{at}"


def _on(day, precision):
    if precision == YEAR:
        return f"In {day.year}"
    if precision == MONTH:
        return f"In {MONTHS[day.month]} {day.year}"
    return f"On {day.day} {MONTHS[day.month]} {day.year}"


def _ascii(text):
    return search.fold(_a_spelling(text)).title() if text else text


# ---------------------------------------------------------------------------------------------------
# Entry points.


def synthetic_filters():
    """(table, condition) pairs whose rows are synthetic, in an order they can be deleted in.

    Each condition is one `IN (subquery)` or the slug's prefix, never an OR of subqueries: PostgreSQL
    runs a lone IN as a semi-join, but an OR of INs as a subplan per row, which is quadratic at a
    million events. A table may come more than once (one condition per link)."""
    table = lambda model: connection.ops.quote_name(model._meta.db_table)  # noqa: E731
    like_slug = f"slug LIKE '{SLUG_PREFIX}%'"

    def ids(model, condition=like_slug):
        return f"(SELECT id FROM {table(model)} WHERE {condition})"  # noqa: S608

    # The ids of the synthetic rows of each type a citation or an alternate name may attach to.
    records = {model: ids(model) for model in (Place, Organisation, Person, Initiative, Event, Source)}
    records |= {
        Participation: ids(Participation, f"event_id IN {records[Event]}"),
        Position: ids(Position, f"person_id IN {records[Person]}"),
        Post: ids(Post, f"organisation_id IN {records[Organisation]}"),
        InitiativeParty: ids(InitiativeParty, f"initiative_id IN {records[Initiative]}"),
        OrganisationRelation: ids(OrganisationRelation, f"subject_id IN {records[Organisation]}"),
    }

    def attached(model):
        return f"content_type_id = {ContentType.objects.get_for_model(model).pk} AND object_id IN {records[model]}"

    named = (Place, Organisation, Person, Initiative, Event, Source)
    return [
        (Citation, f"source_id IN {records[Source]}"),
        *((Citation, attached(model)) for model in records if model is not Source),
        *((AlternateName, attached(model)) for model in named),
        (Participation, f"event_id IN {records[Event]}"),
        (Event.initiatives.through, f"event_id IN {records[Event]}"),
        (Event.initiatives.through, f"initiative_id IN {records[Initiative]}"),
        (Event, like_slug),
        (InitiativeParty, f"initiative_id IN {records[Initiative]}"),
        (Initiative.places.through, f"initiative_id IN {records[Initiative]}"),
        (Initiative, like_slug),
        (Position, f"person_id IN {records[Person]}"),
        (Post, f"organisation_id IN {records[Organisation]}"),
        (Source, like_slug),
        (Person.possibly_same_as.through, f"from_person_id IN {records[Person]}"),
        (Person.possibly_same_as.through, f"to_person_id IN {records[Person]}"),
        (Person, like_slug),
        (OrganisationRelation, f"subject_id IN {records[Organisation]}"),
        (OrganisationRelation, f"object_id IN {records[Organisation]}"),
        (Organisation, like_slug),
        (Place, like_slug),
    ]


def synthetic_count() -> int:
    """How many synthetic events there are."""
    return Event.objects.filter(slug__startswith=SLUG_PREFIX).count()


def clear(log=None) -> dict[str, int]:
    """Delete every synthetic row, and nothing else; the data version moves once."""
    log = log or (lambda message: None)
    deleted = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for model, condition in synthetic_filters():
            began = time.monotonic()
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)} WHERE {condition}")  # noqa: S608
            deleted[model._meta.label] = deleted.get(model._meta.label, 0) + cursor.rowcount
            log(f"  {model._meta.label}: {cursor.rowcount:,} deleted in {time.monotonic() - began:.1f}s")
        DataVersion.bump()
    return deleted


def generate(sizes: Sizes, *, seed=0, drafts=0.05, skew=1.0, log=None) -> dict[str, int]:
    """Write the synthetic records in one transaction; the data version moves once, at the end."""
    with transaction.atomic():
        generator = Generator(sizes, seed=seed, drafts=drafts, skew=skew, log=log)
        counts = generator.run()
        DataVersion.bump()
    return counts


def analyze(log=None) -> None:
    """Leave the tables written as a maintained database has them: planner statistics, and on
    PostgreSQL, outside a transaction, vacuumed too (the visibility map that index-only scans and
    counts rely on; autovacuum would do it in time, and may be off)."""
    tables = ", ".join(
        connection.ops.quote_name(t) for t in sorted({model._meta.db_table for model, _ in synthetic_filters()})
    )
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
        elif connection.in_atomic_block:
            cursor.execute(f"ANALYZE {tables}")
        else:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
