"""Two people editing one record: the second save, made from a form opened before the first save, is
refused with a message naming who saved and when, and nothing of it is kept (neither the record's
fields nor its inline rows); reopening the record and saving again works.

Each editor has their own test client; each GETs the change page, and the POST is built from what
that page rendered (including the hidden `opened_version`), as a browser would send it.
"""

import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from cooperation.core.citations import Citation
from cooperation.core.records import PublicationStatus
from cooperation.core.roles import REVIEWERS
from cooperation.models import Organisation
from events.models import Event, Participation, ParticipationRole
from people.models import Person
from tests.admin_support import add_inline_rows, body, change_form_post, change_url, inline_prefix
from tests.factories import (
    CitationFactory,
    EventFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

STALE = "saved this record ({when}) after you opened it. Your changes were not saved"


def opened_version(response):
    """The hidden field's value, read from the page's HTML as a browser would submit it."""
    (value,) = re.findall(r'<input type="hidden" name="opened_version" value="(\d+)"', response.content.decode())
    return int(value)


def test_second_of_two_editors_is_told_and_the_first_editors_change_is_kept(staff):
    organisation = OrganisationFactory(name="Ministry of Culture", note="")
    first, second = staff("aysel", group=REVIEWERS), staff("rashad", group=REVIEWERS)
    first_page, second_page = first.get(change_url(organisation)), second.get(change_url(organisation))
    assert opened_version(first_page) == opened_version(second_page) == organisation.version

    saved = first.post(change_url(organisation), change_form_post(first_page) | {"note": "Checked by Aysel."})
    refused = second.post(change_url(organisation), change_form_post(second_page) | {"note": "Checked by Rashad."})

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert re.search(r"aysel saved this record \(.+\) after you opened it\. Your changes were not saved", body(refused))
    current = Organisation.objects.get(pk=organisation.pk)
    assert current.note == "Checked by Aysel."
    assert current.version == organisation.version + 1
    assert current.history.count() == 2  # created, and Aysel's change; nothing of Rashad's


def test_the_second_editor_reopening_the_record_then_saves(staff):
    organisation = OrganisationFactory(name="Ministry of Culture")
    first, second = staff("aysel", group=REVIEWERS), staff("rashad", group=REVIEWERS)
    first_page, second_page = first.get(change_url(organisation)), second.get(change_url(organisation))
    first.post(change_url(organisation), change_form_post(first_page) | {"note": "Checked by Aysel."})
    second.post(change_url(organisation), change_form_post(second_page) | {"note": "Checked by Rashad."})

    reopened = second.get(change_url(organisation))
    response = second.post(
        change_url(organisation), change_form_post(reopened) | {"note": "Checked by Aysel, then Rashad."}
    )

    assert opened_version(reopened) == organisation.version + 1
    assert response.status_code == 302
    current = Organisation.objects.get(pk=organisation.pk)
    assert (current.note, current.version) == ("Checked by Aysel, then Rashad.", organisation.version + 2)
    assert current.history.first().history_user.username == "rashad"


def test_the_refused_form_keeps_the_opened_version_so_a_resubmission_is_refused_too(staff):
    """The page redisplayed after a refusal still carries the version first opened: pressing Save
    again without reopening cannot overwrite the other editor's work."""
    organisation = OrganisationFactory()
    first, second = staff("aysel", group=REVIEWERS), staff("rashad", group=REVIEWERS)
    first_page, second_page = first.get(change_url(organisation)), second.get(change_url(organisation))
    first.post(change_url(organisation), change_form_post(first_page) | {"note": "Checked by Aysel."})
    refused = second.post(change_url(organisation), change_form_post(second_page) | {"note": "Checked by Rashad."})

    again = second.post(change_url(organisation), change_form_post(refused) | {"note": "Checked by Rashad."})

    assert opened_version(refused) == organisation.version
    assert again.status_code == 200
    assert Organisation.objects.get(pk=organisation.pk).note == "Checked by Aysel."


def test_the_message_gives_the_time_of_the_first_save_in_the_sites_time_zone(staff, settings):
    """The admin shows times in the site's time zone (Baku); the message should too."""
    settings.TIME_ZONE = "Asia/Baku"
    organisation = OrganisationFactory()
    first, second = staff("aysel", group=REVIEWERS), staff("rashad", group=REVIEWERS)
    first_page, second_page = first.get(change_url(organisation)), second.get(change_url(organisation))
    first.post(change_url(organisation), change_form_post(first_page) | {"note": "Checked by Aysel."})

    refused = second.post(change_url(organisation), change_form_post(second_page) | {"note": "Checked by Rashad."})

    saved_at = Organisation.objects.get(pk=organisation.pk).history.first().history_date
    baku_time = formats.date_format(timezone.localtime(saved_at), "DATETIME_FORMAT")
    assert "aysel " + STALE.format(when=baku_time) in body(refused)


def test_a_stale_save_of_an_event_saves_none_of_its_inline_rows(staff):
    event = EventFactory(title="Meeting in Baku")
    person, source = PersonFactory(), SourceFactory()
    first, second = staff("aysel", group=REVIEWERS), staff("rashad", group=REVIEWERS)
    first_page, second_page = first.get(change_url(event)), second.get(change_url(event))
    first.post(change_url(event), change_form_post(first_page) | {"title": "Meeting at the Ministry"})
    data = change_form_post(second_page) | {"title": "Meeting in Baku (renamed)"}
    add_inline_rows(
        data, inline_prefix(second_page, Participation), {"order": 0, "person": person.pk, "role": "speaker"}
    )
    add_inline_rows(
        data,
        inline_prefix(second_page, Citation),
        {"source": source.pk, "field": "", "quote": "The Minister of Culture received the delegation."},
    )

    refused = second.post(change_url(event), data)

    assert refused.status_code == 200
    assert "aysel saved this record" in body(refused)
    current = Event.objects.get(pk=event.pk)
    assert (current.title, current.version) == ("Meeting at the Ministry", event.version + 1)
    assert not Participation.objects.exists()
    assert not Citation.objects.exists()


def test_a_stale_save_does_not_change_or_delete_existing_inline_rows(staff):
    participation = ParticipationFactory(role=ParticipationRole.ATTENDEE)
    citation = CitationFactory(record=participation.event)
    event = participation.event
    first, second = staff("aysel", group=REVIEWERS), staff("rashad", group=REVIEWERS)
    first_page, second_page = first.get(change_url(event)), second.get(change_url(event))
    first.post(change_url(event), change_form_post(first_page) | {"note": "Checked by Aysel."})
    participation_prefix, citation_prefix = (
        inline_prefix(second_page, Participation),
        inline_prefix(second_page, Citation),
    )
    data = change_form_post(second_page) | {
        f"{participation_prefix}-0-role": ParticipationRole.SPEAKER,
        f"{citation_prefix}-0-DELETE": "on",
    }

    refused = second.post(change_url(event), data)

    assert refused.status_code == 200
    assert "aysel saved this record" in body(refused)
    assert Participation.objects.get(pk=participation.pk).role == ParticipationRole.ATTENDEE
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_an_inline_change_by_the_first_editor_makes_the_second_editors_form_stale(staff):
    participation = ParticipationFactory(role=ParticipationRole.ATTENDEE)
    event = participation.event
    first, second = staff("aysel", group=REVIEWERS), staff("rashad", group=REVIEWERS)
    first_page, second_page = first.get(change_url(event)), second.get(change_url(event))
    prefix = inline_prefix(first_page, Participation)
    first.post(change_url(event), change_form_post(first_page) | {f"{prefix}-0-role": ParticipationRole.SPEAKER})

    refused = second.post(change_url(event), change_form_post(second_page) | {"note": "Checked by Rashad."})

    assert refused.status_code == 200
    assert "aysel saved this record" in body(refused)
    assert Participation.objects.get(pk=participation.pk).role == ParticipationRole.SPEAKER
    assert Event.objects.get(pk=event.pk).note == ""


def test_a_participation_changed_on_its_own_page_is_not_overwritten_by_a_stale_event_form(staff):
    participation = ParticipationFactory(role=ParticipationRole.ATTENDEE)
    event = participation.event
    first, second = staff("aysel", group=REVIEWERS), staff("rashad", group=REVIEWERS)
    event_page = second.get(change_url(event))
    participation_page = first.get(change_url(participation))
    saved = first.post(
        change_url(participation), change_form_post(participation_page) | {"role": ParticipationRole.SPEAKER}
    )
    assert saved.status_code == 302

    second.post(change_url(event), change_form_post(event_page) | {"note": "Checked by Rashad."})

    assert Participation.objects.get(pk=participation.pk).role == ParticipationRole.SPEAKER


def test_publishing_by_a_reviewer_makes_an_editors_open_form_stale(staff):
    person = PersonFactory(name="Anar Karimov", publication_status=PublicationStatus.DRAFT)
    CitationFactory(record=person)
    person.refresh_from_db()  # a citation added moves its record's version on
    editor, reviewer = staff("aysel"), staff("leyla", group=REVIEWERS)
    editor_page = editor.get(change_url(person))

    published = reviewer.post(
        reverse("admin:people_person_changelist"), {"action": "publish", "_selected_action": [person.pk]}
    )
    refused = editor.post(change_url(person), change_form_post(editor_page) | {"note": "Checked by Aysel."})

    assert published.status_code == 302
    assert refused.status_code == 200
    assert "leyla saved this record" in body(refused)
    current = Person.objects.get(pk=person.pk)
    assert (current.publication_status, current.note) == (PublicationStatus.PUBLISHED, "")
    assert current.version == person.version + 1


def test_a_reviewer_whose_form_is_stale_cannot_overwrite_an_editors_change(staff):
    organisation = OrganisationFactory(publication_status=PublicationStatus.DRAFT)
    editor, reviewer = staff("aysel"), staff("leyla", group=REVIEWERS)
    reviewer_page, editor_page = reviewer.get(change_url(organisation)), editor.get(change_url(organisation))
    editor.post(change_url(organisation), change_form_post(editor_page) | {"name": "Ministry of Culture"})

    refused = reviewer.post(
        change_url(organisation),
        change_form_post(reviewer_page) | {"publication_status": PublicationStatus.PUBLISHED},
    )

    assert refused.status_code == 200
    assert "aysel saved this record" in body(refused)
    current = Organisation.objects.get(pk=organisation.pk)
    assert (current.name, current.publication_status) == ("Ministry of Culture", PublicationStatus.DRAFT)


def test_a_save_with_no_opened_version_on_an_existing_record_is_refused(staff):
    """A form posted without the hidden field (an old browser tab, a hand-made request) does not
    bypass the check."""
    organisation = OrganisationFactory(note="")
    client = staff("aysel")
    data = change_form_post(client.get(change_url(organisation)))
    del data["opened_version"]

    response = client.post(change_url(organisation), data | {"note": "Checked by Aysel."})

    assert response.status_code == 200
    assert Organisation.objects.get(pk=organisation.pk).note == ""
