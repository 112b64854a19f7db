"""Translated fields in the admin: the English original among the record's fields, each other language
in a section of its own (a tab, with static/js/language-tabs.js), its inputs marked with their language
and direction."""

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperation.core.admin.forms import ModelAdminMixinBase
from cooperation.core.registry import registry
from cooperation.core.roles import translates_only
from cooperation.core.translation import (
    LANGUAGES,
    ORIGINAL,
    TRANSLATIONS,
    column,
    direction,
    english_columns,
    text_in,
    translated_fields,
    translation_columns,
)

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def column_language(model, name: str) -> str | None:
    """The language of a translated field's column (`title_az` -> "az"), None for any other field."""
    for field in translated_fields(model):
        for language in LANGUAGES:
            if name == column(field, language):
                return language
    return None


class TranslationsAdminMixin(ModelAdminMixinBase):
    """A translated record's form: its fields as before (the English original), then one section per
    other language with that language's text of each translated field. For a translator, those
    sections are all the form may change: every other field is read-only and the inlines are shown
    without forms."""

    class Media:
        js = ("js/language-tabs.js",)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        translated = translated_fields(self.model)
        if not translated:
            return fieldsets
        columns = translation_columns(self.model)
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in columns]})
            for name, options in fieldsets
        ]
        for language in TRANSLATIONS:
            fieldsets.append(
                (
                    LANGUAGE_NAMES[language],
                    {
                        "fields": [column(name, language) for name in translated],
                        "classes": ("translation", f"translation-{language}"),
                        "description": _(
                            "An editorial translation of the English text: never evidence, never cited. "
                            "Left empty, pages in this language show the English text."
                        ),
                    },
                )
            )
        return fieldsets

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = column_language(self.model, db_field.name)
        if field is not None and language:
            field.widget.attrs.update(lang=language, dir=direction(language))
        return field

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not translates_only(request.user):
            return fields
        editable = translation_columns(self.model) - english_columns(self.model)
        own = [
            f.name
            for f in (*self.model._meta.fields, *self.model._meta.many_to_many)
            if f.editable and f.name not in editable
        ]
        return (*fields, *(name for name in own if name not in fields))

    def get_prepopulated_fields(self, request, obj=None):
        return {} if translates_only(request.user) else super().get_prepopulated_fields(request, obj)

    def get_inline_instances(self, request, obj=None):
        return [] if translates_only(request.user) else super().get_inline_instances(request, obj)


MISSING_PER_TYPE = 50  # rows of each record type the page lists; the count goes on to MISSING_COUNTED
MISSING_COUNTED = 1000


def missing_in(model, language: str) -> Q:
    """Rows of `model` with a translated field whose English text has no text in `language`."""
    condition = Q()
    for name in translated_fields(model):
        condition |= ~Q(**{column(name, ORIGINAL): ""}) & (
            Q(**{f"{column(name, language)}__isnull": True}) | Q(**{column(name, language): ""})
        )
    return condition


def _label(model, name):
    return getattr(model._meta.get_field(name), "verbose_name", name)


def missing_translations(request):
    """/admin/translations/missing/: the published records with English text that has no rendering in
    a language (?language=az, ar or ru; all three by default), by record type, each with the fields
    missing, linked to its form. Bounded: the first MISSING_PER_TYPE of each type, counted to
    MISSING_COUNTED."""
    asked = request.GET.get("language", "")
    languages = [asked] if asked in TRANSLATIONS else list(TRANSLATIONS)
    groups = []
    for model in registry.models():
        if not translated_fields(model) or not request.user.has_perm(
            f"{model._meta.app_label}.view_{model._meta.model_name}"
        ):
            continue
        condition = Q()
        for language in languages:
            condition |= missing_in(model, language)
        rows = model._default_manager.published().filter(condition).order_by("pk")  # type: ignore[attr-defined]
        counted = rows[:MISSING_COUNTED].count()
        if not counted:
            continue
        records = [
            {
                "record": record,
                "url": reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk]),
                "missing": [
                    (
                        LANGUAGE_NAMES[language],
                        [
                            _label(model, name)
                            for name in translated_fields(model)
                            if text_in(record, name, ORIGINAL) and not text_in(record, name, language)
                        ],
                    )
                    for language in languages
                ],
            }
            for record in rows[:MISSING_PER_TYPE]
        ]
        groups.append(
            {
                "label": model._meta.verbose_name_plural,
                "records": records,
                "count": counted,
                "more": counted > MISSING_PER_TYPE,
            }
        )
    context = {
        **admin.site.each_context(request),
        "title": _("Missing translations"),
        "groups": groups,
        "languages": [(code, LANGUAGE_NAMES[code]) for code in TRANSLATIONS],
        "asked": asked if asked in TRANSLATIONS else "",
        "counted_to": MISSING_COUNTED,
    }
    return TemplateResponse(request, "admin/missing_translations.html", context)
