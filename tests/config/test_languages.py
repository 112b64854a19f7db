"""The site in four languages: English unprefixed, /az/, /ar/ (right to left), /ru/. The interface is
translated; the records' own words are not. The committed translations are complete and compiled."""

import datetime as dt
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from cooperation.core.records import PublicationStatus
from tests.factories import EventFactory, ParticipationFactory, PersonFactory, PlaceFactory

pytestmark = pytest.mark.django_db

PREFIXES = {"en": "", "az": "/az", "ar": "/ar", "ru": "/ru"}
LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ["az", "ar", "ru"]


class _Elements(HTMLParser):
    """Start tags with their attributes and the text up to the next tag."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append({"tag": tag, "attrs": dict(attrs), "text": ""})

    def handle_data(self, data):
        if self.found:
            self.found[-1]["text"] += data


def elements(response, tag):
    parser = _Elements()
    parser.feed(response.content.decode())
    return [element for element in parser.found if element["tag"] == tag]


def html_element(response):
    (html,) = elements(response, "html")
    return html["attrs"]


def language_switcher(response):
    """The links of the language switcher: the <a>s between <nav class="languages"> and the next <nav>."""
    body = response.content.decode()
    nav = re.search(r'<nav class="languages"[^>]*>(.*?)</nav>', body, re.S).group(1)
    parser = _Elements()
    parser.feed(nav)
    return [{**a["attrs"], "text": a["text"].strip()} for a in parser.found if a["tag"] == "a"]


@pytest.fixture
def ceremony():
    baku = PlaceFactory(name="Baku", slug="baku")
    event = EventFactory(
        title="Opening ceremony of the regional office", slug="opening", start_date=dt.date(2021, 1, 14), place=baku
    )
    ParticipationFactory(event=event, person=PersonFactory(name="Salim AlMalik", slug="almalik"))
    EventFactory(title="Accession", slug="accession", start_date=dt.date(1991, 1, 1), start_date_precision="year")
    EventFactory(title="Unreviewed meeting", slug="draft", publication_status=PublicationStatus.DRAFT)
    return event


@pytest.mark.parametrize(
    ("prefix", "lang", "direction"),
    [("", "en", "ltr"), ("/az", "az", "ltr"), ("/ar", "ar", "rtl"), ("/ru", "ru", "ltr")],
)
def test_each_language_sets_the_pages_language_and_writing_direction(client, ceremony, prefix, lang, direction):
    for path in ["/", "/events/", "/events/opening/", "/timeline/"]:
        response = client.get(prefix + path)
        assert response.status_code == 200
        assert html_element(response) == {"lang": lang, "dir": direction}
        assert response["Content-Language"] == lang


def test_the_arabic_events_list_is_in_arabic_but_the_records_keep_their_own_words(client, ceremony):
    response = client.get("/ar/events/")

    body = response.content.decode()
    assert "<h1>الفعاليات</h1>" in body
    assert '<li><a href="/ar/events/" aria-current="page">الفعاليات</a></li>' in body
    # Untranslated: the English text, marked and isolated so that the right-to-left page never reorders it.
    assert (
        '<a href="/ar/events/opening/"><bdi lang="en" dir="ltr">Opening ceremony of the regional office</bdi></a>، <bdi lang="en" dir="ltr">Baku</bdi>'
        in body
    )
    assert "<h1>Events</h1>" not in body
    assert "Unreviewed meeting" not in body


def test_a_russian_event_page_gives_the_date_in_russian_and_the_names_as_stored(client, ceremony):
    body = client.get("/ru/events/opening/").content.decode()

    assert '<time datetime="2021-01-14">14 января 2021</time>' in body
    assert "<dt>Дата</dt>" in body
    assert '<h1><bdi lang="en" dir="ltr">Opening ceremony of the regional office</bdi></h1>' in body
    assert '<a href="/ru/people/almalik/"><bdi lang="en" dir="ltr">Salim AlMalik</bdi></a>' in body
    assert '<a href="/ru/places/baku/"><bdi lang="en" dir="ltr">Baku</bdi></a>' in body


def test_the_azerbaijani_timeline_is_titled_in_azerbaijani(client, ceremony):
    body = client.get("/az/timeline/").content.decode()

    assert "<title>Xronologiya · " in body
    assert '<a href="/az/timeline/" aria-current="page">Xronologiya</a>' in body
    assert '<h2 id="by-year-heading">İllər üzrə</h2>' in body
    assert "<title>1991 — Accession (" in body


def test_english_pages_are_not_translated(client, ceremony):
    body = client.get("/events/opening/").content.decode()

    assert '<time datetime="2021-01-14">14 January 2021</time>' in body
    assert "<dt>Date</dt>" in body


@pytest.mark.parametrize("current", PREFIXES)
def test_the_language_switcher_links_the_same_page_with_the_same_query_in_every_language(client, ceremony, current):
    response = client.get(f"{PREFIXES[current]}/events/?year=2021&kind=meeting")

    links = language_switcher(response)
    assert [(link["hreflang"], link["lang"], link["href"], link["text"]) for link in links] == [
        ("en", "en", "/events/?year=2021&kind=meeting", "English"),
        ("az", "az", "/az/events/?year=2021&kind=meeting", "Azərbaycanca"),
        ("ar", "ar", "/ar/events/?year=2021&kind=meeting", "العربيّة"),
        ("ru", "ru", "/ru/events/?year=2021&kind=meeting", "Русский"),
    ]
    assert [link["hreflang"] for link in links if link.get("aria-current") == "true"] == [current]


def test_every_language_switcher_link_leads_to_the_same_record(client, ceremony):
    for link in language_switcher(client.get("/ar/events/opening/")):
        response = client.get(link["href"])
        assert response.status_code == 200
        assert html_element(response)["lang"] == link["hreflang"]
        assert "Opening ceremony of the regional office</" in response.content.decode()


@pytest.mark.parametrize(
    ("prefix", "lang", "heading"),
    [
        ("", "en", "Page not found"),
        ("/az", "az", "Səhifə tapılmadı"),
        ("/ar", "ar", "الصفحة غير موجودة"),
        ("/ru", "ru", "Страница не найдена"),
    ],
)
def test_a_missing_record_is_a_404_page_in_the_language_of_its_address(client, prefix, lang, heading):
    response = client.get(f"{prefix}/events/no-such/")

    assert response.status_code == 404
    assert html_element(response)["lang"] == lang
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_an_unknown_language_prefix_is_not_found(client, ceremony):
    for path in ["/xx/events/", "/fr/events/opening/", "/en/events/"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "<h1>Page not found</h1>" in response.content.decode()


@pytest.mark.parametrize("prefix", PREFIXES.values())
def test_a_draft_events_page_is_not_found_in_any_language(client, ceremony, prefix):
    response = client.get(f"{prefix}/events/draft/")

    assert response.status_code == 404
    assert "Unreviewed meeting" not in response.content.decode()


def test_a_filter_django_cannot_read_is_explained_in_the_pages_language(client, ceremony):
    response = client.get("/ar/events/?kind=party")

    assert response.status_code == 400
    body = response.content.decode()
    assert "<p>تعذّر فهم بعض عوامل التصفية:</p>" in body
    assert "kind: «party» ليست من القيم: accession, award, visit" in body


@pytest.mark.parametrize("prefix", ["/az", "/ar", "/ru"])
def test_a_bad_year_is_explained_in_the_pages_language(client, ceremony, prefix):
    response = client.get(f"{prefix}/events/?year=abc")

    assert response.status_code == 400
    assert "Give years as four-digit numbers" not in response.content.decode()


# --- The committed translation catalogues -------------------------------------------------------


def _unescape(text):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]), text)


def read_po(path):
    """The entries of a .po file, as dicts: msgctxt, msgid, msgid_plural, msgstr (a list: one string, or one per
    plural form) and flags. Obsolete (#~) entries are left out, as msgfmt leaves them out."""
    entries, entry, target, flags = [], None, None, set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):  # the continuation of the last keyword's string
            key, index = target
            if index is None:
                entry[key] += _unescape(line[1:-1])
            else:
                entry[key][index] += _unescape(line[1:-1])
            continue
        keyword, _, value = line.partition(" ")
        value = _unescape(value[1:-1])
        if keyword == "msgctxt" or (keyword == "msgid" and (entry is None or entry["msgstr"])):
            entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": [], "flags": flags}
            entries.append(entry)
            flags = set()
        if keyword.startswith("msgstr"):
            index = int(keyword[len("msgstr[") : -1]) if "[" in keyword else 0
            assert index == len(entry["msgstr"]), f"{path}: {keyword} out of order"
            entry["msgstr"].append(value)
            target = ("msgstr", index)
        else:
            entry[keyword] = value
            target = (keyword, None)
    return entries


def po_entries(language):
    return read_po(LOCALE / language / "LC_MESSAGES" / "django.po")


def header(language):
    (entry,) = [entry for entry in po_entries(language) if entry["msgid"] == "" and entry["msgctxt"] is None]
    return dict(line.split(": ", 1) for line in entry["msgstr"][0].splitlines() if line)


def label(entry):
    return f"{entry['msgctxt']}|{entry['msgid']}" if entry["msgctxt"] else entry["msgid"]


def test_the_po_reader_reads_contexts_plurals_and_strings_over_several_lines(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        '# A comment\nmsgid ""\nmsgstr ""\n"Language: xx\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#: a.py:1\n#, fuzzy\n#| msgid "old"\nmsgctxt "a context"\nmsgid "one"\nmsgstr "un"\n\n'
        'msgid ""\n"long "\n"\\"quoted\\" text"\nmsgstr ""\n"long "\n"text\\n"\n\n'
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "%(n)s jour"\nmsgstr[1] "%(n)s jours"\n\n'
        '#~ msgid "gone"\n#~ msgstr "parti"\n',
        encoding="utf-8",
    )

    header_entry, fuzzy, long, plural = read_po(po)

    assert header_entry["msgstr"] == ["Language: xx\nPlural-Forms: nplurals=2; plural=(n != 1);\n"]
    assert (fuzzy["msgctxt"], fuzzy["msgid"], fuzzy["msgstr"], fuzzy["flags"]) == (
        "a context",
        "one",
        ["un"],
        {"fuzzy"},
    )
    assert (long["msgid"], long["msgstr"], long["flags"]) == ('long "quoted" text', ["long text\n"], set())
    assert (plural["msgid_plural"], plural["msgstr"]) == ("%(n)s days", ["%(n)s jour", "%(n)s jours"])


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = [entry for entry in po_entries(language) if entry["msgid"] != ""]
    nplurals = int(re.search(r"nplurals=(\d+)", header(language)["Plural-Forms"]).group(1))

    assert len(entries) > 300
    assert [label(entry) for entry in entries if "fuzzy" in entry["flags"]] == []
    assert [label(entry) for entry in entries if not all(entry["msgstr"])] == []
    assert [label(entry) for entry in entries if entry["msgid_plural"] and len(entry["msgstr"]) != nplurals] == []
    assert [label(entry) for entry in entries if not entry["msgid_plural"] and len(entry["msgstr"]) != 1] == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translation_uses_only_the_placeholders_of_its_message(language):
    """A placeholder the message does not have is a KeyError when the page is drawn."""
    placeholder = re.compile(r"%\((\w+)\)[sd]")

    for entry in po_entries(language):
        if "python-format" not in entry["flags"]:
            continue
        given = set(placeholder.findall(entry["msgid"] + (entry["msgid_plural"] or "")))
        for translation in entry["msgstr"]:
            assert set(placeholder.findall(translation)) <= given, label(entry)
        if not entry["msgid_plural"]:
            assert set(placeholder.findall(entry["msgstr"][0])) == given, label(entry)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_committed_mo_is_compiled_from_the_po(language):
    folder = LOCALE / language / "LC_MESSAGES"
    expected = {}
    for entry in read_po(folder / "django.po"):
        if "fuzzy" in entry["flags"] and entry["msgid"] != "":
            continue  # msgfmt leaves fuzzy entries out
        key = f"{entry['msgctxt']}\x04{entry['msgid']}" if entry["msgctxt"] is not None else entry["msgid"]
        if key == "":
            # msgfmt leaves the POT creation date out of the compiled header, so that builds are reproducible.
            lines = entry["msgstr"][0].splitlines(keepends=True)
            expected[key] = "".join(line for line in lines if not line.startswith("POT-Creation-Date:"))
        elif entry["msgid_plural"] is not None:
            expected.update({(key, i): translation for i, translation in enumerate(entry["msgstr"])})
        else:
            expected[key] = entry["msgstr"][0]

    with (folder / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog

    assert set(catalog) - set(expected) == set(), "in the .mo but not in the .po"
    assert set(expected) - set(catalog) == set(), "in the .po but not compiled into the .mo"
    assert {key: value for key, value in expected.items() if catalog[key] != value} == {}


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogues_declare_their_language_and_encoding(language):
    fields = header(language)

    assert fields["Language"] == language
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
