"""The one registry of record types: every type registered once, with all the system needs of it,
and everything that works across types reads it from there."""

import dataclasses

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from config.sitemaps import sitemaps
from cooperation.core.checks import check_registry, record_type_problems, registry_problems, seed_order_problems
from cooperation.core.registry import RecordType, Registry, Seed, registry
from cooperation.core.roles import EDITORS, REVIEWERS, role_permissions
from cooperation.models import Initiative, Organisation, Place, Source
from events.models import Event, Participation
from people.models import Person

PAGE_TYPES = [Event, Person, Organisation, Initiative, Source, Place]


def test_the_registered_types_are_complete():
    assert check_registry() == []


def test_page_types_come_in_one_order_everywhere():
    assert [t.model for t in registry.page_types()] == PAGE_TYPES


@pytest.mark.django_db
def test_every_page_type_is_a_collection_of_the_api_and_the_citations_change_feed_data_and_docs_follow(client):
    root = client.get("/api/v1/").json()
    assert list(root) == [
        *(t.api_prefix for t in registry.page_types()),
        "citations",
        "changes",
        "data",
        "docs",
        "schema",
    ]
    assert root["data"] == "http://testserver/data/records.zip"
    assert root["docs"] == "http://testserver/api/v1/docs/"
    assert root["schema"] == "http://testserver/api/v1/schema/"
    assert root["citations"] == "http://testserver/api/v1/citations/"
    assert root["changes"] == "http://testserver/api/v1/changes/"
    assert root["events"] == "http://testserver/api/v1/events/"


def test_every_page_type_has_a_section_of_the_sitemap():
    assert list(sitemaps()) == ["pages", "event", "person", "organisation", "initiative", "source", "place"]


@pytest.mark.django_db
def test_every_registered_type_takes_part_in_the_roles():
    roles = role_permissions()
    for model in registry.models():
        app, name = model._meta.app_label, model._meta.model_name
        assert {(app, f"view_{name}"), (app, f"add_{name}"), (app, f"change_{name}")} <= roles[EDITORS]
        assert (app, f"delete_{name}") in roles[REVIEWERS]
    for record_type in registry.page_types():
        assert (record_type.model._meta.app_label, f"publish_{record_type.api_basename}") in roles[REVIEWERS]


def test_the_seed_loads_every_section_after_what_it_refers_to():
    assert [section for _model, section, _order in registry.seeded()] == [
        "places",
        "organisations",
        "posts",
        "people",
        "sources",
        "relations",
        "initiatives",
        "events",
    ]
    assert seed_order_problems() == []
    assert registry.nested_in(Event) == (Participation, "participants", "event")


def test_a_seed_section_loaded_before_what_it_refers_to_fails_the_check(monkeypatch):
    events = registry.get(Event)
    early = dataclasses.replace(events, seed=dataclasses.replace(events.seed, order=5))
    monkeypatch.setitem(registry._types, "events.Event", early)

    assert "events.Event.place refers to cooperation.Place, whose seed section is not loaded before it" in (
        seed_order_problems()
    )


def test_a_page_type_registered_without_its_collection_list_or_search_is_reported():
    incomplete = RecordType(Event, seed=Seed(section="events", order=80), position=1)

    problems = record_type_problems(incomplete)

    for missing in ("api_prefix", "viewset", "list_url", "label", "search_queryset"):
        assert f"has no {missing}" in problems


def test_a_part_registered_without_a_seed_section_is_reported():
    assert record_type_problems(RecordType(Participation)) == [
        "has no seed section (Seed(section=...) or Seed(nested_in=...))"
    ]


def test_a_page_type_without_a_public_page_is_reported():
    problems = record_type_problems(dataclasses.replace(registry.get(Event), list_url="events:no-such-list"))
    assert problems == ["has no URL named events:no-such-list"]


def test_an_incomplete_registration_fails_manage_py_check(monkeypatch):
    monkeypatch.setitem(registry._types, "events.Event", RecordType(Event, seed=Seed(section="events", order=80)))

    with pytest.raises(
        SystemCheckError, match=r"events\.Event is a PublicRecord but has no position among the page types"
    ):
        call_command("check")


def test_a_type_registered_twice_is_refused():
    twice = Registry()
    twice.register(RecordType(Place))
    with pytest.raises(ValueError, match=r"cooperation\.Place is registered twice"):
        twice.register(RecordType(Place))


def test_two_types_sharing_an_api_prefix_are_reported(monkeypatch):
    places = registry.get(Place)
    monkeypatch.setitem(registry._types, "cooperation.Place", dataclasses.replace(places, api_prefix="events"))

    assert "Two record types have the API prefix 'events'" in registry_problems()


def test_a_record_model_left_out_of_the_registry_is_reported(monkeypatch):
    monkeypatch.delitem(registry._types, "events.Participation")

    assert "events.Participation is a record but is not registered (its app's records.py)" in registry_problems()


def test_a_page_type_whose_search_fails_is_reported():
    broken = dataclasses.replace(registry.get(Event), search_queryset=lambda: Event.objects.order_by("no_such_field"))

    (problem,) = record_type_problems(broken)
    assert problem.startswith("has a search_queryset that fails: FieldError(")


def test_a_nested_list_referring_to_a_section_loaded_after_its_parent_is_reported(monkeypatch):
    people = registry.get(Person)
    monkeypatch.setitem(registry._types, "people.Person", dataclasses.replace(people, seed=Seed("people", order=90)))

    assert "events.Participation.person refers to people.Person, whose seed section is not loaded before it" in (
        seed_order_problems()
    )


@pytest.mark.django_db
def test_the_api_root_refuses_a_parameter_it_does_not_know(client):
    response = client.get("/api/v1/", {"fromat": "csv"})

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"parameter": "fromat", "message": "Not a parameter of this address; it accepts: format, lang."}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "parameter"),
    [("/api/v1/?format=json&format=csv", "format"), ("/api/v1/changes/?limit=2&limit=3", "limit")],
)
def test_a_parameter_given_twice_is_a_400_on_the_root_and_the_change_feed_too(client, address, parameter):
    response = client.get(address)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"parameter": parameter, "message": "Given more than once: give several values in one, separated by commas."}
    ]
