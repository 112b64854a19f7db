"""factory_boy factories for every model, keeping related rows consistent.

Records that have a publication status are created *published* by default (the model's default is
draft): most tests are about published records, and a test about drafts says so by passing
`publication_status=PublicationStatus.DRAFT`. Slugs and source references are unique through
sequences. Dates are absent unless a factory says otherwise; a date always comes with its precision.

Citations and alternate names attach to any record through `record=`:
`CitationFactory(record=event)`, `AlternateNameFactory(record=organisation, name="ICESCO")`.
A citation's default quote is the first sentence of its source's text, so it is verbatim.

Accounts: `UserFactory()` is a signed-up visitor, `StaffFactory(groups=[EDITORS])` a staff member in a
role; every account has the password PASSWORD.
"""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from cooperation.core.citations import AlternateName, AlternateNameKind, Citation
from cooperation.core.dates import DatePrecision
from cooperation.core.parts import part_changed
from cooperation.core.records import PublicationStatus
from cooperation.core.roles import sync_roles
from cooperation.core.tokens import PartnerToken
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

PASSWORD = "not-a-real-password"


class UserFactory(factory.django.DjangoModelFactory):
    """An account without staff rights; `groups=[EDITORS, ...]` puts it in those roles."""

    username = factory.Sequence(lambda n: f"user-{n}")
    password = factory.django.Password(PASSWORD)
    is_staff = False

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        if Group.objects.filter(name__in=extracted).count() < len(extracted):
            sync_roles()  # the roles' groups, as a deploy leaves them (a flushed database has none)
        self.groups.add(*Group.objects.filter(name__in=extracted))


class StaffFactory(UserFactory):
    """A staff account, in no role unless `groups=[...]` says so."""

    username = factory.Sequence(lambda n: f"staff-{n}")
    is_staff = True


class PartFactory(factory.django.DjangoModelFactory):
    """A part of a record (a participation, a position, a citation...), made as every write path of
    the application makes one: saved, then its record told (cooperation.core.parts)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        part = super()._create(model_class, *args, **kwargs)
        part_changed(part)
        return part


class PartnerTokenFactory(factory.django.DjangoModelFactory):
    """A partner's API token, issued as staff issue it: its key, shown once and never stored, is `token.key`."""

    partner = factory.Sequence(lambda n: f"Partner {n}")
    note = ""
    issued_by = None

    class Meta:
        model = PartnerToken

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token, key = model_class.issue(**kwargs)
        token.key = key
        return token


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


class OrganisationRelationFactory(PartFactory):
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


class InitiativePartyFactory(PartFactory):
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


class GenericRecordFactory(PartFactory):
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


class SpareCitationFactory(CitationFactory):
    """A citation nothing public depends on: of a draft organisation (deleting the only public citation
    of a published record is refused)."""

    class Params:
        record = factory.SubFactory(OrganisationFactory, publication_status=PublicationStatus.DRAFT)


class AlternateNameFactory(GenericRecordFactory):
    name = factory.Sequence(lambda n: f"Other name {n}")
    language = "en"
    kind = AlternateNameKind.SPELLING_VARIANT

    class Meta:
        model = AlternateName


class PostFactory(PartFactory):
    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.MINISTRY)
    title = factory.Sequence(lambda n: f"Post {n}")

    class Meta:
        model = Post


def day_precision_if(date_field):
    """Day precision when the test gives the date, none otherwise."""
    return factory.LazyAttribute(lambda o: DatePrecision.DAY if getattr(o, date_field) else "")


class PositionFactory(PartFactory):
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


class ParticipationFactory(PartFactory):
    """A person attending an event; pass `person=None, name=...` for a group named only as written."""

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = ParticipationRole.ATTENDEE

    class Meta:
        model = Participation


# One row of each record model with nothing depending on it, by the model's label (tests that go over
# every record model, such as the history tests, take their rows from here).
RECORD_FACTORIES = {
    "cooperation.source": SourceFactory,
    "cooperation.place": PlaceFactory,
    "cooperation.organisation": OrganisationFactory,
    "cooperation.initiative": InitiativeFactory,
    "people.person": PersonFactory,
    "events.event": EventFactory,
    "cooperation.citation": SpareCitationFactory,
    "cooperation.alternatename": AlternateNameFactory,
    "cooperation.organisationrelation": OrganisationRelationFactory,
    "cooperation.initiativeparty": InitiativePartyFactory,
    "people.post": PostFactory,
    "people.position": PositionFactory,
    "events.participation": ParticipationFactory,
}
