import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import translation

from cooperation.core.dates import DatePrecision, PartialDate
from cooperation.core.records import PublicationStatus
from cooperation.models import Organisation
from people.models import Person, Position, Post
from tests.factories import OrganisationFactory, PersonFactory, PositionFactory, PostFactory

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def test_published_returns_published_people_and_not_drafts():
    PersonFactory(name="Salim M. AlMalik")
    PersonFactory(name="Unconfirmed identity", publication_status=DRAFT)

    assert list(Person.objects.published().values_list("name", flat=True)) == ["Salim M. AlMalik"]


def test_published_positions_follow_their_person():
    shown = PositionFactory(person__name="Adil Karimli")
    PositionFactory(person__name="Unconfirmed identity", person__publication_status=DRAFT)

    assert list(Position.objects.published()) == [shown]


def test_published_positions_follow_the_organisation_of_their_post():
    shown = PositionFactory()
    PositionFactory(post__organisation__publication_status=DRAFT)

    assert list(Position.objects.published()) == [shown]


def test_published_posts_follow_their_organisation():
    shown = PostFactory(title="Minister of Culture")
    PostFactory(title="Director of International Cooperation", organisation__publication_status=DRAFT)

    assert list(Post.objects.published()) == [shown]


def test_deleting_an_organisation_that_has_posts_is_refused_and_it_survives():
    post = PostFactory(title="Minister of Culture")
    ministry = post.organisation

    with pytest.raises(ProtectedError):
        ministry.delete()

    assert Organisation.objects.filter(pk=ministry.pk).exists()
    assert Post.objects.filter(pk=post.pk).exists()


def test_deleting_a_person_who_has_positions_is_refused_and_the_person_survives():
    position = PositionFactory()
    person = position.person

    with pytest.raises(ProtectedError):
        person.delete()

    assert Person.objects.filter(pk=person.pk).exists()
    assert Position.objects.filter(pk=position.pk).exists()


def test_deleting_a_post_that_has_positions_is_refused_and_the_post_survives():
    position = PositionFactory()

    with pytest.raises(ProtectedError):
        position.post.delete()

    assert Post.objects.filter(pk=position.post_id).exists()


def test_attested_span_reads_as_partial_dates():
    position = PositionFactory(attested_from=dt.date(2021, 1, 14), attested_to=dt.date(2025, 7, 18))

    first, last = position.first_attested, position.last_attested

    assert (first, last) == (PartialDate(dt.date(2021, 1, 14)), PartialDate(dt.date(2025, 7, 18)))
    with translation.override("en"):
        assert f"attested {first}" == "attested 14 January 2021"


def test_position_attested_before_its_term_began_fails_validation_on_attested_from():
    position = PositionFactory.build(
        person=PersonFactory(),
        post=PostFactory(),
        start_date=dt.date(2021, 1, 14),
        start_date_precision=DatePrecision.DAY,
        attested_from=dt.date(2020, 12, 1),
    )

    with pytest.raises(ValidationError) as error:
        position.full_clean()

    assert error.value.message_dict == {"attested_from": ["A post cannot be attested before the term began."]}


def test_full_clean_explains_a_duplicate_position():
    first = PositionFactory()
    duplicate = Position(person=first.person, post=first.post)

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.messages == ["This person already holds this post from this date."]


def test_post_str_names_the_title_and_the_organisation():
    post = PostFactory(title="Minister of Culture", organisation=OrganisationFactory(name="Ministry of Culture"))

    assert str(post) == "Minister of Culture, Ministry of Culture"


def test_position_first_attested_in_the_year_its_term_began_passes_validation():
    position = PositionFactory.build(
        person=PersonFactory(),
        post=PostFactory(),
        start=PartialDate(dt.date(2021, 1, 14)),
        first_attested=PartialDate.parse("2021"),
    )

    position.full_clean()
    position.save()

    position.refresh_from_db()
    assert (position.start, position.first_attested) == (PartialDate(dt.date(2021, 1, 14)), PartialDate.parse("2021"))


def test_position_last_attested_in_the_year_its_term_ended_passes_validation():
    position = PositionFactory.build(
        person=PersonFactory(),
        post=PostFactory(),
        end=PartialDate(dt.date(2021, 6, 30)),
        last_attested=PartialDate.parse("2021"),
    )

    position.full_clean()
    position.save()

    position.refresh_from_db()
    assert (position.end, position.last_attested) == (PartialDate(dt.date(2021, 6, 30)), PartialDate.parse("2021"))


def test_position_last_attested_in_a_year_after_its_term_ended_fails_validation_on_attested_to():
    position = PositionFactory.build(
        person=PersonFactory(),
        post=PostFactory(),
        end=PartialDate(dt.date(2021, 6, 30)),
        last_attested=PartialDate.parse("2022"),
    )

    with pytest.raises(ValidationError) as error:
        position.full_clean()

    assert error.value.message_dict == {"attested_to": ["A post cannot be attested after the term ended."]}
    assert not Position.objects.exists()
