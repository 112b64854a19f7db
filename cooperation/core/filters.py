"""Filter building blocks every list shares, on pages and in the API alike.

Every filter takes several values separated by commas. A value that cannot be parsed (a bad date,
an unknown kind, an unknown ordering key), an identifier no published record has (a misspelt slug;
a draft's is refused the same way, so nothing tells them apart) and a `date_from` after the
`date_to` are each a 400 naming the parameter.
"""

import datetime as dt
import operator
import uuid
from functools import reduce

import django_filters
from django import forms
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from cooperation.core.dates import PartialDate
from cooperation.core.records import period_ends_on_or_after
from cooperation.core.search import MAX_QUERY_LENGTH, search_filter

MAX_VALUES = 50
MAX_REACHED = 1000  # records a foreign key may point to, read first (see linked_to); past it, a subquery


def split_values(raw):
    values = [value.strip() for value in raw.split(",") if value.strip()]
    if len(values) > MAX_VALUES:
        raise forms.ValidationError(_("Give at most %(count)d values."), params={"count": MAX_VALUES})
    return values


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """kind=visit,meeting: any of the given choices; an unknown choice is a 400 listing them."""

    def __init__(self, *args, choices, **kwargs):
        values = ", ".join(value for value, _label in choices)
        message = gettext_lazy("“%(value)s” is not one of the values: {values}.")
        kwargs.setdefault("error_messages", {"invalid_choice": lazy(lambda: str(message).format(values=values), str)()})
        super().__init__(*args, choices=choices, **kwargs)


class IdentifierField(forms.CharField):
    def to_python(self, value):
        return split_values(super().to_python(value) or "")


class IdentifierFilter(django_filters.CharFilter):
    """Records linked to any of the given records, named by slug or by id (UUID).

    `paths` are the relations to follow, e.g. ["participations__person"]; each is matched on the
    related record's slug or uuid.
    """

    field_class = IdentifierField
    unknown_message = gettext_lazy(
        "No published record is named “%(values)s”: give a slug or an id (UUID) from the API."
    )

    def __init__(self, *args, paths, kind=None, **kwargs):
        self.paths = paths
        self.kind = kind  # e.g. "country": only records of this kind are accepted as the named ones
        super().__init__(*args, **kwargs)

    def filter(self, qs, values):
        return linked_to(qs, self.paths, values, kind=self.kind) if values else qs

    def unknown(self, model, values) -> list[str]:
        """The values no published record of the filter's type (of its kind) is named by, slug or id."""
        target = model
        for name in self.paths[0].split("__"):
            target = target._meta.get_field(name).related_model
        uuids = [value for value in values if is_uuid(value)]
        records = target.objects.published().filter(Q(slug__in=values) | Q(uuid__in=uuids))
        if self.kind is not None:
            records = records.filter(kind=self.kind)
        known = {str(name) for pair in records.values_list("slug", "uuid") for name in pair}
        return [value for value in values if value not in known and value.lower() not in known]


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def linked_to(qs, paths, values, *, kind=None):
    """Records of `qs` linked along any of `paths` to a record named in `values` (slugs or UUIDs),
    never through a draft; with `kind`, only named records of that kind count.

    Each path is an `IN (subquery)` condition on the list's own rows (paths through the same rows
    pointing at the list's share one), never a join: no duplicate rows to remove, and the list keeps
    its index order (so the first page of the busiest person's events reads a page of the events
    index, not every one of their events).

    The visibility of the list's own rows is the caller's: `qs` holds published records only (every
    list, page section and API collection does), so the rows pointing at them are not joined back to
    check it again."""
    uuids, slugs = [], []
    for value in values:
        try:
            uuids.append(uuid.UUID(str(value)))
        except ValueError:
            slugs.append(value)
    conditions: list[Q] = []
    named: dict[type, list] = {}  # target model: primary keys of the records named
    reached: dict[str, list[QuerySet]] = {}  # foreign key on the list's rows: the subqueries of what it may point to
    pointing: dict[str, list[Q]] = {}  # rows pointing at the list's (participations): each path's condition
    for path in paths:
        first, _, rest = path.partition("__")
        target = qs.model
        for part in path.split("__") if path else []:
            target = target._meta.get_field(part).related_model
        if target not in named:
            records = target._default_manager.filter(Q(slug__in=slugs) | Q(uuid__in=uuids))
            # Read first, so that the database plans with the records' own statistics: the busiest
            # person's events are read in the list's order, a rare person's from their participations.
            named[target] = list((records.filter(kind=kind) if kind else records).values_list("pk", flat=True))
        if not path:
            conditions.append(Q(pk__in=named[target]))
            continue
        field = qs.model._meta.get_field(first)
        if field.one_to_many:
            # Rows pointing at the list's (an event's participations), their paths to the named records
            # in one subquery: one IN the database can read either way (the busiest organisation's
            # events in the list's order, a rare one's from its participations), where three ORed
            # subqueries were each built in full.
            pointing.setdefault(first, []).append(_reaches(field.related_model, rest, named[target]))
            continue
        hops = _hops(field.related_model, rest, named[target])
        if field.many_to_one or (field.one_to_one and field.concrete):
            # A foreign key on the list's rows (an event's place): the few records it may point to
            # (the places in a country), read first and together, so that the database plans with
            # the column's statistics, as it does for named records.
            reached.setdefault(first, []).append(hops)
        else:  # many to many, through its table
            conditions.append(
                Q(pk__in=qs.model._default_manager.filter(**{f"{first}__in": hops.values("pk")}).values("pk"))
            )
    for first, ways in pointing.items():
        field = qs.model._meta.get_field(first)
        # Matched to the list's row by its foreign key, whose own visibility is the list's business: a
        # join back to the list's table would be built for every row the database probes.
        back = field.field.name
        rows = field.related_model._default_manager.filter(
            field.related_model.visible_q(but=back), reduce(operator.or_, ways), **{back: OuterRef("pk")}
        )
        conditions.append(Q(Exists(rows)))
    for first, each in reached.items():
        related = qs.model._meta.get_field(first).related_model
        pointed_to = related._default_manager.filter(
            reduce(operator.or_, (Q(pk__in=hops.values("pk")) for hops in each))
        )
        ids = list(pointed_to.values_list("pk", flat=True)[: MAX_REACHED + 1])
        conditions.append(Q(**{f"{first}__in": ids if len(ids) <= MAX_REACHED else pointed_to.values("pk")}))
    return qs.filter(reduce(operator.or_, conditions, Q(pk__in=[])))


def _hops(related, rest, named):
    """Public rows of `related` whose `rest` (joined) leads to a record in `named`, through public records only."""
    return related._default_manager.filter(related.visible_q(), _joined(related, rest, named))


def _joined(related, rest, named):
    """The condition that `rest`, joined, leads from a row of `related` to a record in `named`, through
    public records only."""
    return Q(**{f"{rest}__in" if rest else "pk__in": named}) & visible_along(related, rest)


def _reaches(related, rest, named):
    """The condition on rows of `related` that `rest` leads to a record in `named` through public records.

    A longer way (a participation's position, its post, its organisation) names the records of its
    first hop, read first (the organisation's public positions): the condition is then on the rows'
    own column, which the database reads from its index and ORs with the other paths' columns."""
    hop, _, further = rest.partition("__")
    if not further:
        return _joined(related, rest, named)
    target = related._meta.get_field(hop).related_model
    reached = (
        target._default_manager.filter(target.visible_q(), _reaches(target, further, named)).order_by().values("pk")
    )
    ids = list(reached.values_list("pk", flat=True)[: MAX_REACHED + 1])
    if len(ids) <= MAX_REACHED:
        return Q(**{f"{hop}__in": ids})
    # More than MAX_REACHED (the 16,000 holders of a busy organisation's posts): the named record is
    # a busy one, whose rows are met soon in the list's own order. Each row's first hop is looked up
    # by its key, a probe of an index, where matching it against an array of the ids read first
    # compared it with each of them.
    return Q(Exists(reached.filter(pk=OuterRef(hop))))


class EqualsAny(Func):
    """PostgreSQL's `column = ANY(array)`, as a condition: thousands of values as one array parameter,
    where `IN (%s, %s, …)` has the driver compose thousands of parameters."""

    conditional = True
    output_field = BooleanField()

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        column, array = (compiler.compile(expression) for expression in self.get_source_expressions())
        return f"{column[0]} = ANY({array[0]})", (*column[1], *array[1])


def visible_along(model, path):
    """Every record on the way from `model` along `path` is public: a draft is never a way in, not
    the record named, nor one in between (a draft venue, a hidden participation)."""
    condition, hop = Q(), []
    for part in path.split("__") if path else []:
        model = model._meta.get_field(part).related_model
        hop.append(part)
        condition &= model.visible_q(prefix="__".join(hop) + "__")
    return condition


class PartialDateFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as error:
            # The value goes in params, not the message: django-filter applies `message % params`,
            # so a "%" in the value would otherwise be a server error.
            raise forms.ValidationError(
                _("“%(value)s” is not a date: give YYYY, YYYY-MM or YYYY-MM-DD, such as 2021 or 2021-01-14."),
                params={"value": value[:40]},
            ) from error


class BoundedIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 time the databases can store: a far-off year with an offset is a 400, not a 500."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Enter a date and time in ISO 8601, such as 2026-01-01T00:00:00Z, 2026-01-01T04:00:00+04:00 or 2026-01-01."
        )
    }

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is not None:
            try:
                moment.astimezone(dt.UTC)
            except OverflowError as error:
                raise forms.ValidationError(_("This time is out of range.")) from error
        return moment


class BoundedIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField


class YearField(forms.CharField):
    def to_python(self, value):
        years = split_values(super().to_python(value) or "")
        if any(not (year.isascii() and year.isdigit() and len(year) <= 4 and int(year) >= 1) for year in years):
            raise forms.ValidationError(_("Give years as four-digit numbers, such as 2021 or 2021,2025."))
        return [int(year) for year in years]


class YearFilter(django_filters.CharFilter):
    """Records whose date (at any precision) falls in one of the given years."""

    field_class = YearField

    def filter(self, qs, years):
        if not years:
            return qs
        # Date ranges, not EXTRACT(YEAR ...), so that the date's index serves.
        in_years = [
            Q(**{f"{self.field_name}__gte": dt.date(year, 1, 1), f"{self.field_name}__lte": dt.date(year, 12, 31)})
            for year in years
        ]
        return qs.filter(Q(*in_years, _connector=Q.OR))


class DateFromFilter(django_filters.CharFilter):
    """Records whose span ends on or after the date: 2025, 2025-04 or 2025-04-29. With no `end`
    field, the record's one date counts to the end of its period ("2025" is on or after 2025-06)."""

    field_class = PartialDateFormField

    def __init__(self, *args, start="start_date", end="end_date", **kwargs):
        self.start, self.end = start, end
        super().__init__(*args, **kwargs)

    def filter(self, qs, partial):
        if partial is None:
            return qs
        day = partial.date
        if self.end is None:
            return qs.filter(period_ends_on_or_after(self.start, day))
        return qs.filter(
            Q(**{f"{self.end}__gte": day})
            | (Q(**{f"{self.end}__isnull": True}) & period_ends_on_or_after(self.start, day))
        )


class DateToFilter(django_filters.CharFilter):
    """Records whose span starts on or before the end of the date: 2025 means up to 31 December 2025."""

    field_class = PartialDateFormField

    def filter(self, qs, partial):
        return qs.filter(**{f"{self.field_name}__lte": partial.last_day}) if partial else qs


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet whose valid values that say nothing are errors too: a slug or id no published record
    has (a typo would otherwise give an empty list), a `date_from` after the `date_to`."""

    def is_valid(self):
        if not super().is_valid():
            return False
        for name, filter_ in self.filters.items():
            if isinstance(filter_, IdentifierFilter) and (values := self.form.cleaned_data.get(name)):
                unknown = filter_.unknown(self.queryset.model, values)
                if unknown:
                    # The values go in params, not the message: django-filter applies `message % params`.
                    values = "”, “".join(value[:80] for value in unknown[:5])
                    self.form.add_error(name, forms.ValidationError(filter_.unknown_message, params={"values": values}))
        date_from, date_to = self.form.cleaned_data.get("date_from"), self.form.cleaned_data.get("date_to")
        if date_from is not None and date_to is not None and date_from.date > date_to.last_day:
            self.form.add_error("date_from", _("date_from is after date_to: no record can be in that span."))
        return not self.form.errors


class RecordFilterSet(StrictFilterSet):
    """Filters every collection has: search and changes since a time."""

    q = django_filters.CharFilter(
        method="search",
        max_length=MAX_QUERY_LENGTH,
        label=f"Search names, other names, titles and descriptions; forgiving of spelling. At most {MAX_QUERY_LENGTH} "
        "characters.",
    )
    updated_since = BoundedIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Only records changed at or after this time (ISO 8601): the record or anything shown with it.",
    )

    def search(self, queryset, name, value):
        return search_filter(queryset, value)


class UniqueOrderingFilter(OrderingFilter):
    """`ordering=-start_date,title`: several keys; an unknown key is a 400. Records without the key's
    value come last, on every database, and the id is always the last key (descending after a
    descending key), so pages never skip or repeat a record."""

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if not raw:
            return [*(self.get_default_ordering(view) or [])]
        keys = [key.strip() for key in raw.split(",") if key.strip()]
        allowed = {field for field, _label in self.get_valid_fields(queryset, view, {"request": request})}
        unknown = [key for key in keys if key.removeprefix("-") not in allowed]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: _("Unknown ordering key “%(key)s”; use: %(keys)s.")
                    % {"key": unknown[0][:40], "keys": ", ".join(sorted(allowed))}
                }
            )
        return keys

    def get_schema_operation_parameters(self, view):
        keys = ", ".join(view.ordering_fields)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Sort by one or more of: {keys}, separated by commas; a leading - sorts descending "
                    "(e.g. -start_date,title). Records without a value come last; ties are broken by id, in the "
                    "direction of the last key."
                ),
                "schema": {"type": "string"},
            }
        ]

    def filter_queryset(self, request, queryset, view):
        keys = self.get_ordering(request, queryset, view)
        ordering = [_empty_last(queryset.model, key) for key in keys]
        # The id runs the way the last key does, so that one index on (key, id) serves a key both ways.
        return queryset.order_by(*ordering, "-pk" if keys and keys[-1].startswith("-") else "pk")


IDENTIFIER_HELP = "Slugs or ids, separated by commas."


def _empty_last(model, key):
    """An ordering term with records lacking the value last. A column that is never empty is ordered
    plainly, as its indexes are (on SQLite an index serves no NULLS LAST ascending order)."""
    name = key.removeprefix("-")
    descending = key.startswith("-")
    if "__" not in name and not model._meta.get_field(name).null:
        return key
    return F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
