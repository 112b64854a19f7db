"""The bare view: the first page of the API's event list (50 events, newest first, participants
embedded, the total count), as one raw SQL query whose JSON the database builds, returned as is.

The ceiling for the API's event list: Django's request handling with no middleware, one query, no
serializer. Its answer carries what `/api/v1/events/?page_size=50` carries (each event's fields, its
place, parent and initiatives as {id, name, url}, its participants with their person, organisation,
on-behalf-of and post of the day), with the same visibility rules, and relative URLs. On SQLite the ids
are the stored hex UUIDs.

Served only by the benchmark (bench/bare_settings.py makes this module the URLconf); never by the product.
"""

from django.db import connection
from django.http import HttpResponse
from django.urls import path

PAGE_SIZE = 50


def _summary(obj, alias, name, collection):
    """{id, name, url} of a joined record, or null when there is none or it is a draft."""
    return (
        f"CASE WHEN {alias}.id IS NULL OR {alias}.publication_status <> 'published' THEN NULL "
        f"ELSE {obj}('id', {alias}.uuid, 'name', {alias}.{name}, 'url', '/api/v1/{collection}/' || {alias}.uuid || '/') END"
    )


def _participant(obj):
    return f"""{obj}(
        'id', pa.uuid, 'role', pa.role, 'name', COALESCE(pp.name, po.name, pa.name), 'name_as_written', pa.name,
        'person', {_summary(obj, "pp", "name", "people")},
        'organisation', {_summary(obj, "po", "name", "organisations")},
        'on_behalf_of', {_summary(obj, "ob", "name", "organisations")},
        'position', CASE WHEN pos.id IS NULL OR posto.publication_status <> 'published' THEN NULL
            ELSE {obj}('id', pos.uuid, 'title', post.title, 'organisation', {_summary(obj, "posto", "name", "organisations")}) END
    )"""


PARTICIPANTS_FROM = """
    FROM events_participation pa
    LEFT JOIN people_person pp ON pp.id = pa.person_id
    LEFT JOIN cooperation_organisation po ON po.id = pa.organisation_id
    LEFT JOIN cooperation_organisation ob ON ob.id = pa.on_behalf_of_id
    LEFT JOIN people_position pos ON pos.id = pa.position_id
    LEFT JOIN people_post post ON post.id = pos.post_id
    LEFT JOIN cooperation_organisation posto ON posto.id = post.organisation_id
    WHERE pa.event_id = e.id
      AND (pa.person_id IS NULL OR pp.publication_status = 'published')
      AND (pa.organisation_id IS NULL OR po.publication_status = 'published')
      AND (pa.on_behalf_of_id IS NULL OR ob.publication_status = 'published')
"""

PAGE = f"""
    SELECT * FROM events_event WHERE publication_status = 'published'
    ORDER BY start_date DESC, title, id LIMIT {PAGE_SIZE}
"""  # noqa: S608
COUNT = "SELECT count(*) FROM events_event WHERE publication_status = 'published'"


def _event(obj, place, parent, initiatives, participants):
    return f"""{obj}(
        'id', e.uuid, 'slug', e.slug, 'url', '/api/v1/events/' || e.uuid || '/', 'html_url', '/events/' || e.slug || '/',
        'updated_at', e.updated_at, 'title', e.title, 'kind', e.kind, 'status', e.status,
        'start_date', e.start_date, 'start_date_precision', e.start_date_precision,
        'end_date', e.end_date, 'end_date_precision', e.end_date_precision,
        'place', {place}, 'location_text', e.location_text, 'parent', {parent},
        'initiatives', {initiatives}, 'participants', {participants}
    )"""


ORDER = 'pa."order", pa.id'
EVENT_ORDER = "e.start_date DESC, e.title, e.id"


def _postgresql():
    obj = "json_build_object"
    place = f"(SELECT {_summary(obj, 'pl', 'name', 'places')} FROM cooperation_place pl WHERE pl.id = e.place_id)"  # noqa: S608
    parent = f"(SELECT {_summary(obj, 'pe', 'title', 'events')} FROM events_event pe WHERE pe.id = e.parent_id)"  # noqa: S608
    initiatives = (
        "COALESCE((SELECT json_agg(json_build_object('id', i.uuid, 'name', i.title, 'url', "
        "'/api/v1/initiatives/' || i.uuid || '/') ORDER BY i.id) "
        "FROM events_event_initiatives ei JOIN cooperation_initiative i ON i.id = ei.initiative_id "
        "WHERE ei.event_id = e.id AND i.publication_status = 'published'), '[]'::json)"
    )
    participants = f"COALESCE((SELECT json_agg({_participant(obj)} ORDER BY {ORDER}) {PARTICIPANTS_FROM}), '[]'::json)"
    event = _event(obj, place, parent, initiatives, participants)
    return (
        f"SELECT json_build_object('count', ({COUNT}), 'results', "  # noqa: S608
        f"COALESCE((SELECT json_agg({event} ORDER BY {EVENT_ORDER}) FROM ({PAGE}) e), '[]'::json))::text"
    )


def _sqlite():
    # SQLite drops a value's JSON subtype across a subquery: json(...) restores it.
    obj = "json_object"
    place = f"json((SELECT {_summary(obj, 'pl', 'name', 'places')} FROM cooperation_place pl WHERE pl.id = e.place_id))"  # noqa: S608
    parent = f"json((SELECT {_summary(obj, 'pe', 'title', 'events')} FROM events_event pe WHERE pe.id = e.parent_id))"  # noqa: S608
    initiatives = (
        "json((SELECT json_group_array(json_object('id', i.uuid, 'name', i.title, 'url', "
        "'/api/v1/initiatives/' || i.uuid || '/')) "
        "FROM events_event_initiatives ei JOIN cooperation_initiative i ON i.id = ei.initiative_id "
        "WHERE ei.event_id = e.id AND i.publication_status = 'published'))"
    )
    participants = (
        f"json((SELECT json_group_array(json(y)) FROM "  # noqa: S608
        f"(SELECT {_participant(obj)} AS y {PARTICIPANTS_FROM} ORDER BY {ORDER})))"
    )
    event = _event(obj, place, parent, initiatives, participants)
    return (
        f"SELECT json_object('count', ({COUNT}), 'results', json((SELECT json_group_array(json(x)) FROM "  # noqa: S608
        f"(SELECT {event} AS x FROM ({PAGE}) e ORDER BY {EVENT_ORDER}))))"
    )


POSTGRESQL = _postgresql()
SQLITE = _sqlite()


def events(request):
    with connection.cursor() as cursor:
        cursor.execute(POSTGRESQL if connection.vendor == "postgresql" else SQLITE)
        body = cursor.fetchone()[0]
    return HttpResponse(body, content_type="application/json")


def ping(request):
    """A cheap answer: the bench asks it to know when every worker is free again."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bare/events/", events), path("bare/ping/", ping)]
