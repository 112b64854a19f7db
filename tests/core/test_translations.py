"""Records in four languages (cooperation/core/translation.py): English is the original, the editors'
renderings in az, ar and ru are shown where they exist, the English fallback is marked and isolated,
quotes keep their source's language, search finds a record in any script, and the API answers in the
language asked for."""

import datetime as dt
import json
import re

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from cooperation.core.admin.resources import translations_resource
from cooperation.core.citations import citable_field_names
from cooperation.core.revisions import Revision, approve
from cooperation.core.roles import TRANSLATORS, role_permissions
from cooperation.core.translation import translation_columns
from cooperation.models import Organisation, Place
from events.models import Event, Participation
from events.timeline import timeline
from people.models import Post
from tests.admin_support import change_form_post, change_url, confirm, preview
from tests.factories import (
    CitationFactory,
    EventFactory,
    OrganisationFactory,
    OrganisationRelationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

EN = '<bdi lang="en" dir="ltr">'


@pytest.fixture
def opening():
    """The opening of the office in Baku, translated, with Dr. AlMalik (translated) and the ministry
    (not translated) taking part, and its quote in English."""
    baku = PlaceFactory(slug="baku", name="Baku", name_az="Bakı", name_ar="باكو", name_ru="Баку")
    event = EventFactory(
        slug="opening",
        title="Opening of the ICESCO Regional Office in Baku",
        title_az="İSESKO-nun Bakı Regional Ofisinin açılışı",
        title_ar="افتتاح مكتب الإيسيسكو الإقليمي في باكو",
        title_ru="Открытие Регионального офиса ИСЕСКО в Баку",
        place=baku,
    )
    almalik = PersonFactory(
        slug="almalik",
        name="Salim AlMalik",
        name_az="Salim əl-Malik",
        name_ar="سالم المالك",
        name_ru="Салим аль-Малик",
    )
    post = PostFactory(title="Director-General", title_ar="المدير العام", title_ru="Генеральный директор")
    position = PositionFactory(person=almalik, post=post)
    participation = ParticipationFactory(event=event, person=almalik, position=position, role="speaker")
    CitationFactory(record=participation, quote="Dr. AlMalik inaugurated the office.")
    ministry = OrganisationFactory(slug="ministry", name="Ministry of Culture")
    ParticipationFactory(event=event, person=None, organisation=ministry, role="participant")
    return event


# --- The model: English is the original ----------------------------------------------------------


def test_existing_text_is_the_english_text_and_the_original_column_stays_english_whatever_the_language():
    place = PlaceFactory(name="Baku")
    assert (place.name, place.name_en, place.name_az) == ("Baku", "Baku", None)

    with translation.override("az"):
        place.name = "Baku city"  # writing the field writes the original, whatever language is active
        place.name_az = "Bakı"
        place.save()
        assert place.name == "Bakı"  # reading it reads the active language

    stored = Place.objects.filter(pk=place.pk).values("name", "name_en", "name_az").get()
    assert stored == {"name": "Baku city", "name_en": "Baku city", "name_az": "Bakı"}
    Place.objects.filter(pk=place.pk).update(name="Baku")  # update() keeps both columns the same
    assert Place.objects.filter(pk=place.pk).values("name", "name_en").get() == {"name": "Baku", "name_en": "Baku"}


def test_an_empty_translation_is_stored_as_none_and_history_keeps_every_language():
    place = PlaceFactory(name="Baku")
    place.name_ar = ""
    place.name_ru = "Баку"
    place.save()

    place.refresh_from_db()
    assert (place.name_ar, place.name_ru) == (None, "Баку")
    assert place.history.first().name_ru == "Баку"


def test_a_post_title_is_unique_in_its_organisation_in_each_language():
    first = PostFactory(title="Director", title_az="Direktor", title_ar="المدير", title_ru="Директор")
    for language, constraint in [
        ("az", "people_post_unique_title_per_organisation-az"),
        ("ar", "people_post_unique_title_per_organisation-ar"),
        ("ru", "people_post_unique_title_per_organisation-ru"),
    ]:
        assert constraint in {c.name for c in Post._meta.constraints}
        with pytest.raises(IntegrityError), transaction.atomic():
            Post.objects.create(
                organisation=first.organisation,
                title=f"Another {language}",
                **{f"title_{language}": getattr(first, f"title_{language}")},
            )


def test_an_unnamed_participant_is_unique_in_its_event_and_role_in_each_language():
    first = ParticipationFactory(person=None, name="ambassadors", name_az="səfirlər", name_ar="سفراء", name_ru="послы")
    for language, constraint in [
        ("az", "events_participation_unique_named_role-az"),
        ("ar", "events_participation_unique_named_role-ar"),
        ("ru", "events_participation_unique_named_role-ru"),
    ]:
        assert constraint in {c.name for c in Participation._meta.constraints}
        with pytest.raises(IntegrityError), transaction.atomic():
            Participation.objects.create(
                event=first.event,
                role=first.role,
                name=f"others {language}",
                **{f"name_{language}": getattr(first, f"name_{language}")},
            )


def test_translations_are_never_evidence_a_citation_cannot_single_one_out():
    assert "title" in citable_field_names(Event)
    assert not citable_field_names(Event) & translation_columns(Event)
    assert {"title_az", "title_ar", "title_ru", "title_en"} <= translation_columns(Event)


# --- Pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "title", "name", "post"),
    [
        ("/az", "İSESKO-nun Bakı Regional Ofisinin açılışı", "Salim əl-Malik", f"{EN}Director-General</bdi>"),
        (
            "/ar",
            "<bdi>افتتاح مكتب الإيسيسكو الإقليمي في باكو</bdi>",
            "<bdi>سالم المالك</bdi>",
            "<bdi>المدير العام</bdi>",
        ),
        ("/ru", "Открытие Регионального офиса ИСЕСКО в Баку", "Салим аль-Малик", "Генеральный директор"),
        ("", "Opening of the ICESCO Regional Office in Baku", "Salim AlMalik", "Director-General"),
    ],
)
def test_an_event_page_shows_each_languages_text_and_marks_the_english_fallback(
    client, opening, prefix, title, name, post
):
    body = client.get(f"{prefix}/events/opening/").content.decode()

    assert f"<h1>{title}</h1>" in body
    assert f'<a href="{prefix}/people/almalik/">{name}</a>' in body
    assert f"{post}{'،' if prefix == '/ar' else ','} " in body
    # Untranslated: the ministry's English name, marked as English (and isolated) on other languages' pages.
    ministry = "Ministry of Culture" if not prefix else f"{EN}Ministry of Culture</bdi>"
    assert f'<a href="{prefix}/organisations/ministry/">{ministry}</a>' in body


def test_an_unnamed_participant_is_named_in_the_pages_language(client, opening):
    ParticipationFactory(
        event=opening, person=None, name="ambassadors of other countries", name_ru="послы других стран"
    )

    russian = client.get("/ru/events/opening/").content.decode()
    arabic = client.get("/ar/events/opening/").content.decode()
    answer = client.get("/api/v1/events/opening/", {"lang": "ru"}).json()

    assert "послы других стран" in russian
    assert f"{EN}ambassadors of other countries</bdi>" in arabic
    assert "послы других стран" in [participant["name"] for participant in answer["participants"]]


def test_lists_in_a_sentence_are_separated_by_the_pages_comma(client, opening):
    arabic = client.get("/ar/events/opening/").content.decode()
    english = client.get("/events/opening/").content.decode()

    participants = re.search(r'<ul class="participants">(.*?)</ul>', arabic, re.S).group(1)
    assert "، " in participants
    assert ", " not in participants.replace("\n", " ")
    assert "،" not in english


def test_a_relation_reads_as_a_sentence_with_each_name_in_the_pages_language_or_marked_english(client):
    azerbaijan = OrganisationFactory(slug="azerbaijan", name="Azerbaijan", name_ru="Азербайджан")
    forum = OrganisationFactory(slug="forum", name="Youth Forum")
    OrganisationRelationFactory(
        subject=azerbaijan, object=forum, start_date=dt.date(1991, 1, 1), start_date_precision="year"
    )

    russian = client.get("/ru/organisations/azerbaijan/").content.decode()
    arabic = client.get("/ar/organisations/azerbaijan/").content.decode()

    assert (
        f'<a href="/ru/organisations/azerbaijan/">Азербайджан</a> — член организации «<a href="/ru/organisations/'
        f'forum/">{EN}Youth Forum</bdi></a>», с <time datetime="1991">1991</time>'
    ) in russian
    assert f'<a href="/ar/organisations/forum/">{EN}Youth Forum</bdi></a>' in arabic


def test_a_sources_note_and_byline_kept_in_english_are_marked_english_on_other_pages(client):
    SourceFactory(slug="article", author_name="Vafa Guliyeva", note="Undated; inferred from the text.")

    arabic = client.get("/ar/sources/article/").content.decode()
    english = client.get("/sources/article/").content.decode()

    assert f'<p class="note">{EN}Undated; inferred from the text.</bdi></p>' in arabic
    assert f"{EN}Vafa Guliyeva</bdi>" in arabic
    assert '<p class="note">Undated; inferred from the text.</p>' in english


def test_the_page_title_and_open_graph_follow_the_pages_language(client, opening):
    body = client.get("/ru/events/opening/").content.decode()

    assert "<title>Открытие Регионального офиса ИСЕСКО в Баку ·" in body
    assert '<meta property="og:title" content="Открытие Регионального офиса ИСЕСКО в Баку">' in body


def test_a_quote_keeps_its_sources_language_and_says_it_is_the_sources_words(client, opening):
    body = client.get("/ar/events/opening/").content.decode()

    assert '<span class="quote" lang="en" dir="auto">Dr. AlMalik inaugurated the office.</span>' in body
    english = client.get("/events/opening/").content.decode()
    assert (
        '<span class="quote" lang="en" dir="auto">Dr. AlMalik inaugurated the office.</span> <cite>' in english
    )  # no note in English


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/az/places/", "Bakı"),
        ("/ru/people/", "Салим аль-Малик"),
        ("/ar/events/", "<bdi>افتتاح مكتب الإيسيسكو الإقليمي في باكو</bdi>"),
        ("/az/organisations/ministry/", f"<h1>{EN}Ministry of Culture</bdi></h1>"),
        ("/ru/places/baku/", "<h1>Баку</h1>"),
    ],
)
def test_list_and_record_pages_show_the_translated_text(client, opening, path, text):
    assert text in client.get(path).content.decode()


def test_the_timeline_runs_right_to_left_in_arabic():
    EventFactory(start_date=dt.date(2021, 1, 14), title="Older")
    EventFactory(start_date=dt.date(2025, 4, 29), title="Newer")

    def marks(language):
        with translation.override(language):
            return {mark["event"].title: mark["x"] for mark in timeline(first_year=2020).marks}

    english, arabic = marks("en"), marks("ar")
    assert english["Older"] < english["Newer"]
    assert arabic["Older"] > arabic["Newer"]


# --- Search in every script -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Шуша", "shusha"),
        ("Şuşa", "shusha"),
        ("شوشا", "shusha"),
        ("Баку", "baku"),
        ("Bakı", "baku"),
        ("باكو", "baku"),
        ("Ёлкино", "yolkino"),  # ё and е are one letter to search
        ("Елкино", "yolkino"),
    ],
)
def test_a_place_is_found_in_any_script_from_any_language(client, query, found):
    PlaceFactory(slug="shusha", name="Shusha", name_az="Şuşa", name_ar="شوشا", name_ru="Шуша")
    PlaceFactory(slug="baku", name="Baku", name_az="Bakı", name_ar="باكو", name_ru="Баку")
    PlaceFactory(slug="yolkino", name="Yolkino", name_ru="Ёлкино")

    for language in ("", "/ar", "/ru"):
        body = client.get(f"{language}/places/", {"q": query}).content.decode()
        listed = {slug for slug in ("shusha", "baku", "yolkino") if f'href="{language}/places/{slug}/"' in body}
        assert listed == {found}
    answer = client.get("/api/v1/places/", {"q": query}).json()
    assert [place["slug"] for place in answer["results"]] == [found]


@pytest.mark.parametrize("query", ["المالك", "مالك", "Аль-Малик", "аль малик", "ـالمـالك", "əl-Malik"])
def test_a_person_is_found_by_the_name_in_any_script_with_arabic_and_cyrillic_forms_folded(client, query):
    PersonFactory(
        slug="almalik", name="Salim AlMalik", name_az="Salim əl-Malik", name_ar="سالم المالك", name_ru="Салим аль-Малик"
    )
    PersonFactory(slug="other", name="Someone Else")

    answer = client.get("/api/v1/people/", {"q": query}).json()

    assert [person["slug"] for person in answer["results"]] == ["almalik"], connection.vendor


def test_a_term_is_found_at_the_start_of_a_word_never_inside_one(client):
    PlaceFactory(slug="baku", name="Baku", name_az="Bakı")
    PlaceFactory(slug="uzbekistan", name="Uzbekistan", name_az="Özbəkistan")  # "ozbakistan" holds "baki"

    for query in ["Bakı", "bak"]:
        answer = client.get("/api/v1/places/", {"q": query}).json()
        assert [place["slug"] for place in answer["results"]] == ["baku"], (query, connection.vendor)


def test_arabic_letters_written_more_than_one_way_are_found_either_way(client):
    PlaceFactory(slug="school", name="School", name_ar="مَدْرَسَة الإمام")  # diacritics, taa marbuta, hamza

    for query in ["مدرسه", "مدرسة", "الامام", "الإمام"]:
        answer = client.get("/api/v1/places/", {"q": query}).json()
        assert [place["slug"] for place in answer["results"]] == ["school"], query


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's text search")
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Шушу", "shusha"),  # Russian: another case of the word
        ("Шуше", "shusha"),
        ("meeting", "meetings"),  # English: the singular finds the plural
        ("officials", "meetings"),
        ("للمؤتمر", "meetings"),  # Arabic: a word with a preposition and the article joined to it
    ],
)
def test_on_postgresql_a_word_finds_other_forms_of_it_in_each_language(client, query, found):
    PlaceFactory(slug="shusha", name="Shusha", name_ru="Шуша")
    EventFactory(slug="meetings", title="Meetings with a senior official", title_ar="اجتماعات المؤتمر")
    EventFactory(slug="other", title="Press briefing")

    places = client.get("/api/v1/places/", {"q": query}).json()["results"]
    events = client.get("/api/v1/events/", {"q": query}).json()["results"]

    assert [record["slug"] for record in places + events] == [found]


# --- The API --------------------------------------------------------------------------------------


def test_the_api_answers_in_the_language_asked_for_by_lang_or_accept_language(client, opening):
    by_lang = client.get("/api/v1/events/opening/", {"lang": "ar"})
    by_header = client.get("/api/v1/events/opening/", headers={"accept-language": "ru-RU,ru;q=0.9,en;q=0.5"})
    default = client.get("/api/v1/events/opening/", headers={"accept-language": "fr"})

    assert by_lang.json()["title"] == "افتتاح مكتب الإيسيسكو الإقليمي في باكو"
    assert by_lang["Content-Language"] == "ar"
    assert by_header.json()["title"] == "Открытие Регионального офиса ИСЕСКО в Баку"
    assert by_header["Content-Language"] == "ru"
    assert "Accept-Language" in by_header["Vary"]
    assert default.json()["title"] == "Opening of the ICESCO Regional Office in Baku"
    assert default["Content-Language"] == "en"


def test_an_api_detail_carries_every_languages_text(client, opening):
    answer = client.get("/api/v1/places/baku/").json()

    assert answer["translations"] == {
        "en": {"name": "Baku"},
        "az": {"name": "Bakı"},
        "ar": {"name": "باكو"},
        "ru": {"name": "Баку"},
    }


def test_the_event_list_csv_and_calendar_follow_the_language(client, opening):
    listed = client.get("/api/v1/events/", {"lang": "az"}).json()["results"][0]
    csv = client.get("/api/v1/events/", {"lang": "ru", "format": "csv"}).content.decode()
    ics = client.get("/api/v1/events/", {"lang": "ar", "format": "ics"}).content.decode()

    assert listed["title"] == "İSESKO-nun Bakı Regional Ofisinin açılışı"
    assert listed["place"]["name"] == "Bakı"
    assert listed["participants"][0]["name"] == "Salim əl-Malik"
    assert "Открытие Регионального офиса ИСЕСКО в Баку" in csv
    assert "SUMMARY:افتتاح مكتب الإيسيسكو الإقليمي في باكو" in ics.replace("\r\n ", "")  # unfolded


def test_an_unknown_language_is_a_400_listing_the_languages(client):
    response = client.get("/api/v1/events/", {"lang": "fr"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "use one of en, az, ar, ru" in response.json()["detail"]


def test_an_unknown_language_is_refused_in_the_language_of_accept_language(client):
    response = client.get("/api/v1/events/", {"lang": "fr"}, headers={"accept-language": "az"})

    assert response.status_code == 400
    assert response["Content-Language"] == "az"
    assert response.json()["title"] == "Yanlış sorğu"
    assert (
        response.json()["detail"]
        == "lang “fr” qeydlərin dillərindən deyil: bunlardan birini istifadə edin: en, az, ar, ru."
    )


@pytest.mark.parametrize(
    ("address", "status", "title", "detail"),
    [
        (
            "/api/v1/events/?page=abc",
            400,
            "Неверный запрос",
            "page: Должно быть целое число не меньше 1; получено «abc».",
        ),
        ("/api/v1/events/?ordering=colour", 400, "Неверный запрос", "ordering: Неизвестный ключ сортировки «colour»"),
        ("/api/v1/events/?year=abc", 400, "Неверный запрос", "year: "),
        ("/api/v1/nowhere/", 404, "Не найдено", "По этому адресу ничего нет."),
        (
            "/api/v1/events/no-such-event/",
            404,
            "Не найдено",
            "Нет опубликованной записи типа «событие» с таким идентификатором или slug.",
        ),
        ("/api/v1/events/?format=pdf", 406, "Неприемлемо", "Неизвестный формат «pdf»."),
    ],
)
def test_an_api_error_speaks_the_language_asked_for(client, address, status, title, detail):
    response = client.get(address, headers={"accept-language": "ru"})
    problem = response.json()

    assert response.status_code == status
    assert response["Content-Language"] == "ru"
    assert problem["title"] == title
    assert problem["detail"].startswith(detail)
    assert not re.search("[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}", problem["detail"].replace("/api/v1/", "")), problem


# --- Staff ----------------------------------------------------------------------------------------


def test_the_admin_form_has_a_section_per_language_and_saves_a_translation_leaving_the_english(admin_client):
    place = PlaceFactory(name="Baku")
    page = admin_client.get(change_url(place))
    html = page.content.decode()

    assert "js/language-tabs.js" in html
    for language, name in [("az", "Azərbaycanca"), ("ar", "العربية"), ("ru", "Русский")]:
        assert f"translation-{language}" in html
        assert name in html
    assert 'name="name_ar"' in html
    assert 'lang="ar"' in html
    assert 'dir="rtl"' in html
    assert 'name="name_en"' not in html  # English is edited as the record's own field

    admin_client.post(change_url(place), change_form_post(page) | {"name_az": "Bakı", "name_ar": "باكو"})

    place.refresh_from_db()
    assert (place.name, place.name_en, place.name_az, place.name_ar, place.name_ru) == (
        "Baku",
        "Baku",
        "Bakı",
        "باكو",
        None,
    )


def test_the_openapi_document_lists_the_language_parameter_and_the_translations(client):
    document = client.get("/api/v1/schema/", {"format": "json"}).json()

    operation = document["paths"]["/api/v1/events/{id}/"]["get"]
    (lang,) = [parameter for parameter in operation["parameters"] if parameter["name"] == "lang"]
    assert sorted(lang["schema"]["enum"]) == ["ar", "az", "en", "ru"]
    assert "translations" in document["components"]["schemas"]["EventDetail"]["properties"]


# --- Translators ----------------------------------------------------------------------------------


@pytest.fixture
def translator(roles, staff):
    return staff("tahmina", group=TRANSLATORS)


def test_a_translator_may_view_every_record_and_change_only_translated_ones(roles):
    permissions = role_permissions()[TRANSLATORS]

    assert ("events", "view_event") in permissions
    assert ("events", "change_event") in permissions
    assert ("events", "view_participation") in permissions
    assert ("events", "change_participation") in permissions  # an unnamed participant's name
    assert ("people", "change_position") not in permissions  # nothing to translate in it
    assert not {codename for _app, codename in permissions if codename.startswith(("add_", "delete_", "publish_"))}


def test_a_translator_changes_a_drafts_translation_and_nothing_else(translator):
    place = PlaceFactory(name="Baku", kind="city", publication_status="draft")
    page = translator.get(change_url(place))
    html = page.content.decode()
    assert 'name="name_az"' in html
    assert 'name="name"' not in html  # the English text is read-only for a translator
    assert 'name="citations-TOTAL_FORMS"' not in html  # and so is the evidence

    response = translator.post(change_url(place), change_form_post(page) | {"name_az": "Bakı", "name": "Changed"})

    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.name, place.name_az) == ("Baku", "Bakı")


def test_a_translators_change_to_a_published_record_waits_for_review(translator):
    place = PlaceFactory(name="Baku", kind="city")
    translator.post(change_url(place), change_form_post(translator.get(change_url(place))) | {"name_ru": "Баку"})

    place.refresh_from_db()
    assert place.name_ru is None  # visitors keep the approved version
    revision = Revision.objects.get()
    (change,) = revision.rows()
    assert (change.pk, change.after["name_ru"]) == (place.pk, "Баку")


def translations_file(*rows):
    """A translations spreadsheet of places, as a translator saves it from the export."""
    lines = ["slug,name_en,name_az,name_ar,name_ru", *rows]
    return SimpleUploadedFile("places.csv", "\r\n".join(lines).encode(), content_type="text/csv")


def test_a_translators_spreadsheet_keeps_a_change_for_review_per_published_record_and_saves_drafts(
    translator, admin_user
):
    baku = PlaceFactory(name="Baku", slug="baku", kind="city")
    shusha = PlaceFactory(name="Shusha", slug="shusha", kind="city")
    agdam = PlaceFactory(name="Agdam", slug="agdam", kind="city", publication_status="draft")
    upload = translations_file("baku,Baku,,,Баку", "shusha,Shusha,Şuşa,,", "agdam,Agdam,,أغدام,")

    response = confirm(translator, Place, preview(translator, Place, upload))

    page = translator.get(response["Location"]).content.decode()
    assert "Your changes to 2 published records are kept for review, one per record" in page
    assert "Not done" not in page
    baku.refresh_from_db()
    shusha.refresh_from_db()
    agdam.refresh_from_db()
    assert (baku.name_ru, shusha.name_az) == (None, None)  # visitors keep the approved versions
    assert agdam.name_ar == "أغدام"  # a draft is saved
    kept = {revision.object_id: revision for revision in Revision.objects.open()}
    assert set(kept) == {baku.pk, shusha.pk}
    assert [change.after["name_ru"] for change in kept[baku.pk].rows()] == ["Баку"]

    approve(kept[baku.pk].pk, admin_user)
    baku.refresh_from_db()
    assert (baku.name, baku.name_ru) == ("Baku", "Баку")


def test_a_translators_spreadsheet_is_added_to_a_change_already_awaiting_review(translator, sign_in):
    place = PlaceFactory(name="Baku", slug="baku", kind="city", description="The capital.")
    editor = sign_in("editor")
    editor.post(
        change_url(place), change_form_post(editor.get(change_url(place))) | {"description": "The capital city."}
    )

    confirm(translator, Place, preview(translator, Place, translations_file("baku,Baku,Bakı,,")))

    (revision,) = Revision.objects.open()
    (change,) = revision.rows()
    assert (change.after["description"], change.after["name_az"]) == ("The capital city.", "Bakı")
    assert change.before["description"] == "The capital."
    place.refresh_from_db()
    assert (place.description, place.name_az) == ("The capital.", None)


def test_the_missing_translations_page_lists_published_records_lacking_a_language(admin_client):
    PlaceFactory(name="Baku", name_az="Bakı", name_ar="باكو", name_ru="Баку")
    PlaceFactory(name="Shusha", name_az="Şuşa")
    PlaceFactory(name="Agdam", publication_status="draft")

    everything = admin_client.get("/admin/translations/missing/").content.decode()
    russian = admin_client.get("/admin/translations/missing/", {"language": "ru"}).content.decode()

    assert "Shusha" in everything
    assert "Baku" not in everything
    assert "Agdam" not in everything
    assert "<strong>Русский</strong>: name" in russian
    assert "<strong>العربية</strong>" not in russian


def test_the_translations_spreadsheet_exports_a_column_per_language_and_imports_the_translations(admin_client):
    place = PlaceFactory(name="Baku", slug="baku", name_az="Bakı", publication_status="draft")
    resource = translations_resource(Place)

    exported = resource().export(Place.objects.filter(pk=place.pk)).csv
    assert (
        exported.splitlines()[0]
        == "slug,name_en,name_az,name_ar,name_ru,description_en,description_az,description_ar,description_ru"
    )
    assert exported.splitlines()[1].startswith("baku,Baku,Bakı,,,")

    dataset = tablib.Dataset(headers=["slug", "name_en", "name_az", "name_ar", "name_ru"])
    dataset.append(["baku", "Overwritten", "Bakı", "باكو", "Баку"])
    result = resource().import_data(dataset, dry_run=False)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    place.refresh_from_db()
    assert (place.name, place.name_ar, place.name_ru) == ("Baku", "باكو", "Баку")  # English is never written

    unknown = tablib.Dataset(headers=["slug", "name_az"])
    unknown.append(["nowhere", "Heç yer"])
    assert resource().import_data(unknown, dry_run=False).has_errors()
    assert not Place.objects.filter(slug="nowhere").exists()


def test_json_ld_follows_the_pages_language_and_tags_the_english_fallback(client, opening):
    body = client.get("/az/events/opening/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))

    assert data["@context"] == ["https://schema.org", {"@language": "az"}]
    assert data["name"] == "İSESKO-nun Bakı Regional Ofisinin açılışı"
    assert data["location"] == {"@type": "Place", "name": "Bakı"}
    assert {"@type": "Organization", "name": {"@value": "Ministry of Culture", "@language": "en"}} in data["attendee"]


def test_the_atom_feed_and_the_calendar_links_follow_the_pages_language(client, opening):
    feed = client.get("/ru/events/feed.atom").content.decode()
    page = client.get("/ar/events/opening/").content.decode()

    assert '<feed xml:lang="ru" xmlns="http://www.w3.org/2005/Atom">' in feed
    assert "Открытие Регионального офиса ИСЕСКО в Баку" in feed
    assert f'href="/api/v1/events/{opening.uuid}/?format=ics&amp;lang=ar"' in page
    assert 'href="/ar/events/feed.atom"' in page


@pytest.mark.parametrize("asked", ["AR", "ar-SA", " ar"])
def test_a_language_asked_for_with_a_region_or_in_capitals_is_understood(client, opening, asked):
    response = client.get("/api/v1/events/opening/", {"lang": asked})

    assert response.status_code == 200
    assert response["Content-Language"] == "ar"


def test_the_event_lists_filter_choices_name_records_in_the_pages_language(client, opening):
    body = client.get("/ru/events/").content.decode()

    assert '<option value="almalik">Салим аль-Малик (1)</option>' in body
    assert '<option value="ministry">Ministry of Culture (1)</option>' in body  # untranslated: as written


def test_the_organisation_filter_names_organisations_in_the_pages_language(client, opening):
    Organisation.objects.filter(slug="ministry").update(name_ru="Министерство культуры")

    body = client.get("/ru/events/").content.decode()

    assert '<option value="ministry">Министерство культуры (1)</option>' in body


def test_the_missing_translations_page_lists_posts_too(admin_client):
    PostFactory(title="Director-General", title_az="Baş direktor")

    body = admin_client.get("/admin/translations/missing/", {"language": "ar"}).content.decode()

    assert "Director-General" in body
