"""Floor 1's API objects: places, organisations, initiatives, sources."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperation.core.api.fields import (
    EvidenceSerializerMixin,
    PartialDateField,
    PrecisionField,
    RecordSerializer,
    SpanSerializerMixin,
    SummaryField,
    SummarySerializer,
    TranslationsSerializerMixin,
    api_url,
    with_citations,
)
from cooperation.models import Initiative, InitiativeParty, Organisation, OrganisationRelation, Place, Source
from cooperation.selectors import published_quotes


class PlaceSerializer(RecordSerializer):
    parent = SummaryField(help_text="The place this one is in.")

    class Meta:
        model = Place
        fields = [*RecordSerializer.RECORD_FIELDS, "name", "kind", "parent", "country_code", "latitude", "longitude"]


class PlaceDetailSerializer(EvidenceSerializerMixin, PlaceSerializer):
    children = SummaryField(many=True, help_text="Places inside this one.")

    class Meta(PlaceSerializer.Meta):
        fields = [*PlaceSerializer.Meta.fields, "description", "children", *EvidenceSerializerMixin.EVIDENCE_FIELDS]


class OrganisationRelationSerializer(SpanSerializerMixin, serializers.ModelSerializer):
    """A typed, dated link to another organisation: member of, partner of, possibly the same as."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    organisation = SummaryField(source="object")

    class Meta:
        model = OrganisationRelation
        fields = ["id", "kind", "organisation", *SpanSerializerMixin.SPAN_FIELDS]


class OrganisationSerializer(RecordSerializer):
    parent = SummaryField(help_text="The organisation this one is part of.")
    children = SummaryField(many=True, help_text="Organisations that are part of this one.")
    country = SummaryField()
    headquarters = SummaryField()
    founded_date = PartialDateField(source="founded", allow_null=True)
    founded_date_precision = PrecisionField()
    relations = OrganisationRelationSerializer(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            *RecordSerializer.RECORD_FIELDS,
            "name",
            "acronym",
            "kind",
            "parent",
            "children",
            "country",
            "headquarters",
            "website",
            "founded_date",
            "founded_date_precision",
            "relations",
        ]


class OrganisationDetailSerializer(EvidenceSerializerMixin, OrganisationSerializer):
    relations = with_citations(OrganisationRelationSerializer)(many=True, read_only=True)

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "description", *EvidenceSerializerMixin.EVIDENCE_FIELDS]


class PartySerializer(serializers.ModelSerializer):
    """An organisation or a person taking part in the initiative, and in what role."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    organisation = SummaryField()
    person = SummaryField()

    class Meta:
        model = InitiativeParty
        fields = ["id", "role", "organisation", "person"]


class InitiativeSerializer(SpanSerializerMixin, RecordSerializer):
    """An initiative: what it is, where it stands, and who is behind it."""

    lead_organisation = SummaryField()
    parent = SummaryField(help_text="The initiative this one is part of.")
    places = SummaryField(many=True)
    parties = PartySerializer(many=True, read_only=True)

    class Meta:
        model = Initiative
        fields = [
            *RecordSerializer.RECORD_FIELDS,
            "title",
            "kind",
            "status",
            *SpanSerializerMixin.SPAN_FIELDS,
            "lead_organisation",
            "parent",
            "places",
            "parties",
        ]


class InitiativeDetailSerializer(EvidenceSerializerMixin, InitiativeSerializer):
    parties = with_citations(PartySerializer)(many=True, read_only=True)
    children = SummaryField(many=True, help_text="Initiatives that are part of this one.")

    class Meta(InitiativeSerializer.Meta):
        fields = [
            *InitiativeSerializer.Meta.fields,
            "description",
            "children",
            *EvidenceSerializerMixin.EVIDENCE_FIELDS,
        ]


class SourceSerializer(RecordSerializer):
    publisher = SummaryField()
    author = SummaryField()
    published_date = PartialDateField(source="published_on", allow_null=True)
    published_date_precision = PrecisionField()
    document_url = serializers.URLField(
        source="url",
        read_only=True,
        allow_blank=True,  # documented as a URI or "": most sources have no address
        help_text="Where the document was published, where known; empty otherwise.",
    )

    class Meta:
        model = Source
        fields = [
            *RecordSerializer.RECORD_FIELDS,
            "title",
            "kind",
            "publisher",
            "author",
            "author_name",
            "published_date",
            "published_date_precision",
            "published_date_inferred",
            "language",
            "reference",
            "document_url",
        ]


class QuoteSerializer(serializers.Serializer):
    """A passage of the source and the record it supports."""

    quote = serializers.CharField()
    field = serializers.CharField(allow_blank=True)
    record_type = serializers.CharField(help_text="What the quote supports: event, participation, position, ...")
    record = SummarySerializer(help_text="The public record the supported fact is shown on.")


class SourceDetailSerializer(TranslationsSerializerMixin, SourceSerializer):
    quotes = serializers.SerializerMethodField(help_text="Every passage of this source that the records cite.")

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text", "note", "quotes", "translations"]

    @extend_schema_field(QuoteSerializer(many=True))
    def get_quotes(self, source):
        request = self.context.get("request")
        return [
            {
                "quote": citation.quote,
                "field": citation.field,
                "record_type": citation.content_type.model,
                "record": {"id": owner.uuid, "name": str(owner), "url": api_url(owner, request)},
            }
            for citation, owner in published_quotes(source)
        ]
