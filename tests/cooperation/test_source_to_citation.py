"""From a new source to its citations, in the staff workspace: a staff member adds the source with
its text, sees on its page the records the text names (and the names no record has yet), and
attaches quoted passages of it to the records they support, each checked as verbatim.

Each admin test GETs the real page, turns what it renders into the POST a browser would send (main
form, every inline's management form and existing rows), adds rows, and posts it.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse

from cooperation.admin import SourceCitationInline, SourceCitationListInline
from cooperation.core.citations import Citation
from cooperation.core.dates import DatePrecision
from cooperation.core.evidence import evidence_models
from cooperation.core.name_finder import candidate_names, known_names, names_in
from cooperation.core.records import PublicationStatus
from cooperation.core.roles import EDITORS, sync_roles
from cooperation.core.seeding import seed_load
from cooperation.models import Organisation, Place, Source, SourceKind
from events.models import Event
from people.models import Person
from tests.admin_support import add_inline_rows, body, change_form_post, change_url
from tests.factories import (
    AlternateNameFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    OrganisationRelationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

ARTICLE = (
    "BAKU, 14 January 2021. The Minister of Culture of Azerbaijan, Anar Karimov, received a delegation of ICESCO.\n"
    "Both sides discussed the ICESCO regional office in Baku. "
    "Salim AlMalik thanked the Heydar Aliyev Foundation, Azerbaijan's partner."
)
PASSAGE = "The Minister of Culture of Azerbaijan, Anar Karimov, received a delegation of ICESCO."


# --- Helpers, as in test_admin_inlines.py ---------------------------------------------------------


def inline_of(response, inline_class):
    """The rendered inline formset of the page's inline of class `inline_class`."""
    (inline,) = [
        inline for inline in response.context["inline_admin_formsets"] if isinstance(inline.opts, inline_class)
    ]
    return inline


def supports(record):
    """The value of the "record it supports" choice for `record`."""
    return f"{ContentType.objects.get_for_model(record).pk}:{record.pk}"


def new_citation_errors(response):
    """The errors of the new-citation inline's rows: [(field errors, row errors)] of each bound row."""
    formset = inline_of(response, SourceCitationInline).formset
    return [dict(form.errors) for form in formset.forms if form.errors] + formset.non_form_errors()


def add_source(client, **values):
    """Add a source through its add page; the response to the POST."""
    page = client.get(reverse("admin:cooperation_source_add"))
    assert page.status_code == 200
    data = change_form_post(page) | {
        "title": "ICESCO delegation received in Baku",
        "slug": "icesco-delegation-received-in-baku",
        "kind": SourceKind.NEWS_ARTICLE,
        "author_name": "Laman Ismayilova",
        "published_date": "2021-01-14",
        "published_date_precision": DatePrecision.DAY,
        "language": "en",
        "text": ARTICLE,
        "reference": "2021-01-14-icesco-delegation.txt",
        "url": "https://news.example/icesco-delegation",
    }
    return client.post(reverse("admin:cooperation_source_add"), data | values)


def attach_citation(client, source, row, **source_changes):
    """Post the source's change page with one new citation row (and any changes to the source)."""
    page = client.get(change_url(source))
    assert page.status_code == 200
    data = change_form_post(page) | source_changes
    prefix = inline_of(page, SourceCitationInline).formset.prefix
    return client.post(change_url(source), add_inline_rows(data, prefix, {"field": "", "note": ""} | row))


# --- The whole flow --------------------------------------------------------------------------------


def test_staff_member_adds_a_source_then_cites_a_passage_of_it_for_an_event(admin_client):
    publisher = OrganisationFactory(name="Azernews", slug="azernews")
    event = EventFactory(title="Meeting at the Ministry of Culture")

    response = add_source(admin_client, publisher=publisher.pk)

    assert response.status_code == 302
    source = Source.objects.get(slug="icesco-delegation-received-in-baku")
    assert (source.title, source.publisher, source.text, source.published_on.date) == (
        "ICESCO delegation received in Baku",
        publisher,
        ARTICLE,
        dt.date(2021, 1, 14),
    )
    assert source.publication_status == PublicationStatus.DRAFT

    response = attach_citation(
        admin_client, source, {"supports": supports(event), "field": "title", "quote": PASSAGE, "note": "The host."}
    )

    assert response.status_code == 302
    citation = Citation.objects.get(source=source)
    assert (citation.content_type, citation.object_id, citation.field, citation.quote, citation.note) == (
        ContentType.objects.get_for_model(Event),
        event.pk,
        "title",
        PASSAGE,
        "The host.",
    )
    assert citation.record == event
    assert list(event.citations.all()) == [citation]


def test_source_page_lists_its_citations_with_a_link_to_each_record(admin_client):
    source = SourceFactory(text=ARTICLE)
    event, person = EventFactory(title="Meeting at the Ministry of Culture"), PersonFactory(name="Anar Karimov")
    attach_citation(admin_client, source, {"supports": supports(event), "quote": PASSAGE})
    attach_citation(admin_client, source, {"supports": supports(person), "quote": "Anar Karimov"})

    response = admin_client.get(change_url(source))

    listed = inline_of(response, SourceCitationListInline).formset
    assert [form.instance.record for form in listed.initial_forms] == [event, person]
    assert listed.max_num == 0 and listed.extra_forms == []
    assert f'<a href="{change_url(event)}">Meeting at the Ministry of Culture</a> (event)' in body(response)
    assert f'<a href="{change_url(person)}">Anar Karimov</a> (person)' in body(response)
    # The new-citation inline starts empty: existing citations are listed, not edited there.
    assert inline_of(response, SourceCitationInline).formset.initial_forms == []


def test_saving_the_source_again_keeps_its_listed_citations(admin_client):
    source = SourceFactory(text=ARTICLE, title="Old headline")
    event = EventFactory()
    attach_citation(admin_client, source, {"supports": supports(event), "quote": PASSAGE})
    page = admin_client.get(change_url(source))

    response = admin_client.post(change_url(source), change_form_post(page) | {"title": "New headline"})

    assert response.status_code == 302
    assert Source.objects.get(pk=source.pk).title == "New headline"
    assert list(Citation.objects.filter(source=source).values_list("object_id", "quote")) == [(event.pk, PASSAGE)]


# --- A quote that is not in the text, or no record -------------------------------------------------

NOT_VERBATIM = "This passage is not in the source's text word for word. Copy it exactly from the source."


@pytest.mark.parametrize(
    "quote",
    [
        "The Minister of Education received a delegation of ICESCO.",
        PASSAGE.replace("received", "recieved"),  # one letter
        PASSAGE.replace("ICESCO.", "ICESCO!"),  # one punctuation mark
        PASSAGE.replace("The Minister", "the Minister"),  # one letter's case
        PASSAGE.replace(", received", ",  received"),  # one more space
    ],
    ids=["other words", "one letter", "punctuation", "case", "space"],
)
def test_quote_not_verbatim_in_the_text_is_refused_and_nothing_is_saved(admin_client, quote):
    source = SourceFactory(text=ARTICLE, title="Old headline")
    event = EventFactory()
    before = Source.objects.get(pk=source.pk)

    response = attach_citation(
        admin_client, source, {"supports": supports(event), "quote": quote}, title="New headline", author_name="Someone"
    )

    assert response.status_code == 200
    assert new_citation_errors(response) == [{"quote": [NOT_VERBATIM]}]
    assert NOT_VERBATIM in body(response)
    assert not Citation.objects.exists()
    after = Source.objects.get(pk=source.pk)
    assert (after.title, after.author_name, after.version) == (before.title, before.author_name, before.version)


def test_quote_found_only_in_the_text_being_posted_is_accepted_with_it(admin_client):
    """The quote is checked against the text as posted with it: a passage added to the text in the same
    save can be cited at once."""
    source = SourceFactory(text=ARTICLE)
    event = EventFactory()
    addition = "A memorandum was signed."

    response = attach_citation(
        admin_client, source, {"supports": supports(event), "quote": addition}, text=f"{ARTICLE}\n{addition}"
    )

    assert response.status_code == 302
    assert Source.objects.get(pk=source.pk).text.endswith(addition)
    assert list(Citation.objects.values_list("quote", flat=True)) == [addition]


def test_citation_naming_no_record_is_refused(admin_client):
    source = SourceFactory(text=ARTICLE, title="Old headline")

    response = attach_citation(admin_client, source, {"supports": "", "quote": PASSAGE}, title="New headline")

    assert response.status_code == 200
    assert new_citation_errors(response) == [{"supports": ["This field is required."]}]
    assert not Citation.objects.exists()
    assert Source.objects.get(pk=source.pk).title == "Old headline"


def test_citation_of_a_record_not_offered_is_refused(admin_client):
    source = SourceFactory(text=ARTICLE)
    other_source = SourceFactory()

    response = attach_citation(admin_client, source, {"supports": supports(other_source), "quote": PASSAGE})

    assert response.status_code == 200
    (errors,) = new_citation_errors(response)
    assert list(errors) == ["supports"]
    assert "Select a valid choice." in errors["supports"][0]
    assert not Citation.objects.exists()


def test_the_same_passage_cited_twice_for_the_same_record_is_refused(admin_client):
    source = SourceFactory(text=ARTICLE)
    event = EventFactory()
    attach_citation(admin_client, source, {"supports": supports(event), "quote": PASSAGE})

    response = attach_citation(admin_client, source, {"supports": supports(event), "quote": PASSAGE})

    assert response.status_code == 200
    assert "This record already cites this passage of this source." in body(response)
    assert Citation.objects.count() == 1


# --- The records a citation can support ----------------------------------------------------------


def test_record_choice_offers_every_evidence_record_grouped_by_kind(admin_client):
    place = PlaceFactory(name="Baku")
    relation = OrganisationRelationFactory()  # two organisations
    party = InitiativePartyFactory()  # an initiative and an organisation
    participation = ParticipationFactory()  # an event and a person
    position = PositionFactory()  # a person, a post and its organisation
    source = SourceFactory(text=ARTICLE)

    response = admin_client.get(change_url(source))

    (row,) = inline_of(response, SourceCitationInline).formset.forms
    choices = row.fields["supports"].choices
    assert choices[0] == ("", "---------")
    groups = dict(choices[1:])
    assert list(groups) == [
        "Initiatives",
        "Initiative parties",
        "Organisations",
        "Organisation relations",
        "Places",
        "Events",
        "Participations",
        "People",
        "Positions",
        "Posts",
    ]
    expected = {
        "Initiatives": [party.initiative],
        "Initiative parties": [party],
        "Organisations": [relation.subject, relation.object, party.organisation, position.post.organisation],
        "Organisation relations": [relation],
        "Places": [place],
        "Events": [participation.event],
        "Participations": [participation],
        "People": [participation.person, position.person],
        "Positions": [position],
        "Posts": [position.post],
    }
    for label, records in expected.items():
        assert groups[label] == sorted(((supports(r), str(r)) for r in records), key=lambda c: c[1]), label
    # Every kind of record that takes evidence is offered; sources (the evidence itself) are not.
    assert len(groups) == len(evidence_models())
    assert all(value != supports(source) for group in groups.values() for value, _label in group)
    rendered = response.content.decode()
    for label in groups:
        assert f'<optgroup label="{label}">' in rendered


# --- The names a text uses -----------------------------------------------------------------------


def test_known_names_lists_each_named_record_in_order_of_first_mention():
    icesco = OrganisationFactory(
        name="Islamic World Educational, Scientific and Cultural Organization", acronym="ICESCO"
    )
    baku = PlaceFactory(name="Baku")
    karimov = PersonFactory(name="Anar Karimov")
    almalik = PersonFactory(name="Salim bin Mohammed AlMalik")
    AlternateNameFactory(record=almalik, name="Salim AlMalik")
    PersonFactory(name="Leyla Aliyeva")  # not in the text

    known, _spans = known_names(ARTICLE)

    # "BAKU" in capitals is not "Baku": names are matched as written.
    assert [(k.text, k.record, k.count) for k in known] == [
        ("Anar Karimov", karimov, 1),
        ("ICESCO", icesco, 2),
        ("Baku", baku, 1),
        ("Salim AlMalik", almalik, 1),
    ]


def test_names_in_a_text_are_its_known_records_and_the_other_capitalised_names():
    baku = PlaceFactory(name="Baku")
    text = "Delegates met the Heydar Aliyev Foundation, then the Ministry of Science, in Baku."

    known, candidates = names_in(text)

    assert [(k.text, k.record) for k in known] == [("Baku", baku)]
    assert candidates == [("Heydar Aliyev Foundation", 1), ("Ministry of Science", 1)]


def test_candidate_names_count_repeats_and_skip_lone_capitalised_words():
    text = "Delegates visited the Baku Media Center. Officials praised it; the Baku Media Center hosts UNESCO events on AI."

    # "Delegates" and "Officials" are lone capitalised words; "AI" is too short to be taken for an acronym.
    assert candidate_names(text, covered=[]) == [("Baku Media Center", 2), ("UNESCO", 1)]


def test_names_in_the_brief_example_sentence():
    baku = PlaceFactory(name="Baku")
    text = "The Ministry of Science met the Heydar Aliyev Foundation in Baku."

    known, candidates = names_in(text)

    assert [(k.text, k.record) for k in known] == [("Baku", baku)]
    names = [name for name, _count in candidates]
    assert "Ministry of Science" in names
    assert "Heydar Aliyev Foundation" in names
    assert not [name for name in names if name == "The" or name.startswith("The ")]


def test_sentence_initial_the_is_not_part_of_a_candidate_name():
    assert candidate_names("The Ministry of Science met the delegates.", covered=[]) == [("Ministry of Science", 1)]


def test_unknown_name_joined_to_a_known_one_by_a_connector_is_still_a_candidate():
    PlaceFactory(name="Baku")

    _known, candidates = names_in("Delegates met the Heydar Aliyev Foundation in Baku.")

    assert ("Heydar Aliyev Foundation", 1) in candidates


def test_source_page_shows_the_names_in_its_text_with_links_to_the_records(admin_client):
    baku = PlaceFactory(name="Baku")
    icesco = OrganisationFactory(name="ICESCO")
    almalik = PersonFactory(name="Salim bin Mohammed AlMalik")
    AlternateNameFactory(record=almalik, name="Salim AlMalik")
    source = SourceFactory(text=ARTICLE)

    response = admin_client.get(change_url(source))

    text = body(response)
    assert "Records this text names:" in text
    assert f'<li><a href="{change_url(baku)}">Baku</a> — Place (1×)</li>' in text
    assert f'<li><a href="{change_url(icesco)}">ICESCO</a> — Organisation (2×)</li>' in text
    assert f'<li><a href="{change_url(almalik)}">Salim AlMalik</a> — Person (1×)</li>' in text
    assert "Names with no record yet (candidates for new records):" in text
    assert "<li>Heydar Aliyev Foundation (1×)</li>" in text
    assert "<li>Anar Karimov (1×)</li>" in text


def test_add_page_asks_for_the_text_before_listing_names(admin_client):
    response = admin_client.get(reverse("admin:cooperation_source_add"))

    assert "Save the source with its text to see the names it mentions." in body(response)


# --- An editor does the whole flow -----------------------------------------------------------------


@pytest.fixture
def editor(client, django_user_model):
    sync_roles()
    user = django_user_model.objects.create_user(username="editor", password="not-a-real-password", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return user


def test_editor_adds_a_source_and_cites_it_and_the_history_names_them(client, editor):
    person = PersonFactory(name="Anar Karimov")
    baku = PlaceFactory(name="Baku")

    response = add_source(client, publication_status=PublicationStatus.PUBLISHED)

    assert response.status_code == 302
    source = Source.objects.get(slug="icesco-delegation-received-in-baku")
    assert source.publication_status == PublicationStatus.DRAFT  # publishing is a reviewer's decision
    assert list(source.history.values_list("history_type", "history_user")) == [("+", editor.pk)]
    page = client.get(change_url(source))
    assert f'<a href="{change_url(baku)}">Baku</a> — Place (1×)' in body(page)

    response = attach_citation(client, source, {"supports": supports(person), "quote": "Anar Karimov"})

    assert response.status_code == 302
    citation = Citation.objects.get(source=source)
    assert (citation.record, citation.quote) == (person, "Anar Karimov")
    assert list(citation.history.values_list("history_type", "history_user")) == [("+", editor.pk)]
    assert f'<a href="{change_url(person)}">Anar Karimov</a> (person)' in body(client.get(change_url(source)))


def test_editor_quote_not_in_the_text_is_refused(client, editor):
    source = SourceFactory(text=ARTICLE)
    person = PersonFactory()

    response = attach_citation(client, source, {"supports": supports(person), "quote": "Anar Karimow"})

    assert response.status_code == 200
    assert new_citation_errors(response) == [{"quote": [NOT_VERBATIM]}]
    assert not Citation.objects.exists()


# --- The seed documents ----------------------------------------------------------------------------


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """The seed data set, loaded once for the class inside a transaction rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_load(directory=settings.BASE_DIR / "fixtures")
        yield
        transaction.set_rollback(True)


def named(text):
    """{(model label, slug)} of the records `text` names."""
    known, _candidates = names_in(text)
    return {(type(k.record)._meta.label, k.record.slug) for k in known}


@pytest.mark.usefixtures("seeded")
class TestSeedDocuments:
    def test_regional_office_article_names_exactly_these_records(self):
        source = Source.objects.get(slug="azernews-2025-04-29-icesco-regional-office-azerbaijan")

        assert named(source.text) == {
            ("people.Person", "laman-ismayilova"),  # the byline
            ("cooperation.Organisation", "icesco"),
            ("cooperation.Organisation", "azerbaijan"),
            ("cooperation.Place", "azerbaijan"),
            ("cooperation.Organisation", "azernews"),  # "Azernews reports"
            ("people.Person", "salim-almalik"),
            ("cooperation.Place", "central-asia"),
            ("cooperation.Organisation", "icesco-regional-office-baku"),
            ("cooperation.Organisation", "oic"),
            ("cooperation.Organisation", "islamic-development-bank"),
            ("cooperation.Organisation", "islamic-conference-of-parliamentary-union"),
            ("cooperation.Organisation", "islamic-conference-of-youth-forum"),
        }

    def test_regional_office_article_names_records_by_name_acronym_and_alternate_name(self):
        source = Source.objects.get(slug="azernews-2025-04-29-icesco-regional-office-azerbaijan")
        office = Organisation.objects.get(slug="icesco-regional-office-baku")
        icesco = Organisation.objects.get(slug="icesco")
        almalik = Person.objects.get(slug="salim-almalik")

        known, candidates = names_in(source.text)

        by_text = {(k.text, k.record): k.count for k in known}
        assert by_text[("Salim bin Mohammed AlMalik", almalik)] == 3
        assert by_text[("AlMalik", almalik)] == 3  # an alternate name, inside the full name
        assert by_text[("ICESCO", icesco)] == 7
        assert by_text[("Islamic World Educational, Scientific and Cultural Organization", icesco)] == 1
        # Spelled differently in the last paragraph: found by the alternate name.
        assert by_text[("Islamic World Educational, Scientific, and Cultural Organisation", icesco)] == 1
        # The office is named only by one of its alternate names, never by its own name.
        assert office.name not in source.text
        assert [k.text for k in known if k.record == office] == ["ICESCO office in Azerbaijan"]
        assert office.alternate_names.filter(name="ICESCO office in Azerbaijan").exists()
        # "ICESCO Director General Salim bin Mohammed AlMalik": the known names split the phrase.
        assert candidates == [("Director General", 1), ("UTC", 1)]  # "(UTC+04:00)"

    def test_opening_ceremony_article_lists_names_with_no_record(self):
        source = Source.objects.get(slug="caliber-2025-04-29-baku-hub-of-knowledge")

        known, candidates = names_in(source.text)

        assert ("State Historical-Architectural Reserve", 1) in candidates
        assert ("Minister of Science and Education", 1) in candidates
        icharishaher = Place.objects.get(slug="icharishaher")
        assert [k.text for k in known if k.record == icharishaher] == ["Icharishaher"]
        assert {("people.Person", "aktoty-raimkulova"), ("cooperation.Organisation", "anas")} <= named(source.text)

    def test_source_page_lists_the_names_of_a_seed_document_with_links(self, admin_client):
        source = Source.objects.get(slug="azernews-2025-04-29-icesco-regional-office-azerbaijan")
        almalik = Person.objects.get(slug="salim-almalik")
        office = Organisation.objects.get(slug="icesco-regional-office-baku")
        central_asia = Place.objects.get(slug="central-asia")

        response = admin_client.get(change_url(source))

        text = body(response)
        assert "Records this text names:" in text
        assert f'<a href="{change_url(almalik)}">Salim bin Mohammed AlMalik</a> — Person (3×)' in text
        assert f'<a href="{change_url(office)}">ICESCO office in Azerbaijan</a> — Organisation (1×)' in text
        assert f'<a href="{change_url(central_asia)}">Central Asia</a> — Place (1×)' in text
        assert "Names with no record yet (candidates for new records):" in text
        assert "<li>UTC (1×)</li>" in text
        # The seed's citations of this source are listed, each linked to its record.
        listed = inline_of(response, SourceCitationListInline).formset.initial_forms
        assert len(listed) == Citation.objects.filter(source=source).count() > 0
        icesco = Organisation.objects.get(slug="icesco")
        assert f'<a href="{change_url(icesco)}">{icesco.name}</a> (organisation)' in text
        assert f'<a href="{change_url(central_asia)}">Central Asia</a> (place)' in text

    def test_a_new_passage_of_a_seed_document_is_cited_for_a_seed_record(self, admin_client):
        source = Source.objects.get(slug="azernews-2025-04-29-icesco-regional-office-azerbaijan")
        central_asia = Place.objects.get(slug="central-asia")
        quote = "This will serve as a main connecting point between Azerbaijan and Central Asia"
        assert not Citation.objects.filter(source=source, object_id=central_asia.pk, quote=quote).exists()

        response = attach_citation(admin_client, source, {"supports": supports(central_asia), "quote": quote})

        assert response.status_code == 302
        assert Citation.objects.get(source=source, quote=quote).record == central_asia


def test_seed_is_not_visible_outside_its_class():
    assert not Source.objects.exists()
    assert not Event.objects.exists()


def test_initiatives_are_offered_too(admin_client):
    initiative = InitiativeFactory(title="Regional office")
    source = SourceFactory(text=ARTICLE)

    response = admin_client.get(change_url(source))

    (row,) = inline_of(response, SourceCitationInline).formset.forms
    assert (supports(initiative), "Regional office") in dict(row.fields["supports"].choices[1:])["Initiatives"]
