"""Compressed answers (cooperation.core.web.middleware.CompressionMiddleware): brotli or gzip for the
pages and the API when the client accepts it, with Vary: Accept-Encoding and a weak ETag that still
answers If-None-Match with a 304; never for a body that may hold a secret (BREACH): a CSRF token, a
session's data, a signed-in user's page, the admin. The public pages and the API hold none.
"""

import gzip

import brotli
import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import path

from cooperation.core.web.middleware import accepted_coding
from tests.factories import EventFactory, ParticipationFactory, StaffFactory

pytestmark = pytest.mark.django_db

DECOMPRESS = {"gzip": gzip.decompress, "br": brotli.decompress}
PUBLIC = [
    "/",
    "/events/",
    "/events/?year=2021&q=opening",
    "/events/opening/",
    "/ar/events/opening/",
    "/timeline/",
    "/people/",
    "/search/?q=opening",
    "/sitemap.xml",
    "/events/feed.atom",
    "/api/v1/",
    "/api/v1/events/",
    "/api/v1/events/opening/",
    "/api/v1/events/?format=csv",
    "/api/v1/events/?format=ics",
    "/api/v1/schema/",
    "/api/v1/docs/",
    "/api/v1/events/?year=abc&kind=nothing&status=nothing&country=nowhere&organisation=none",
]


@pytest.fixture
def opening():
    event = EventFactory(title="Opening of the regional office", slug="opening")
    ParticipationFactory(event=event)
    return event


def vary(response):
    return {value.strip().lower() for value in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("url", PUBLIC)
@pytest.mark.parametrize(("accept_encoding", "coding"), [("gzip, deflate", "gzip"), ("gzip, deflate, br", "br")])
def test_pages_and_api_answers_are_compressed_for_clients_that_accept_it(client, opening, url, accept_encoding, coding):
    plain = client.get(url)
    compressed = client.get(url, HTTP_ACCEPT_ENCODING=accept_encoding)

    assert compressed.status_code == plain.status_code
    assert compressed["Content-Encoding"] == coding
    assert DECOMPRESS[coding](compressed.content) == plain.content
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content)
    assert "accept-encoding" in vary(compressed)
    assert "accept-encoding" in vary(plain)
    assert "Content-Encoding" not in plain
    if plain.has_header("ETag"):
        assert compressed["ETag"] == f"W/{plain['ETag']}"


@pytest.mark.parametrize(
    ("accept_encoding", "coding"),
    [
        ("", None),
        ("identity", None),
        ("gzip", "gzip"),
        ("br", "br"),
        ("gzip, br", "br"),
        ("br;q=0.5, gzip", "gzip"),
        ("br;q=0, gzip;q=0.1", "gzip"),
        ("gzip;q=0", None),
        ("*", "br"),
        ("*;q=0.1, br;q=0", "gzip"),
        ("deflate, compress", None),
        ("GZIP;Q=1.0", "gzip"),
        ("br;q=nonsense, gzip", "gzip"),
    ],
)
def test_the_coding_follows_accept_encoding_and_its_weights(accept_encoding, coding):
    assert accepted_coding(accept_encoding) == coding


def test_the_weak_etag_of_a_compressed_answer_gets_a_304_naming_it(client, opening):
    compressed = client.get("/api/v1/events/opening/", HTTP_ACCEPT_ENCODING="gzip")
    again = client.get("/api/v1/events/opening/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compressed["ETag"])
    plain = client.get("/api/v1/events/opening/")
    plain_again = client.get("/api/v1/events/opening/", HTTP_IF_NONE_MATCH=plain["ETag"])

    assert compressed["ETag"].startswith('W/"')
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == compressed["ETag"]
    assert "accept-encoding" in vary(again)
    assert plain_again.status_code == 304
    assert plain_again["ETag"] == plain["ETag"]


def test_small_answers_and_static_files_are_left_alone(client):
    robots = client.get("/robots.txt", HTTP_ACCEPT_ENCODING="gzip, br")
    style = client.get("/static/css/site.css", HTTP_ACCEPT_ENCODING="gzip, br")

    assert "Content-Encoding" not in robots
    assert robots.content.startswith(b"User-agent")
    assert b"".join(style.streaming_content).decode()  # WhiteNoise's, as it serves it
    assert style.get("Content-Encoding") in (None, "gzip", "br")


@pytest.mark.parametrize("url", PUBLIC)
def test_public_answers_hold_no_secret_so_compressing_them_is_safe(client, opening, url):
    """BREACH needs a secret in a body that also reflects the attacker's input: the public pages and the
    API set no cookie, render no CSRF token and never read the session."""
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert not response.cookies
    assert "cookie" not in vary(response)
    assert "CSRF_COOKIE_NEEDS_UPDATE" not in response.wsgi_request.META
    assert b"csrfmiddlewaretoken" not in gzip.decompress(response.content)


def test_the_admin_is_never_compressed(client, admin_client):
    login = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip, br")
    index = admin_client.get("/admin/", HTTP_ACCEPT_ENCODING="gzip, br")

    assert login.status_code == index.status_code == 200
    assert b"csrfmiddlewaretoken" in login.content
    assert "Content-Encoding" not in login
    assert "Content-Encoding" not in index


def test_a_signed_in_users_pages_are_never_compressed(client, opening):
    client.force_login(StaffFactory())

    response = client.get("/events/opening/", HTTP_ACCEPT_ENCODING="gzip, br")

    assert response.status_code == 200
    assert "Content-Encoding" not in response


# Views with a secret in them, at addresses of their own (this module is their URLconf).
BODY = "<p>" + "Text that compresses well. " * 20 + "</p>"


def plain(request):
    return HttpResponse(BODY)


def with_csrf_token(request):
    return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">{BODY}')


def setting_a_cookie(request):
    response = HttpResponse(BODY)
    response.set_cookie("seen", "yes")
    return response


def reading_the_session(request):
    return HttpResponse(f"{request.session.get('secret', '')}{BODY}")


urlpatterns = [
    path(f"{view.__name__}/", view) for view in [plain, with_csrf_token, setting_a_cookie, reading_the_session]
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("view", ["with_csrf_token", "setting_a_cookie", "reading_the_session"])
def test_a_body_that_may_hold_a_secret_is_never_compressed(view):
    secret = Client().get(f"/{view}/", HTTP_ACCEPT_ENCODING="gzip, br")
    control = Client().get("/plain/", HTTP_ACCEPT_ENCODING="gzip, br")

    assert secret.status_code == control.status_code == 200
    assert "Content-Encoding" not in secret
    assert "accept-encoding" not in vary(secret)
    assert control["Content-Encoding"] == "br"
