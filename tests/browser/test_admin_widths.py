"""Every admin page fits the window at a 1366×768 laptop and a 390 px phone: nothing wider than the
window, so that no form or list has to be scrolled sideways as a whole (a wide table scrolls within
its own box). And the admin's note of the difference from the server's time zone, which it adds
beside each date and time input, appears at most once a page (dates are one text input each)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cooperation.core.roles import REVIEWERS
from tests.browser.test_staff_workspace import sign_in, staff

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# What sticks out of the window: elements ending beyond its right edge that no box of their own
# (a table's scrolling box, inside the window) holds. The page's own frames (#container, #main,
# #content) do not count as such boxes: a form scrolling sideways inside them is still too wide.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const frames = new Set([document.documentElement, document.body,
        ...document.querySelectorAll('#container, #main, #content, #content-start')]);
    const held = e => {
        for (let box = e.parentElement; box; box = box.parentElement) {
            if (frames.has(box)) continue;
            const overflow = getComputedStyle(box).overflowX;
            if (overflow !== 'visible' && box.getBoundingClientRect().right <= width + 1) return true;
        }
        return false;
    };
    return [...document.querySelectorAll('body *')]
        .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > width + 1)
        .filter(e => getComputedStyle(e).visibility !== 'hidden' && !held(e))
        .slice(0, 5)
        .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} `
                  + `right=${Math.round(e.getBoundingClientRect().right)}`);
}"""


def admin_pages():
    """The admin's home, the review queue, and each record model's list, add page and first record's page."""
    pages = [reverse("admin:index"), reverse("review-queue")]
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label not in ("cooperation", "people", "events"):
            continue
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
    return pages


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
def test_every_admin_page_fits_the_window(site, new_page, viewport):
    staff("reviewer", REVIEWERS)
    page = new_page(viewport, timezone_id="America/New_York")  # hours from the server's time zone
    sign_in(page, "reviewer")
    too_wide, time_zone_notes = {}, {}

    for url in admin_pages():
        page.goto(url)
        sticking_out = page.evaluate(OVERFLOW)
        if sticking_out:
            too_wide[url] = (page.evaluate("document.documentElement.scrollWidth"), sticking_out)
        notes = page.locator(".timezonewarning").count()
        if notes > 1:
            time_zone_notes[url] = notes

    assert too_wide == {}
    assert time_zone_notes == {}
