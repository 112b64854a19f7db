"""Floor 1's collections in the JSON API (organisations, initiatives, sources, places): the documented
shape of each, pinned field by field for a record whose every field is filled."""

import datetime as dt
from decimal import Decimal

import pytest

from cooperation.core.citations import AlternateNameKind
from cooperation.core.dates import DatePrecision
from cooperation.models import (
    InitiativeKind,
    InitiativeStatus,
    OrganisationKind,
    PartyRole,
    PlaceKind,
    RelationKind,
    SourceKind,
)
from events.models import ParticipationRole
from tests.api_support import API, FROZEN_IN_BAKU, freeze, summary, uid
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    OrganisationRelationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR

# --- Pinned shapes --------------------------------------------------------------------------------


@pytest.fixture
def azerbaijan_and_baku():
    azerbaijan = PlaceFactory(
        uuid=uid(1), name="Azerbaijan", slug="azerbaijan", kind=PlaceKind.COUNTRY, country_code="AZ"
    )
    baku = PlaceFactory(uuid=uid(2), name="Baku", slug="baku", parent=azerbaijan)
    return azerbaijan, baku


@pytest.fixture
def national_commission(azerbaijan_and_baku):
    azerbaijan, baku = azerbaijan_and_baku
    icesco = OrganisationFactory(uuid=uid(10), name="ICESCO", slug="icesco", acronym="ICESCO")
    ministry = OrganisationFactory(
        uuid=uid(11), name="Ministry of Science and Education", slug="ministry", kind=OrganisationKind.MINISTRY
    )
    unesco_commission = OrganisationFactory(uuid=uid(12), name="National Commission for UNESCO", slug="unesco-natcom")
    commission = OrganisationFactory(
        uuid=uid(100),
        name="Azerbaijan National Commission for ICESCO",
        slug="national-commission",
        kind=OrganisationKind.GOVERNMENT_OFFICE,
        parent=ministry,
        country=azerbaijan,
        headquarters=baku,
        website="https://natcom.example.az/",
        founded_date=dt.date(1992, 1, 1),
        founded_date_precision=YEAR,
        description="Coordinates Azerbaijan's work with ICESCO.",
        note="Founding year from the ministry's site.",
    )
    OrganisationFactory(uuid=uid(101), name="Secretariat", slug="secretariat", parent=commission)
    OrganisationRelationFactory(
        uuid=uid(81),
        subject=commission,
        kind=RelationKind.PARTNER_OF,
        object=unesco_commission,
        start_date=dt.date(2021, 1, 14),
        start_date_precision=DAY,
        end_date=dt.date(2024, 12, 31),
        end_date_precision=MONTH,
    )
    affiliation = OrganisationRelationFactory(
        uuid=uid(80),
        subject=commission,
        kind=RelationKind.AFFILIATED_WITH,
        object=icesco,
        start_date=dt.date(1992, 1, 1),
        start_date_precision=YEAR,
    )
    source = SourceFactory(
        uuid=uid(70),
        title="The National Commission",
        slug="national-commission-page",
        text="The National Commission was set up in 1992. It works with ICESCO.",
    )
    CitationFactory(record=commission, source=source, quote="The National Commission was set up in 1992")
    CitationFactory(record=commission, source=source, field="founded_date", quote="set up in 1992")
    CitationFactory(record=affiliation, source=source, quote="It works with ICESCO.")
    AlternateNameFactory(record=commission, name="AzNatCom", language="", kind=AlternateNameKind.ACRONYM)
    freeze(commission)
    return commission


NATIONAL_COMMISSION_LIST_ITEM = {
    "id": str(uid(100)),
    "slug": "national-commission",
    "url": f"{API}/organisations/{uid(100)}/",
    "html_url": "http://testserver/organisations/national-commission/",
    "updated_at": FROZEN_IN_BAKU,
    "name": "Azerbaijan National Commission for ICESCO",
    "acronym": "",
    "kind": "government_office",
    "parent": summary("organisations", 11, "Ministry of Science and Education"),
    "children": [summary("organisations", 101, "Secretariat")],
    "country": summary("places", 1, "Azerbaijan"),
    "headquarters": summary("places", 2, "Baku"),
    "website": "https://natcom.example.az/",
    "founded_date": "1992",
    "founded_date_precision": "year",
    "relations": [
        {
            "id": str(uid(80)),
            "kind": "affiliated_with",
            "organisation": summary("organisations", 10, "ICESCO"),
            "start_date": "1992",
            "start_date_precision": "year",
            "end_date": None,
            "end_date_precision": None,
        },
        {
            "id": str(uid(81)),
            "kind": "partner_of",
            "organisation": summary("organisations", 12, "National Commission for UNESCO"),
            "start_date": "2021-01-14",
            "start_date_precision": "day",
            "end_date": "2024-12",
            "end_date_precision": "month",
        },
    ],
}

NATIONAL_COMMISSION_DETAIL = {
    **NATIONAL_COMMISSION_LIST_ITEM,
    # In the detail, each relation with the quotes behind it.
    "relations": [
        {
            **NATIONAL_COMMISSION_LIST_ITEM["relations"][0],
            "citations": [
                {
                    "source": summary("sources", 70, "The National Commission"),
                    "quote": "It works with ICESCO.",
                    "field": "",
                }
            ],
        },
        {**NATIONAL_COMMISSION_LIST_ITEM["relations"][1], "citations": []},
    ],
    "description": "Coordinates Azerbaijan's work with ICESCO.",
    "alternate_names": [{"name": "AzNatCom", "kind": "acronym", "language": ""}],
    "citations": [
        {
            "source": summary("sources", 70, "The National Commission"),
            "quote": "The National Commission was set up in 1992",
            "field": "",
        },
        {
            "source": summary("sources", 70, "The National Commission"),
            "quote": "set up in 1992",
            "field": "founded_date",
        },
    ],
    "note": "Founding year from the ministry's site.",
}
# Every language's text of its translated fields: English only, as none is translated.
NATIONAL_COMMISSION_DETAIL["translations"] = {
    "en": {
        field: NATIONAL_COMMISSION_DETAIL[field]
        for field in ("name", "acronym", "description")
        if NATIONAL_COMMISSION_DETAIL[field]
    }
}


def test_organisation_detail_is_the_whole_documented_object(api, national_commission):
    by_id = api.get(f"/api/v1/organisations/{uid(100)}/")
    by_slug = api.get("/api/v1/organisations/national-commission/")

    assert by_id.status_code == 200
    assert by_id.json() == NATIONAL_COMMISSION_DETAIL
    assert by_slug.json() == NATIONAL_COMMISSION_DETAIL


def test_organisation_list_item_is_the_whole_documented_object_without_the_detail_fields(api, national_commission):
    response = api.get("/api/v1/organisations/", {"kind": "government_office"})

    assert response.json() == {
        "count": 1,
        "count_estimated": False,
        "next": None,
        "previous": None,
        "results": [NATIONAL_COMMISSION_LIST_ITEM],
    }


@pytest.fixture
def heritage_chair(azerbaijan_and_baku):
    _azerbaijan, baku = azerbaijan_and_baku
    ganja = PlaceFactory(uuid=uid(3), name="Ganja", slug="ganja")
    icesco = OrganisationFactory(uuid=uid(10), name="ICESCO", slug="icesco")
    salim = PersonFactory(uuid=uid(20), name="Salim AlMalik", slug="salim")
    programme = InitiativeFactory(uuid=uid(301), title="ICESCO Chairs programme", slug="chairs-programme")
    chair = InitiativeFactory(
        uuid=uid(300),
        title="ICESCO Chair in Azerbaijani Heritage",
        slug="heritage-chair",
        kind=InitiativeKind.PROJECT,
        status=InitiativeStatus.ACTIVE,
        start_date=dt.date(2023, 1, 1),
        start_date_precision=YEAR,
        end_date=dt.date(2025, 6, 30),
        end_date_precision=MONTH,
        lead_organisation=icesco,
        parent=programme,
        description="A university chair for the study of heritage.",
        note="The end is the close of the first term.",
    )
    chair.places.add(ganja, baku)
    presenter = InitiativePartyFactory(
        uuid=uid(310), initiative=chair, organisation=None, person=salim, role=PartyRole.PRESENTER
    )
    InitiativePartyFactory(uuid=uid(311), initiative=chair, organisation=icesco, role=PartyRole.LEAD)
    InitiativeFactory(uuid=uid(302), title="Heritage summer school", slug="summer-school", parent=chair)
    source = SourceFactory(
        uuid=uid(70), title="Chair opens", slug="chair-opens", text="The chair opened in 2023. Salim presented it."
    )
    CitationFactory(record=chair, source=source, quote="The chair opened in 2023")
    CitationFactory(record=presenter, source=source, quote="Salim presented it.")
    AlternateNameFactory(record=chair, name="Heritage Chair", language="en", kind=AlternateNameKind.SPELLING_VARIANT)
    freeze(chair)
    return chair


HERITAGE_CHAIR_LIST_ITEM = {
    "id": str(uid(300)),
    "slug": "heritage-chair",
    "url": f"{API}/initiatives/{uid(300)}/",
    "html_url": "http://testserver/initiatives/heritage-chair/",
    "updated_at": FROZEN_IN_BAKU,
    "title": "ICESCO Chair in Azerbaijani Heritage",
    "kind": "project",
    "status": "active",
    "start_date": "2023",
    "start_date_precision": "year",
    "end_date": "2025-06",
    "end_date_precision": "month",
    "lead_organisation": summary("organisations", 10, "ICESCO"),
    "parent": summary("initiatives", 301, "ICESCO Chairs programme"),
    "places": [summary("places", 2, "Baku"), summary("places", 3, "Ganja")],
    "parties": [
        {"id": str(uid(311)), "role": "lead", "organisation": summary("organisations", 10, "ICESCO"), "person": None},
        {
            "id": str(uid(310)),
            "role": "presenter",
            "organisation": None,
            "person": summary("people", 20, "Salim AlMalik"),
        },
    ],
}

HERITAGE_CHAIR_DETAIL = {
    **HERITAGE_CHAIR_LIST_ITEM,
    # In the detail, each party with the quotes behind it.
    "parties": [
        {**HERITAGE_CHAIR_LIST_ITEM["parties"][0], "citations": []},
        {
            **HERITAGE_CHAIR_LIST_ITEM["parties"][1],
            "citations": [
                {"source": summary("sources", 70, "Chair opens"), "quote": "Salim presented it.", "field": ""}
            ],
        },
    ],
    "description": "A university chair for the study of heritage.",
    "children": [summary("initiatives", 302, "Heritage summer school")],
    "alternate_names": [{"name": "Heritage Chair", "kind": "spelling_variant", "language": "en"}],
    "citations": [{"source": summary("sources", 70, "Chair opens"), "quote": "The chair opened in 2023", "field": ""}],
    "note": "The end is the close of the first term.",
}
# Every language's text of its translated fields: English only, as none is translated.
HERITAGE_CHAIR_DETAIL["translations"] = {
    "en": {field: HERITAGE_CHAIR_DETAIL[field] for field in ("title", "description") if HERITAGE_CHAIR_DETAIL[field]}
}


def test_initiative_detail_is_the_whole_documented_object(api, heritage_chair):
    by_id = api.get(f"/api/v1/initiatives/{uid(300)}/")
    by_slug = api.get("/api/v1/initiatives/heritage-chair/")

    assert by_id.status_code == 200
    assert by_id.json() == HERITAGE_CHAIR_DETAIL
    assert by_slug.json() == HERITAGE_CHAIR_DETAIL


def test_initiative_list_item_is_the_whole_documented_object_without_the_detail_fields(api, heritage_chair):
    response = api.get("/api/v1/initiatives/", {"kind": "project"})

    assert response.json() == {
        "count": 1,
        "count_estimated": False,
        "next": None,
        "previous": None,
        "results": [HERITAGE_CHAIR_LIST_ITEM],
    }


@pytest.fixture
def press_release():
    icesco = OrganisationFactory(uuid=uid(10), name="ICESCO", slug="icesco")
    reporter = PersonFactory(uuid=uid(20), name="Leyla Aliyeva", slug="leyla")
    salim = PersonFactory(uuid=uid(21), name="Salim AlMalik", slug="salim")
    release = SourceFactory(
        uuid=uid(400),
        title="ICESCO Director-General visits Baku",
        slug="dg-visits-baku",
        kind=SourceKind.PRESS_RELEASE,
        publisher=icesco,
        author=reporter,
        author_name="L. Aliyeva",
        published_date=dt.date(2025, 4, 1),
        published_date_precision=MONTH,
        published_date_inferred=True,
        language="en",
        reference="icesco-press-2025-04.txt",
        text="The Director-General arrived in Baku. Salim AlMalik led the delegation.",
        url="https://icesco.example.org/news/dg-visits-baku",
        note="Undated; April 2025 from the visit it reports.",
    )
    visit = EventFactory(uuid=uid(40), title="Visit to Baku", slug="visit")
    participation = ParticipationFactory(event=visit, person=salim, role=ParticipationRole.DELEGATION_HEAD)
    CitationFactory(record=visit, source=release, quote="The Director-General arrived in Baku")
    CitationFactory(record=participation, source=release, field="role", quote="Salim AlMalik led the delegation")
    CitationFactory(record=salim, source=release, quote="Salim AlMalik")
    freeze(release)
    return release


PRESS_RELEASE_LIST_ITEM = {
    "id": str(uid(400)),
    "slug": "dg-visits-baku",
    "url": f"{API}/sources/{uid(400)}/",
    "html_url": "http://testserver/sources/dg-visits-baku/",
    "updated_at": FROZEN_IN_BAKU,
    "title": "ICESCO Director-General visits Baku",
    "kind": "press_release",
    "publisher": summary("organisations", 10, "ICESCO"),
    "author": summary("people", 20, "Leyla Aliyeva"),
    "author_name": "L. Aliyeva",
    "published_date": "2025-04",
    "published_date_precision": "month",
    "published_date_inferred": True,
    "language": "en",
    "reference": "icesco-press-2025-04.txt",
    "document_url": "https://icesco.example.org/news/dg-visits-baku",
}

PRESS_RELEASE_DETAIL = {
    **PRESS_RELEASE_LIST_ITEM,
    "text": "The Director-General arrived in Baku. Salim AlMalik led the delegation.",
    "note": "Undated; April 2025 from the visit it reports.",
    "quotes": [
        {
            "quote": "The Director-General arrived in Baku",
            "field": "",
            "record_type": "event",
            "record": summary("events", 40, "Visit to Baku"),
        },
        {
            "quote": "Salim AlMalik led the delegation",
            "field": "role",
            "record_type": "participation",
            "record": summary("events", 40, "Visit to Baku"),
        },
        {
            "quote": "Salim AlMalik",
            "field": "",
            "record_type": "person",
            "record": summary("people", 21, "Salim AlMalik"),
        },
    ],
}
# Every language's text of its translated fields: English only, as none is translated.
PRESS_RELEASE_DETAIL["translations"] = {
    "en": {field: PRESS_RELEASE_DETAIL[field] for field in ("title",) if PRESS_RELEASE_DETAIL[field]}
}


def test_source_detail_is_the_whole_documented_object_with_its_quotes(api, press_release):
    by_id = api.get(f"/api/v1/sources/{uid(400)}/")
    by_slug = api.get("/api/v1/sources/dg-visits-baku/")

    assert by_id.status_code == 200
    assert by_id.json() == PRESS_RELEASE_DETAIL
    assert by_slug.json() == PRESS_RELEASE_DETAIL


def test_source_list_item_is_the_whole_documented_object_without_text_or_quotes(api, press_release):
    response = api.get("/api/v1/sources/")

    assert response.json() == {
        "count": 1,
        "count_estimated": False,
        "next": None,
        "previous": None,
        "results": [PRESS_RELEASE_LIST_ITEM],
    }


def test_a_sources_document_address_is_served_apart_from_its_api_address(api):
    """Source.url (where the document was published) once shared the name `url` with the API address and
    was lost; it is served as `document_url`."""
    source = SourceFactory(slug="article", url="https://news.example.az/icesco-visit")
    SourceFactory(slug="undated-page", url="")

    detail = api.get("/api/v1/sources/article/").json()
    listed = {record["slug"]: record for record in api.get("/api/v1/sources/").json()["results"]}

    assert detail["document_url"] == "https://news.example.az/icesco-visit"
    assert detail["url"] == f"{API}/sources/{source.uuid}/"
    assert listed["article"]["document_url"] == "https://news.example.az/icesco-visit"
    assert listed["undated-page"]["document_url"] == ""


@pytest.fixture
def baku_place():
    azerbaijan = PlaceFactory(uuid=uid(1), name="Azerbaijan", slug="azerbaijan", kind=PlaceKind.COUNTRY)
    baku = PlaceFactory(
        uuid=uid(500),
        name="Baku",
        slug="baku",
        parent=azerbaijan,
        latitude=Decimal("40.409264"),
        longitude=Decimal("49.867092"),
        description="Capital of Azerbaijan.",
        note="Coordinates of the city centre.",
    )
    PlaceFactory(uuid=uid(501), name="Nizami Museum", slug="nizami-museum", kind=PlaceKind.VENUE, parent=baku)
    source = SourceFactory(uuid=uid(70), title="Baku", slug="baku-article", text="Baku is the capital. It is old.")
    CitationFactory(record=baku, source=source, quote="Baku is the capital")
    AlternateNameFactory(record=baku, name="Bakı", language="az", kind=AlternateNameKind.TRANSLATION)
    freeze(baku)
    return baku


BAKU_LIST_ITEM = {
    "id": str(uid(500)),
    "slug": "baku",
    "url": f"{API}/places/{uid(500)}/",
    "html_url": "http://testserver/places/baku/",
    "updated_at": FROZEN_IN_BAKU,
    "name": "Baku",
    "kind": "city",
    "parent": summary("places", 1, "Azerbaijan"),
    "country_code": "",
    "latitude": "40.409264",
    "longitude": "49.867092",
}

BAKU_DETAIL = {
    **BAKU_LIST_ITEM,
    "description": "Capital of Azerbaijan.",
    "children": [summary("places", 501, "Nizami Museum")],
    "alternate_names": [{"name": "Bakı", "kind": "translation", "language": "az"}],
    "citations": [{"source": summary("sources", 70, "Baku"), "quote": "Baku is the capital", "field": ""}],
    "note": "Coordinates of the city centre.",
}
# Every language's text of its translated fields: English only, as none is translated.
BAKU_DETAIL["translations"] = {
    "en": {field: BAKU_DETAIL[field] for field in ("name", "description") if BAKU_DETAIL[field]}
}


def test_place_detail_is_the_whole_documented_object(api, baku_place):
    by_id = api.get(f"/api/v1/places/{uid(500)}/")
    by_slug = api.get("/api/v1/places/baku/")

    assert by_id.status_code == 200
    assert by_id.json() == BAKU_DETAIL
    assert by_slug.json() == BAKU_DETAIL


def test_place_list_item_is_the_whole_documented_object_without_the_detail_fields(api, baku_place):
    response = api.get("/api/v1/places/", {"kind": "city"})

    assert response.json() == {
        "count": 1,
        "count_estimated": False,
        "next": None,
        "previous": None,
        "results": [BAKU_LIST_ITEM],
    }
