from rest_framework import serializers

from cooperation.core.api.fields import (
    EvidenceSerializerMixin,
    RecordSerializer,
    SpanSerializerMixin,
    SummaryField,
    with_citations,
)
from cooperation.core.visibility import public
from events.models import Event, Participation
from people.models import Position


class PositionAtTheTimeSerializer(serializers.ModelSerializer):
    """The post the participant held on the day: "Minister of Culture" of the ministry."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    title = serializers.CharField(source="post.title", read_only=True)
    organisation = SummaryField(source="post.organisation")

    class Meta:
        model = Position
        fields = ["id", "title", "organisation"]


class ParticipantSerializer(serializers.ModelSerializer):
    """Who took part and how: a person, an organisation, or a group named only as written."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    name = serializers.CharField(source="participant_name", read_only=True, help_text="As the records display it.")
    name_as_written = serializers.CharField(source="name", read_only=True)
    person = SummaryField()
    organisation = SummaryField()
    on_behalf_of = SummaryField()
    position = PositionAtTheTimeSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Participation
        fields = ["id", "role", "name", "name_as_written", "person", "organisation", "on_behalf_of", "position"]

    def to_representation(self, participation):
        data = super().to_representation(participation)
        position = participation.position
        if position is not None and public(position.post.organisation) is None:
            data["position"] = None  # a post of a draft organisation is not shown, not even its title
        return data


class EventSerializer(SpanSerializerMixin, RecordSerializer):
    """An event: when, where, and who took part in what role and post."""

    place = SummaryField()
    parent = SummaryField(help_text="The event this one is part of.")
    initiatives = SummaryField(many=True)
    participants = ParticipantSerializer(source="published_participations", many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            *RecordSerializer.RECORD_FIELDS,
            "title",
            "kind",
            "status",
            *SpanSerializerMixin.SPAN_FIELDS,
            "place",
            "location_text",
            "parent",
            "initiatives",
            "participants",
        ]


class EventDetailSerializer(EvidenceSerializerMixin, EventSerializer):
    participants = with_citations(ParticipantSerializer)(source="published_participations", many=True, read_only=True)
    children = SummaryField(many=True, help_text="The parts of this event (meetings during a visit, ...).")

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "description", "children", *EvidenceSerializerMixin.EVIDENCE_FIELDS]
