"""From a new source to its citations, in the staff workspace: a staff member adds the source with
its text, sees on its page the records the text names (and the names no record has yet), and
attaches quoted passages of it to the records they support, each checked as verbatim. (How the names
are found is tested in tests/core/test_name_finder.py.)

Each admin test GETs the real page, turns what it renders into the POST a browser would send (main
form, every inline's management form and existing rows), adds rows, and posts it.
"""

import datetime as dt
import html
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.text import capfirst

from cooperation.admin import SourceCitationInline, SourceCitationListInline
from cooperation.core.admin.base import CitationInline
from cooperation.core.citations import Citation
from cooperation.core.dates import DatePrecision
from cooperation.core.records import PublicationStatus
from cooperation.core.roles import EDITORS
from cooperation.models import Organisation, Source, SourceKind
from events.models import Event
from tests.admin_support import (
    attach_citation,
    body,
    change_form_post,
    change_url,
    form_values,
    inline_of,
    supports,
)
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
    StaffFactory,
)

pytestmark = pytest.mark.django_db

ARTICLE = (
    "BAKU, 14 January 2021. The Minister of Culture of Azerbaijan, Anar Karimov, received a delegation of ICESCO.\n"
    "Both sides discussed the ICESCO regional office in Baku. "
    "Salim AlMalik thanked the Heydar Aliyev Foundation, Azerbaijan's partner."
)
PASSAGE = "The Minister of Culture of Azerbaijan, Anar Karimov, received a delegation of ICESCO."


# --- Helpers --------------------------------------------------------------------------------------


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
    assert listed.max_num == 0
    assert listed.extra_forms == []
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
    assert errors["supports"] == ["Choose the record this passage supports from the list."]
    assert not Citation.objects.exists()


@pytest.mark.parametrize("value", ["9999:1", "1:99999999999999999999", "x:1", "12", ":"])
def test_a_malformed_or_unknown_record_is_refused_with_the_same_message(admin_client, value):
    source = SourceFactory(text=ARTICLE)

    response = attach_citation(admin_client, source, {"supports": value, "quote": PASSAGE})

    assert new_citation_errors(response) == [{"supports": ["Choose the record this passage supports from the list."]}]
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


def search(client, term):
    response = client.get("/admin/records/search/", {"term": term})
    assert response.status_code == 200
    return {
        group["text"]: [(row["id"], row["text"]) for row in group["children"]] for group in response.json()["results"]
    }


def test_the_record_is_searched_among_every_kind_that_takes_evidence_grouped_by_kind(admin_client):
    place = PlaceFactory(name="Baku")
    relation = OrganisationRelationFactory()  # two organisations
    party = InitiativePartyFactory()  # an initiative and an organisation
    participation = ParticipationFactory()  # an event and a person
    position = PositionFactory()  # a person, a post and its organisation
    source = SourceFactory(text=ARTICLE, title="Baku article")

    assert search(admin_client, "Baku") == {"Places": [(supports(place), "Baku")]}  # not the source
    terms = {  # each found by a name its admin searches
        relation: relation.subject.name,
        party: party.initiative.title,
        participation: participation.person.name,
        position: position.person.name,
        position.post: position.post.title,
        participation.event: participation.event.title,
    }
    for record, term in terms.items():
        label = capfirst(type(record)._meta.verbose_name_plural)
        assert (supports(record), str(record)) in search(admin_client, term).get(label, []), label
    assert search(admin_client, "B") == {}  # two letters at least
    AlternateNameFactory(record=place, name="Bakı")
    AlternateNameFactory(record=place, name="Baky")
    assert search(admin_client, "Bak") == {"Places": [(supports(place), "Baku")]}  # once, whatever it matched
    assert all(supports(source) != value for group in search(admin_client, "article").values() for value, _ in group)


def test_the_page_renders_the_searchable_choice_and_a_chosen_record_by_name(admin_client):
    event = EventFactory(title="Opening ceremony")
    source = SourceFactory(text=ARTICLE)

    page = admin_client.get(change_url(source))
    refused = attach_citation(admin_client, source, {"supports": supports(event), "quote": "not in the text"})

    rendered = page.content.decode()
    assert 'data-ajax--url="/admin/records/search/"' in rendered
    assert "admin/js/autocomplete.js" in rendered
    assert "<optgroup" not in rendered  # no list of every record
    assert f'<option value="{supports(event)}" selected>Event: Opening ceremony</option>' in refused.content.decode()


def test_the_search_is_for_staff_only(client):
    response = client.get("/admin/records/search/", {"term": "Baku"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# --- The names a text uses -----------------------------------------------------------------------


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
    assert '<li>Heydar Aliyev Foundation (1×) <span class="create-record">create as:' in text
    assert "<li>Anar Karimov (1×) <span" in text


def test_a_record_created_from_a_name_comes_with_its_source_and_sentence_to_cite(admin_client):
    source = SourceFactory(text=ARTICLE)
    page = admin_client.get(change_url(source))
    (create,) = re.findall(
        r'href="(/admin/cooperation/organisation/add/\?name=Heydar\+Aliyev\+Foundation&[^"]*)"', page.content.decode()
    )

    form = admin_client.get(html.unescape(create))

    assert form.context["adminform"].form["name"].value() == "Heydar Aliyev Foundation"
    (row,) = inline_of(form, CitationInline).formset.forms
    sentence = "Salim AlMalik thanked the Heydar Aliyev Foundation, Azerbaijan's partner."
    assert (row["source"].value(), row["quote"].value()) == (str(source.pk), sentence)
    data = change_form_post(form) | {"slug": "heydar-aliyev-foundation", "kind": "foundation"}
    data |= form_values(row)
    response = admin_client.post(html.unescape(create), data)
    assert response.status_code == 302, body(response)
    created = Organisation.objects.get(slug="heydar-aliyev-foundation")
    assert [(c.source, c.quote) for c in created.citations.all()] == [(source, sentence)]


def test_add_page_asks_for_the_text_before_listing_names(admin_client):
    response = admin_client.get(reverse("admin:cooperation_source_add"))

    assert "Save the source with its text to see the names it mentions." in body(response)


# --- An editor does the whole flow -----------------------------------------------------------------


@pytest.fixture
def editor(client):
    user = StaffFactory(username="editor", groups=[EDITORS])
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


def test_initiatives_are_offered_too(admin_client):
    initiative = InitiativeFactory(title="Regional office")

    assert search(admin_client, "Regional")["Initiatives"] == [(supports(initiative), "Regional office")]
