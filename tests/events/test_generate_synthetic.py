"""manage.py generate_synthetic: synthetic records for benchmarks, deterministic with a seed, filled as
the application fills them (search keys, verbatim quotes, constraints), served by every page and the
API, and removed by --clear without touching anything else.

The synthetic data set (small) is generated once for this module, inside a transaction rolled back at
the end. The records it must leave alone are built with tests/factories.py, as everywhere else.
"""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from cooperation.core.citations import AlternateName, Citation
from cooperation.core.evidence import all_offences, misquoted_citations
from cooperation.core.records import PublicationStatus
from cooperation.core.search import index_text
from cooperation.core.versioning import DataVersion
from cooperation.models import Initiative, InitiativeParty, Organisation, OrganisationRelation, Place, Source
from events import synthetic
from events.models import Event, Participation
from people.models import Person, Position, Post
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    EventFactory,
    InitiativePartyFactory,
    OrganisationRelationFactory,
    ParticipationFactory,
    PlaceFactory,
    PositionFactory,
)

EVENTS = 400
SEED = 11
MODELS = [
    Place,
    Organisation,
    OrganisationRelation,
    Post,
    Person,
    Position,
    Initiative,
    InitiativeParty,
    Source,
    Event,
    Participation,
    Citation,
    AlternateName,
]


def generate(*args):
    output = io.StringIO()
    call_command("generate_synthetic", *args, stdout=output)
    return output.getvalue()


def synthetic_events():
    return Event.objects.filter(slug__startswith=synthetic.SLUG_PREFIX)


def snapshot():
    """What the generator decides, without the time it ran: identities, texts, dates, links."""
    return {
        "events": list(
            synthetic_events()
            .order_by("pk")
            .values_list(
                "pk",
                "uuid",
                "slug",
                "title",
                "kind",
                "status",
                "start_date",
                "start_date_precision",
                "end_date",
                "place__uuid",
                "parent__uuid",
                "publication_status",
                "search_key",
            )
        ),
        "participations": list(
            Participation.objects.filter(event__in=synthetic_events())
            .order_by("pk")
            .values_list("uuid", "event__uuid", "person__uuid", "organisation__uuid", "name", "role", "position__uuid")
        ),
        "people": list(Person.objects.filter(slug__startswith="syn-").order_by("pk").values_list("uuid", "slug")),
        "sources": list(Source.objects.filter(slug__startswith="syn-").order_by("pk").values_list("uuid", "text")),
        "citations": list(
            Citation.objects.filter(source__slug__startswith="syn-")
            .order_by("pk")
            .values_list("source__uuid", "content_type", "object_id", "quote")
        ),
    }


def counts():
    return {model._meta.label: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        output = generate("--events", str(EVENTS), "--seed", str(SEED))
        yield output
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("generated")]


def test_the_counts_scale_from_the_events(generated):
    sizes = synthetic.Sizes.from_events(EVENTS)

    assert synthetic_events().count() == EVENTS
    assert Person.objects.filter(slug__startswith="syn-").count() == sizes.people == EVENTS // 5
    assert Organisation.objects.filter(slug__startswith="syn-").count() == sizes.organisations
    assert Source.objects.filter(reference__startswith="synthetic/").count() == sizes.sources
    assert Initiative.objects.filter(slug__startswith="syn-").count() == sizes.initiatives
    assert Place.objects.filter(slug__startswith="syn-").count() == sizes.places
    participations = Participation.objects.filter(event__in=synthetic_events()).count()
    assert 3.5 * EVENTS <= participations <= 4.5 * EVENTS  # about four each
    assert f"Generating {EVENTS:,} events" in generated


def test_the_defaults_at_a_hundred_thousand_events():
    sizes = synthetic.Sizes.from_events(100_000)

    assert (sizes.people, sizes.organisations, sizes.sources, sizes.initiatives) == (20_000, 2_000, 5_000, 1_000)
    assert sizes.events * sizes.participants_per_event == 400_000


def test_a_share_of_drafts_and_every_kind_of_place():
    drafts = synthetic_events().filter(publication_status=PublicationStatus.DRAFT).count()

    assert 0.02 * EVENTS <= drafts <= 0.09 * EVENTS
    kinds = set(Place.objects.filter(slug__startswith="syn-").values_list("kind", flat=True))
    assert kinds == {"country", "region", "city"}
    city = Place.objects.filter(slug__startswith="syn-", kind="city").select_related("parent__parent").first()
    assert city.parent.kind == "region"
    assert city.parent.parent.kind == "country"


def test_dates_spread_over_1991_to_2026_at_every_precision():
    events = synthetic_events()
    years = set(events.values_list("start_date__year", flat=True))

    assert min(years) >= 1991
    assert max(years) <= 2026
    assert len(years) > 15
    assert set(events.values_list("start_date_precision", flat=True)) == {"year", "month", "day"}


def test_a_few_people_take_part_in_very_many_events():
    per_person = Counter(
        Participation.objects.filter(event__in=synthetic_events(), person__isnull=False).values_list(
            "person", flat=True
        )
    )
    busiest = per_person.most_common(1)[0][1]
    typical = sorted(per_person.values())[len(per_person) // 2]

    assert busiest >= 10 * typical


def test_every_quote_is_verbatim_and_every_published_record_is_cited():
    assert list(misquoted_citations()) == []
    assert list(all_offences()) == []


def test_search_keys_are_what_the_application_computes():
    for model in (Event, Person, Organisation, Place, Initiative, Source):
        records = model.objects.filter(slug__startswith="syn-").order_by("pk")
        named = records.filter(pk__in=AlternateName.objects.values("object_id"))[:5]
        for record in [*records[:20], *named]:
            assert record.search_key == record.build_search_key(), record


def test_the_search_words_are_those_of_the_published_records():
    from cooperation.core.registry import registry
    from cooperation.core.vocabulary import SearchWord, words_of

    published = set().union(
        *(words_of(key) for t in registry.page_types() for key in t.published().values_list("search_key", flat=True))
    )

    assert set(SearchWord.objects.values_list("word", flat=True)) == published  # and no draft's alone


def test_the_fast_search_key_is_index_text():
    keys = synthetic.SearchKeys()
    for text in ["Maryam Qafar-zadə", "Salim AlMalik meets Heydər Əliyev", "O'Connor, Ben Ali – ICESCO", "", "  a  "]:
        assert keys.key([text]) == index_text(text)


def test_every_row_passes_the_models_validation():
    """The named constraints, uniqueness and each model's clean(), as an admin save would check them."""
    for model in MODELS:
        rows = model.objects.order_by("pk")
        for row in [*rows[:15], *rows.reverse()[:15]]:
            row.full_clean()


def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    first = snapshot()

    generate("--clear", "--events", str(EVENTS), "--seed", str(SEED))
    assert snapshot() == first

    generate("--clear", "--events", str(EVENTS), "--seed", str(SEED + 1))
    assert snapshot()["events"] != first["events"]


def test_a_second_run_without_clear_is_refused():
    with pytest.raises(CommandError, match="--clear"):
        generate("--events", "10")


def rows():
    """Every row of every table the generator writes, by table and id."""
    tables = [*MODELS, Event.initiatives.through, Initiative.places.through]
    return {(model._meta.label, pk) for model in tables for pk in model.objects.values_list("pk", flat=True)}


def test_clear_removes_the_synthetic_rows_and_nothing_else():
    generate("--clear")  # this module's data set
    # Records of every kind that are not synthetic, as staff or the seed make them.
    event = EventFactory(slug="opening")
    ParticipationFactory(event=event)
    CitationFactory(record=event)
    AlternateNameFactory(record=PlaceFactory(slug="baku"))
    PositionFactory()
    InitiativePartyFactory()
    OrganisationRelationFactory()
    before = rows()
    generate("--events", "50", "--seed", "3")
    assert rows() > before
    version = DataVersion.current()

    output = generate("--clear")

    assert rows() == before
    assert synthetic_events().count() == 0
    assert DataVersion.current() > version
    assert "seed records untouched" in output


PAGES = [
    "/",
    "/events/",
    "/timeline/",
    "/sitemap.xml",
    "/search/?q=meeting",
    "/people/",
    "/organisations/",
    "/places/",
    "/initiatives/",
    "/sources/",
    "/api/v1/events/?page_size=50",
    "/api/v1/events/?year=2020&kind=meeting",
    "/api/v1/events/?q=heritage",
    "/api/v1/people/",
    "/api/v1/organisations/",
    "/api/v1/places/",
    "/api/v1/initiatives/",
    "/api/v1/sources/",
]


@pytest.mark.parametrize("url", PAGES)
def test_lists_and_pages_answer(client, url):
    response = client.get(url)

    assert response.status_code == 200, url


def published(model, **filters):
    return (
        model.objects.filter(slug__startswith="syn-", publication_status=PublicationStatus.PUBLISHED, **filters)
        .order_by("pk")
        .first()
    )


@pytest.mark.parametrize(
    ("model", "page", "api"),
    [
        (Event, "/events/{}/", "/api/v1/events/{}/"),
        (Person, "/people/{}/", "/api/v1/people/{}/"),
        (Organisation, "/organisations/{}/", "/api/v1/organisations/{}/"),
        (Place, "/places/{}/", "/api/v1/places/{}/"),
        (Initiative, "/initiatives/{}/", "/api/v1/initiatives/{}/"),
        (Source, "/sources/{}/", "/api/v1/sources/{}/"),
    ],
)
def test_each_record_page_and_its_api_object_answer(client, model, page, api):
    """The busiest record of each type (the first, by the skew) and a typical one."""
    records = model.objects.filter(slug__startswith="syn-", publication_status=PublicationStatus.PUBLISHED)
    for record in [records.order_by("pk").first(), records.order_by("-pk").first()]:
        assert client.get(page.format(record.slug)).status_code == 200, record.slug
        response = client.get(api.format(record.slug))
        assert response.status_code == 200, record.slug
        assert response.json()["id"] == str(record.uuid)


def test_the_busiest_persons_events_are_listed(client):
    person = published(Person)

    response = client.get(f"/api/v1/events/?person={person.slug}")

    assert response.status_code == 200
    assert response.json()["count"] > 0
