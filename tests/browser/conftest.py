"""Browser tests: Debian's Chromium driven by Playwright, against the seeded site on a live server.

Each test gets the seed data loaded and committed (pytest-django gives every live-server test a
transactional database, emptied afterwards), so the server's thread sees it on every database. `make test` installs
Chromium and axe-core (npm) and sets REQUIRE_BROWSER, so there a missing browser fails; plain
pytest skips these tests when there is no browser.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from cooperation.core.seeding import seed_load

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = settings.BASE_DIR / "test-results" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _require(condition, reason):
    if condition:
        return
    if os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(f"{reason} Run `make browser-deps`.")
    pytest.skip(reason)


@pytest.fixture
def site(transactional_db, live_server):
    """The live server's address, with the seed data loaded and committed."""
    seed_load(directory=settings.BASE_DIR / "fixtures")
    return live_server.url


@pytest.fixture(scope="module")
def browser():
    _require(Path(CHROMIUM).exists() or shutil.which(CHROMIUM), f"No Chromium at {CHROMIUM}.")
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an event loop in this thread, which Django would take for
    # async code; the ORM is only used by fixtures here, never concurrently.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


class PageWatch:
    """What went wrong while a page loaded: console errors, script errors, failed requests, and
    requests that left the site."""

    def __init__(self, page, site):
        self.errors = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(f"console: {message.text}"))
        page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))

        def failed(request):
            # Aborted by the page itself (an autocomplete superseded by the next keystroke): not a failure.
            if "ERR_ABORTED" not in (request.failure or ""):
                self.errors.append(f"failed: {request.url} {request.failure}")

        page.on("requestfailed", failed)

        def response(response):
            if response.status >= 400 and response.request.resource_type != "document":
                self.errors.append(f"{response.status}: {response.url}")

        page.on("response", response)

        def request(request):
            if not request.url.startswith((site, "data:", "blob:")):
                self.errors.append(f"external request: {request.url}")

        page.on("request", request)


@pytest.fixture
def new_page(browser, site):
    """A function that opens a fresh page at a viewport size; each page has a `.watch`."""
    contexts = []

    def open_page(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, base_url=site, accept_downloads=True, **options)
        contexts.append(context)
        page = context.new_page()
        page.watch = PageWatch(page, site)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def axe_source():
    _require(AXE.exists(), f"axe-core is not installed ({AXE}).")
    return AXE.read_text()


def axe_violations(page, axe_source):
    """Serious and critical WCAG 2.2 A/AA violations axe-core finds on the page, one line each."""
    # Evaluated through the browser's debugging protocol, so the page's CSP does not block it.
    page.evaluate(axe_source + ";undefined")
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
            resultTypes: ['violations'],
        })"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
