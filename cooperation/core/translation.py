"""Records in four languages: which fields are translated, and what a page or answer shows of them.

English is the original: the records are drawn from English documents, and each translated field's
English column (`title_en`) holds what the field held before it was translated. The other columns
(`title_az`, `title_ar`, `title_ru`) are renderings by the editors: they are never evidence, and
citations never name them. django-modeltranslation adds the columns and reads a field (`event.title`)
in the active language with English as the fallback; cooperation/core/admin/translations.py gives
the admin a tab per language.

Each app lists its translated fields in its `translation.py` by calling `translate()`, which also
gives the record's history table the same columns, so that history, restores and pending revisions
keep every language. The original column (`title`) is kept in English on every save.
"""

from __future__ import annotations

import functools
import warnings

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.html import format_html
from modeltranslation.translator import TranslationOptions, translator

ORIGINAL = settings.LANGUAGE_CODE  # English: the language of the documents and of the records' original text
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
TRANSLATIONS = tuple(code for code in LANGUAGES if code != ORIGINAL)  # rendered by the editors


_FIELDS: dict[type, tuple[str, ...]] = {}  # each translated model's fields, in the order translate() names them


def column(name: str, language: str) -> str:
    """The column of a field in one language: ("title", "az") -> "title_az"."""
    return f"{name}_{language.replace('-', '_')}"


def translate(model, *fields: str) -> None:
    """Make `fields` of `model` translatable: a column per language on its table and on its history's.

    django-modeltranslation reads `record.title` in the active language (English when it has no
    text in it). The rest stays as it was, whatever language is active: writing `record.title` (or
    `Event(title=...)`) writes the English original, and queries filter and order by the columns they
    name, so `order_by("title")` sorts by the English original on its index and keyset paging never
    meets an empty translation."""
    options = type(f"{model.__name__}TranslationOptions", (TranslationOptions,), {"fields": fields})
    _FIELDS[model] = fields
    indexes = list(model._meta.indexes)
    with warnings.catch_warnings():  # about the names of index copies, left out below
        warnings.simplefilter("ignore", UserWarning)
        translator.register(model, options)
    model._meta.indexes = indexes  # the original columns' indexes serve every language's ordering
    # A unique constraint's copy on the English column would repeat the original's.
    model._meta.constraints = [c for c in model._meta.constraints if not c.name.endswith(f"-{ORIGINAL}")]

    translated_init = model.__init__

    def __init__(self, *args, **kwargs):
        with translation.override(ORIGINAL):
            translated_init(self, *args, **kwargs)

    model.__init__ = __init__
    for name in fields:
        reader = model.__dict__[name]
        reader.__class__ = type("OriginalWritingDescriptor", (type(reader),), {"__set__": _set_original})
    # The model's own managers (modeltranslation made every manager local), from which Django copies
    # the ones it hands out.
    for manager in model._meta.local_managers:
        if not isinstance(manager, _NamedColumns):
            manager.__class__ = type(manager.__class__.__name__, (_NamedColumns, manager.__class__), {})
    model._meta._expire_cache()

    history = getattr(model, model._meta.simple_history_manager_attribute).model
    for name in fields:
        original = model._meta.get_field(name)
        for language in LANGUAGES:
            copy = type(original)(
                original.verbose_name,
                null=True,
                blank=True,
                **({"max_length": original.max_length} if original.max_length else {}),
            )
            history.add_to_class(column(name, language), copy)


def _set_original(descriptor, instance, value):
    """Writing a translated field's attribute writes its English original."""
    with translation.override(ORIGINAL):
        super(type(descriptor), descriptor).__set__(instance, value)


class _NamedColumns(models.Manager):
    """A translated model's manager whose queries read, filter and order by the columns they name."""

    def get_queryset(self):
        queryset = super().get_queryset()
        queryset.__class__ = _named_columns(queryset.__class__)
        queryset.query.clear_ordering(force=True, clear_default=False)  # set when it was made
        queryset._post_init()  # type: ignore[attr-defined]  # modeltranslation's MultilingualQuerySet
        return queryset


@functools.cache
def _named_columns(queryset_class):
    return type(queryset_class.__name__, (_NamedColumnsQuerySet, queryset_class), {})


class _NamedColumnsQuerySet(models.QuerySet):
    """modeltranslation's query set, without its rewriting (it would read the active language's
    columns), and `update()` keeping a translated field's original and English columns the same."""

    def _post_init(self):
        # modeltranslation gives each new query set (every clone too) the model's default ordering
        # on the active language's columns; the model's own default ordering is left to apply.
        ordered = bool(self.query.order_by)
        super()._post_init()  # type: ignore[misc]  # modeltranslation's MultilingualQuerySet
        if not ordered:
            self.query.clear_ordering(force=True, clear_default=False)
        self._rewrite = False

    def update(self, **kwargs):
        for name in translated_fields(self.model):
            english = column(name, ORIGINAL)
            if name in kwargs:
                kwargs.setdefault(english, kwargs[name])
            elif english in kwargs:
                kwargs[name] = kwargs[english]
        return super().update(**kwargs)


def translated_fields(model) -> tuple[str, ...]:
    """The fields of `model` that have a column per language (none if the model is not translated)."""
    return _FIELDS.get(model, ())


def translation_columns(model) -> set[str]:
    """Every per-language column of `model` (`title_en`, `title_az`, ...)."""
    return {column(name, language) for name in translated_fields(model) for language in LANGUAGES}


def with_languages(model, *fields: str) -> list[str]:
    """`fields` and the columns of those translated, for `only()`: reading a translated field reads its
    language columns, which would otherwise be fetched one query each."""
    translated = translated_fields(model)
    return [*fields, *(column(name, language) for name in fields if name in translated for language in LANGUAGES)]


def english_columns(model) -> set[str]:
    """The English columns of `model`'s translated fields: each the same as its original column."""
    return {column(name, ORIGINAL) for name in translated_fields(model)}


def normalise(record) -> None:
    """Before a save: each translated field's English column holds the original's text ("" when it
    has none, as the original), and an empty translation is None (no text in that language)."""
    for name in translated_fields(type(record)):
        english = column(name, ORIGINAL)
        if getattr(record, english) is None and not record._meta.get_field(name).null:
            setattr(record, english, "")
        for language in TRANSLATIONS:
            if getattr(record, column(name, language)) == "":
                setattr(record, column(name, language), None)


def text_in(record, name: str, language: str) -> str:
    """The field's own text in `language`, without falling back ("" when it is not translated)."""
    return getattr(record, column(name, language), None) or ""


def values_by_language(record, name: str) -> dict[str, str]:
    """The field in every language that has it: {"en": "Baku", "az": "Bakı", ...}."""
    return {language: text for language in LANGUAGES if (text := text_in(record, name, language))}


def translations_of(record) -> dict[str, dict[str, str]]:
    """Every language's text of the record's translated fields: {"en": {"title": ...}, "az": {...}}."""
    names = translated_fields(type(record))
    result: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        texts = {name: text for name in names if (text := text_in(record, name, language))}
        if texts or language == ORIGINAL:
            result[language] = texts
    return result


def localized_values(queryset, *columns: str):
    """`queryset.values(*columns)`, each column of a translated field (through links too:
    "place__name") read in the active language where it has text there, else in English."""
    language = translation.get_language() or ORIGINAL
    local = {}
    if language != ORIGINAL:
        for path in columns:
            model, (*links, name) = queryset.model, path.split("__")
            for link in links:
                model = model._meta.get_field(link).related_model
            if name in translated_fields(model):
                local[path] = "__".join([*links, column(name, language)])
    rows = queryset.values(*columns, *local.values())
    if not local:
        return rows
    return [{**row, **{path: row[own] for path, own in local.items() if row[own]}} for row in rows]


def shown_language(record, name: str, language: str | None = None) -> str:
    """The language of the text a page in `language` shows for the field: its own, else English."""
    language = language or translation.get_language() or ORIGINAL
    if name in translated_fields(type(record)) and text_in(record, name, language):
        return language
    return ORIGINAL


def isolated(record, name: str):
    """The field's text for the active language, marked where the page needs it: in a `<bdi>` with
    `lang="en"` when it is the English fallback on another language's page, in a plain `<bdi>` on a
    right-to-left page (so that it never reorders the page's punctuation), as it is otherwise."""
    text = getattr(record, name) or ""
    active = translation.get_language() or ORIGINAL
    language = shown_language(record, name, active)
    if language != active:
        return format_html('<bdi lang="{}" dir="{}">{}</bdi>', language, direction(language), text)
    if translation.get_language_bidi():
        return format_html("<bdi>{}</bdi>", text)
    return text


def as_written(text: str):
    """Text the records keep only as written, in English (an editorial note, a byline): on another
    language's page in a `<bdi>` with `lang="en"`, as isolated() marks an English fallback."""
    if not text or (translation.get_language() or ORIGINAL) == ORIGINAL:
        return text
    return format_html('<bdi lang="{}" dir="{}">{}</bdi>', ORIGINAL, direction(ORIGINAL), text)


def tagged(record, name: str):
    """A translated field for JSON-LD: its text where it is in the page's language (the document's
    `@language`, json_ld_context()), else a value tagged with its own language:
    {"@value": "Baku", "@language": "en"}."""
    text = getattr(record, name) or ""
    active = translation.get_language() or ORIGINAL
    language = shown_language(record, name, active)
    return text if language == active else {"@value": text, "@language": language}


def json_ld_context():
    """A page's JSON-LD context: schema.org, its plain strings in the page's language."""
    return ["https://schema.org", {"@language": translation.get_language() or ORIGINAL}]


def isolated_label(record):
    """A record's name as lists show it (its `str()`), isolated like `isolated()`: marked English when
    the field it shows (its name or title) has no text in the page's language."""
    if record is None:
        return ""
    shown = next((name for name in ("name", "title") if name in translated_fields(type(record))), None)
    if shown is not None and getattr(record, shown):
        return isolated(record, shown)
    if translation.get_language_bidi():
        # A label of the page's words around a name (a source's publisher and date): read right to left.
        return format_html('<bdi dir="rtl">{}</bdi>', str(record))
    return str(record)


def direction(language: str) -> str:
    """A language's writing direction, as Django knows it: "rtl" for Arabic, "ltr" for the others."""
    return "rtl" if translation.get_language_info(language)["bidi"] else "ltr"


def english_from_original(app_label: str, fields_by_model: dict[str, tuple[str, ...]]):
    """The migration operation that fills each translated field's English column from its original
    column, in the records and their history: existing data becomes the English text, untouched."""
    from django.db import migrations
    from django.db.models import F

    def copy(apps, schema_editor):
        for model_name, fields in fields_by_model.items():
            for name in (model_name, f"historical{model_name}"):
                apps.get_model(app_label, name).objects.update(**{column(f, ORIGINAL): F(f) for f in fields})

    return migrations.RunPython(copy, migrations.RunPython.noop, elidable=False)
