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
names included). The history tables and the change feed (cooperation/core/changes.py) get no rows:
synthetic records are for measuring, never for partners to copy. The data version moves once, at the
end.
"""

from __future__ import annotations

import time

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from cooperation.core import vocabulary as search_words
from cooperation.core.citations import AlternateName, Citation
from cooperation.core.versioning import DataVersion
from cooperation.models import Initiative, InitiativeParty, Organisation, OrganisationRelation, Place, Source
from events.models import Event, EventTally, Participation
from events.synthetic.base import REFERENCE_PREFIX, SLUG_PREFIX, Sizes
from events.synthetic.generator import Generator
from events.synthetic.writing import SearchKeys
from people.models import Person, Position, Post

__all__ = [
    "REFERENCE_PREFIX",
    "SLUG_PREFIX",
    "SearchKeys",
    "Sizes",
    "analyze",
    "clear",
    "generate",
    "synthetic_count",
    "synthetic_filters",
]

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
        search_words.rebuild()
        DataVersion.bump()
    return deleted


def generate(sizes: Sizes, *, seed=0, drafts=0.05, skew=1.0, log=None) -> dict[str, int]:
    """Write the synthetic records in one transaction; the data version moves once, at the end."""
    with transaction.atomic():
        generator = Generator(sizes, seed=seed, drafts=drafts, skew=skew, log=log)
        counts = generator.run()
        search_words.rebuild()  # bulk inserts add no search words of their own
        DataVersion.bump()
    return counts


def analyze(log=None) -> None:
    """Leave the tables written as a maintained database has them: planner statistics, and on
    PostgreSQL, outside a transaction, vacuumed too (the visibility map that index-only scans and
    counts rely on; autovacuum would do it in time, and may be off)."""
    # The tally too: its triggers rewrite its rows once per bulk statement, leaving as many dead ones.
    written = {model._meta.db_table for model, _ in synthetic_filters()} | {EventTally._meta.db_table}
    tables = ", ".join(connection.ops.quote_name(t) for t in sorted(written))
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
        elif connection.in_atomic_block:
            cursor.execute(f"ANALYZE {tables}")
        else:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
