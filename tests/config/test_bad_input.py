"""Malformed input is answered with a client error, never a server error. A NUL character in a
search term used to reach PostgreSQL, which refuses NUL in text, and end in a 500; the suite runs on
PostgreSQL as well as SQLite so that this stays covered where it matters.
"""

import pytest

from tests.factories import OrganisationFactory, PlaceFactory

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/autocomplete/?app_label=events&model_name=event&field_name=place&term="


@pytest.mark.parametrize(
    "path",
    [
        "/?q=a%00b",
        "/admin/cooperation/organisation/?q=a%00b",
        AUTOCOMPLETE + "a%00b",
        "/a%00b/",
    ],
)
def test_nul_character_in_the_address_is_refused_with_a_400_that_carries_the_security_headers(admin_client, path):
    response = admin_client.get(path)

    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_nul_character_is_refused_for_anonymous_visitors_too(client):
    response = client.get("/?q=a%00b")

    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_the_same_admin_search_without_a_nul_character_finds_the_organisation(admin_client):
    OrganisationFactory(name="Heydar Aliyev Foundation")

    response = admin_client.get("/admin/cooperation/organisation/?q=Aliyev")

    assert response.status_code == 200
    assert [organisation.name for organisation in response.context["cl"].result_list] == ["Heydar Aliyev Foundation"]


def test_the_same_autocomplete_without_a_nul_character_answers_with_matching_places(admin_client):
    baku = PlaceFactory(name="Baku")
    PlaceFactory(name="Ganja")

    response = admin_client.get(AUTOCOMPLETE + "Bak")

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(baku.pk), "text": "Baku"}]
