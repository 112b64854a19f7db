"""factory_boy factories for every model, keeping related rows consistent.

Records that have a publication status are created *published* by default (the model's default is
draft): most tests are about published records, and a test about drafts says so by passing
`publication_status=PublicationStatus.DRAFT`. Slugs and source references are unique through
sequences. Dates are absent unless a factory says otherwise; a date always comes with its precision.

Citations and alternate names attach to any record through `record=`:
`CitationFactory(record=event)`, `AlternateNameFactory(record=organisation, name="ICESCO")`.
A citation's default quote is the first sentence of its source's text, so it is verbatim.
"""

import datetime as dt

import factory
from django.contrib.contenttypes.models import ContentType

from cooperation.core.citations import AlternateName, AlternateNameKind, Citation
from cooperation.core.dates import DatePrecision
from cooperation.core.records import PublicationStatus
from cooperation.models import (
    Initiative,
    InitiativeKind,
    InitiativeParty,
    InitiativeStatus,
    Organisation,
    OrganisationKind,
    OrganisationRelation,
    PartyRole,
    Place,
    PlaceKind,
    RelationKind,
    Source,
    SourceKind,
)
from events.models import Event, EventKind, EventStatus, Participation, ParticipationRole
from people.models import Person, Position, Post


class PublicRecordFactory(factory.django.DjangoModelFactory):
    """Shared by records with a page: published by default."""

    publication_status = PublicationStatus.PUBLISHED

    class Meta:
        abstract = True


class PlaceFactory(PublicRecordFactory):
    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"place-{n}")
    kind = PlaceKind.CITY

    class Meta:
        model = Place


class OrganisationFactory(PublicRecordFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.INTERGOVERNMENTAL

    class Meta:
        model = Organisation


class OrganisationRelationFactory(factory.django.DjangoModelFactory):
    subject = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.STATE)
    kind = RelationKind.MEMBER_OF
    object = factory.SubFactory(OrganisationFactory)

    class Meta:
        model = OrganisationRelation


class InitiativeFactory(PublicRecordFactory):
    title = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    kind = InitiativeKind.PROGRAMME
    status = InitiativeStatus.ACTIVE

    class Meta:
        model = Initiative


class InitiativePartyFactory(factory.django.DjangoModelFactory):
    """An organisation as the party; pass `organisation=None, person=...` for a person."""

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    person = None
    role = PartyRole.PARTNER

    class Meta:
        model = InitiativeParty


class PersonFactory(PublicRecordFactory):
    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")

    class Meta:
        model = Person


class SourceFactory(PublicRecordFactory):
    """A dated news article whose first sentence is what citations quote by default."""

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")
    reference = factory.Sequence(lambda n: f"article-{n}.txt")
    kind = SourceKind.NEWS_ARTICLE
    published_date = dt.date(2021, 1, 14)
    published_date_precision = DatePrecision.DAY
    language = "en"
    text = factory.Sequence(
        lambda n: (
            f"Baku hosted meeting number {n} between ICESCO and Azerbaijan. "
            "The Minister of Culture received the delegation. "
            "Both sides discussed cooperation in education, science and culture."
        )
    )

    class Meta:
        model = Source


class GenericRecordFactory(factory.django.DjangoModelFactory):
    """Rows attached to any record through `record=`; an organisation when none is given."""

    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.record))
    object_id = factory.SelfAttribute("record.pk")

    class Meta:
        abstract = True

    class Params:
        record = factory.SubFactory(OrganisationFactory)


class CitationFactory(GenericRecordFactory):
    source = factory.SubFactory(SourceFactory)
    field = ""
    quote = factory.LazyAttribute(lambda o: o.source.text.partition(". ")[0])

    class Meta:
        model = Citation


class AlternateNameFactory(GenericRecordFactory):
    name = factory.Sequence(lambda n: f"Other name {n}")
    language = "en"
    kind = AlternateNameKind.SPELLING_VARIANT

    class Meta:
        model = AlternateName


class PostFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.MINISTRY)
    title = factory.Sequence(lambda n: f"Post {n}")

    class Meta:
        model = Post


def day_precision_if(date_field):
    """Day precision when the test gives the date, none otherwise."""
    return factory.LazyAttribute(lambda o: DatePrecision.DAY if getattr(o, date_field) else "")


class PositionFactory(factory.django.DjangoModelFactory):
    """A tenure with no dates; give start/end or attested dates as the test needs (day precision
    unless the test says otherwise)."""

    person = factory.SubFactory(PersonFactory)
    post = factory.SubFactory(PostFactory)
    start_date = None
    start_date_precision = day_precision_if("start_date")
    end_date = None
    end_date_precision = day_precision_if("end_date")
    attested_from = None
    attested_from_precision = day_precision_if("attested_from")
    attested_to = None
    attested_to_precision = day_precision_if("attested_to")

    class Meta:
        model = Position


class EventFactory(PublicRecordFactory):
    """A meeting held on 14 January 2021 (day precision)."""

    title = factory.Sequence(lambda n: f"Meeting {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = EventKind.MEETING
    status = EventStatus.HELD
    start_date = dt.date(2021, 1, 14)
    start_date_precision = DatePrecision.DAY

    class Meta:
        model = Event


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A person attending an event; pass `person=None, name=...` for a group named only as written."""

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = ParticipationRole.ATTENDEE

    class Meta:
        model = Participation
