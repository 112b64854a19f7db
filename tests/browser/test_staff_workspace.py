"""The staff workspace in a real browser: an editor signs in and records an event with a participant
and a citation; it stays a draft until a reviewer publishes it; then visitors see it."""

import re

from playwright.sync_api import expect

from cooperation.core.roles import EDITORS, REVIEWERS
from tests.browser.conftest import DESKTOP, screenshot
from tests.factories import StaffFactory

PASSWORD = "a-long-enough-password-for-tests"
QUOTE = (
    "Abdulhakeem AlSenan, Director of the ICESCO Regional Office in Baku, expressed his gratitude to all "
    "those attending this historically significant event."
)


def staff(username, group):
    return StaffFactory(username=username, password=PASSWORD, groups=[group])


def sign_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text(username)


def choose(page, container, text):
    """Pick `text` in a select2 autocomplete inside `container`."""
    container.locator(".select2-selection").click()
    page.locator(".select2-search__field").last.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_an_editor_records_an_event_a_reviewer_publishes_it_and_visitors_see_it(site, new_page):
    staff("editor", EDITORS)
    staff("reviewer", REVIEWERS)

    page = new_page(DESKTOP)
    sign_in(page, "editor")
    page.goto("/admin/events/event/add/")
    page.get_by_label("Title:").fill("Welcome of guests at the regional office")
    page.get_by_label("Title:").press("End")  # the slug is filled in from the title as one types
    expect(page.locator("#id_slug")).to_have_value("welcome-of-guests-at-the-regional-office")
    page.locator("#id_kind").select_option("meeting")
    page.locator("#id_start_date").fill("2025-04-29")
    choose(page, page.locator(".field-place"), "Baku")

    page.locator("#participations-group .add-row a").click()
    row = page.locator("#participations-group tr.form-row:not(.empty-form)").last
    choose(page, row.locator("td.field-person"), "Abdulhakeem AlSenan")
    row.locator("td.field-role select").select_option("host")

    citations = page.locator("[id$='citation-content_type-object_id-group']")
    citations.locator(".add-row a").click()
    row = citations.locator("tr.form-row:not(.empty-form)").last
    choose(page, row.locator("td.field-source"), "hub of knowledge")
    row.locator("td.field-quote textarea").fill(QUOTE)
    # Editors save drafts: the publication field is not theirs to change.
    expect(page.locator("#id_publication_status")).to_have_count(0)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    screenshot(page, "admin-editor-saved-draft")
    assert page.watch.errors == []
    assert new_page().goto("/events/welcome-of-guests-at-the-regional-office/").status == 404

    # The participant is public with the event, so it needs its own quote (the one evidence rule):
    # on the participation's page, reached from the list of participations.
    page.goto("/admin/events/participation/")
    page.locator("tr", has_text="Welcome of guests at the regional office").locator("th a").click()
    citations = page.locator("[id$='citation-content_type-object_id-group']")
    citations.locator(".add-row a").click()
    row = citations.locator("tr.form-row:not(.empty-form)").last
    choose(page, row.locator("td.field-source"), "hub of knowledge")
    row.locator("td.field-quote textarea").fill(QUOTE)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.context.clear_cookies()
    sign_in(page, "reviewer")
    page.goto("/admin/events/event/?publication_status__exact=draft")
    page.locator("tr", has_text="Welcome of guests at the regional office").locator("input.action-select").check()
    page.locator("select[name=action]").select_option("publish")
    page.locator(".actions button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("1 record(s) set to published")
    screenshot(page, "admin-reviewer-published")

    visitor = new_page()
    visitor.goto("/events/welcome-of-guests-at-the-regional-office/")
    expect(visitor.locator("h1")).to_have_text("Welcome of guests at the regional office")
    expect(visitor.locator(".participants")).to_contain_text("Abdulhakeem AlSenan")
    expect(visitor.locator(".citations")).to_contain_text("expressed his gratitude to all those attending")
    assert visitor.watch.errors == []


ARTICLE = (
    "Baku hosts a meeting on heritage\n\n"
    "Experts met at the ICESCO Regional Office in Baku on Monday to discuss the protection of heritage."
)


def test_a_new_article_is_cited_on_an_existing_record_published_and_a_mistake_undone(site, new_page):
    staff("editor", EDITORS)
    staff("reviewer", REVIEWERS)
    page = new_page(DESKTOP)
    sign_in(page, "editor")

    # A sixth article, pasted in full.
    page.goto("/admin/cooperation/source/add/")
    page.get_by_label("Title:").fill("Baku hosts a meeting on heritage")
    page.get_by_label("Title:").press("End")
    page.locator("#id_text").fill(ARTICLE)
    page.locator("#id_reference").fill("006_test_article.txt")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    source_url = page.url

    # Its page lists the records it names; a passage is cited for one of them.
    names = page.locator(".names-in-text")
    expect(names).to_contain_text("ICESCO Regional Office in Baku")
    # A passage selected in the text is quoted in a new citation, whose record search then opens:
    # the record is found by typing its name (a list of every record would not fit the page).
    passage = "Experts met at the ICESCO Regional Office in Baku on Monday"
    page.locator("#id_text").evaluate(
        "(text, passage) => text.setSelectionRange(text.value.indexOf(passage), text.value.indexOf(passage) + passage.length)",
        passage,
    )
    page.get_by_role("button", name="Quote the selected passage in a new citation").click()
    expect(page.locator("#id_citations-0-quote")).to_have_value(passage)
    page.locator(".select2-search__field").last.fill("Regional Office in Baku")
    label = page.locator("strong.select2-results__group", has_text=re.compile("^Organisations$"))
    results = page.locator(".select2-results__option[role=group]").filter(has=label)
    results.locator("[role=option]", has_text=re.compile("^ICESCO Regional Office in Baku$")).click()
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator("body")).to_contain_text("Experts met at the ICESCO Regional Office in Baku on Monday")
    screenshot(page, "admin-new-source-cited")

    # A mistake, seen in the history and undone.
    page.goto("/admin/cooperation/source/?q=heritage")
    page.get_by_role("link", name="Baku hosts a meeting on heritage").click()
    page.locator("#id_note").fill("A wrong note.")
    page.locator("input[name=_continue]").click()
    page.get_by_role("link", name="History").click()
    expect(page.locator("#change-history")).to_contain_text("editor")
    page.locator("#change-history a[href*='/history/']").last.click()  # the first version, as added
    page.locator("input[name=_save][value=Revert]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # Reviewed and published; then visitors read it with the passage marked.
    page.context.clear_cookies()
    sign_in(page, "reviewer")
    page.goto(source_url)
    expect(page.locator("#id_note")).to_have_value("")
    page.locator("#id_publication_status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert page.watch.errors == []

    visitor = new_page()
    visitor.goto("/sources/baku-hosts-a-meeting-on-heritage/")
    expect(visitor.locator(".source-text mark")).to_have_text(
        "Experts met at the ICESCO Regional Office in Baku on Monday"
    )
    expect(visitor.locator(".supports a").first).to_have_text(re.compile("ICESCO Regional Office in Baku"))


def test_an_editors_change_to_a_published_event_waits_for_a_reviewers_approval(site, new_page):
    """The issue's journey: an editor changes a published event's title and a participant's role; the
    public page keeps the approved version; the editor submits it; the reviewer reads the diff in the
    review queue and approves; then the page and the API show the change."""
    staff("editor", EDITORS)
    staff("reviewer", REVIEWERS)
    event_url = "/events/opening-ceremony-icesco-regional-office-baku/"
    api_url = "/api/v1/events/opening-ceremony-icesco-regional-office-baku/"
    visitor = new_page()
    before = visitor.request.get(api_url).json()
    old_title = before["title"]
    new_title = "Opening of the ICESCO Regional Office in Baku"
    page = new_page(DESKTOP)
    sign_in(page, "editor")

    page.goto("/admin/events/event/?q=Opening+ceremony")
    page.get_by_role("link", name=old_title).first.click()
    page.get_by_label("Title:").fill(new_title)
    role = page.locator("#participations-group tr.form-row:not(.empty-form)").first.locator("td.field-role select")
    old_role = role.input_value()
    new_role = "speaker" if old_role != "speaker" else "host"
    role.select_option(new_role)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("is kept for review")
    visitor.goto(event_url)
    expect(visitor.locator("h1")).to_have_text(old_title)
    assert visitor.request.get(api_url).json()["participants"][0]["role"] == old_role

    page.get_by_role("link", name="See it and submit it for review").click()
    page.get_by_role("link", name="Submit for review").click()
    page.get_by_label("Comment:").fill("The title as the press release words it.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("is awaiting review")
    assert page.watch.errors == []

    page.context.clear_cookies()
    sign_in(page, "reviewer")
    page.goto("/admin/review/")
    queue = page.locator("#revision_list")
    expect(queue).to_contain_text("The title as the press release words it.")
    queue.get_by_role("link", name=old_title).click()
    diff = page.locator(".revision-diff")
    expect(diff).to_contain_text(old_title)
    expect(diff).to_contain_text(new_title)
    expect(diff.locator("tr", has_text="Role")).to_contain_text(new_role)
    screenshot(page, "admin-revision-diff")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messagelist")).to_contain_text("Approved")
    assert page.watch.errors == []

    visitor.goto(event_url)
    expect(visitor.locator("h1")).to_have_text(new_title)
    after = visitor.request.get(api_url).json()
    assert (after["title"], after["participants"][0]["role"]) == (new_title, new_role)


def test_a_participants_position_is_picked_among_the_chosen_persons_positions(site, new_page):
    staff("editor", EDITORS)
    page = new_page(DESKTOP)
    sign_in(page, "editor")
    page.goto("/admin/events/participation/add/")

    choose(page, page.locator(".field-person"), "Abdulhakeem AlSenan")
    page.locator(".field-position .select2-selection").click()

    offered = page.locator(".select2-results__option[role=option]")
    expect(offered.first).to_contain_text("AlSenan")
    texts = offered.all_inner_texts()
    assert texts
    assert all("AlSenan" in text for text in texts), texts
    assert page.watch.errors == []
