"""The API's documentation in a real browser: Swagger UI and Redoc ask no other site for anything (no
script, font, logo or validator badge); Swagger UI shows no padlock on operations anyone may call (a
padlock only on the proposals, which need a token), yet sends a partner's token once it is given in
"Authorize"; both show the README's examples."""

import pytest
from playwright.sync_api import expect

from tests.factories import PartnerTokenFactory


@pytest.mark.parametrize(("path", "ready"), [("/api/v1/docs/", ".opblock"), ("/api/v1/redoc/", "[role=menuitem]")])
def test_the_documentation_loads_from_this_site_alone_and_shows_the_examples(new_page, path, ready):
    page = new_page()

    page.goto(path, wait_until="networkidle")

    expect(page.locator(ready).first).to_be_visible()
    expect(page.get_by_text("curl 'http://127.0.0.1:8000/api/v1/changes/?since=42'").first).to_be_attached()
    assert page.watch.errors == []


def test_swagger_ui_shows_no_padlock_and_sends_the_token_once_authorized(new_page):
    key = PartnerTokenFactory(partner="Ministry of Culture portal").key
    page = new_page()
    page.goto("/api/v1/docs/", wait_until="networkidle")
    operation = page.locator("#operations-events-events_list")
    expect(operation).to_be_visible()

    # No padlock on any read, one on each proposal (POST, PATCH); the Authorize button stays.
    assert page.locator(".opblock-get").count() > 10
    expect(page.locator(".opblock-get .opblock-summary .authorization__btn")).to_have_count(0)
    expect(page.locator(".opblock-post .opblock-summary .authorization__btn")).to_have_count(6)
    expect(page.locator(".opblock-patch .opblock-summary .authorization__btn")).to_have_count(6)
    page.locator(".auth-wrapper .authorize").click()
    page.locator(".auth-container input").first.fill(key)
    page.locator(".auth-btn-wrapper .authorize").click()
    page.locator(".btn-done").click()
    expect(page.locator(".opblock-get .opblock-summary .authorization__btn")).to_have_count(0)

    operation.locator(".opblock-summary-control").click()
    operation.locator(".try-out__btn").click()
    with page.expect_request(lambda request: "/api/v1/events/" in request.url) as sent:
        operation.locator(".execute").click()

    assert sent.value.headers.get("authorization") == f"Bearer {key}"
    assert page.watch.errors == []
