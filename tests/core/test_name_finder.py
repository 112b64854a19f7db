"""The names a source's text uses (cooperation.core.name_finder): the records it names, by name,
acronym or alternate name, in order of first mention; and the capitalised names no record has yet,
as candidates for new records. Also on two published articles, with every record they name made by
the factories, and on the source's admin page that lists them.
"""

import pytest

from cooperation.admin import SourceCitationListInline
from cooperation.core.citations import AlternateNameKind, Citation
from cooperation.core.name_finder import candidate_names, known_names, names_in, sentence_with
from cooperation.models import Organisation, OrganisationKind, Place, PlaceKind, Source
from people.models import Person
from tests.admin_support import attach_citation, body, change_url, inline_of, supports
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

ARTICLE = (
    "BAKU, 14 January 2021. The Minister of Culture of Azerbaijan, Anar Karimov, received a delegation of ICESCO.\n"
    "Both sides discussed the ICESCO regional office in Baku. "
    "Salim AlMalik thanked the Heydar Aliyev Foundation, Azerbaijan's partner."
)


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


# --- Two published articles, with every record they name -------------------------------------------

# The article of 29 April 2025 announcing ICESCO's regional office, as published (date line, byline).
REGIONAL_OFFICE_ARTICLE = """\
 date 2025-04-29 29 April 2025 17:43 (UTC+04:00)

Laman Ismayilova

A regional office of the Islamic World Educational, Scientific and Cultural Organization (ICESCO) is set to be \
established in Azerbaijan, Azernews reports.

This significant development was announced by ICESCO Director General Salim bin Mohammed AlMalik during a recent \
statement.

In his remarks, Salim bin Mohammed AlMalik emphasized the strategic importance of the new office, describing it as a \
pivotal hub for ICESCO's activities in the region.

"This will serve as a main connecting point between Azerbaijan and Central Asia," he noted, highlighting the \
organization's commitment to enhancing collaboration across various sectors.

The establishment of the ICESCO office in Azerbaijan is expected to strengthen educational, scientific, and cultural \
initiatives within this part of the world. Salim bin Mohammed AlMalik pointed out that ICESCO is already engaged in \
collaborative efforts with various institutes and organizations in Azerbaijan across multiple domains.

"We cooperate with educational institutions, cultural entities, and research organizations in Azerbaijan in all \
areas," he stated, underlining the potential for mutual benefits in these partnerships.

Furthermore, the creation of the regional office aligns with ICESCO's broader mission to promote educational and \
cultural advancements in member states. The organization aims to enhance cooperation among its member countries, \
facilitate knowledge exchange, and support sustainable development through research and innovation.

With its rich cultural legacy, Azerbaijan joined the Islamic World Educational, Scientific, and Cultural Organisation \
(ICESCO) in 1991.

Since then, Azerbaijan has actively promoted the preservation of its Islamic cultural heritage.

The country successfully collaborates closely with various organisations, including the Organisation of Islamic \
Cooperation, the Islamic Development Bank, the Islamic Conference of Parliamentary Union, and the Islamic Conference \
of Youth Forum.
"""

# The first paragraphs of the report of the office's opening ceremony, the same day.
OPENING_CEREMONY_ARTICLE = """\
Baku becomes hub of knowledge as ICESCO launches new regional office

29 April 2025 21:30

The official opening ceremony of the new ICESCO regional office in Azerbaijan was held on April 29 within the \
"Icharishaher" State Historical-Architectural Reserve.

Also present were Assistant to the President of the Republic of Azerbaijan, Anar Alakbarov; Minister of Culture of \
Azerbaijan, Adil Karimli; ICESCO Director-General, Salim bin Mohammed AlMalik; Minister of Science and Education, \
Emin Amrullayev; President of the Azerbaijan National Academy of Sciences (ANAS), Isa Habibbayli; President of the \
Turkic Culture and Heritage Foundation, Aktoty Raimkulova; and prominent Azerbaijani public and political figures.
"""

SPELLING = AlternateNameKind.SPELLING_VARIANT


def with_alternate_names(record, *names, kind=SPELLING):
    for name in names:
        AlternateNameFactory(record=record, name=name, kind=kind)
    return record


@pytest.fixture
def regional_office_article():
    """The article, the records it names (each under the names staff gave it) and records it does not name."""
    icesco = with_alternate_names(
        OrganisationFactory(
            slug="icesco", name="Islamic World Educational, Scientific and Cultural Organization", acronym="ICESCO"
        ),
        "Islamic World Educational, Scientific, and Cultural Organization",
        "Islamic World Educational, Scientific and Cultural Organisation",
        "Islamic World Educational, Scientific, and Cultural Organisation",
    )
    AlternateNameFactory(record=icesco, name="ICESCO", kind=AlternateNameKind.ACRONYM)
    with_alternate_names(
        OrganisationFactory(
            slug="icesco-regional-office-baku",
            name="ICESCO Regional Office in Baku",
            kind=OrganisationKind.REGIONAL_OFFICE,
            parent=icesco,
        ),
        "ICESCO's Regional Office in Baku",
        "ICESCO regional office in Azerbaijan",
        "ICESCO office in Azerbaijan",
        "Regional Office in Baku",
        "Baku office",
    )
    with_alternate_names(
        OrganisationFactory(slug="azerbaijan", name="Azerbaijan", kind=OrganisationKind.STATE), "Republic of Azerbaijan"
    )
    with_alternate_names(
        PlaceFactory(slug="azerbaijan", name="Azerbaijan", kind=PlaceKind.COUNTRY), "Republic of Azerbaijan"
    )
    with_alternate_names(OrganisationFactory(slug="azernews", name="Azernews", kind=OrganisationKind.MEDIA), "AzerNews")
    oic = OrganisationFactory(slug="oic", name="Organisation of Islamic Cooperation", acronym="OIC")
    AlternateNameFactory(record=oic, name="OIC", kind=AlternateNameKind.ACRONYM)
    OrganisationFactory(slug="islamic-development-bank", name="Islamic Development Bank")
    OrganisationFactory(
        slug="islamic-conference-of-parliamentary-union", name="Islamic Conference of Parliamentary Union"
    )
    OrganisationFactory(slug="islamic-conference-of-youth-forum", name="Islamic Conference of Youth Forum")
    central_asia = PlaceFactory(slug="central-asia", name="Central Asia", kind=PlaceKind.REGION)
    author = PersonFactory(slug="laman-ismayilova", name="Laman Ismayilova")
    with_alternate_names(
        PersonFactory(slug="salim-almalik", name="Salim bin Mohammed AlMalik"),
        "Salim M. AlMalik",
        "Salim AlMalik",
        "AlMalik",
    )
    # Named elsewhere, not in this article.
    OrganisationFactory(slug="oic-youth-forum", name="OIC Youth Forum")
    PlaceFactory(slug="baku", name="Baku")
    PersonFactory(slug="anar-karimov", name="Anar Karimov")

    source = SourceFactory(
        slug="azernews-2025-04-29-icesco-regional-office-azerbaijan",
        title="ICESCO to establish regional office in Azerbaijan",
        author=author,
        text=REGIONAL_OFFICE_ARTICLE,
    )
    CitationFactory(
        record=icesco,
        source=source,
        quote="A regional office of the Islamic World Educational, Scientific and Cultural Organization (ICESCO) "
        "is set to be established in Azerbaijan",
    )
    CitationFactory(record=central_asia, source=source, quote="between Azerbaijan and Central Asia")
    return source


@pytest.fixture
def opening_ceremony_article():
    """The report's first paragraphs, and some of the records they name."""
    with_alternate_names(
        PlaceFactory(
            slug="icharishaher", name="“Icharishaher” State Historical-Architectural Reserve", kind=PlaceKind.VENUE
        ),
        "Icharishaher",
    )
    anas = OrganisationFactory(
        slug="anas", name="Azerbaijan National Academy of Sciences", acronym="ANAS", kind=OrganisationKind.ACADEMY
    )
    AlternateNameFactory(record=anas, name="ANAS", kind=AlternateNameKind.ACRONYM)
    PersonFactory(slug="aktoty-raimkulova", name="Aktoty Raimkulova")
    return SourceFactory(slug="caliber-2025-04-29-baku-hub-of-knowledge", text=OPENING_CEREMONY_ARTICLE)


def named(text):
    """{(model label, slug)} of the records `text` names."""
    known, _candidates = names_in(text)
    return {(type(k.record)._meta.label, k.record.slug) for k in known}


@pytest.mark.usefixtures("regional_office_article", "opening_ceremony_article")
class TestPublishedArticles:
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

        by_record = {k.record: k for k in known}
        assert len(by_record) == len(known)  # each record once, whichever of its names the text uses
        assert (by_record[almalik].text, by_record[almalik].count) == ("Salim bin Mohammed AlMalik", 3)
        assert by_record[almalik].also == ("AlMalik",)  # an alternate name, inside the full name: not counted again
        assert by_record[icesco].count == 9  # 7 × ICESCO, and two spellings of its full name
        # Spelled differently in the last paragraph: found by the alternate name.
        assert set(by_record[icesco].also) | {by_record[icesco].text} == {
            "ICESCO",
            "Islamic World Educational, Scientific and Cultural Organization",
            "Islamic World Educational, Scientific, and Cultural Organisation",
        }
        # The office is named only by one of its alternate names, never by its own name.
        assert office.name not in source.text
        assert by_record[office].text == "ICESCO office in Azerbaijan"
        assert office.alternate_names.filter(name="ICESCO office in Azerbaijan").exists()
        # "ICESCO Director General Salim bin Mohammed AlMalik": the known names split the phrase;
        # "(UTC+04:00)" of the page's date line is not a name.
        assert candidates == [("Director General", 1)]

    def test_opening_ceremony_article_lists_names_with_no_record(self):
        source = Source.objects.get(slug="caliber-2025-04-29-baku-hub-of-knowledge")

        known, candidates = names_in(source.text)

        assert ("State Historical-Architectural Reserve", 1) in candidates
        assert ("Minister of Science and Education", 1) in candidates
        icharishaher = Place.objects.get(slug="icharishaher")
        assert [k.text for k in known if k.record == icharishaher] == ["Icharishaher"]
        assert {("people.Person", "aktoty-raimkulova"), ("cooperation.Organisation", "anas")} <= named(source.text)

    def test_source_page_lists_the_names_of_a_published_article_with_links(self, admin_client):
        source = Source.objects.get(slug="azernews-2025-04-29-icesco-regional-office-azerbaijan")
        almalik = Person.objects.get(slug="salim-almalik")
        office = Organisation.objects.get(slug="icesco-regional-office-baku")
        central_asia = Place.objects.get(slug="central-asia")

        response = admin_client.get(change_url(source))

        text = body(response)
        assert "Records this text names:" in text
        assert f'<a href="{change_url(almalik)}">Salim bin Mohammed AlMalik</a> (also AlMalik) — Person (3×)' in text
        assert f'<a href="{change_url(office)}">ICESCO office in Azerbaijan</a> — Organisation (1×)' in text
        assert f'<a href="{change_url(central_asia)}">Central Asia</a> — Place (1×)' in text
        assert "Names with no record yet (candidates for new records):" in text
        assert "UTC (1×)" not in text
        # The source's citations are listed, each linked to its record.
        listed = inline_of(response, SourceCitationListInline).formset.initial_forms
        assert len(listed) == Citation.objects.filter(source=source).count() > 0
        icesco = Organisation.objects.get(slug="icesco")
        assert f'<a href="{change_url(icesco)}">{icesco.name}</a> (organisation)' in text
        assert f'<a href="{change_url(central_asia)}">Central Asia</a> (place)' in text

    def test_a_new_passage_of_a_published_article_is_cited_for_a_record_it_names(self, admin_client):
        source = Source.objects.get(slug="azernews-2025-04-29-icesco-regional-office-azerbaijan")
        central_asia = Place.objects.get(slug="central-asia")
        quote = "This will serve as a main connecting point between Azerbaijan and Central Asia"
        assert not Citation.objects.filter(source=source, object_id=central_asia.pk, quote=quote).exists()

        response = attach_citation(admin_client, source, {"supports": supports(central_asia), "quote": quote})

        assert response.status_code == 302
        assert Citation.objects.get(source=source, quote=quote).record == central_asia


# --- Factory-made documents: the page around an article, names used twice over ----------------------

PAGE = (
    "AZERNEWS\n"
    "Home | News | Politics | Contact Us\n"
    "BAKU, 14 JANUARY 2021\n"
    "The Heydar Aliyev Foundation hosted ICESCO experts at 10:00 (UTC+04:00). "
    "Islamic World Educational, Scientific and Cultural Organization experts thanked the hosts.\n"
    "Read More\n"
    "Share on Facebook | Follow us on Telegram\n"
)


def test_the_page_around_an_article_is_not_taken_for_names():
    assert candidate_names(PAGE, covered=[]) == [
        ("Heydar Aliyev Foundation", 1),
        ("ICESCO", 1),
        ("Islamic World Educational", 1),  # a comma ends a name
        ("Scientific and Cultural Organization", 1),
    ]


def test_a_record_named_by_two_of_its_names_is_listed_once_with_its_mentions_counted():
    icesco = OrganisationFactory(
        name="Islamic World Educational, Scientific and Cultural Organization", acronym="ICESCO"
    )

    known, _candidates = names_in(PAGE)

    assert [(k.text, k.record, k.count, k.also) for k in known] == [
        ("ICESCO", icesco, 2, ("Islamic World Educational, Scientific and Cultural Organization",))
    ]


def test_the_sources_own_site_is_not_a_candidate():
    source = SourceFactory(title="Azernews", text=PAGE.replace("AZERNEWS", "Azernews Daily Digest"))

    _known, candidates = names_in(source.text, source=source)

    assert not [name for name, _count in candidates if "Azernews" in name]
    assert ("Heydar Aliyev Foundation", 1) in candidates


def test_the_sentence_naming_a_candidate_is_quoted_as_written():
    assert sentence_with(PAGE, "Heydar Aliyev Foundation") == (
        "The Heydar Aliyev Foundation hosted ICESCO experts at 10:00 (UTC+04:00)."
    )
    assert sentence_with(PAGE, "Nobody") == ""
    assert sentence_with(PAGE, "Heydar Aliyev Foundation") in PAGE  # verbatim: a citation accepts it
