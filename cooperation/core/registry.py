"""The one registry of record types.

Each app declares its record types once, in its `records.py`, and registers them when Django starts
(its AppConfig.ready). Everything that works across record types reads them from here: the API's
router, the site search, the sitemap, the home page's key figures, the seed loader, the staff roles,
the evidence checks and the name finder. Nothing else lists the models.

A *page type* is a record with its own public page and API collection (an event, a person); a *part*
is a record shown on another's page (a participation, a position, a citation). Both are edited by
staff, carry history and take part in the roles; only page types are listed, searched and mapped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.db.models import Model
from django.urls import reverse

from cooperation.core.paging import Total, total


@dataclass(frozen=True)
class Seed:
    """How the seed fixtures spell records of a type (see fixtures/README.md).

    `order` places the section among the others: what a record refers to is loaded before it.
    `key` gives a record's seed key (from which its UUID is derived) from its fixture item; page types
    default to their slug. A nested type (a person's positions) is loaded under its parent's item:
    `nested_in` is (parent model, key in the parent's item, field naming the parent).
    `reference` turns a reference to the type in another item into its seed key.
    """

    section: str | None = None
    order: int = 0
    key: Callable[[dict], str] | None = None
    nested_in: tuple[type[models.Model], str, str] | None = None
    reference: Callable[[str, dict], str] | None = None


@dataclass(frozen=True)
class RecordType:
    """A record type and everything the rest of the system needs to know of it."""

    model: type[models.Model]
    seed: Seed | None = None
    # Page types only: where the type stands in every listing of all kinds (API root, site search,
    # sitemap, key figures), its collection's URL prefix and viewset, its list page and label.
    position: int | None = None
    api_prefix: str | None = None
    viewset: Any = None
    list_url: str | None = None
    pages: tuple[str, ...] = ()  # the type's other pages that are not a record's, e.g. a timeline
    label: Any = None  # the plural shown as a heading, e.g. gettext_lazy("Events")
    search_queryset: Callable[[], models.QuerySet] | None = None
    key_figure: bool = False
    # How many records are published, where the database keeps the number (events/tally.py): read
    # instead of counting the table.
    published_count: Callable[[], int] | None = None

    @property
    def is_page_type(self) -> bool:
        return self.position is not None

    @property
    def api_basename(self) -> str:
        return self.model._meta.model_name  # type: ignore[return-value]  # set on every model; the stubs say Optional

    def published(self) -> models.QuerySet:
        model: Any = self.model  # a record: its `objects` is a record query set (records.py); Model declares none
        return model.objects.published()

    def published_total(self) -> Total:
        """How many records are published: the number the database keeps, else a bounded count."""
        if self.published_count is not None:
            return Total(self.published_count(), estimated=False)
        return total(self.published())


SECTION_LIMIT = 20  # rows a section shows on its record's page; the rest are a link away


@dataclass(frozen=True)
class Section:
    """What a higher floor adds to a lower floor's record: `read(record)` gives the rows shown under
    `name` on its page and API detail (an organisation's positions come from people/, its events
    from events/), so that a lower floor never imports a higher one.

    A page shows the first `limit` rows (so the busiest record's page costs what any other's does);
    `more(record)` and `api_more(record)`, where given, are the addresses of the whole list: a
    filtered list page and API collection."""

    model: type[models.Model]
    name: str
    read: Callable[[models.Model], Any]
    more: Callable[[models.Model], str] | None = None
    api_more: Callable[[models.Model], str] | None = None
    limit: int = SECTION_LIMIT

    def preview(self, record) -> Preview:
        return preview(self.read(record), lambda: self.more(record) if self.more else None, self.limit)


def preview(rows, more: Callable[[], str | None], limit: int = SECTION_LIMIT) -> Preview:
    """The first `limit` of `rows` (a queryset: one more is read, to know whether there are more),
    and `more()`, the address of them all, when there are more."""
    first = list(rows[: limit + 1])
    return Preview(first[:limit], more() if len(first) > limit else None)


def filtered_list_url(url_name: str, filter_name: str) -> Callable[[Any], str]:
    """A section's `more` or `api_more`: the list at `url_name` filtered to the record (by its slug)."""
    return lambda record: f"{reverse(url_name)}?{urlencode({filter_name: record.slug})}"


@dataclass(frozen=True)
class Preview:
    """A section's first rows, and (`more_url`) where the rest are when there are more."""

    rows: list
    more_url: str | None = None

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __bool__(self):
        return bool(self.rows)


class Registry:
    def __init__(self):
        self._types: dict[str, RecordType] = {}
        self._sections: dict[str, dict[str, Section]] = {}

    def register(self, *record_types: RecordType) -> None:
        from cooperation.core.signals import watch  # signals import the models; the registry must not

        for record_type in record_types:
            label = record_type.model._meta.label
            if label in self._types:
                raise ValueError(f"{label} is registered twice")
            self._types[label] = record_type
            watch(record_type.model)

    def add_sections(self, *sections: Section) -> None:
        for section in sections:
            self._sections.setdefault(section.model._meta.label, {})[section.name] = section

    def sections_of(self, record) -> dict[str, Preview]:
        """{name: first rows} of every section the higher floors add to `record`."""
        return {name: section.preview(record) for name, section in self._sections.get(record._meta.label, {}).items()}

    def section(self, record, name) -> Section | None:
        """One section of `record`'s type, when an app adds it."""
        return self._sections.get(record._meta.label, {}).get(name)

    def __iter__(self) -> Iterator[RecordType]:
        return iter(self._types.values())

    def __contains__(self, model) -> bool:
        return getattr(model, "_meta", None) is not None and model._meta.label in self._types

    def get(self, model) -> RecordType:
        return self._types[model._meta.label]

    def models(self) -> list[type[models.Model]]:
        """Every registered model: the records staff keep."""
        return [record_type.model for record_type in self]

    def page_types(self) -> list[RecordType]:
        """Types with a public page and an API collection, in their listing order."""
        return sorted((t for t in self if t.is_page_type), key=lambda t: t.position or 0)

    def seeded(self) -> list[tuple[type[Model], str, int]]:
        """(model, section, order) of each type loaded from a top-level section of the fixtures, in
        loading order."""
        sections = [
            (t.model, t.seed.section, t.seed.order) for t in self if t.seed and t.seed.section and not t.seed.nested_in
        ]
        return sorted(sections, key=lambda section: section[2])

    def nested_in(self, model) -> tuple[type[Model], str, str] | None:
        """(model, key in the parent's item, field naming the parent) of the type whose records the
        fixtures nest under records of `model` (a person's positions), or None."""
        for t in self:
            if t.seed and t.seed.nested_in and t.seed.nested_in[0] is model:
                return t.model, t.seed.nested_in[1], t.seed.nested_in[2]
        return None


registry = Registry()
