"""A person's page: the posts they held over time, their events, their other names, the evidence."""

import datetime as dt
import json
import re

import pytest

from cooperation.core.dates import PartialDate
from cooperation.core.records import PublicationStatus
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    EventFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def minister():
    person = PersonFactory(name="Anar Karimov", slug="anar-karimov", honorific="Mr.", summary="Minister of Culture.")
    AlternateNameFactory(record=person, name="A. Karimov")
    ministry = OrganisationFactory(name="Ministry of Culture", slug="ministry-of-culture")
    icesco = OrganisationFactory(name="ICESCO")
    source = SourceFactory(title="ICESCO press release", text="Mr. Anar Karimov, Minister of Culture of Azerbaijan.")
    minister_post = PositionFactory(
        person=person,
        post=PostFactory(organisation=ministry, title="Minister of Culture"),
        first_attested=PartialDate.parse("2021-01-14"),
        last_attested=PartialDate.parse("2021-01-14"),
    )
    CitationFactory(record=minister_post, source=source, quote="Mr. Anar Karimov, Minister of Culture of Azerbaijan.")
    PositionFactory(
        person=person,
        post=PostFactory(organisation=icesco, title="Director of International Cooperation"),
        start=PartialDate.parse("2025"),
    )
    PositionFactory(
        person=person,
        post=PostFactory(
            organisation=OrganisationFactory(publication_status=PublicationStatus.DRAFT), title="Secret post"
        ),
    )
    event = EventFactory(title="Press conference", slug="press", start_date=dt.date(2021, 1, 14))
    ParticipationFactory(event=event, person=person, position=minister_post, role="speaker")
    EventFactory(title="Unreleased meeting", publication_status=PublicationStatus.DRAFT)
    return person


def test_a_person_page_lists_posts_over_time_with_their_dates_and_evidence(client, minister):
    body = client.get("/people/anar-karimov/").content.decode()

    assert "<h1>Mr. Anar Karimov</h1>" in body
    assert "Also written: A. Karimov" in body
    assert re.search(
        r"<strong>Minister of Culture</strong>, <a [^>]+>Ministry of Culture</a> —\s+attested <time datetime=\"2021-01-14\">14 January 2021</time>",
        body,
    )
    assert re.search(
        r"<strong>Director of International Cooperation</strong>, <a [^>]+>ICESCO</a> —\s+from <time datetime=\"2025\">2025</time>",
        body,
    )
    assert body.index("Minister of Culture</strong>") < body.index("Director of International Cooperation</strong>")
    assert (
        '<blockquote class="evidence"><span class="quote" lang="en" dir="auto">Mr. Anar Karimov, Minister of Culture of Azerbaijan.'
        in body
    )
    assert "Secret post" not in body


def test_a_person_page_lists_their_events_in_their_role_and_post_of_the_day(client, minister):
    body = client.get("/people/anar-karimov/").content.decode()

    assert '<a href="/events/press/">Press conference</a> (speaker, Minister of Culture)' in body
    assert "Unreleased meeting" not in body


def test_a_person_page_describes_the_person_for_machines(client, minister):
    body = client.get("/people/anar-karimov/").content.decode()

    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "Person"
    assert data["name"] == "Anar Karimov"
    assert data["alternateName"] == ["A. Karimov"]
    assert data["jobTitle"] == [
        "Minister of Culture, Ministry of Culture",
        "Director of International Cooperation, ICESCO",
    ]
    assert f'<link rel="alternate" type="application/json" href="/api/v1/people/{minister.uuid}/">' in body


def test_a_draft_person_has_no_page(client, minister):
    type(minister).objects.filter(pk=minister.pk).update(publication_status=PublicationStatus.DRAFT)

    assert client.get("/people/anar-karimov/").status_code == 404


def test_a_person_page_runs_a_fixed_number_of_queries(client, minister, django_assert_max_num_queries):
    for number in range(10):
        PositionFactory(person=minister, post=PostFactory(title=f"Post {number}"))

    with django_assert_max_num_queries(8):
        response = client.get("/people/anar-karimov/")

    assert "Post 9" in response.content.decode()
