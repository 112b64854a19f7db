"""Names in a source's text: those of known records (their names, titles, acronyms and alternate
names), each record once however many of its names the text uses; and capitalised phrases that name
no record yet, as candidates for new records, leaving out the page around an article (headings in
capitals, navigation words, time zones, site names). For the staff member turning a new article
into citations: each candidate comes with the sentence it is in, to cite from the record made of it."""

import re
from collections import Counter
from dataclasses import dataclass

from cooperation.core.citations import AlternateName
from cooperation.core.records import PublicRecord
from cooperation.core.registry import registry
from cooperation.core.translation import with_languages

# The fields a record is called by, for each kind of record with a page.
NAME_FIELDS = {"name", "title", "acronym"}
MIN_NAME_LENGTH = 3
WORD = re.compile(r"[^\W\d_][\w'’\-]*")
# Small words allowed inside a name: "Ministry of Culture", "Salim bin Mohammed AlMalik".
CONNECTORS = {"of", "the", "and", "for", "on", "in", "bin", "ibn", "al", "de"}


@dataclass
class KnownName:
    text: str  # the name the text first calls the record by
    record: PublicRecord
    count: int  # mentions, a name inside a longer one of the same record counted once
    also: tuple[str, ...] = ()  # its other names the text uses


def _pattern(name):
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def known_names(text):
    """Every record whose name, title, acronym or alternate name occurs in `text`, in the order of
    first occurrence, with the spans they cover."""
    named = []  # (name, record)
    for model in registry.models():
        if not issubclass(model, PublicRecord):
            continue
        fields = [f.name for f in model._meta.concrete_fields if f.name in NAME_FIELDS]
        for row in model._default_manager.only(*with_languages(model, "pk", "slug", "publication_status", *fields)):
            named += [(getattr(row, field), row) for field in fields if getattr(row, field)]
    for alternate in AlternateName.objects.select_related("content_type").prefetch_related("record"):
        if alternate.record is not None:
            named.append((alternate.name, alternate.record))
    by_record: dict[tuple, dict] = {}  # each record's names found, with where
    spans = []
    for name, record in named:
        if len(name) < MIN_NAME_LENGTH:
            continue
        matches = list(_pattern(name).finditer(text))
        if not matches:
            continue
        spans += [match.span() for match in matches]
        found = by_record.setdefault((type(record), record.pk), {"record": record, "names": {}, "spans": set()})
        found["names"][name] = matches[0].start()
        found["spans"] |= {match.span() for match in matches}
    known = []
    for found in by_record.values():
        # The first name used (the longer of two starting together: "Salim bin Mohammed AlMalik").
        names = sorted(found["names"], key=lambda name: (found["names"][name], -len(name)))
        mentions = [
            (start, end)
            for start, end in found["spans"]
            if not any(s <= start and end <= e and (s, e) != (start, end) for s, e in found["spans"])
        ]
        known.append((found["names"][names[0]], KnownName(names[0], found["record"], len(mentions), tuple(names[1:]))))
    return [item for _start, item in sorted(known, key=lambda pair: pair[0])], spans


# Capitalised only because a sentence starts with them: never the start of a name.
SENTENCE_STARTERS = {
    "A", "An", "The", "This", "That", "These", "Those", "Today", "Yesterday", "Tomorrow", "On", "In", "At",
    "During", "After", "Before", "Meanwhile", "He", "She", "It", "They", "We", "His", "Her", "Their", "Our",
}  # fmt: skip


# The page around an article, copied with it: not names of anything the article is about.
FURNITURE = {
    "utc", "gmt", "home", "news", "menu", "search", "share", "print", "email", "login", "log in", "sign in",
    "read more", "related news", "latest news", "most read", "contact us", "about us", "all rights reserved",
    "privacy policy", "terms of use", "photo", "video", "tags", "follow us", "subscribe",
    "facebook", "twitter", "telegram", "whatsapp", "instagram", "youtube", "linkedin",
}  # fmt: skip


def headings(text):
    """The spans of lines written in capitals ("BAKU, 14 JANUARY", a site's name over an article)."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        letters = [char for char in line.group() if char.isalpha()]
        if len(letters) >= 2 and all(char.isupper() for char in letters):
            spans.append(line.span())
    return spans


def candidate_names(text, covered, *, ignored=()):
    """Capitalised phrases of two words or more (or acronyms of three letters or more) that no known
    name covers. A known name in the middle of a phrase splits it: in "Heydar Aliyev Foundation in
    Baku", with Baku known, "Heydar Aliyev Foundation" is a candidate. Lines in capitals, navigation
    words (FURNITURE) and the `ignored` names (the source's site) are not candidates."""
    covered = [*covered, *headings(text)]
    ignored_names = FURNITURE | {name.casefold() for name in ignored if name}

    def is_covered(word):
        return any(word.start() < end and start < word.end() for start, end in covered)

    counts: Counter[str] = Counter()
    phrase: list[re.Match[str]] = []

    def close():
        while phrase and phrase[0].group() in SENTENCE_STARTERS:
            phrase.pop(0)
        while phrase and not phrase[-1].group()[0].isupper():
            phrase.pop()
        capitalised = [word for word in phrase if word.group()[0].isupper()]
        acronym = len(phrase) == 1 and phrase[0].group().isupper() and len(phrase[0].group()) >= 3
        name = text[phrase[0].start() : phrase[-1].end()] if phrase else ""
        if (len(capitalised) >= 2 or acronym) and name.casefold() not in ignored_names:
            counts[name] += 1
        phrase.clear()

    previous_end = 0
    for word in WORD.finditer(text):
        if phrase and not re.fullmatch(r"[ \t]+", text[previous_end : word.start()]):
            close()  # a comma, a full stop or a line break ends a name
        value = word.group()
        if is_covered(word) or value.casefold() in ignored_names:  # "Share on Facebook": no name
            close()
        elif value[0].isupper() or (phrase and value.lower() in CONNECTORS):
            phrase.append(word)
        elif phrase:
            close()
        previous_end = word.end()
    close()
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def names_in(text, *, source=None):
    """(known names, candidate names) of a text; the source the text is from is not among them, nor
    its title or site as candidates."""
    known, spans = known_names(text)
    known = [name for name in known if name.record != source]
    site = (
        [source.title, getattr(source.publisher, "name", ""), getattr(source.publisher, "acronym", "")]
        if source
        else []
    )
    return known, candidate_names(text, spans, ignored=site)


SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+(?=\s|$)|\n|$)")


def sentence_with(text, name) -> str:
    """The first sentence of `text` that uses `name`, as written (to quote it), or ""."""
    for match in SENTENCE.finditer(text):
        sentence = match.group().strip()
        if _pattern(name).search(sentence):
            return sentence
    return ""
