"""The generator: its random streams, ids and shared helpers; what it makes is in records.py and events.py."""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import itertools
import random
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from cooperation.core.citations import AlternateName, Citation
from cooperation.models import (
    Initiative,
    InitiativeParty,
    Organisation,
    OrganisationRelation,
    Place,
    Source,
)
from events.models import Event, Participation
from events.synthetic.base import DAY, DRAFT, FIRST_YEAR, LAST_YEAR, MONTH, PUBLISHED, YEAR, Sizes
from events.synthetic.events import EventsMixin
from events.synthetic.records import RecordsMixin
from events.synthetic.vocabulary import SYLLABLES
from events.synthetic.writing import SearchKeys, Writer
from people.models import Person, Position, Post


class Generator(RecordsMixin, EventsMixin):
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
