"""Fixtures shared by the framework's tests: the staff workspace's roles, and records to exchange."""

import datetime as dt

import pytest

from cooperation.core.dates import DatePrecision
from cooperation.core.records import PublicationStatus
from cooperation.core.roles import ADMINISTRATORS, EDITORS, REVIEWERS, sync_roles
from cooperation.models import OrganisationKind, PlaceKind
from events.models import EventKind
from tests.factories import (
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    UserFactory,
)

GROUP_OF_ROLE = {"editor": EDITORS, "reviewer": REVIEWERS, "administrator": ADMINISTRATORS}


@pytest.fixture
def roles(db):
    """The groups as a deploy leaves them (sync_roles also runs after every migrate)."""
    sync_roles()


@pytest.fixture
def sign_in(client, roles):
    """sign_in(role): the test client signed in as a new user "<role>-user" in `role` (one of editor,
    reviewer, administrator, staff_in_no_group, visitor), or left anonymous for "anonymous"."""

    def sign_in_as(role):
        if role != "anonymous":
            user = UserFactory(
                username=f"{role}-user",
                is_staff=role != "visitor",
                groups=[GROUP_OF_ROLE[role]] if role in GROUP_OF_ROLE else [],
            )
            client.force_login(user)
        return client

    return sign_in_as


@pytest.fixture
def records():
    """Records of every kind exchanged, with links of each sort and awkward text."""
    azerbaijan = PlaceFactory(name="Azerbaijan", slug="azerbaijan", kind=PlaceKind.COUNTRY, country_code="AZ")
    baku = PlaceFactory(name="Baku", slug="baku", parent=azerbaijan, latitude="40.409264", longitude="49.867092")
    icesco = OrganisationFactory(name="ICESCO", slug="icesco", acronym="ICESCO", note="Founded in Rabat.")
    OrganisationFactory(
        name="ICESCO Regional Office in Baku",
        slug="icesco-regional-office-baku",
        kind=OrganisationKind.REGIONAL_OFFICE,
        parent=icesco,
        country=azerbaijan,
        headquarters=baku,
        website="https://icesco.example/baku",
        founded_date=dt.date(2025, 4, 29),
        founded_date_precision=DatePrecision.DAY,
        description='Opened on 29 April 2025; "a hub of knowledge".\nServes Central Asia, too.',
        publication_status=PublicationStatus.DRAFT,
    )
    anar = PersonFactory(name="Anar Karimov", slug="anar-karimov", honorific="Mr.", given_name="Anar")
    other_anar = PersonFactory(name="Anar Karimov", slug="anar-karimov-icesco", summary="Works at ICESCO.")
    anar.possibly_same_as.add(other_anar)
    PersonFactory(name="Maryam Qafar-zadə", slug="maryam-qafar-zade", note="Spelling as written: «Qafar-zadə».")
    office, capitals = InitiativeFactory(slug="regional-office"), InitiativeFactory(slug="capitals-of-culture")
    visit = EventFactory(
        slug="visit",
        title="Visit of the Director-General, Baku",
        kind=EventKind.VISIT,
        end_date=dt.date(2021, 1, 16),
        end_date_precision=DatePrecision.DAY,
        place=baku,
        description="Talks, a tour; then a press conference.",
    )
    visit.initiatives.set([office, capitals])
    meeting = EventFactory(slug="meeting", title="Meeting", parent=visit, publication_status=PublicationStatus.DRAFT)
    meeting.initiatives.set([office])
    EventFactory(
        slug="forum-2025",
        title="Forum",
        kind=EventKind.FORUM,
        start_date=dt.date(2025, 1, 1),
        start_date_precision=DatePrecision.YEAR,
        location_text="somewhere in Baku",
    )
    EventFactory(slug="undated", title="Undated announcement", start_date=None, start_date_precision="")
