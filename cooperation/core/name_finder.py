"""Names in a source's text: those of known records (their names, titles, acronyms and alternate
names), and capitalised phrases that name no record yet, as candidates for new records. For the
staff member turning a new article into citations."""

import re
from collections import Counter
from dataclasses import dataclass

from cooperation.core.citations import AlternateName
from cooperation.core.records import PublicRecord
from cooperation.core.registry import registry

# The fields a record is called by, for each kind of record with a page.
NAME_FIELDS = {"name", "title", "acronym"}
MIN_NAME_LENGTH = 3
WORD = re.compile(r"[^\W\d_][\w'’\-]*")
# Small words allowed inside a name: "Ministry of Culture", "Salim bin Mohammed AlMalik".
CONNECTORS = {"of", "the", "and", "for", "on", "in", "bin", "ibn", "al", "de"}


@dataclass
class KnownName:
    text: str
    record: PublicRecord
    count: int


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
        for row in model._default_manager.only("pk", "slug", "publication_status", *fields):
            named += [(getattr(row, field), row) for field in fields if getattr(row, field)]
    for alternate in AlternateName.objects.select_related("content_type").prefetch_related("record"):
        if alternate.record is not None:
            named.append((alternate.name, alternate.record))
    found, spans = {}, []
    for name, record in named:
        if len(name) < MIN_NAME_LENGTH:
            continue
        matches = list(_pattern(name).finditer(text))
        if not matches:
            continue
        spans += [match.span() for match in matches]
        key = (type(record), record.pk, name)
        found[key] = (matches[0].start(), KnownName(name, record, len(matches)))
    return [item for _start, item in sorted(found.values(), key=lambda pair: pair[0])], spans


# Capitalised only because a sentence starts with them: never the start of a name.
SENTENCE_STARTERS = {
    "A", "An", "The", "This", "That", "These", "Those", "Today", "Yesterday", "Tomorrow", "On", "In", "At",
    "During", "After", "Before", "Meanwhile", "He", "She", "It", "They", "We", "His", "Her", "Their", "Our",
}  # fmt: skip


def candidate_names(text, covered):
    """Capitalised phrases of two words or more (or acronyms of three letters or more) that no known
    name covers. A known name in the middle of a phrase splits it: in "Heydar Aliyev Foundation in
    Baku", with Baku known, "Heydar Aliyev Foundation" is a candidate."""

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
        if len(capitalised) >= 2 or acronym:
            counts[text[phrase[0].start() : phrase[-1].end()]] += 1
        phrase.clear()

    previous_end = 0
    for word in WORD.finditer(text):
        if phrase and not re.fullmatch(r"[ \t]+", text[previous_end : word.start()]):
            close()  # a comma, a full stop or a line break ends a name
        value = word.group()
        if is_covered(word):
            close()
        elif value[0].isupper() or (phrase and value.lower() in CONNECTORS):
            phrase.append(word)
        elif phrase:
            close()
        previous_end = word.end()
    close()
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def names_in(text, *, source=None):
    """(known names, candidate names) of a text; the source the text is from is not among them."""
    known, spans = known_names(text)
    known = [name for name in known if name.record != source]
    return known, candidate_names(text, spans)
