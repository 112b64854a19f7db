"""Abstract bases and field helpers every record shares: identity, timestamps, publication,
partial dates and evidence (citations).
"""

import uuid
from typing import TypeVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.core import vocabulary
from cooperation.core.dates import DatePrecision, PartialDate, period_end, period_start
from cooperation.core.search import index_text
from cooperation.core.translation import normalise, translated_fields, values_by_language


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


def partial_date_fields(verbose_name, help_text=""):
    """A date and its precision, declared together: `start_date, start_date_precision = ...`.

    The stored date is the first day of the period the sources state, or the last day for the end of
    a span (see `Record.period_end_fields`): "1991" as a start is 1991-01-01, as an end 1991-12-31.
    """
    return (
        models.DateField(verbose_name, null=True, blank=True, help_text=help_text),
        models.CharField(
            format_lazy("{} {}", verbose_name, _("precision")),
            max_length=5,
            choices=DatePrecision.choices,
            blank=True,
            help_text=_("How much of the date the sources state: year, month or day."),
        ),
    )


def partial_date_constraints(*date_fields):
    """A precision exactly when there is a date, and only a known precision."""
    return [
        models.CheckConstraint(
            condition=(Q(**{f"{name}__isnull": True}) & Q(**{f"{name}_precision": ""}))
            | (Q(**{f"{name}__isnull": False}) & Q(**{f"{name}_precision__in": DatePrecision.values})),
            name=f"%(app_label)s_%(class)s_{name}_precision",
            violation_error_message=_("Give a precision (year, month or day) with every date, and none without one."),
        )
        for name in date_fields
    ]


def date_order_constraint(start="start_date", end="end_date", message=None):
    """The end of a span is not before its start.

    Starts are stored as their period's first day and ends as their period's last day, so this plain
    comparison holds at any precision: start 14 January 2021, end "January 2021" (stored 31 January) passes.
    """
    return models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True}) | Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
        name=f"%(app_label)s_%(class)s_{end}_not_before_{start}",
        violation_error_message=message or _("The end date cannot be before the start date."),
    )


def not_own_parent_constraint():
    return models.CheckConstraint(
        condition=~Q(parent=F("pk")),
        name="%(app_label)s_%(class)s_not_own_parent",
        violation_error_message=_("A record cannot be part of itself."),
    )


def published_order_index(name: str, *fields: str) -> models.Index:
    """An index of the published rows in a list's order (the id last, as the lists page by it), so that
    a page of a large list is read from the index, not sorted from the table."""
    return models.Index(fields=[*fields, "id"], name=name, condition=Q(publication_status=PublicationStatus.PUBLISHED))


def ordering_indexes(prefix: str, *columns: str) -> list[models.Index]:
    """One published_order_index per column a list may be ordered by (`ordering=kind`), named
    `<prefix>_pub_<column>`: read forwards or backwards, each serves the key both ways, as the id runs
    the way the last key does (cooperation/core/filters.py). For columns that are never empty; a date
    that may be is indexed by dated_ordering_index_operations()."""
    return [published_order_index(f"{prefix}_pub_{column}", column) for column in columns]


def dated_ordering_index_operations(*indexes: tuple[str, str, str, tuple[str, ...]]):
    """The migration operations that index a list's order by a date that may be empty (undated rows
    last, both ways): for each (prefix, table, column, directions), `<prefix>_pub_<column>_<direction>`
    over the published rows, "asc" (column ASC NULLS LAST, id) and "desc" (column DESC NULLS LAST,
    id DESC). Django's Index cannot say NULLS LAST on SQLite, whose indexes put empty values first;
    there only the descending order, where they come last, is indexed. Django does not know of these
    indexes, so SQLite loses them when a later migration rebuilds the table (to change a constraint):
    such a migration makes them again (cooperation/migrations/0014 does); the ordering tests fail
    without."""
    from django.db import migrations

    def names():
        for prefix, table, column, directions in indexes:
            for direction in directions:
                yield f"{prefix}_pub_{column}_{direction}", table, column, direction

    def create(apps, schema_editor):
        postgresql = schema_editor.connection.vendor == "postgresql"
        for name, table, column, direction in names():
            if postgresql:
                order = f"{column} ASC NULLS LAST, id" if direction == "asc" else f"{column} DESC NULLS LAST, id DESC"
            elif direction == "desc":
                order = f"{column} DESC, id DESC"
            else:
                continue  # SQLite cannot read an ascending order with empty values last from an index
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({order}) WHERE publication_status = 'published'"
            )

    def drop(apps, schema_editor):
        for name, _table, _column, _direction in names():
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return [migrations.RunPython(create, drop, elidable=False)]


def public_record_constraints():
    """Rules every public record shares: a unique slug and a known publication status."""
    return [
        models.UniqueConstraint(
            fields=["slug"],
            name="%(app_label)s_%(class)s_unique_slug",
            violation_error_message=_("Another record already uses this slug."),
        ),
        models.CheckConstraint(
            condition=Q(publication_status__in=PublicationStatus.values),
            name="%(app_label)s_%(class)s_publication_status_valid",
        ),
    ]


def partial_date_property(date_field):
    """A date field and its precision field read and written as one `PartialDate` (or None).

    A plain property, so models accept it as a keyword: `Event(start=PartialDate.parse("2025-04"))`.
    Writing stores the period's first day, or its last day for a field in `period_end_fields`.
    """
    precision_field = f"{date_field}_precision"

    def get(instance):
        return PartialDate.stored(getattr(instance, date_field), getattr(instance, precision_field))

    def set_(instance, value):
        if value is None:
            setattr(instance, date_field, None)
            setattr(instance, precision_field, "")
            return
        setattr(instance, date_field, value.last_day if date_field in instance.period_end_fields else value.date)
        setattr(instance, precision_field, value.precision)

    return property(get, set_, doc=f"`{date_field}` at its precision, as a PartialDate.")


def period_ends_on_or_after(date_field, day) -> Q:
    """The period a start-type partial date names (at its precision) ends on or after `day`.

    "2021" ends on 31 December 2021 and "January 2021" on 31 January, although both are stored as
    their period's first day.
    """
    return Q(
        *[
            Q(**{f"{date_field}_precision": precision, f"{date_field}__gte": period_start(day, precision)})
            for precision in DatePrecision.values
        ],
        _connector=Q.OR,
    )


class ChangesetHistory(models.Model):
    """What every history row adds to django-simple-history's: the changeset it was written in (the
    request that wrote it, set by cooperation.core.signals.stamp_changeset; None outside a request),
    so that a record's history gathers the rows one save wrote across its parts."""

    changeset = models.UUIDField(_("changeset"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class Record(models.Model):
    """Base of every stored record: a permanent UUID, timestamps, an editorial note, citations."""

    uuid = models.UUIDField(
        _("UUID"),
        default=uuid.uuid4,
        editable=False,
        unique=True,
        help_text=_("The record's permanent identifier (the API's id); never changes, never reused."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    note = models.TextField(
        _("editorial note"),
        blank=True,
        help_text=_("How the record was drawn from its sources: inferred dates, ambiguities, reasoning."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Counts the record's saves in the admin; a save from an older version is refused."),
    )
    citations = GenericRelation("cooperation.Citation")

    # Who changed what and when: one row per create, change and delete, from the admin, a command or
    # the shell alike.
    history = HistoricalRecords(inherit=True, bases=[ChangesetHistory])

    # Records of this kind must be supported by at least one citation once published
    # (verify_citations checks it). Sources are the evidence itself.
    needs_evidence = True
    # For a sub-record, the field naming the public record it is shown on (a participation's event).
    public_record_field: str | None = None
    # For a sub-record, the records it links and whether each may be absent: it is public only when
    # every one present is published (see visible_q).
    visibility_links: tuple[tuple[str, bool], ...] = ()
    # The model's partial dates, normalised by clean(): each to its period's first day, except the
    # ends of spans, which go to their period's last day.
    partial_dates: tuple[str, ...] = ()
    period_end_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Every save of a stored record moves its version on, whatever the path (admin, import,
        # restore, publishing): an admin form opened on the older version is then refused.
        if not self._state.adding:
            # From the stored row: the instance may hold an older version (a restored one).
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("version", flat=True).first()
            self.version = (stored if stored is not None else self.version) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        # A translated field's original column holds its English text, whatever language is active
        # (cooperation/core/translation.py).
        normalise(self)
        with translation.override(settings.LANGUAGE_CODE):
            super().save(*args, **kwargs)

    @classmethod
    def visible_q(cls, prefix="", *, but=None):
        """The condition for rows of this model, reached through `prefix` ("participations__"), to be public;
        `but` names a link left to the caller (the record a subquery's rows are matched to)."""
        condition = Q()
        for link, optional in cls.visibility_links:
            if link == but:
                continue
            published = Q(**{f"{prefix}{link}__publication_status": PublicationStatus.PUBLISHED})
            condition &= (published | Q(**{f"{prefix}{link}__isnull": True})) if optional else published
        return condition

    def clean(self):
        super().clean()
        for name in self.partial_dates:
            value = getattr(self, name)
            precision = getattr(self, f"{name}_precision")
            if value is not None and precision:
                normalise = period_end if name in self.period_end_fields else period_start
                setattr(self, name, normalise(value, precision))
        self._check_parent_chain()

    def _check_parent_chain(self):
        """A record cannot sit inside itself, directly or through its ancestors."""
        parent_field = next((f for f in self._meta.concrete_fields if f.name == "parent"), None)
        if parent_field is None or parent_field.related_model is not type(self):
            return
        seen, parent = set(), getattr(self, parent_field.name)
        while parent is not None and parent.pk not in seen:
            if self.pk is not None and parent.pk == self.pk:
                raise ValidationError({"parent": _("A record cannot be part of itself, directly or indirectly.")})
            seen.add(parent.pk)
            parent = parent.parent


# The record type a query set reads, so its methods may use the record's class methods (visible_q).
_R = TypeVar("_R", bound=Record)


class SubRecordQuerySet(models.QuerySet[_R]):
    def published(self):
        """Rows every linked record of which is published: what visitors and partners may see."""
        return self.filter(self.model.visible_q())


class PublicRecordQuerySet(models.QuerySet[_R]):
    def published(self):
        return self.filter(self.model.visible_q())

    def newest_first(self, *then):
        """By the record's first date (an event's start, a source's publication), newest first and
        undated last, then by `then`, then by id, so that pages never skip or repeat a record."""
        return self.order_by(F(self.model.partial_dates[0]).desc(nulls_last=True), *then, "pk")


class PublicRecord(Record):
    """A record with its own page and API object: a unique slug and a draft/published status."""

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        db_index=False,  # the unique constraint's index serves look-ups
        allow_unicode=False,
        help_text=_("The record's address in page URLs; keep it stable once published."),
    )
    publication_status = models.CharField(
        _("publication"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text=_("Drafts are seen by staff only; published records by everyone."),
    )
    alternate_names = GenericRelation("cooperation.AlternateName")
    search_key = models.TextField(
        _("search key"),
        blank=True,
        editable=False,
        help_text=_("The folded text of the record's names and descriptions, for forgiving search."),
    )

    objects = PublicRecordQuerySet.as_manager()

    # The fields whose text search finds the record by, besides its alternate names.
    search_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # The search key is derived data, not a rule: kept in step here so that every path that
        # saves a record (admin, seed, shell, API) leaves it current.
        self.search_key = self.build_search_key()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)
        if self.is_published:
            vocabulary.remember(self.search_key)

    def get_absolute_url(self):
        """The record's public page."""
        return reverse(f"{self._meta.app_label}:{self._meta.model_name}-detail", kwargs={"slug": self.slug})

    @classmethod
    def visible_q(cls, prefix="", *, but=None):
        """Published: a public record's visibility is its own status (`but`, a link, changes nothing)."""
        return Q(**{f"{prefix}publication_status": PublicationStatus.PUBLISHED})

    @property
    def is_published(self):
        return self.publication_status == PublicationStatus.PUBLISHED

    def build_search_key(self):
        """The folded text of the record's search fields in every language, and its alternate names."""
        translated = translated_fields(type(self))
        texts: list[str] = []
        for name in self.search_fields:
            if name in translated:
                texts += values_by_language(self, name).values()
            else:
                texts.append(str(getattr(self, name) or ""))
        if self.pk:
            texts += self.alternate_names.values_list("name", flat=True)
        return index_text(" ".join(texts))

    def refresh_search_key(self):
        """Recompute the search key after the record's alternate names changed."""
        self.search_key = self.build_search_key()
        type(self).objects.filter(pk=self.pk).update(search_key=self.search_key)
        if self.is_published:
            vocabulary.remember(self.search_key)
