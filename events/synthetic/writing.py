"""Writing synthetic rows in bulk: COPY on PostgreSQL, executemany on SQLite, with the search keys `save()` would have computed."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import operator
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.db import DatabaseError, connection, models

from cooperation.core import search
from cooperation.core.translation import ORIGINAL, column, translated_fields

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
        # A translated field's English column holds what its original column holds.
        self.copied = [
            (english, name)
            for name in translated_fields(model)
            if name in self.provided and (english := column(name, ORIGINAL)) not in self.provided
        ]
        self.provided += [english for english, _name in self.copied]
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
                    "teach events/synthetic/writing.py about it."
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
        for english, name in self.copied:
            row[english] = row[name]
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
