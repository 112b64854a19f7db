"""Every page type in a real browser, at phone and desktop width: no console errors, no failed
requests, nothing fetched from outside the site, no serious accessibility violations (axe-core);
Arabic right to left; the event filters by keyboard alone; and a new visitor's way to the Baku
regional office's opening, its evidence, Arabic and back, and the calendar."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, screenshot

OPENING = "/events/opening-ceremony-icesco-regional-office-baku/"

PAGE_TYPES = {
    "home": "/",
    "event-list": "/events/",
    "event-detail": OPENING,
    "timeline": "/timeline/",
    "person-list": "/people/",
    "person-detail": "/people/salim-almalik/",
    "organisation-list": "/organisations/",
    "organisation-detail": "/organisations/icesco/",
    "initiative-list": "/initiatives/",
    "initiative-detail": "/initiatives/icesco-regional-office-baku/",
    "source-list": "/sources/",
    "source-detail": "/sources/azernews-2025-04-29-icesco-regional-office-azerbaijan/",
    "place-list": "/places/",
    "place-detail": "/places/baku/",
    "search": "/search/?q=Al-Malik",
    "not-found": "/events/no-such-event/",
    "arabic-home": "/ar/",
    "arabic-event-detail": f"/ar{OPENING}",
}


@pytest.mark.parametrize(("width", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_every_page_type_loads_cleanly_and_passes_axe(new_page, axe_source, width, viewport):
    problems = {}
    for name, path in PAGE_TYPES.items():
        page = new_page(viewport)
        response = page.goto(path, wait_until="networkidle")
        assert response.status == (404 if name == "not-found" else 200), path
        expect(page.locator("h1")).to_have_count(1)
        violations = axe_violations(page, axe_source)
        screenshot(page, f"{name}-{width}")
        errors = page.watch.errors
        if name == "not-found":  # the browser reports the page's own 404 status as a console error
            errors = [error for error in errors if "status of 404" not in error]
        if errors or violations:
            problems[path] = errors + violations
        page.context.close()

    assert problems == {}


def test_the_map_is_drawn_from_the_sites_own_files_with_a_text_caption(new_page):
    page = new_page(PHONE)
    page.goto("/places/baku/", wait_until="networkidle")

    expect(page.locator(".place-map")).to_be_visible()
    expect(page.locator(".place-map path.leaflet-interactive, .place-map path")).not_to_have_count(0)
    expect(page.locator(".map figcaption")).to_contain_text("Baku, Azerbaijan")
    expect(page.locator(".map figcaption")).to_contain_text("latitude 40.")
    assert page.watch.errors == []


def test_arabic_pages_are_laid_out_right_to_left(new_page):
    page = new_page(DESKTOP)
    page.goto(f"/ar{OPENING}")

    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    # The site's name starts the header: on the right in Arabic, on the left in English.
    name_box = page.locator(".site-name").bounding_box()
    assert name_box["x"] > DESKTOP["width"] / 2
    padding = page.locator(".participants").evaluate(
        "list => [getComputedStyle(list).paddingRight, getComputedStyle(list).paddingLeft]"
    )
    assert padding[0] != "0px"
    assert padding[1] == "0px"

    page.goto(OPENING)
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert page.locator(".site-name").bounding_box()["x"] < DESKTOP["width"] / 2


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_on_a_phone_the_timeline_keeps_its_size_and_scrolls(new_page, prefix):
    page = new_page(PHONE)
    page.goto(f"{prefix}/timeline/")

    scroller = page.locator(".timeline-scroll")
    widths = scroller.evaluate("box => [box.scrollWidth, box.clientWidth]")
    chart = page.locator(".timeline svg")
    assert widths[0] > widths[1], widths  # wider than the screen: it scrolls, never squeezed
    assert chart.bounding_box()["width"] == float(chart.get_attribute("width"))
    screenshot(page, f"timeline{prefix.replace('/', '-')}-phone")


def test_the_event_filters_work_with_the_keyboard_alone(new_page):
    page = new_page(DESKTOP)
    page.goto("/events/")

    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "filter-year":
            break
    else:
        pytest.fail("The year filter cannot be reached with Tab.")
    page.keyboard.press("ArrowDown")  # the first year offered: the newest
    selected = page.evaluate("document.activeElement.value")
    assert re.fullmatch(r"\d{4}", selected)
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "BUTTON":
            break
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(rf"year={selected}"))
    expect(page.locator("#filter-year")).to_have_value(selected)
    dates = page.locator(".event-list time").all_inner_texts()
    assert dates
    assert all(selected in date for date in dates)


def test_a_new_visitor_on_a_phone_finds_the_opening_its_evidence_arabic_and_the_calendar(new_page):
    page = new_page(PHONE)
    page.goto("/")

    # From the home page to the events, narrowed by a search, to the opening.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Events").click()
    page.get_by_label("Search events").fill("regional office opening")
    page.get_by_role("button", name="Show events").click()
    page.get_by_role("link", name="Official opening ceremony of the ICESCO Regional Office in Baku").click()
    expect(page.locator("h1")).to_have_text("Official opening ceremony of the ICESCO Regional Office in Baku")
    expect(page.locator(".facts")).to_contain_text("29 April 2025")

    # Who was there, in what capacity, and the sentence that says so.
    almalik = page.locator(".participants li").filter(has=page.get_by_role("link", name="Salim bin Mohammed AlMalik"))
    expect(almalik).to_contain_text("Director-General")
    expect(almalik.locator("blockquote").first).to_contain_text("AlMalik")
    source_link = almalik.locator("blockquote cite a").first
    source_title = source_link.inner_text()
    source_link.click()
    expect(page.locator("h1")).to_have_text(source_title)
    expect(page.locator(".source-text mark").first).to_be_visible()
    page.go_back()

    # Arabic and back.
    page.locator(".languages a[hreflang=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator(".languages a[hreflang=en]").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("Official opening ceremony of the ICESCO Regional Office in Baku")

    # Into a calendar.
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (iCalendar)").click()
    calendar = Path(download.value.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in calendar
    assert "SUMMARY:Official opening ceremony of the ICESCO Regional Office in Baku" in calendar
    assert "DTSTART;VALUE=DATE:20250429" in calendar
    assert page.watch.errors == []


@pytest.mark.parametrize(
    ("prefix", "query", "title", "name", "post"),
    [
        ("/ar", "باكو", "حفل الافتتاح الرسمي لمكتب الإيسيسكو الإقليمي في باكو", "سالم بن محمد المالك", "المدير العام"),
        (
            "/az",
            "Bakı",
            "İSESKO-nun Bakı Regional Ofisinin rəsmi açılış mərasimi",
            "Salim bin Məhəmməd əl-Malik",
            "Baş direktor",
        ),
        (
            "/ru",
            "Баку",
            "Официальная церемония открытия Регионального офиса ИСЕСКО в Баку",
            "Салим бин Мохаммед аль-Малик",
            "Генеральный директор",
        ),
    ],
)
def test_a_visitor_reading_their_language_finds_the_opening_in_their_script(
    new_page, axe_source, prefix, query, title, name, post
):
    page = new_page(PHONE)
    page.goto(f"{prefix}/events/?q={query}")
    page.get_by_role("link", name=title).click()

    expect(page.locator("h1")).to_have_text(title)
    almalik = page.locator(".participants li").filter(has=page.get_by_role("link", name=name))
    expect(almalik).to_contain_text(post)
    # The quoted sentence stays in English, marked as the source's words.
    quote = almalik.locator("blockquote .quote").first
    expect(quote).to_have_attribute("lang", "en")
    expect(almalik.locator(".quote-language").first).to_be_visible()
    # Every English fragment sits in an element of its own, marked as English.
    stray = page.evaluate(
        """() => [...document.querySelectorAll('main bdi[lang=en], main [lang=en]')]
              .filter(element => !['BDI', 'SPAN', 'BLOCKQUOTE', 'DIV'].includes(element.tagName)).length"""
    )
    assert stray == 0
    if prefix == "/ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        assert page.locator("h1 bdi").count() == 1  # isolated: punctuation around it never moves
    screenshot(page, f"opening-{prefix.strip('/')}-phone")
    assert axe_violations(page, axe_source) == []
    assert page.watch.errors == []
