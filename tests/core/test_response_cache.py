"""The response cache (cooperation/core/web/cache.py): anonymous reads of the pages and the API are
served from the shared cache, keyed by the data version, so that no answer older than the last write is
ever served; served answers are the computed ones byte for byte, headers (ETag, Last-Modified) and 304s
included; answers that hold anything of the client's are never kept; a cache that is down only means
answers are computed; and served answers still count against the API's rate limits.

A write that bypasses the signals (a queryset's update() without DataVersion.bump()) is used here as a
probe: a read that still gives the old text was served from the cache.
"""

import datetime as dt
import json
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import cache_control, never_cache

from cooperation.core.versioning import DataVersion
from cooperation.core.web import cache as response_cache
from events.models import Event
from tests.factories import EventFactory, ParticipationFactory, PartnerTokenFactory, PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db

PAGE = "/events/opening/"
API_DETAIL = "/api/v1/events/opening/"
READS = [PAGE, "/ar/events/opening/", "/events/", "/", API_DETAIL, "/api/v1/events/", "/api/v1/events/?format=csv"]


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.RESPONSE_CACHE = True
    response_cache.shared_cache.reset()
    yield
    response_cache.shared_cache.reset()


@pytest.fixture
def opening():
    return EventFactory(title="Opening of the regional office", slug="opening", start_date=dt.date(2021, 1, 14))


def rename_silently(event, title):
    """A write the data version does not see (no signal, no bump): only a cached answer keeps the old title."""
    Event.objects.filter(pk=event.pk).update(title=title)


def response_entries():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM cache_entries")
        return [key for (key,) in cursor.fetchall() if ":response:" in key]


# What changes from one request to the next, cached or not: the time, and the client's rate-limit counts.
PER_REQUEST = {"date", "ratelimit-remaining", "ratelimit-reset", "x-request-id"}


def without_date(response):
    return {name: value for name, value in response.headers.items() if name.lower() not in PER_REQUEST}


# --- Served from the cache, and never older than the last write -----------------------------------


@pytest.mark.parametrize("url", READS)
def test_a_second_anonymous_read_is_served_from_the_cache(client, opening, url):
    first = client.get(url)
    rename_silently(opening, "Renamed without a trace")

    second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert b"Renamed without a trace" not in second.content
    assert len(response_entries()) == 1


@pytest.mark.parametrize("url", READS)
def test_a_write_between_two_reads_gives_the_new_answer(client, opening, url):
    client.get(url)

    opening.title = "Opening of the ICESCO office in Baku"
    opening.save()
    after = client.get(url)

    assert "Opening of the ICESCO office in Baku" in after.content.decode()
    assert "regional office" not in after.content.decode()


@pytest.mark.parametrize("url", [PAGE, API_DETAIL])
def test_a_new_part_of_a_record_and_a_bulk_write_that_bumps_are_seen_at_once(client, opening, url):
    client.get(url)
    ParticipationFactory(event=opening, person=PersonFactory(name="Anar Karimov"))
    with_participant = client.get(url)
    rename_silently(opening, "Renamed in bulk")
    DataVersion.bump()  # what every bulk path does (the admin's publish actions, imports, the seed)
    renamed = client.get(url)

    assert "Anar Karimov" in with_participant.content.decode()
    assert "Renamed in bulk" in renamed.content.decode()


def test_the_data_version_is_read_once_per_request(client, opening):
    with CaptureQueriesContext(connection) as queries:
        client.get(API_DETAIL)
    with CaptureQueriesContext(connection) as served:
        client.get(API_DETAIL)

    assert sum("dataversion" in query["sql"] for query in queries.captured_queries) == 1
    # Served: the data version, the cache's row and the rate limit's row read and written.
    assert sum("dataversion" in query["sql"] for query in served.captured_queries) == 1
    assert not any("events_event" in query["sql"] for query in served.captured_queries)


# --- The same bytes, headers and 304s with and without the cache ----------------------------------


@pytest.mark.parametrize("url", [*READS, "/timeline/", "/sitemap.xml", "/events/feed.atom", "/api/v1/", "/robots.txt"])
@pytest.mark.parametrize("encoding", ["", "gzip, deflate, br"])
def test_a_served_answer_is_the_computed_one_headers_included(client, settings, opening, url, encoding):
    settings.RESPONSE_CACHE = False
    computed = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    settings.RESPONSE_CACHE = True
    stored = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    served = client.get(url, HTTP_ACCEPT_ENCODING=encoding)

    assert response_entries()
    assert computed.status_code == stored.status_code == served.status_code == 200
    assert without_date(computed) == without_date(stored) == without_date(served)
    assert computed.content == stored.content == served.content
    assert "ETag" in served.headers


@pytest.mark.parametrize("url", [PAGE, API_DETAIL, "/api/v1/events/"])
def test_conditional_reads_get_the_same_304_with_and_without_the_cache(client, settings, opening, url):
    first = client.get(url)
    answers = {}
    for cached in (False, True, True):
        settings.RESPONSE_CACHE = cached
        by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first.get("Last-Modified", "")) if url != PAGE else None
        answers.setdefault(cached, []).append(
            (by_etag.status_code, without_date(by_etag), by_date and (by_date.status_code, without_date(by_date)))
        )

    assert answers[True][0] == answers[True][1] == answers[False][0]
    assert answers[True][0][0] == 304


# --- Everything that changes the answer is in the key ---------------------------------------------

PAIRS = {
    "language prefix": (("/events/", {}), ("/ar/events/", {})),
    "query string": (("/events/", {}), ("/events/?year=2020", {})),
    "Accept": (
        ("/api/v1/events/", {"HTTP_ACCEPT": "application/json"}),
        ("/api/v1/events/", {"HTTP_ACCEPT": "text/csv"}),
    ),
    "?format=": (("/api/v1/events/opening/", {}), ("/api/v1/events/opening/?format=csv", {})),
    "host": ((PAGE, {}), (PAGE, {"HTTP_HOST": "localhost"})),
    "scheme": ((API_DETAIL, {}), (API_DETAIL, {"secure": True})),
    "method": ((API_DETAIL, {}), (API_DETAIL, {"method": "head"})),
    "no trailing slash": (("/api/v1/events/?page_size=1", {}), ("/api/v1/events?page_size=1", {})),
}


@pytest.mark.parametrize("pair", PAIRS.values(), ids=PAIRS.keys())
def test_requests_that_differ_in_what_changes_the_answer_do_not_share_it(client, settings, opening, pair):
    EventFactory(title="A second event", slug="second", start_date=dt.date(2025, 3, 1))

    def get(url, extra):
        extra = dict(extra)
        return getattr(client, extra.pop("method", "get"))(url, **extra)

    for url, extra in pair:
        get(url, extra)
    served = get(*pair[1])
    settings.RESPONSE_CACHE = False
    computed = get(*pair[1])

    assert len(response_entries()) == 2
    assert served.status_code == computed.status_code
    assert served.content == computed.content
    assert without_date(served) == without_date(computed)


def test_the_day_is_in_the_key_so_upcoming_events_move_to_the_past_at_midnight(client, settings, monkeypatch):
    EventFactory(title="The forum of tomorrow", slug="forum", start_date=dt.date(2030, 6, 2))
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2030, 6, 1))
    before = client.get("/").content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2030, 6, 3))
    after = client.get("/").content.decode()

    def section(html, heading):
        return html.split(f'id="{heading}"')[1].split("</section>")[0]

    assert "The forum of tomorrow" in section(before, "upcoming-heading")
    assert "The forum of tomorrow" in section(after, "latest-heading")
    assert "The forum of tomorrow" not in section(after, "upcoming-heading")


# --- Never kept: anything of the client's ---------------------------------------------------------


def test_signed_in_staff_are_never_served_nor_stored(client, opening):
    client.force_login(StaffFactory(username="editor"))
    client.get(PAGE)
    rename_silently(opening, "Renamed without a trace")

    assert "Renamed without a trace" in client.get(PAGE).content.decode()
    assert response_entries() == []


def test_partner_token_reads_are_never_served_nor_stored(client, opening):
    key = PartnerTokenFactory().key
    client.get(API_DETAIL, HTTP_AUTHORIZATION=f"Bearer {key}")
    rename_silently(opening, "Renamed without a trace")

    assert "Renamed without a trace" in client.get(API_DETAIL, HTTP_AUTHORIZATION=f"Bearer {key}").content.decode()
    assert client.get(API_DETAIL, HTTP_AUTHORIZATION="Bearer revoked-or-made-up").status_code == 401
    assert response_entries() == []


def test_the_admin_is_never_stored(client):
    client.get("/admin/login/")
    client.get("/admin/login/")

    assert response_entries() == []


@pytest.mark.parametrize("url", ["/events/?year=abc", "/events/nope/", "/api/v1/events/?year=abc", "/api/v1/nope/"])
def test_errors_are_computed_every_time(client, opening, url):
    assert client.get(url).status_code in (400, 404)
    assert response_entries() == []


def test_nothing_is_kept_or_served_with_the_cache_off(client, settings, opening):
    settings.RESPONSE_CACHE = False
    client.get(PAGE)
    rename_silently(opening, "Renamed without a trace")

    assert "Renamed without a trace" in client.get(PAGE).content.decode()
    assert response_entries() == []


# Views with something of the client's in them, at addresses of their own (this module is their URLconf).
calls: Counter[str] = Counter()
BODY = "<p>" + "An answer long enough to be worth keeping. " * 10 + "</p>"


def counted(view):
    def wrapper(request):
        calls[view.__name__] += 1
        return view(request)

    wrapper.__name__ = view.__name__
    return wrapper


@counted
def plain(request):
    return HttpResponse(BODY)


@counted
def with_csrf_token(request):
    return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">{BODY}')


@counted
def with_csp_nonce(request):
    return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>{BODY}')


@counted
def setting_a_cookie(request):
    response = HttpResponse(BODY)
    response.set_cookie("seen", "yes")
    return response


@counted
@cache_control(private=True)
def private(request):
    return HttpResponse(BODY)


@counted
@never_cache
def no_store(request):
    return HttpResponse(BODY)


@counted
def reading_the_session(request):
    return HttpResponse(f"{request.session.get('visits', 0)}{BODY}")


@counted
def varying_on_another_header(request):
    response = HttpResponse(BODY)
    patch_vary_headers(response, ["X-Partner"])
    return response


@counted
def not_found(request):
    return HttpResponseNotFound(BODY)


@counted
def streaming(request):
    return StreamingHttpResponse(iter([BODY.encode()]))


urlpatterns = [path(f"{view.__name__}/", view) for view in [plain, with_csrf_token, with_csp_nonce, setting_a_cookie, private, no_store, reading_the_session, varying_on_another_header, not_found, streaming]]  # fmt: skip


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "view",
    [
        "with_csrf_token",
        "with_csp_nonce",
        "setting_a_cookie",
        "private",
        "no_store",
        "reading_the_session",
        "varying_on_another_header",
        "not_found",
        "streaming",
    ],
)
def test_answers_holding_anything_of_the_client_are_never_kept(view):
    calls.clear()
    for _ in range(2):
        Client().get(f"/{view}/")
        Client().get("/plain/")

    assert calls[view] == 2
    assert calls["plain"] == 1
    assert len(response_entries()) == 1


# --- A cache that is down -------------------------------------------------------------------------


class DownCache(BaseCache):
    """A cache whose server cannot be reached: every call raises, as Django's Redis cache does then."""

    calls = 0

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        DownCache.calls += 1
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    get = set = add = delete = touch = has_key = incr = clear = get_many = set_many = _fail


@pytest.fixture
def cache_down(settings, caplog):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "3/minute", "partner": "5/minute", "search": "1/minute"},
    }
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.DownCache"}}
    DownCache.calls = 0


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        (PAGE, 5),  # no limit
        (API_DETAIL, 3),  # anonymous: 3/minute
        ("/api/v1/events/?q=opening", 1),  # search: 1/minute
        ("/search/?q=opening", 1),
    ],
)
def test_a_cache_that_is_down_never_turns_a_read_into_an_error_and_the_process_counts_the_limits(
    client, settings, opening, cache_down, caplog, url, allowed
):
    answers = [client.get(url) for _ in range(5)]

    assert [answer.status_code for answer in answers] == [200] * allowed + [429] * (5 - allowed)
    assert len({answer.content for answer in answers[:allowed]}) == 1
    assert caplog.text.count("The shared cache failed") == 1  # logged once, when the outage starts
    # After the first failure the process stops asking for a while, rather than waiting on each request.
    assert DownCache.calls == 1


def test_the_end_of_an_outage_is_logged_once_and_counts_go_back_to_the_shared_cache(client, opening, caplog):
    response_cache.shared_cache.down = True  # as an outage left it, its pause over

    client.get(API_DETAIL)
    client.get(API_DETAIL)

    assert caplog.text.count("The shared cache answers again.") == 1
    assert len(cache.get("throttle_anonymous_127.0.0.1", [])) == 2


# --- Served answers count against the API's rate limits -------------------------------------------


def history(scope):
    return cache.get(f"throttle_{scope}_127.0.0.1", [])


@pytest.mark.parametrize(
    ("url", "rates", "allowed", "counts"),
    [
        (API_DETAIL, {"anonymous": "3/minute"}, 3, {"anonymous": 3}),
        # Refused by the search limit: the general one counts the request once, as without the cache.
        (
            "/api/v1/events/?q=opening",
            {"anonymous": "10/minute", "search": "2/minute"},
            2,
            {"anonymous": 3, "search": 2},
        ),
    ],
)
def test_served_answers_count_against_the_limits_once_and_are_refused_as_computed_ones_are(
    client, settings, opening, url, rates, allowed, counts
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    settings.RESPONSE_CACHE = False
    off = [client.get(url) for _ in range(allowed + 1)]
    counts_off = {scope: len(history(scope)) for scope in counts}
    cache.clear()
    settings.RESPONSE_CACHE = True
    on = [client.get(url) for _ in range(allowed + 1)]
    counts_on = {scope: len(history(scope)) for scope in counts}

    assert [answer.status_code for answer in on] == [answer.status_code for answer in off] == [200] * allowed + [429]
    assert counts_on == counts_off == counts
    refused_on, refused_off = on[-1], off[-1]
    assert json.loads(refused_on.content)["title"] == "Too Many Requests"
    assert refused_on.content.replace(refused_on["Retry-After"].encode(), b"") == refused_off.content.replace(
        refused_off["Retry-After"].encode(), b""
    )
    assert set(without_date(refused_on)) == set(without_date(refused_off))


# --- Costly reads kept by data version -----------------------------------------------------------


def grouped_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).content.decode()
    return [query["sql"] for query in queries if "GROUP BY" in query["sql"]], body


def test_the_events_pages_counts_are_computed_once_per_data_version_and_filter_query(client, opening):
    first, _ = grouped_queries(client, "/events/")
    other_page, _ = grouped_queries(client, "/events/?page=1")  # another address, the same counts
    other_filter, _ = grouped_queries(client, "/events/?kind=meeting")
    EventFactory(title="Visit to Baku", kind="visit", start_date=dt.date(2025, 4, 29))
    after_write, body = grouped_queries(client, "/events/?page=1")

    assert first
    assert other_filter
    assert after_write
    assert other_page == []
    assert '<option value="visit">Visit (1)</option>' in body


def test_with_the_cache_off_the_counts_are_computed_every_time(client, settings, opening):
    settings.RESPONSE_CACHE = False
    grouped_queries(client, "/events/")

    again, _ = grouped_queries(client, "/events/?page=1")

    assert again
