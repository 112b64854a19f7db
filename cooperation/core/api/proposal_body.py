"""The body of a partner's proposal (cooperation/core/api/proposals.py): a JSON object of the record's
fields by the names its detail gives them, read into a Submission for cooperation/core/proposals.py,
and the errors of the record's form given back by those names."""

import functools
import uuid
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers

from cooperation.core.citations import Citation, source_model
from cooperation.core.proposals import Submission, writable_fields
from cooperation.core.revisions import compared
from cooperation.core.translation import TRANSLATIONS, column, translated_fields

MAX_ITEMS = 100  # linked records, or quotes, in one proposal: each is looked up


def api_names(serializer_class) -> dict[str, str]:
    """The API's name of each model field its objects show under another name (`url` -> `document_url`)."""
    return {
        field.source: name
        for name, field in serializer_class().fields.items()
        if field.source != name and "." not in field.source
    }


class TextField(serializers.CharField):
    """A string, and only a string: 12 or true for a text is a mistake, not "12" or "True"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def _input_field(model_field) -> serializers.Field:
    """The field of the body that sets `model_field`: its JSON type, for the schema and a first check."""
    help_text = str(model_field.help_text or model_field.verbose_name)
    # Required of a new record as the admin's form requires it (a correction gives what it changes);
    # a slug is made from the title or name when none is given.
    required = not (model_field.blank or model_field.has_default() or model_field.name == "slug")
    common: dict[str, Any] = {"required": required, "help_text": help_text}
    if model_field.name in getattr(model_field.model, "partial_dates", ()):
        return TextField(
            allow_null=True, allow_blank=True, **{**common, "help_text": "A year (2027), a month (2027-06) or a day."}
        )
    if isinstance(model_field, models.ManyToManyField):
        child = TextField(help_text=f"The id or slug of a published {model_field.related_model._meta.verbose_name}.")
        return serializers.ListField(child=child, max_length=MAX_ITEMS, **common)
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._meta.verbose_name
        return TextField(
            allow_null=True, **{**common, "help_text": f"The id or slug of a published {related}, or null."}
        )
    if model_field.choices:
        values = [value for value, _label in model_field.choices]
        # The filters' message (cooperation/core/filters.py), in the request's language; DRF fills in {input}.
        message = gettext_lazy("“%(value)s” is not one of the values: {values}.")
        listed = lazy(lambda: (str(message) % {"value": "{input}"}).replace("{values}", ", ".join(values)), str)()
        return serializers.ChoiceField(choices=values, error_messages={"invalid_choice": listed}, **common)
    if isinstance(model_field, models.BooleanField):
        return serializers.BooleanField(**common)
    if isinstance(model_field, models.DecimalField):
        return serializers.DecimalField(
            max_digits=model_field.max_digits,
            decimal_places=model_field.decimal_places,
            allow_null=True,
            coerce_to_string=True,
            **common,
        )
    return TextField(allow_blank=True, trim_whitespace=False, **common)


class CitationInput(serializers.Serializer):
    # DRF's metaclass takes declared fields off the class; the stubs see this as Field.source (a str).
    source = TextField(help_text="The id or slug of a published source.")  # type: ignore[assignment]
    quote = TextField(help_text="A passage of the source's text, word for word.", trim_whitespace=False)
    field = TextField(
        required=False, allow_blank=True, default="", help_text="The field the quote supports; empty: the record."
    )

    def to_internal_value(self, data):
        if isinstance(data, dict) and (unknown := [name for name in data if name not in self.fields]):
            raise exceptions.ValidationError(
                {
                    unknown[0][:40]: _("Not a field of a citation; it has: %(names)s.")
                    % {"names": ", ".join(self.fields)}
                }
            )
        return super().to_internal_value(data)


@functools.cache
def proposal_serializer(model, serializer_class):
    """The body of a proposal for `model`: its writable fields by the names `serializer_class` (the
    detail's) gives them, `translations`, `citations` and `comment`."""
    renamed = api_names(serializer_class)
    fields: dict[str, serializers.Field] = {
        renamed.get(model_field.name, model_field.name): _input_field(model_field)
        for model_field in writable_fields(model)
    }
    if translated_fields(model):
        fields["translations"] = serializers.DictField(
            child=serializers.DictField(child=TextField(allow_blank=True, allow_null=True)),
            required=False,
            help_text=(
                f"Renderings by language ({', '.join(TRANSLATIONS)}) of {', '.join(translated_fields(model))}; "
                "the English text is the field itself."
            ),
        )
    if model.needs_evidence:  # a source is the evidence itself
        evidence = gettext_lazy("A new record needs its evidence: at least one quote from a published source.")
        # max_length goes to the ListSerializer that many=True makes (the stubs know only the child's arguments).
        fields["citations"] = CitationInput(  # type: ignore[call-arg]
            many=True,
            required=True,
            allow_empty=False,
            max_length=MAX_ITEMS,
            error_messages={"required": evidence, "empty": evidence},
            help_text="Quotes that support what is proposed; a new record needs one.",
        )
    fields["comment"] = TextField(
        required=False, allow_blank=True, help_text="For the reviewers: what the proposal is and why."
    )
    name = f"{model.__name__}Proposal"
    return type(name, (serializers.Serializer,), {**fields, "__doc__": f"A proposed {model._meta.verbose_name}."})


def _published(model, value):
    """The published record of `model` whose id or slug is `value`, or None."""
    queryset = model._default_manager.published()
    try:
        return queryset.filter(uuid=uuid.UUID(value)).first()
    except ValueError:
        return queryset.filter(slug=value).first()


class _Links:
    """Linked records looked up by id or slug among the published ones, each miss noted by its name."""

    def __init__(self):
        self.errors: dict[str, str] = {}

    def pk(self, model, value, name):
        found = _published(model, value)
        if found is None:
            self.errors.setdefault(
                name,
                _("No published %(type)s has the id or slug “%(value)s”.")
                % {"type": model._meta.verbose_name, "value": value[:80]},
            )
            return None
        return found.pk


def submission_of(request, model, serializer_class, *, partial: bool) -> Submission:
    """The request's body as a Submission: JSON types checked, unknown names refused, linked records
    resolved among the published ones; every mistake found is named in one 400. `partial`: a
    correction, which gives only what it changes."""
    if not isinstance(request.data, dict):
        raise exceptions.ValidationError({"request": _("Send a JSON object of the record's fields.")})
    body = proposal_serializer(model, serializer_class)(data=request.data, partial=partial)
    errors: dict = {
        name[:40]: _("Not a field a proposal sets; it sets: %(names)s.") % {"names": ", ".join(body.fields)}
        for name in request.data
        if name not in body.fields
    }
    if body.is_valid():
        given = dict(body.validated_data)
    else:
        errors.update(body.errors)
        # The fields without errors, as sent: their linked records are looked up too.
        given = {name: value for name, value in request.data.items() if name in body.fields and name not in errors}
    links = _Links()
    values = _values(model, serializer_class, given, links, errors)
    citations = []
    for index, cited in enumerate(given.get("citations", [])):
        citations.append({**cited, "source": links.pk(source_model(), cited["source"], f"citations.{index}.source")})
    errors.update(links.errors)
    if errors:
        raise exceptions.ValidationError(errors)
    for cited in citations:
        cited["source"] = source_model()._default_manager.get(pk=cited["source"])
    return Submission(values=values, citations=citations, comment=given.get("comment", ""))


def _values(model, serializer_class, given, links, errors) -> dict:
    """The record's values by the form's names: linked records' keys, translations' columns."""
    renamed = api_names(serializer_class)
    values = {}
    for model_field in writable_fields(model):
        name = renamed.get(model_field.name, model_field.name)
        if name not in given:
            continue
        value = given[name]
        if isinstance(model_field, models.ManyToManyField):
            value = [links.pk(model_field.related_model, item, name) for item in value]
        elif isinstance(model_field, models.ForeignKey) and value is not None:
            value = links.pk(model_field.related_model, value, name)
        values[model_field.name] = value
    translated = translated_fields(model)
    for language, texts in given.get("translations", {}).items():
        if language not in TRANSLATIONS:
            errors["translations"] = _("“%(language)s” is not a language of translations: %(languages)s.") % {
                "language": language[:10],
                "languages": ", ".join(TRANSLATIONS),
            }
            continue
        for field_name, text in texts.items():
            if field_name not in translated:
                errors[f"translations.{language}"] = _("“%(name)s” is not translated; these are: %(names)s.") % {
                    "name": field_name[:40],
                    "names": ", ".join(translated),
                }
                continue
            values[column(field_name, language)] = text or ""
    return values


def api_errors(error: DjangoValidationError, model, serializer_class) -> exceptions.ValidationError:
    """The form's errors by the body's names: a field by its API name, a translation under
    `translations.<language>.<field>`, the rest under `request`."""
    renamed = api_names(serializer_class)
    by_column = {
        column(name, language): f"translations.{language}.{name}"
        for name in translated_fields(model)
        for language in TRANSLATIONS
    }
    if not hasattr(error, "error_dict"):
        return exceptions.ValidationError({"request": error.messages})
    about = _constraint_fields(model)
    detail: dict[str, list[str]] = {}
    for name, errors in error.error_dict.items():
        for message in (message for item in errors for message in item.messages):
            field = about.get(message) if name == NON_FIELD_ERRORS else name
            key = by_column.get(field, renamed.get(field, field)) if field else "request"
            detail.setdefault(key, []).append(message)
    return exceptions.ValidationError(detail)


def _constraint_fields(model) -> dict[str, str]:
    """The field each of the model's constraints with a message of its own is about, by that message
    (in the active language): a unique field, or the last field a check compares ("end_date" of
    "the end is not before the start")."""
    found = {}
    for constraint in model._meta.constraints:
        field: str | None
        if constraint.violation_error_message == constraint.default_violation_error_message:
            continue
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            field = constraint.fields[-1]
        elif isinstance(constraint, models.CheckConstraint):
            field = _last_field(constraint.condition)
        else:
            continue
        if field:
            found[str(constraint.violation_error_message)] = field
    return found


def _last_field(condition) -> str | None:
    for child in reversed(getattr(condition, "children", [])):
        field = child[0].split("__")[0] if isinstance(child, tuple) else _last_field(child)
        if field:
            return field
    return None


def changed_names(record, changes, serializer_class) -> list[str]:
    """The body's names of what a correction changes: the record's fields, "translations", "citations"."""
    model = type(record)
    renamed = api_names(serializer_class)
    languages = {column(name, language) for name in translated_fields(model) for language in TRANSLATIONS}
    names = set()
    for change in changes:
        if (change.model, change.pk) != (model, record.pk):
            names.add("citations" if change.model is Citation else change.model._meta.model_name)
            continue
        before, after = compared(model, change.before) or {}, compared(model, change.after) or {}
        for name in (name for name in after if before.get(name) != after[name]):
            names.add("translations" if name in languages else renamed.get(name, name))
    return sorted(names)
