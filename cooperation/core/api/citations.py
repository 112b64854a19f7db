"""The citations collection, `/api/v1/citations/`: every quote a visitor may see, each with the row it
supports (a record, or a participant, post held, party or relation) and the public record that shows
it; filterable by source, record type and record, for partners who keep the evidence beside the facts."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperation.core.api.fields import SummaryField
from cooperation.core.api.views import RecordViewSet, documented
from cooperation.core.citations import Citation, cited_rows, evidence_models
from cooperation.core.filters import (
    IDENTIFIER_HELP,
    BoundedIsoDateTimeFilter,
    ChoiceInFilter,
    IdentifierFilter,
    StrictFilterSet,
    is_uuid,
)


def evidence_types():
    """The record types citations attach to, by their API name (event, participation, position, ...)."""
    return {model._meta.model_name: model for model in evidence_models()}


class RecordIdentifierFilter(IdentifierFilter):
    """record=<id>: the citations of these records and of their parts (an event's participants), by id."""

    unknown_message = gettext_lazy("No public record or part has the id “%(values)s”: give an id (UUID) from the API.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, paths=[], **kwargs)

    def filter(self, qs, values):
        if not values:
            return qs
        ids = [uuid.UUID(value) for value in values]
        conditions = []
        for model in evidence_types().values():
            rows = Q(uuid__in=ids)
            if model.public_record_field:  # a part: also those of the named records
                rows |= Q(**{f"{model.public_record_field}__uuid__in": ids})
            content_type = ContentType.objects.get_for_model(model)
            conditions.append(Q(content_type=content_type, object_id__in=model.objects.filter(rows).values("pk")))
        return qs.filter(Q(*conditions, _connector=Q.OR))

    def unknown(self, model, values) -> list[str]:
        """The values that are not the id of a public record or part (a draft's is refused alike)."""
        ids = [value for value in values if is_uuid(value)]
        known = set()
        for evidence_model in evidence_types().values():
            known |= {
                str(id_)
                for id_ in evidence_model.objects.published().filter(uuid__in=ids).values_list("uuid", flat=True)
            }
        return [value for value in values if value.lower() not in known]


class CitationFilterSet(StrictFilterSet):
    source = IdentifierFilter(paths=["source"], help_text=f"Quotes from these sources. {IDENTIFIER_HELP}")
    record_type = ChoiceInFilter(
        method="of_types",
        choices=[(name, name) for name in evidence_types()],  # the registry is complete: urls import this
        help_text="Quotes supporting rows of these types, separated by commas.",
    )
    record = RecordIdentifierFilter(
        help_text="Quotes supporting these records or their parts (an event's participants), by id (UUID), "
        "separated by commas."
    )
    updated_since = BoundedIsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label="Only citations changed at or after this time (ISO 8601)."
    )

    def of_types(self, queryset, name, values):
        models = evidence_types()
        return queryset.filter(content_type__in=[ContentType.objects.get_for_model(models[value]) for value in values])


def cited_row(context, citation):
    """The row a citation supports and the public record that shows it, as the view read them."""
    return context["rows"][(citation.content_type_id, citation.object_id)]


class ShownOnField(SummaryField):
    """The public record that shows a cited row (a participant's event), as {id, name, url}."""

    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=False, **kwargs)

    def get_attribute(self, citation):
        return cited_row(self.context, citation)[1]


class PublicCitationSerializer(serializers.ModelSerializer):
    """A quote, verbatim from a published source, and the fact it supports."""

    url = serializers.SerializerMethodField(help_text="This citation in the API.")
    # DRF's metaclass takes declared fields off the class; the stubs see this as Field.source (a str).
    source = SummaryField()  # type: ignore[assignment]
    record_type = serializers.CharField(
        source="content_type.model", help_text="What the quote supports: event, participation, position, ..."
    )
    cited_id = serializers.SerializerMethodField(
        help_text="The id of the row the quote supports: the record itself, or the participant, post held, "
        "party or relation as its record's detail lists it."
    )
    record = ShownOnField(help_text="The public record that shows the supported fact.")

    class Meta:
        model = Citation
        fields = ["id", "url", "source", "quote", "field", "record_type", "cited_id", "record"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, citation):
        return self.context["request"].build_absolute_uri(f"{self.context['collection_path']}{citation.pk}/")

    @extend_schema_field(OpenApiTypes.UUID)
    def get_cited_id(self, citation):
        return cited_row(self.context, citation)[0].uuid


@documented("citations", "citation", by="id", id_type=int)
class CitationViewSet(RecordViewSet):
    """The evidence: every quote from a published source that supports a public record or one of its
    parts, oldest first."""

    serializer_class = PublicCitationSerializer
    filterset_class = CitationFilterSet
    ordering_fields = ["id"]
    ordering = ["id"]
    lookup_value_regex = "[0-9]+"

    def records(self):
        return Citation.objects.select_related("source", "content_type")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI document is drawn without a database
            return Citation.objects.none()
        return self.records().public()

    def get_object(self):
        citation = self.get_queryset().filter(pk=int(self.kwargs[self.lookup_url_kwarg])).first()
        if citation is None:
            raise Http404(_("No published citation has this id."))
        return citation

    def get_serializer(self, *args, **kwargs):
        citations = args[0] if args else []
        citations = citations if isinstance(citations, list | tuple) else [citations]
        context = {
            **kwargs.pop("context", self.get_serializer_context()),
            "rows": cited_rows(citations),
            "collection_path": reverse("api:citation-list"),
        }
        return super().get_serializer(*args, context=context, **kwargs)
