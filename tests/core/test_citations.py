import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from cooperation.core.citations import Citation
from cooperation.models import Source
from tests.factories import (
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    OrganisationRelationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "BAKU, 14 January 2021. The Minister of Culture of the Republic of Azerbaijan, Anar Karimov,\n"
    "received the Director-General of ICESCO,  Dr. Salim M. AlMalik, in Baku."
)


def test_factory_quote_is_a_verbatim_passage_of_its_source():
    citation = CitationFactory()

    assert citation.quote
    assert citation.quote in citation.source.text


def test_verbatim_quote_passes_validation():
    source = SourceFactory(text=TEXT)
    citation = CitationFactory.build(source=source, record=EventFactory(), quote="The Minister of Culture")

    citation.full_clean()
    citation.save()

    assert Citation.objects.get().quote == "The Minister of Culture"


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param("The Minister of Education", id="different words"),
        pytest.param("the minister of culture", id="different case"),
        pytest.param("Anar Karimov, received the Director-General", id="newline collapsed to a space"),
        pytest.param("ICESCO, Dr. Salim M. AlMalik", id="double space collapsed"),
        pytest.param("“The Minister of Culture”", id="quotation marks added"),
    ],
)
def test_quote_not_found_verbatim_in_the_source_fails_validation_on_the_quote_field(quote):
    source = SourceFactory(text=TEXT)
    citation = CitationFactory.build(source=source, record=EventFactory(), quote=quote)

    with pytest.raises(ValidationError) as error:
        citation.full_clean()

    assert list(error.value.message_dict) == ["quote"]
    assert "word for word" in error.value.message_dict["quote"][0]


def test_quote_spanning_a_line_break_passes_when_copied_exactly():
    source = SourceFactory(text=TEXT)
    citation = CitationFactory.build(
        source=source, record=EventFactory(), quote="Anar Karimov,\nreceived the Director-General of ICESCO,  Dr."
    )

    citation.full_clean()

    assert citation.quote_is_verbatim() is True


@pytest.mark.parametrize("field", ["start_date", "place", "initiatives"])
def test_citation_of_an_existing_field_passes_validation(field):
    citation = CitationFactory.build(source=SourceFactory(), record=EventFactory(), field=field)

    citation.full_clean()

    assert citation.field == field


@pytest.mark.parametrize("field", ["founded_date", "citations", "participations", "children"])
def test_citation_of_a_field_the_record_does_not_have_fails_validation_on_the_field_field(field):
    citation = CitationFactory.build(source=SourceFactory(), record=EventFactory(), field=field)

    with pytest.raises(ValidationError) as error:
        citation.full_clean()

    assert error.value.message_dict == {"field": [f"Event has no field named “{field}”."]}


@pytest.mark.parametrize(
    "factory",
    [
        EventFactory,
        PersonFactory,
        OrganisationFactory,
        InitiativeFactory,
        PlaceFactory,
        PostFactory,
        PositionFactory,
        ParticipationFactory,
        OrganisationRelationFactory,
        InitiativePartyFactory,
    ],
)
def test_citation_attaches_to_any_record_and_is_reachable_through_it(factory):
    record = factory()
    citation = CitationFactory(record=record)

    citation.refresh_from_db()
    assert citation.record == record
    assert list(record.citations.all()) == [citation]
    assert citation.content_type == ContentType.objects.get_for_model(type(record))


def test_position_and_participation_each_list_only_their_own_citations():
    source = SourceFactory(text=TEXT)
    position = PositionFactory()
    participation = ParticipationFactory(person=position.person, position=position)

    tenure = CitationFactory(source=source, record=position, quote="The Minister of Culture")
    presence = CitationFactory(source=source, record=participation, quote="received the Director-General of ICESCO")

    assert list(position.citations.values_list("quote", flat=True)) == [tenure.quote]
    assert list(participation.citations.values_list("quote", flat=True)) == [presence.quote]
    assert list(source.citations.order_by("id")) == [tenure, presence]


def test_citations_of_a_record_of_another_model_with_the_same_id_are_not_mixed():
    event = EventFactory()
    person = PersonFactory(id=event.pk)
    citation = CitationFactory(record=event)

    assert list(event.citations.all()) == [citation]
    assert list(person.citations.all()) == []


def test_deleting_a_source_that_has_citations_is_refused_and_the_source_survives():
    citation = CitationFactory()
    source = citation.source

    with pytest.raises(ProtectedError):
        source.delete()

    assert Source.objects.filter(pk=source.pk).exists()
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_deleting_a_cited_record_deletes_its_citations_but_keeps_the_source():
    event = EventFactory()
    citation = CitationFactory(record=event)

    event.delete()

    assert not Citation.objects.filter(pk=citation.pk).exists()
    assert Source.objects.filter(pk=citation.source_id).exists()
