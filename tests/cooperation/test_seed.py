"""The seed data set: every fixture loads into a fresh database, every fact is cited verbatim, seeding
is idempotent, and facts read back exactly as the documents state them.

The seed is loaded once for this module, inside a transaction rolled back at the end, so that the
rest of the suite never sees it. This module is the only one that loads the fixtures in fixtures/ (besides
the browser journeys): every other test builds its rows with tests/factories.py.
"""

import datetime as dt
import io
import shutil
import textwrap

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils.html import escape

from cooperation.core.citations import AlternateName, Citation
from cooperation.core.dates import DatePrecision
from cooperation.core.evidence import all_offences, evidence_models
from cooperation.core.records import PublicationStatus
from cooperation.core.seeding import SEED_CHANGE_REASON, SeedError, seed_load, seed_uuid
from cooperation.models import Initiative, Organisation, OrganisationRelation, Place, Source
from events.models import Event
from people.models import Person

FIXTURES = settings.BASE_DIR / "fixtures"


def snapshot():
    """Every seeded row's identity: model, uuid and slug (where it has one)."""
    rows = set()
    for model in [*evidence_models(), Source]:
        fields = ["uuid", "slug"] if hasattr(model, "slug") else ["uuid"]
        rows |= {(model._meta.label, *row) for row in model.objects.values_list(*fields)}
    return rows


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        report = seed_load(directory=FIXTURES)
        yield report
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("seeded")


@pytest.mark.django_db
def test_every_fixture_loads_and_verify_citations_finds_nothing_missing():
    output = io.StringIO()

    call_command("verify_citations", stdout=output)

    assert output.getvalue().startswith("OK: ")
    assert list(all_offences()) == []


@pytest.mark.django_db
def test_the_seed_covers_every_kind_of_record(seeded):
    assert seeded.created["sources"] == 5
    for label in ["places", "organisations", "people", "posts", "positions", "events", "participations"]:
        assert seeded.created[label] > 0, label
    for label in ["initiatives", "initiative parties", "organisation relations", "citations", "alternate names"]:
        assert seeded.created[label] > 0, label


@pytest.mark.django_db
def test_every_published_record_has_a_citation_and_every_quote_is_in_its_source():
    for model in evidence_models():
        for record in model.objects.published():
            assert record.citations.exists(), f"{model._meta.label} {record} has no citation"
    for citation in Citation.objects.select_related("source"):
        assert citation.quote in citation.source.text, citation.quote


@pytest.mark.django_db
def test_seed_records_load_as_published():
    assert not Event.objects.filter(publication_status=PublicationStatus.DRAFT).exists()
    assert not Person.objects.filter(publication_status=PublicationStatus.DRAFT).exists()
    assert Source.objects.published().count() == 5


@pytest.mark.django_db
def test_seeding_twice_gives_identical_counts_and_identifiers():
    before = snapshot()
    citations_before = set(Citation.objects.values_list("pk", "quote"))

    report = seed_load(directory=FIXTURES)

    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0
    assert snapshot() == before
    assert set(Citation.objects.values_list("pk", "quote")) == citations_before


@pytest.mark.django_db
def test_seed_uuids_are_derived_from_the_seed_keys_so_every_database_gets_the_same():
    event = Event.objects.get(slug="opening-ceremony-icesco-regional-office-baku")

    assert event.uuid == seed_uuid(Event, "opening-ceremony-icesco-regional-office-baku")


@pytest.mark.django_db
def test_seed_leaves_a_record_corrected_by_staff_alone_unless_asked_to_update():
    event = Event.objects.get(slug="azerbaijan-joins-icesco-1991")
    Event.objects.filter(pk=event.pk).update(title="Azerbaijan accedes to ICESCO")

    seed_load(directory=FIXTURES)
    event.refresh_from_db()
    assert event.title == "Azerbaijan accedes to ICESCO"

    seed_load(directory=FIXTURES, update=True)
    event.refresh_from_db()
    assert event.title == "Azerbaijan joins ICESCO"


@pytest.mark.django_db
def test_a_fixture_with_a_misquote_loads_nothing(tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    events_file = tmp_path / "fixtures" / "events" / "events.yaml"
    events_file.write_text(
        events_file.read_text(encoding="utf-8").replace(
            "quote: The seminar continued with panel discussions.",
            "quote: The seminar continued with a gala dinner.",
        ),
        encoding="utf-8",
    )
    Event.objects.filter(slug="first-seminar-panel-discussions-2025").delete()
    Place.objects.filter(slug="armenia").delete()

    with pytest.raises(SeedError, match="not in the source's text word for word"):
        seed_load(directory=tmp_path / "fixtures")

    assert not Event.objects.filter(slug="first-seminar-panel-discussions-2025").exists()
    assert not Place.objects.filter(slug="armenia").exists()


# Facts read back exactly as the documents state them.


@pytest.mark.django_db
def test_the_baku_office_opened_on_29_april_2025_at_icharishaher_with_the_director_general_speaking():
    event = Event.objects.select_related("place__parent").get(slug="opening-ceremony-icesco-regional-office-baku")
    participations = {
        p.participant_name: p for p in event.participations.select_related("person", "position__post__organisation")
    }

    assert (event.start_date, event.start_date_precision) == (dt.date(2025, 4, 29), DatePrecision.DAY)
    assert str(event.start) == "29 April 2025"
    assert event.kind == "opening_ceremony"
    assert event.status == "held"
    assert event.place.name == "“Icharishaher” State Historical-Architectural Reserve"
    assert event.place.parent.name == "Baku"
    speaker = participations["Salim bin Mohammed AlMalik"]
    assert speaker.role == "speaker"
    assert speaker.position.post.title == "Director-General"
    assert speaker.position.post.organisation.acronym == "ICESCO"
    assert event.citations.filter(
        quote__contains='was held on April 29 within the "Icharishaher" State Historical-Architectural Reserve'
    ).exists()


@pytest.mark.django_db
def test_the_ministers_attended_the_opening_in_their_posts_of_that_day():
    event = Event.objects.get(slug="opening-ceremony-icesco-regional-office-baku")
    posts = {
        p.person.name: (p.role, p.position.post.title, p.position.post.organisation.name)
        for p in event.participations.filter(person__isnull=False).select_related(
            "person", "position__post__organisation"
        )
    }

    assert posts["Adil Karimli"] == ("attendee", "Minister of Culture", "Ministry of Culture of Azerbaijan")
    assert posts["Emin Amrullayev"] == (
        "attendee",
        "Minister of Science and Education",
        "Ministry of Science and Education of Azerbaijan",
    )
    assert posts["Anar Alakbarov"] == ("attendee", "Assistant to the President", "Azerbaijan")
    assert posts["Isa Habibbayli"] == ("attendee", "President", "Azerbaijan National Academy of Sciences")
    groups = set(event.participations.filter(person=None, organisation=None).values_list("name", flat=True))
    assert "ambassadors from other countries accredited to Azerbaijan" in groups
    assert "the ambassador of Kyrgyzstan to Azerbaijan" in groups


@pytest.mark.django_db
def test_azerbaijan_is_a_member_state_of_icesco_since_1991():
    relation = OrganisationRelation.objects.get(subject__slug="azerbaijan", object__slug="icesco", kind="member_of")

    assert str(relation.start) == "1991"
    assert relation.start_date_precision == DatePrecision.YEAR
    assert relation.citations.filter(quote="Notably, Azerbaijan has been a member of ICESCO since 1991.").exists()
    accession = Event.objects.get(slug="azerbaijan-joins-icesco-1991")
    assert (accession.kind, str(accession.start)) == ("accession", "1991")


@pytest.mark.django_db
def test_the_two_anar_karimovs_are_linked_as_possibly_the_same_person_not_merged():
    minister = Person.objects.get(slug="anar-karimov-minister-of-culture")
    icesco_director = Person.objects.get(slug="anar-karimov-icesco")

    assert minister.name == icesco_director.name == "Anar Karimov"
    assert list(minister.possibly_same_as.all()) == [icesco_director]
    assert [str(p.post) for p in minister.positions.all()] == ["Minister of Culture, Ministry of Culture of Azerbaijan"]
    assert [p.post.title for p in icesco_director.positions.all()] == ["Director of International Cooperation"]


@pytest.mark.django_db
def test_the_press_conference_of_14_january_2021_belongs_to_the_visit_of_january_2021():
    conference = Event.objects.select_related("parent", "place").get(slug="press-conference-baku-2021-01-14")

    assert str(conference.start) == "14 January 2021"
    assert conference.place.name == "Baku"
    assert conference.parent.slug == "almalik-official-visit-azerbaijan-2021"
    assert (str(conference.parent.start), conference.parent.start_date_precision) == ("January 2021", "month")
    assert "yesterday, January 14, 2021" in conference.note


@pytest.mark.django_db
def test_the_undated_article_is_dated_2023_as_an_inference_and_says_why():
    source = Source.objects.get(reference="004_69f1f1517f0f7641.txt")

    assert source.published_date_inferred is True
    assert (source.published_on.iso(), source.published_date_precision) == ("2023", "year")
    assert "September 19–20, 2023" in source.note
    assert source.text.startswith("Azerbaijan's Minister of Foreign Affairs, Jeyhun Bayramov")


@pytest.mark.django_db
def test_the_heritage_seminar_of_28_july_2025_is_planned_and_the_relative_date_is_explained():
    seminar = Event.objects.get(slug="seminar-protection-cultural-heritage-2025-07-28")

    assert (seminar.status, seminar.start.iso()) == ("planned", "2025-07-28")
    assert "July 28 of this year" in seminar.note
    assert "18 July 2025" in seminar.note


@pytest.mark.django_db
def test_the_three_proposals_presented_at_the_baku_seminar_are_each_recorded():
    proposals = Initiative.objects.get(slug="regional-integration-proposals-2025")

    assert sorted(proposals.children.values_list("slug", flat=True)) == [
        "regional-centres-of-leadership",
        "seminar-on-the-protection-of-cultural-heritage",
        "unified-regional-cluster",
    ]
    assert proposals.parties.filter(person__slug="anar-karimov-icesco", role="presenter").exists()
    assert proposals.parties.filter(organisation__slug="icesco", role="proposer").exists()


@pytest.mark.django_db
def test_shusha_designations_of_each_document_are_kept_apart():
    announced = Initiative.objects.get(slug="shusha-capital-of-culture-announced-2021")
    declared = Initiative.objects.get(slug="shusha-capital-of-islamic-culture-2024")

    assert (announced.status, announced.start_date) == ("announced", None)
    assert "2022 or 2023" in announced.title
    assert (declared.status, str(declared.start)) == ("completed", "2024")
    assert "2024" in announced.note


@pytest.mark.django_db
def test_spelling_variants_of_names_are_recorded_as_alternate_names():
    variants = {
        "salim-almalik": {"Salim M. AlMalik", "Salim AlMalik"},
        "abdulhakeem-alsenan": {"Abdulhakeem Al-Senan"},
    }
    for slug, names in variants.items():
        recorded = set(Person.objects.get(slug=slug).alternate_names.values_list("name", flat=True))
        assert names <= recorded, slug
    icesco = Organisation.objects.get(slug="icesco")
    assert icesco.alternate_names.filter(name="ICESCO", kind="acronym").exists()
    assert icesco.alternate_names.filter(
        name="Islamic World Educational, Scientific, and Cultural Organisation"
    ).exists()


@pytest.mark.django_db
def test_a_garbled_organisation_name_is_kept_as_written_and_linked_not_merged():
    garbled = Organisation.objects.get(slug="islamic-conference-of-youth-forum")
    link = OrganisationRelation.objects.get(subject=garbled, kind="possibly_same_as")

    assert garbled.name == "Islamic Conference of Youth Forum"
    assert link.object.name == "OIC Youth Forum"
    assert "garbled" in garbled.note
    assert Organisation.objects.filter(name__in=[garbled.name, link.object.name]).count() == 2


COLLECTIONS = {
    Event: "events",
    Person: "people",
    Organisation: "organisations",
    Initiative: "initiatives",
    Place: "places",
    Source: "sources",
}


# The corrections of the archivist's audit: each fact says no more than its quotes, and each quote
# supports its fact.


def quotes_of(record):
    return {citation.quote for citation in record.citations.all()}


@pytest.mark.django_db
def test_the_goodwill_ambassador_title_was_awarded_in_2006_and_not_said_to_be_still_held():
    aliyeva = Person.objects.get(slug="mehriban-aliyeva")
    title = Initiative.objects.get(slug="icesco-goodwill-ambassador-mehriban-aliyeva")
    ambassador = aliyeva.positions.get(post__title="Goodwill Ambassador")

    assert aliyeva.summary == (
        "First Lady of Azerbaijan; awarded the title of ICESCO Goodwill Ambassador on 24 November 2006."
    )
    assert (title.status, title.get_status_display(), title.end_date) == ("awarded", "awarded", None)
    assert "still held (" not in title.note
    assert "whether she still holds it is not known" in title.note
    assert (ambassador.start.iso(), ambassador.end_date, ambassador.attested_to) == ("2006-11-24", None, None)


@pytest.mark.django_db
def test_the_director_general_is_attested_from_january_2021_when_his_visit_began():
    position = Person.objects.get(slug="salim-almalik").positions.get(post__title="Director-General")

    assert (position.first_attested.iso(), position.attested_from_precision) == ("2021-01", "month")
    dated = set(position.citations.filter(field="attested_from").values_list("quote", flat=True))
    assert any("yesterday, January 14, 2021, as part of the official visit" in quote for quote in dated)
    assert any("the tours of the historical and cultural sites" in quote for quote in dated)


@pytest.mark.django_db
def test_the_records_dated_by_the_undated_article_say_their_year_is_inferred():
    for note in [
        Event.objects.get(slug="bayramov-meets-almalik-2023").note,
        Event.objects.get(slug="way-of-the-prophet-museum-visit-2023").note,
        Person.objects.get(slug="mehriban-aliyeva").positions.get(post__title="First Lady").note,
    ]:
        assert "inferred" in note, note


@pytest.mark.django_db
def test_at_the_opening_alsenan_expressed_gratitude_and_icesco_is_organiser_by_sentences_that_say_so():
    event = Event.objects.get(slug="opening-ceremony-icesco-regional-office-baku")
    director = event.participations.get(person__slug="abdulhakeem-alsenan")
    organiser = event.participations.get(organisation__slug="icesco", role="organiser")

    assert "Expressed his gratitude" in director.note
    assert "Welcomed" not in director.note
    assert quotes_of(organiser) == {
        "Baku becomes hub of knowledge as ICESCO launches new regional office",
        'ICESCO Director-General Salim bin Mohammed AlMalik addressed the gathering, stating: "Today, we are here '
        "to celebrate the opening of ICESCO's new regional office, realizing a long-held aspiration.",
    }


@pytest.mark.django_db
def test_anar_karimov_presented_the_cluster_and_announced_the_heritage_seminar():
    cluster = Initiative.objects.get(slug="unified-regional-cluster")
    seminar = Initiative.objects.get(slug="seminar-on-the-protection-of-cultural-heritage")

    presenter = cluster.parties.get(person__slug="anar-karimov-icesco")
    announcer = seminar.parties.get(person__slug="anar-karimov-icesco")
    assert (presenter.role, announcer.role, announcer.get_role_display()) == ("presenter", "announcer", "announcer")
    assert any(
        'He stated: "First, we propose the creation of a unified regional cluster' in q for q in quotes_of(presenter)
    )
    assert quotes_of(announcer) == {
        "He also mentioned that the regional office in Baku would hold a seminar on the protection of cultural "
        "heritage on July 28 of this year."
    }


@pytest.mark.django_db
def test_the_regional_centres_parties_cite_the_sentence_that_proposes_the_centres():
    centres = Initiative.objects.get(slug="regional-centres-of-leadership")

    for party in centres.parties.all():
        assert any(q.startswith("Additionally, other centers will be created") for q in quotes_of(party)), party


@pytest.mark.django_db
def test_the_nezami_ganjavi_event_and_initiative_cite_the_sentence_naming_the_two_parties():
    event = Event.objects.get(slug="nezami-ganjavi-first-joint-event")
    initiative = Initiative.objects.get(slug="nezami-ganjavi-joint-event")
    parts = [*event.participations.all(), *initiative.parties.all()]

    for record in [event, initiative, *parts]:
        [quote] = quotes_of(record)
        assert quote.startswith("Answering journalists’ questions, ICESCO DG and the Minister of Culture of Azerbaijan")
        assert quote.endswith("the first joint event will celebrate the poet and philosopher, Nezami Ganjavi.")


@pytest.mark.django_db
def test_the_office_announcements_description_is_cited_by_the_sentences_it_comes_from():
    event = Event.objects.get(slug="regional-office-announcement-2025")
    described = set(event.citations.filter(field="description").values_list("quote", flat=True))

    assert any("describing it as a pivotal hub for ICESCO's activities in the region" in q for q in described)
    assert any("a main connecting point between Azerbaijan and Central Asia" in q for q in described)


@pytest.mark.django_db
def test_every_location_written_out_is_as_a_cited_source_words_it():
    located = Event.objects.exclude(location_text="").prefetch_related("citations__source")

    assert located.filter(slug="first-seminar-icesco-regional-office-baku-2025").exists()
    for event in located:
        assert any(event.location_text in c.source.text for c in event.citations.all()), event.location_text


@pytest.mark.django_db
def test_seed_update_removes_a_quote_the_fixtures_dropped_but_keeps_what_staff_added_or_edited(admin_user):
    event = Event.objects.get(slug="regional-office-announcement-2025")
    source = event.citations.first().source
    fixtures = quotes_of(event)

    def cite(quote, reason=None, user=None):
        citation = Citation(record=event, source=source, quote=quote)
        citation._change_reason = reason
        citation._history_user = user
        citation.save()
        return citation

    dropped = cite("ICESCO is already engaged in collaborative efforts", SEED_CHANGE_REASON)
    added_by_staff = cite("Salim bin Mohammed AlMalik pointed out", user=admin_user)
    edited_by_staff = cite("the organization's commitment", SEED_CHANGE_REASON)
    edited_by_staff.note = "Checked again."
    edited_by_staff._history_user = admin_user
    edited_by_staff._change_reason = None
    edited_by_staff.save()

    report = seed_load(directory=FIXTURES, update=True)

    assert not Citation.objects.filter(pk=dropped.pk).exists()
    assert quotes_of(event) == fixtures | {added_by_staff.quote, edited_by_staff.quote}
    assert report.removed == {"citations": 1}
    assert dropped.history.latest().history_type == "-"
    assert "1 removed" in next(line for line in report.lines() if line.startswith("citations:"))


@pytest.mark.django_db
def test_every_seeded_record_has_a_working_page_and_api_detail(client):
    for model, collection in COLLECTIONS.items():
        for record in model.objects.published():
            page = client.get(record.get_absolute_url())
            detail = client.get(f"/api/v1/{collection}/{record.uuid}/")

            assert page.status_code == 200, record.get_absolute_url()
            assert escape(str(record)) in page.content.decode()
            assert detail.status_code == 200, record
            assert detail.json()["html_url"].endswith(record.get_absolute_url())


@pytest.mark.django_db
def test_the_admin_shows_a_seeded_record_with_its_quoted_evidence(admin_client):
    event = Event.objects.get(slug="opening-ceremony-icesco-regional-office-baku")

    body = admin_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()

    assert escape(event.title) in body
    assert "Salim bin Mohammed AlMalik" in body  # a participant, in the inline
    assert escape('was held on April 29 within the "Icharishaher" State Historical-Architectural Reserve.') in body


# The seed loader's history, on a fixture of its own.


def rows_of(model, pk):
    """The history rows of one record, oldest first."""
    return list(model.history.filter(id=pk).order_by("history_date", "history_id"))


SEED_SOURCE_TEXT = "BAKU, 14 January 2021. The Ministry of Culture of Azerbaijan received a delegation of ICESCO.\n"
SEED_FIXTURE = textwrap.dedent(
    """\
    sources:
      - slug: test-source
        reference: test-source.txt
        text_file: test-source.txt
        kind: news_article
        title: A delegation of ICESCO in Baku
        published_date: 2021-01-14
        language: en
    organisations:
      - slug: ministry-of-culture
        name: Ministry of Culture of Azerbaijan
        kind: ministry
        cite:
          - source: test-source
            quote: The Ministry of Culture of Azerbaijan received a delegation of ICESCO.
        alternate_names:
          - {name: Ministry of Culture, kind: spelling_variant, language: en}
    """
)


@pytest.mark.django_db
def test_the_seed_loader_leaves_one_row_per_record_with_no_user_and_the_seed_as_reason(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "test-source.txt").write_text(SEED_SOURCE_TEXT, encoding="utf-8")
    (tmp_path / "cooperation").mkdir()
    (tmp_path / "cooperation" / "seed.yaml").write_text(SEED_FIXTURE, encoding="utf-8")

    seed_load(directory=tmp_path)
    seed_load(directory=tmp_path)  # a second run changes nothing, and writes no history

    organisation = Organisation.objects.get(slug="ministry-of-culture")
    for model, pk in [
        (Organisation, organisation.pk),
        (type(organisation.citations.get().source), organisation.citations.get().source_id),
        (Citation, organisation.citations.get().pk),
        (AlternateName, organisation.alternate_names.get().pk),
    ]:
        (row,) = rows_of(model, pk)
        assert (row.history_type, row.history_user, row.history_change_reason) == ("+", None, SEED_CHANGE_REASON)
