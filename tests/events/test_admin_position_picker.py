"""A participant's position is chosen among the positions of the person chosen for them: the admin's
autocomplete, asked by static/js/position-picker.js with the person's id, offers only theirs."""

import pytest

from tests.factories import PersonFactory, PositionFactory, PostFactory

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/autocomplete/"


def offered(client, **params):
    query = {"app_label": "events", "model_name": "participation", "field_name": "position", "term": ""} | params
    response = client.get(AUTOCOMPLETE, query)
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_the_position_picker_offers_the_chosen_persons_positions_only(admin_client):
    minister = PositionFactory(person=PersonFactory(name="Anar Karimov"), post=PostFactory(title="Minister"))
    PositionFactory(person=PersonFactory(name="Salim AlMalik"), post=PostFactory(title="Director-General"))

    assert offered(admin_client, person=minister.person_id) == [str(minister)]
    assert len(offered(admin_client)) == 2  # no person chosen yet: every position
    assert len(offered(admin_client, person="99999999999999999999")) == 2  # not an id: ignored


def test_the_participation_pages_load_the_picker(admin_client):
    page = admin_client.get("/admin/events/participation/add/").content.decode()
    event_page = admin_client.get("/admin/events/event/add/").content.decode()

    for rendered in (page, event_page):
        assert rendered.index("admin/js/autocomplete.js") < rendered.index("js/position-picker.js")
