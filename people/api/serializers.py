from drf_spectacular.types import OpenApiTypes
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
    with_citations,
)
from cooperation.core.registry import SECTION_LIMIT, registry
from people.models import Person, Position


class PostSerializer(serializers.Serializer):
    title = serializers.CharField()
    organisation = SummaryField()


class PositionSerializer(SpanSerializerMixin, serializers.ModelSerializer):
    """A post the person held: the term where the sources give it, and the dates they attest it."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    post = PostSerializer(read_only=True)
    attested_from = PartialDateField(source="first_attested", allow_null=True)
    attested_from_precision = PrecisionField()
    attested_to = PartialDateField(source="last_attested", allow_null=True)
    attested_to_precision = PrecisionField()

    class Meta:
        model = Position
        fields = [
            "id",
            "post",
            *SpanSerializerMixin.SPAN_FIELDS,
            "attested_from",
            "attested_from_precision",
            "attested_to",
            "attested_to_precision",
        ]


class PersonSerializer(RecordSerializer):
    positions = PositionSerializer(many=True, read_only=True, help_text="Posts held over time, earliest first.")
    possibly_same_as = SummaryField(many=True, help_text="People the sources name alike who may be this person.")

    class Meta:
        model = Person
        fields = [
            *RecordSerializer.RECORD_FIELDS,
            "name",
            "honorific",
            "given_name",
            "family_name",
            "summary",
            "positions",
            "possibly_same_as",
        ]


class PersonDetailSerializer(EvidenceSerializerMixin, PersonSerializer):
    positions = with_citations(PositionSerializer)(
        many=True, read_only=True, help_text="Posts held over time, earliest first."
    )
    events = serializers.SerializerMethodField(
        help_text=f"The newest events the person took part in (up to {SECTION_LIMIT}), newest first; "
        "`events_url` lists them all."
    )
    events_url = serializers.SerializerMethodField(help_text="The API's list of every event the person took part in.")

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "events", "events_url", *EvidenceSerializerMixin.EVIDENCE_FIELDS]

    @extend_schema_field(SummarySerializer(many=True))
    def get_events(self, person):
        field = SummaryField()
        field.bind("events", self)
        section = registry.section(person, "participations")  # from events/, a higher floor
        participations = section.preview(person) if section else ()
        events = {participation.event.pk: participation.event for participation in participations}
        return [field.to_representation(event) for event in events.values()]

    @extend_schema_field(OpenApiTypes.URI)
    def get_events_url(self, person) -> str | None:
        section = registry.section(person, "participations")
        if not section or not section.api_more:
            return None
        return self.context["request"].build_absolute_uri(section.api_more(person))
