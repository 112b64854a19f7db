"""Admin forms with inlines: a bad inline row is redisplayed with its error, never a server error,
and nothing of the submission is saved, neither the row nor the record's own fields.

Each test GETs the real add or change page, turns what it renders into the POST a browser would send
(main form, every inline's management form and existing rows), adds rows, and posts it.
"""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cooperation.core.citations import Citation
from cooperation.core.records import PublicationStatus
from cooperation.models import (
    Initiative,
    InitiativeParty,
    Organisation,
    OrganisationRelation,
    PartyRole,
    RelationKind,
    Source,
)
from events.models import Event, Participation, ParticipationRole
from people.models import Person, Position
from tests.admin_support import add_inline_rows, body, change_form_post, change_url, inline_prefix
from tests.factories import (
    CitationFactory,
    EventFactory,
    InitiativeFactory,
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


def test_two_identical_new_participations_are_refused_and_nothing_is_saved(admin_client):
    event, person = EventFactory(title="Meeting in Baku"), PersonFactory()
    page = admin_client.get(change_url(event))
    data = change_form_post(page) | {"title": "Renamed meeting"}
    row = {"order": 0, "person": person.pk, "role": ParticipationRole.SPEAKER}
    add_inline_rows(data, inline_prefix(page, Participation), row, row)

    response = admin_client.post(change_url(event), data)

    assert response.status_code == 200
    assert "This participant already has this role in the event." in body(response)
    assert not Participation.objects.exists()
    assert Event.objects.get(pk=event.pk).title == "Meeting in Baku"


def test_new_participation_duplicating_an_existing_one_is_refused(admin_client):
    existing = ParticipationFactory(role=ParticipationRole.SPEAKER)
    page = admin_client.get(change_url(existing.event))
    data = add_inline_rows(
        change_form_post(page),
        inline_prefix(page, Participation),
        {"order": 1, "person": existing.person_id, "role": ParticipationRole.SPEAKER},
    )

    response = admin_client.post(change_url(existing.event), data)

    assert response.status_code == 200
    assert "This participant already has this role in the event." in body(response)
    assert list(Participation.objects.all()) == [existing]


def test_two_identical_new_name_only_participations_are_refused(admin_client):
    event = EventFactory()
    page = admin_client.get(change_url(event))
    row = {"order": 0, "name": "ambassadors of Uzbekistan", "role": ParticipationRole.ATTENDEE}
    data = add_inline_rows(change_form_post(page), inline_prefix(page, Participation), row, row)

    response = admin_client.post(change_url(event), data)

    assert response.status_code == 200
    assert "This participant already has this role in the event." in body(response)
    assert not Participation.objects.exists()


def test_two_different_name_only_participations_in_the_same_role_are_saved(admin_client):
    event = EventFactory(publication_status=PublicationStatus.DRAFT)  # published, each would need its citation
    page = admin_client.get(change_url(event))
    data = add_inline_rows(
        change_form_post(page),
        inline_prefix(page, Participation),
        {"order": 0, "name": "ambassadors of Uzbekistan", "role": ParticipationRole.ATTENDEE},
        {"order": 1, "name": "heads of diplomatic missions", "role": ParticipationRole.ATTENDEE},
    )

    response = admin_client.post(change_url(event), data)

    assert response.status_code == 302
    assert sorted(event.participations.values_list("name", "role")) == [
        ("ambassadors of Uzbekistan", "attendee"),
        ("heads of diplomatic missions", "attendee"),
    ]


def test_participation_naming_nobody_is_refused_with_an_explanation(admin_client):
    event = EventFactory()
    page = admin_client.get(change_url(event))
    data = add_inline_rows(
        change_form_post(page), inline_prefix(page, Participation), {"order": 0, "role": ParticipationRole.ATTENDEE}
    )

    response = admin_client.post(change_url(event), data)

    assert response.status_code == 200
    assert "Name a person, an organisation, or at least the participant as written." in body(response)
    assert not Participation.objects.exists()


def test_new_event_with_two_identical_participations_is_refused_and_not_created(admin_client):
    person = PersonFactory()
    page = admin_client.get(reverse("admin:events_event_add"))
    data = change_form_post(page) | {"title": "Forum in Baku", "slug": "forum-in-baku", "kind": "forum"}
    row = {"order": 0, "person": person.pk, "role": ParticipationRole.SPEAKER}
    add_inline_rows(data, inline_prefix(page, Participation), row, row)

    response = admin_client.post(reverse("admin:events_event_add"), data)

    assert response.status_code == 200
    assert "This participant already has this role in the event." in body(response)
    assert not Event.objects.exists()
    assert not Participation.objects.exists()


def test_new_event_with_a_participation_and_a_citation_is_created_with_both(admin_client):
    person, source = PersonFactory(), SourceFactory()
    page = admin_client.get(reverse("admin:events_event_add"))
    data = change_form_post(page) | {"title": "Forum in Baku", "slug": "forum-in-baku", "kind": "forum"}
    add_inline_rows(
        data, inline_prefix(page, Participation), {"order": 0, "person": person.pk, "role": ParticipationRole.SPEAKER}
    )
    add_inline_rows(
        data,
        inline_prefix(page, Citation),
        {"source": source.pk, "field": "title", "quote": "The Minister of Culture received the delegation."},
    )

    response = admin_client.post(reverse("admin:events_event_add"), data)

    assert response.status_code == 302
    event = Event.objects.get(slug="forum-in-baku")
    assert list(event.participations.values_list("person", "role")) == [(person.pk, "speaker")]
    assert list(event.citations.values_list("source", "field")) == [(source.pk, "title")]


def test_two_identical_new_citations_are_refused_and_nothing_is_saved(admin_client):
    event, source = EventFactory(), SourceFactory()
    page = admin_client.get(change_url(event))
    row = {"source": source.pk, "field": "", "quote": "The Minister of Culture received the delegation."}
    data = add_inline_rows(change_form_post(page), inline_prefix(page, Citation), row, row)

    response = admin_client.post(change_url(event), data)

    assert response.status_code == 200
    assert "This record already cites this passage of this source." in body(response)
    assert not Citation.objects.exists()


def test_citation_whose_quote_is_not_in_the_source_is_refused(admin_client):
    event, source = EventFactory(), SourceFactory()
    page = admin_client.get(change_url(event))
    data = add_inline_rows(
        change_form_post(page),
        inline_prefix(page, Citation),
        {"source": source.pk, "field": "", "quote": "The Minister of Education received the delegation."},
    )

    response = admin_client.post(change_url(event), data)

    assert response.status_code == 200
    assert "This passage is not in the source's text word for word." in body(response)
    assert not Citation.objects.exists()


def test_citation_of_a_field_the_event_does_not_have_is_refused(admin_client):
    event, source = EventFactory(), SourceFactory()
    page = admin_client.get(change_url(event))
    data = add_inline_rows(
        change_form_post(page),
        inline_prefix(page, Citation),
        {"source": source.pk, "field": "bogus", "quote": "The Minister of Culture received the delegation."},
    )

    response = admin_client.post(change_url(event), data)

    assert response.status_code == 200
    assert "Select a valid choice. bogus is not one of the available choices." in body(response)
    assert not Citation.objects.exists()


def test_event_change_page_lists_sub_events_read_only_with_a_link_to_each(admin_client):
    visit = EventFactory(title="Visit of the Director-General to Azerbaijan")
    meeting = EventFactory(title="Meeting at the Ministry of Culture", parent=visit)

    response = admin_client.get(change_url(visit))

    (sub_events,) = [inline for inline in response.context["inline_admin_formsets"] if inline.formset.model is Event]
    assert sub_events.formset.max_num == 0
    assert sub_events.formset.extra_forms == []
    assert [form.instance for form in sub_events.formset.initial_forms] == [meeting]
    assert "Meeting at the Ministry of Culture" in body(response)
    assert f'href="{change_url(meeting)}"' in body(response)


def test_saving_an_event_leaves_its_sub_events_as_they_were(admin_client):
    visit = EventFactory(title="Visit of the Director-General to Azerbaijan")
    meeting = EventFactory(title="Meeting at the Ministry of Culture", parent=visit)
    page = admin_client.get(change_url(visit))

    response = admin_client.post(change_url(visit), change_form_post(page) | {"title": "State visit"})

    assert response.status_code == 302
    assert Event.objects.get(pk=visit.pk).title == "State visit"
    assert Event.objects.get(pk=meeting.pk).parent_id == visit.pk


@pytest.mark.parametrize("written", ["14 January 2021", "2021-02-30", "2021-1", "21", "2021/01"])
def test_a_position_date_not_written_as_a_year_month_or_day_is_refused_saying_the_forms(admin_client, written):
    person, post = PersonFactory(name="Anar Karimov"), PostFactory()
    page = admin_client.get(change_url(person))
    data = add_inline_rows(
        change_form_post(page) | {"name": "Anar Karimov (renamed)"},
        inline_prefix(page, Position),
        {"post": post.pk, "attested_from": written},
    )

    response = admin_client.post(change_url(person), data)

    assert response.status_code == 200
    assert "Enter a year (2027), a month (2027-06) or a day (2027-06-14)." in body(response)
    assert not Position.objects.exists()
    assert Person.objects.get(pk=person.pk).name == "Anar Karimov"


def test_duplicate_undated_tenure_of_the_same_post_is_refused(admin_client):
    existing = PositionFactory()
    page = admin_client.get(change_url(existing.person))
    data = add_inline_rows(change_form_post(page), inline_prefix(page, Position), {"post": existing.post_id})

    response = admin_client.post(change_url(existing.person), data)

    assert response.status_code == 200
    assert "This person already holds this post from this date." in body(response)
    assert list(Position.objects.all()) == [existing]


def test_two_identical_new_undated_tenures_are_refused(admin_client):
    person, post = PersonFactory(), PostFactory()
    page = admin_client.get(change_url(person))
    data = add_inline_rows(change_form_post(page), inline_prefix(page, Position), {"post": post.pk}, {"post": post.pk})

    response = admin_client.post(change_url(person), data)

    assert response.status_code == 200
    assert "This person already holds this post from this date." in body(response)
    assert not Position.objects.exists()


def test_organisation_related_to_itself_is_refused(admin_client):
    icesco = OrganisationFactory(name="ICESCO")
    page = admin_client.get(change_url(icesco))
    data = add_inline_rows(
        change_form_post(page) | {"name": "ICESCO (renamed)"},
        inline_prefix(page, OrganisationRelation),
        {"kind": RelationKind.PARTNER_OF, "object": icesco.pk},
    )

    response = admin_client.post(change_url(icesco), data)

    assert response.status_code == 200
    assert "An organisation cannot be related to itself." in body(response)
    assert not OrganisationRelation.objects.exists()
    assert Organisation.objects.get(pk=icesco.pk).name == "ICESCO"


def test_new_relation_duplicating_an_existing_one_is_refused(admin_client):
    existing = OrganisationRelationFactory(kind=RelationKind.MEMBER_OF)
    page = admin_client.get(change_url(existing.subject))
    data = add_inline_rows(
        change_form_post(page),
        inline_prefix(page, OrganisationRelation),
        {"kind": RelationKind.MEMBER_OF, "object": existing.object_id},
    )

    response = admin_client.post(change_url(existing.subject), data)

    assert response.status_code == 200
    assert "Please correct the duplicate data for kind and object, which must be unique." in body(response)
    assert list(OrganisationRelation.objects.all()) == [existing]


def test_two_identical_new_relations_are_refused(admin_client):
    azerbaijan, icesco = OrganisationFactory(), OrganisationFactory()
    page = admin_client.get(change_url(azerbaijan))
    row = {"kind": RelationKind.MEMBER_OF, "object": icesco.pk}
    data = add_inline_rows(change_form_post(page), inline_prefix(page, OrganisationRelation), row, row)

    response = admin_client.post(change_url(azerbaijan), data)

    assert response.status_code == 200
    assert "Please correct the duplicate data for kind and object, which must be unique." in body(response)
    assert not OrganisationRelation.objects.exists()


def test_two_identical_new_initiative_parties_are_refused(admin_client):
    initiative, ministry = InitiativeFactory(title="Regional cluster"), OrganisationFactory()
    page = admin_client.get(change_url(initiative))
    row = {"organisation": ministry.pk, "role": PartyRole.PARTNER}
    data = change_form_post(page) | {"title": "Regional cluster (renamed)"}
    add_inline_rows(data, inline_prefix(page, InitiativeParty), row, row)

    response = admin_client.post(change_url(initiative), data)

    assert response.status_code == 200
    assert "This party already has this role in the initiative." in body(response)
    assert not InitiativeParty.objects.exists()
    assert Initiative.objects.get(pk=initiative.pk).title == "Regional cluster"


def test_citation_of_a_record_that_does_not_exist_is_refused(admin_client):
    source = SourceFactory()

    response = admin_client.post(
        reverse("admin:cooperation_citation_add"),
        {
            "source": source.pk,
            "content_type": ContentType.objects.get_for_model(Event).pk,
            "object_id": 987654,
            "field": "",
            "quote": "The Minister of Culture received the delegation.",
            "note": "",
        },
    )

    assert response.status_code == 200
    assert "There is no event with id 987654." in body(response)
    assert not Citation.objects.exists()


def test_citation_attached_to_a_source_is_refused(admin_client):
    source = SourceFactory()

    response = admin_client.post(
        reverse("admin:cooperation_citation_add"),
        {
            "source": source.pk,
            "content_type": ContentType.objects.get_for_model(Source).pk,
            "object_id": source.pk,
            "field": "",
            "quote": "The Minister of Culture received the delegation.",
            "note": "",
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice. That choice is not one of the available choices." in body(response)
    assert not Citation.objects.exists()


def test_source_edit_that_would_break_a_citation_is_refused_and_the_text_kept(admin_client):
    citation = CitationFactory(record=EventFactory())
    source = citation.source
    page = admin_client.get(change_url(source))
    data = change_form_post(page) | {"text": "An unrelated article about the weather in Baku."}

    response = admin_client.post(change_url(source), data)

    assert response.status_code == 200
    assert "This change would break 1 citation(s) whose quote is no longer in the text" in body(response)
    assert Source.objects.get(pk=source.pk).text == source.text


def test_source_edit_that_keeps_every_quote_is_saved(admin_client):
    citation = CitationFactory(record=EventFactory())
    source = citation.source
    page = admin_client.get(change_url(source))
    edited = source.text + " A joint communiqué was signed."

    response = admin_client.post(change_url(source), change_form_post(page) | {"text": edited})

    assert response.status_code == 302
    assert Source.objects.get(pk=source.pk).text == edited


def test_source_text_posted_with_crlf_line_breaks_is_stored_with_lf(admin_client):
    source = SourceFactory(text="First line.\nSecond line.")
    CitationFactory(record=EventFactory(), source=source, quote="First line.\nSecond")
    page = admin_client.get(change_url(source))

    response = admin_client.post(
        change_url(source), change_form_post(page) | {"text": "First line.\r\nSecond line.\r\nThird line."}
    )

    assert response.status_code == 302
    assert Source.objects.get(pk=source.pk).text == "First line.\nSecond line.\nThird line."


def test_citation_quote_posted_with_crlf_line_breaks_matches_the_source_and_is_stored_with_lf(admin_client):
    event = EventFactory()
    source = SourceFactory(text="BAKU, 14 January 2021.\nThe Minister of Culture received ICESCO.")
    page = admin_client.get(change_url(event))
    data = add_inline_rows(
        change_form_post(page),
        inline_prefix(page, Citation),
        {"source": source.pk, "field": "", "quote": "14 January 2021.\r\nThe Minister of Culture"},
    )

    response = admin_client.post(change_url(event), data)

    assert response.status_code == 302
    assert list(event.citations.values_list("quote", flat=True)) == ["14 January 2021.\nThe Minister of Culture"]


@pytest.mark.parametrize("factory", [OrganisationFactory, PlaceFactory, InitiativeFactory, EventFactory])
def test_admin_refuses_to_put_a_record_inside_its_own_part(admin_client, factory):
    outer = factory()
    inner = factory(parent=outer)
    page = admin_client.get(change_url(outer))

    response = admin_client.post(change_url(outer), change_form_post(page) | {"parent": inner.pk})

    assert response.status_code == 200
    assert "A record cannot be part of itself, directly or indirectly." in body(response)
    assert type(outer).objects.get(pk=outer.pk).parent_id is None


def test_bulk_delete_of_an_organisation_that_has_posts_explains_and_keeps_it(admin_client):
    ministry = OrganisationFactory(name="Ministry of Culture")
    PostFactory(organisation=ministry, title="Minister of Culture")

    response = admin_client.post(
        reverse("admin:cooperation_organisation_changelist"),
        {"action": "delete_selected", "_selected_action": [ministry.pk], "post": "yes"},
    )

    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in body(response)
    assert "Minister of Culture" in body(response)
    assert list(Organisation.objects.filter(pk=ministry.pk).values_list("name", flat=True)) == ["Ministry of Culture"]
    assert list(ministry.posts.values_list("title", flat=True)) == ["Minister of Culture"]


def test_year_precision_tenure_is_saved_through_the_person_inline(admin_client):
    person, post = PersonFactory(publication_status=PublicationStatus.DRAFT), PostFactory()
    page = admin_client.get(change_url(person))
    data = add_inline_rows(
        change_form_post(page),
        inline_prefix(page, Position),
        {"post": post.pk, "attested_from": "2021", "attested_to": "2023-06"},
    )

    response = admin_client.post(change_url(person), data)

    assert response.status_code == 302
    position = Position.objects.get()
    assert (position.attested_from, position.attested_from_precision) == (dt.date(2021, 1, 1), "year")
    assert (position.attested_to, position.attested_to_precision) == (dt.date(2023, 6, 30), "month")
    page = admin_client.get(change_url(person))
    assert page.context["inline_admin_formsets"][0].formset.forms[0]["attested_to"].value() == "2023-06"


def test_a_citations_field_is_chosen_among_the_records_fields_by_their_labels(admin_client):
    event = EventFactory()
    CitationFactory(record=event, field="location_text")
    odd = CitationFactory(record=event)
    Citation.objects.filter(pk=odd.pk).update(field="slug")  # an older citation of a field no longer offered

    page = admin_client.get(change_url(event))

    forms = {form.instance.pk: form for form in page.context["inline_admin_formsets"][-1].formset.forms}
    choices = dict(forms[odd.pk].fields["field"].choices)
    assert choices[""] == "the record as a whole"
    assert choices["start_date"] == "Start"
    assert choices["location_text"] == "Location as written"
    assert not {"version", "uuid", "note"} & set(choices)
    assert choices["slug"] == "slug"  # kept as it was cited, so that the record saves as it stands
    response = admin_client.post(change_url(event), change_form_post(page))
    assert response.status_code == 302
