"""Serializer fields every collection shares: record summaries, partial dates, citations."""

import functools
import re

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperation.core.citations import AlternateName, Citation
from cooperation.core.registry import registry
from cooperation.core.translation import translations_of
from cooperation.core.visibility import public


def api_url(record, request):
    """The record's JSON address (never carrying the current request's ?format=)."""
    return api_url_of(type(record), record.uuid, request)


def api_url_of(model, uuid, request):
    """The JSON address of the `model` record with this id, from its id alone (rows read by values())."""
    return _absolute(_address(f"api:{registry.get(model).api_basename}-detail", "id", str(uuid)), request)


class Addresses:
    """Absolute API and page addresses of many records in one request: each kind's address is built
    once, then each record's id or slug put in its place."""

    def __init__(self, request):
        self.request = request
        self._api: dict[type, str] = {}
        self._html: dict[type, str] = {}

    def api(self, model, uuid) -> str:
        template = self._api.get(model)
        if template is None:
            template = self._api[model] = api_url_of(model, _PLACEHOLDER, self.request)
        return template.replace(_PLACEHOLDER, str(uuid))

    def html(self, model, slug) -> str:
        if not PLAIN_SLUG.fullmatch(slug):
            return html_url_of(model, slug, self.request)
        template = self._html.get(model)
        if template is None:
            template = self._html[model] = html_url_of(model, _PLACEHOLDER, self.request)
        return template.replace(_PLACEHOLDER, slug)


def html_url(record, request):
    """The record's public page, in the request's language."""
    return html_url_of(type(record), record.slug, request)


def html_url_of(model, slug, request):
    """The public page of the `model` record with this slug, from its slug alone."""
    name = f"{model._meta.app_label}:{model._meta.model_name}-detail"
    path = _address(name, "slug", slug) if PLAIN_SLUG.fullmatch(slug) else reverse(name, kwargs={"slug": slug})
    return _absolute(path, request)


# Addresses of records of one kind differ only in their id or slug: each route is reversed once (per
# URL configuration, script prefix and language) and the value put in its place, instead of a
# reverse() for each of the hundreds of addresses a page of the API holds.
_PLACEHOLDER = "x0record0placeholder0x"
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # a slug that stands in an address as it is


def _address(view_name, kwarg, value):
    route = _route(view_name, kwarg, get_urlconf(), get_script_prefix(), translation.get_language())
    return route.replace(_PLACEHOLDER, value)


@functools.lru_cache(maxsize=1024)
def _route(view_name, kwarg, urlconf, script_prefix, language):
    return reverse(view_name, kwargs={kwarg: _PLACEHOLDER}, urlconf=urlconf)


def _absolute(path, request):
    """`path` as an absolute address on the request's host (its scheme and host read once a request)."""
    if request is None:
        return path
    base = getattr(request, "_address_base", None)
    if base is None:
        base = request.build_absolute_uri("/")[:-1]
        setattr(request, "_address_base", base)  # noqa: B010  (HttpRequest declares no such attribute)
    return base + path


class SummarySerializer(serializers.Serializer):
    """A short reference to another record: its id, its name and its API address."""

    id = serializers.UUIDField()
    name = serializers.CharField()
    url = serializers.URLField()


@extend_schema_field(SummarySerializer)
class SummaryField(serializers.RelatedField):
    """A related record as {id, name, url}; a draft is shown as null (drafts never leak)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        # Null when there is no related record or it is a draft: the OpenAPI document says so.
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    @classmethod
    def many_init(cls, *args, **kwargs):
        # In a list (many=True) drafts are left out, never shown as null: the items are not nullable.
        kwargs["allow_null"] = False
        return super().many_init(*args, **kwargs)

    def get_attribute(self, instance):
        return public(super().get_attribute(instance))

    def to_representation(self, record):
        return {"id": record.uuid, "name": str(record), "url": api_url(record, self.context.get("request"))}


@extend_schema_field({"type": "string", "nullable": True, "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"})
class PartialDateField(serializers.Field):
    """A date at its precision, ISO 8601: "1991", "2021-01" or "2021-01-14"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, partial):
        return partial.iso()


@extend_schema_field({"type": "string", "nullable": True, "enum": ["year", "month", "day", None]})
class PrecisionField(serializers.CharField):
    """year, month or day; null when there is no date."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


class SpanSerializerMixin(serializers.Serializer):
    """A record's start and end, each at its precision with the precision beside it."""

    start_date = PartialDateField(source="start", allow_null=True)
    start_date_precision = PrecisionField()
    end_date = PartialDateField(source="end", allow_null=True)
    end_date_precision = PrecisionField()

    SPAN_FIELDS = ["start_date", "start_date_precision", "end_date", "end_date_precision"]


class CitationSerializer(serializers.ModelSerializer):
    """A quote, verbatim from a source, that supports the record (or the one field named)."""

    # DRF's metaclass takes declared fields off the class; the stubs see this as Field.source (a str).
    source = SummaryField()  # type: ignore[assignment]

    class Meta:
        model = Citation
        fields = ["source", "quote", "field"]


def with_citations(serializer_class):
    """A part's serializer as a record's detail shows it: its fields and the quotes behind it (a
    participant, a post held, a party, a relation). The viewset prefetches the part's published
    citations (`published_citations()`) on the detail only, so lists stay lean."""
    meta = type("Meta", (serializer_class.Meta,), {"fields": [*serializer_class.Meta.fields, "citations"]})
    attributes = {
        "citations": CitationSerializer(many=True, read_only=True),
        "Meta": meta,
        "__doc__": f"{(serializer_class.__doc__ or '').strip()} With the quotes that support it.",
        "__module__": serializer_class.__module__,
    }
    return type(f"Cited{serializer_class.__name__}", (serializer_class,), attributes)


class AlternateNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = AlternateName
        fields = ["name", "kind", "language"]


class RecordSerializer(serializers.ModelSerializer):
    """The fields every public record starts with."""

    id = serializers.UUIDField(source="uuid", read_only=True, help_text="The record's permanent identifier.")
    url = serializers.SerializerMethodField(help_text="This record in the API.")
    html_url = serializers.SerializerMethodField(help_text="This record's public page.")

    RECORD_FIELDS = ["id", "slug", "url", "html_url", "updated_at"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, record):
        return api_url(record, self.context.get("request"))

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, record):
        return html_url(record, self.context.get("request"))


TRANSLATIONS_SCHEMA = {
    "type": "object",
    "description": (
        "The record's translated fields in every language that has them: English (`en`), the original "
        "the sources support, and the editors' renderings in Azerbaijani (`az`), Arabic (`ar`) and "
        "Russian (`ru`). Renderings are editorial, never evidence: citations quote the sources."
    ),
    "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}},
    "example": {"en": {"name": "Baku"}, "az": {"name": "Bakı"}, "ar": {"name": "باكو"}, "ru": {"name": "Баку"}},
}


class TranslationsSerializerMixin(serializers.Serializer):
    """Detail objects carry every language's text of their translated fields."""

    translations = serializers.SerializerMethodField()

    @extend_schema_field(TRANSLATIONS_SCHEMA)
    def get_translations(self, record):
        return translations_of(record)


class EvidenceSerializerMixin(TranslationsSerializerMixin):
    """Detail objects carry their evidence: citations and other names; and their translations."""

    citations = CitationSerializer(many=True, read_only=True)
    alternate_names = AlternateNameSerializer(many=True, read_only=True)

    EVIDENCE_FIELDS = ["translations", "alternate_names", "citations", "note"]
