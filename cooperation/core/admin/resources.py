"""Import and export of records (django-import-export): one resource per main model, built the same
way for all.

Columns are the model's own fields; a link to another record is that record's slug (several slugs,
separated by "|", for many), so a spreadsheet reads "baku", not 17. Rows are matched to records by
slug: a known slug updates its record, a new one creates a record. A partial date may be written as
a form takes it ("2027", "2027-06", "2027-06-14") with its precision column empty or absent. Each row is validated like an
admin save; a file with any bad row (an unknown slug, a slug twice, a rule broken) imports nothing
and shows the rows at fault. The UUID and the publication status are exported but never imported:
identity is permanent, and publishing is a reviewer's decision, so imported records stay drafts
until a reviewer publishes them.
"""

import datetime as dt
import functools

from django.db import models
from import_export import fields, resources, widgets

from cooperation.core.dates import DatePrecision, PartialDate
from cooperation.core.spreadsheets import neutralised, restored
from cooperation.core.translation import LANGUAGES, ORIGINAL, column, translated_fields, translation_columns
from cooperation.core.versioning import DataVersion

NOT_EXCHANGED = {"id", "search_key", "version", "created_at", "updated_at"}
EXPORTED_ONLY = ("uuid", "publication_status")


class TextWidget(widgets.CharWidget):
    """Text: an empty cell (None from a spreadsheet) is the empty text the model stores; a text a
    spreadsheet would run as a formula is exported neutralised and read back as it was
    (cooperation/core/spreadsheets.py)."""

    def __init__(self):
        super().__init__(allow_blank=True)

    def clean(self, value, row=None, **kwargs):
        return super().clean(restored(value), row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return neutralised(super().render(value, obj, **kwargs))


class NullableTextWidget(TextWidget):
    """A translation: an empty cell is no translation (None), as the admin stores it."""

    def clean(self, value, row=None, **kwargs):
        return restored(value) or None


class DateWidget(widgets.DateWidget):
    """A date: spreadsheets give their dates as date-times at midnight; a cell that is no date says
    which forms are read."""

    def clean(self, value, row=None, **kwargs):
        try:
            value = super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                f"“{value}” is not a date: write a year (2027), a month (2027-06) or a day (2027-06-14)."
            ) from None
        return value.date() if isinstance(value, dt.datetime) else value


def infer_precisions(model, row):
    """A partial date written as "2027" or "2027-06" (or a full date) with no precision given: the
    date as its period's first day, and the precision it was written to, as a form infers them."""
    for name in getattr(model, "partial_dates", ()):
        precision = f"{name}_precision"
        cell = row.get(name)
        if row.get(precision) or cell in (None, ""):
            continue
        if isinstance(cell, dt.date):  # a spreadsheet's date: a day
            row[precision] = DatePrecision.DAY
            continue
        try:
            partial = PartialDate.parse(str(cell).strip())
        except ValueError:
            continue  # the date column says what is wrong with it
        row[name], row[precision] = partial.date.isoformat(), partial.precision


class SlugsWidget(widgets.ManyToManyWidget):
    """Several records named by their slugs, "a|b"; a slug that names no record is an error."""

    def __init__(self, model):
        super().__init__(model, separator="|", field="slug")

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row, **kwargs)
        wanted = {slug.strip() for slug in str(value or "").split(self.separator) if slug.strip()}
        missing = wanted - set(found.values_list("slug", flat=True))
        if missing:
            raise ValueError(f"No {self.model._meta.verbose_name} with the slug “{sorted(missing)[0]}”.")
        return found


class SlugWidget(widgets.ForeignKeyWidget):
    """One record named by its slug; a slug that names no record is an error that says which."""

    def __init__(self, model):
        super().__init__(model, field="slug")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(f"No {self.model._meta.verbose_name} with the slug “{value}”.") from None


class RecordResource(resources.ModelResource):
    """What every record resource shares: a slug at most once per file, and all or nothing."""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._rows_by_slug = {}

    def before_import_row(self, row, row_number=None, **kwargs):
        super().before_import_row(row, row_number=row_number, **kwargs)
        infer_precisions(self._meta.model, row)
        slug = str(row.get("slug") or "").strip()
        if slug in self._rows_by_slug:
            raise ValueError(f"The slug “{slug}” is also on row {self._rows_by_slug[slug]}: one row per record.")
        self._rows_by_slug[slug] = row_number

    def import_data(self, dataset, *args, **kwargs):
        # A row that fails validation stops the whole file, not only a row that raises.
        kwargs["rollback_on_validation_errors"] = True
        with DataVersion.batch():  # the data version moves once for the file, not once a row
            return super().import_data(dataset, *args, **kwargs)


def _field(name, widget=None, **options):
    return fields.Field(attribute=name, column_name=name, widget=widget, **options)


@functools.cache
def record_resource(model):
    """The import-export resource of a record model with a slug."""
    declared, names = {}, []
    skipped = NOT_EXCHANGED | translation_columns(model)  # translations have their own spreadsheet
    for field in model._meta.get_fields():
        if not (field.concrete or field.many_to_many) or field.auto_created or field.name in skipped:
            continue
        names.append(field.name)
        if field.name in EXPORTED_ONLY:
            declared[field.name] = _field(field.name, readonly=True)
        elif field.many_to_many:
            declared[field.name] = _field(field.name, SlugsWidget(field.related_model))
        elif isinstance(field, models.ForeignKey):
            declared[field.name] = _field(field.name, SlugWidget(field.related_model))
        elif isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            declared[field.name] = _field(field.name, DateWidget())
        elif isinstance(field, (models.CharField, models.TextField)) and not field.null:
            declared[field.name] = _field(field.name, TextWidget())
    meta = _meta(model, names, clean_model_instances=True, name="Records (every column)")
    return type(f"{model.__name__}Resource", (RecordResource,), {**declared, "Meta": meta})


def _meta(model, names, **options):
    """A resource's Meta: the columns `names` in that order, a row per record by its slug, unchanged
    rows skipped and reported."""
    return type(
        "Meta",
        (),
        {
            "model": model,
            "fields": names,
            "export_order": names,
            "import_id_fields": ("slug",),
            "skip_unchanged": True,
            "report_skipped": True,
            **options,
        },
    )


class TranslationsResource(resources.ModelResource):
    """The translators' spreadsheet of a translated record type: one row per record (its slug), one
    column per translated field and language. English is there to translate from and is never
    written; importing writes the az, ar and ru columns of records that exist, and nothing else."""

    def init_instance(self, row=None):
        raise ValueError(
            f"No record with the slug “{(row or {}).get('slug', '')}”: a translation is of a record that exists."
        )

    def import_data(self, dataset, *args, **kwargs):
        kwargs["rollback_on_validation_errors"] = True
        with DataVersion.batch():
            return super().import_data(dataset, *args, **kwargs)


@functools.cache
def translations_resource(model):
    """The translations spreadsheet's resource of `model` (TranslationsResource)."""
    names, declared = ["slug"], {"slug": _field("slug", readonly=False)}
    for name in translated_fields(model):
        for language in LANGUAGES:
            names.append(column(name, language))
            declared[column(name, language)] = _field(
                column(name, language), NullableTextWidget(), readonly=language == ORIGINAL
            )
    meta = _meta(model, names, name="Translations (a column per language)")
    return type(f"{model.__name__}TranslationsResource", (TranslationsResource,), {**declared, "Meta": meta})
