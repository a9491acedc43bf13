"""The input text and the registries as the extractor (``kg.extract``) sees them.

``Document`` folds whitespace as evidence quotes are compared, so every character of the
folded text knows its line and any slice of it is a valid quote of its line range.
``Registry`` links printed names to ids, ignoring case, accents and transliteration variants.
``split_cases`` finds where each case study stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources

import yaml

from kg.authoring.records import Corpus
from kg.authoring.spelling import RULES, STOPWORDS, name_key, skeleton, variant_key, variant_reasons
from kg.extract import recognize as rx

MAX_QUOTE = 400


@dataclass(frozen=True)
class Quote:
    """Evidence: a line range of the input text and a verbatim quote from within it."""

    line_start: int
    line_end: int
    quote: str

    @property
    def lines(self) -> str:
        return f"{self.line_start}-{self.line_end}"


# ---------------------------------------------------------------------------------------------
# Registries
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """An entity of the registries, as the extractor needs it."""

    id: str
    kind: str
    name: str
    names: tuple[str, ...]
    cls: str | None = None
    level: str | None = None
    body_kind: str | None = None
    within: str | None = None
    gazetteer: bool = False  # known from kg/extract/donors.yaml: proposed as new, not linked


@dataclass(frozen=True)
class Link:
    known: Known
    how: str


def _index(entries: Iterable[Known], key: str) -> dict[str, list[Known]]:
    keyer = {"name": name_key, "variant": variant_key, "skeleton": skeleton}[key]
    index: dict[str, list[Known]] = {}
    for entry in entries:
        for name in entry.names:
            if rx.is_generic(name):
                continue
            folded = keyer(name)
            if key == "skeleton" and len(folded.replace(" ", "")) < 5:
                continue
            bucket = index.setdefault(folded, [])
            if entry not in bucket:
                bucket.append(entry)
    return index


@dataclass(frozen=True)
class Registry:
    """The places, organizations and communities names are linked to."""

    entries: tuple[Known, ...]
    by_name: dict[str, list[Known]] = field(default_factory=dict, compare=False, repr=False)
    by_variant: dict[str, list[Known]] = field(default_factory=dict, compare=False, repr=False)
    by_skeleton: dict[str, list[Known]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", _index(self.entries, "name"))
        object.__setattr__(self, "by_variant", _index(self.entries, "variant"))
        object.__setattr__(self, "by_skeleton", _index(self.entries, "skeleton"))

    @classmethod
    def from_corpus(cls, corpus: Corpus, *, include_cases: bool = True) -> Registry:
        """The registry of a loaded corpus; ``include_cases=False`` keeps only ``data/registry/`` records."""
        entries: list[Known] = []
        for place in corpus.places:
            if include_cases or place.case is None:
                entries.append(
                    Known(
                        place.id,
                        "place",
                        place.name,
                        (place.name, *place.aliases),
                        place.type,
                        within=place.within,
                    )
                )
        for org in corpus.organizations:
            if include_cases or org.case is None:
                entries.append(
                    Known(
                        org.id,
                        "organization",
                        org.name,
                        (org.name, *org.aliases),
                        org.cls,
                        org.level,
                        org.body_kind,
                        org.jurisdiction,
                    )
                )
        for community in corpus.communities:
            if include_cases or community.case is None:
                entries.append(
                    Known(
                        community.id,
                        "community",
                        community.name,
                        (community.name, *community.aliases),
                        within=community.of,
                    )
                )
        return cls(tuple(entries))

    def with_donors(self) -> Registry:
        """This registry and the international donors of ``kg/extract/donors.yaml`` it does not know."""
        data = yaml.safe_load(resources.files("kg.extract").joinpath("donors.yaml").read_text("utf-8"))
        known = {name_key(n) for entry in self.entries for n in entry.names}
        ids = {entry.id: number for number, entry in enumerate(self.entries)}
        entries = list(self.entries)
        extra = []
        for item in data:
            names = tuple(dict.fromkeys(v for n in (item["name"], *item["aliases"]) for v in _short_forms(n)))
            if item["id"] in ids:  # a donor the registries know: the gazetteer adds the ways it is printed
                entry = entries[ids[item["id"]]]
                more = tuple(n for n in names if name_key(n) not in known)
                entries[ids[item["id"]]] = replace(entry, names=(*entry.names, *more))
            elif not {name_key(n) for n in names} & known:
                extra.append(
                    Known(item["id"], "organization", item["name"], names, item["class"], gazetteer=True)
                )
        return Registry((*entries, *extra))

    def get(self, entity_id: str) -> Known | None:
        return next((entry for entry in self.entries if entry.id == entity_id), None)

    def lookup(self, name: str, kinds: Sequence[str], types: Sequence[str] = ()) -> Link | None:
        """The registry entity a printed name stands for, or None when none or several do."""
        if rx.is_generic(name) or not name_key(name):
            return None
        for index, keyer, how in (
            (self.by_name, name_key, "name"),
            (self.by_variant, variant_key, "spelling variant"),
            (self.by_skeleton, skeleton, "spelling variant"),
        ):
            found = [
                entry
                for entry in index.get(keyer(name), [])
                if entry.kind in kinds and (not types or entry.cls in types)
            ]
            if len({entry.id for entry in found}) == 1:
                return Link(found[0], _how(name, found[0], how))
        return None

    def governing(self, place_id: str, body_kinds: Sequence[str]) -> Known | None:
        """The registry's government body of one kind that governs a place."""
        found = [
            entry
            for entry in self.entries
            if entry.kind == "organization" and entry.within == place_id and entry.body_kind in body_kinds
        ]
        return found[0] if len(found) == 1 else None

    def ancestors(self, place_id: str) -> list[Known]:
        """The places a place lies in, nearest first."""
        found: list[Known] = []
        current = self.get(place_id)
        while current is not None and current.within and len(found) < 10:
            current = self.get(current.within)
            if current is not None:
                found.append(current)
        return found


def _short_forms(name: str) -> tuple[str, ...]:
    """A donor's name and the form it is printed in with its union or country shortened: 'united
    nations' as 'UN', 'united states' as 'US' ('the UN X Programme', 'the US Agency for X').

    >>> _short_forms("UNITED NATIONS X FUND")
    ('UNITED NATIONS X FUND', 'UN X FUND')
    """
    for long, short in (("united nations ", "UN "), ("united states ", "US ")):
        if name.lower().startswith(long):
            return name, short + name[len(long) :]
    return (name,)


def _how(printed: str, entry: Known, how: str) -> str:
    if how == "name":
        matched = next((n for n in entry.names if name_key(n) == name_key(printed)), entry.name)
        return f"'{printed}' is {'the name' if matched == entry.name else 'an alias'} of {entry.id}"
    closest = next((n for n in entry.names if variant_reasons(printed, n) is not None), entry.name)
    reasons = ", ".join(variant_reasons(printed, closest) or ["spelling"])
    return f"'{printed}' is a spelling variant of '{closest}' ({reasons}) of {entry.id}"


# ---------------------------------------------------------------------------------------------
# The text: words single-spaced, each character knowing its line
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    key: str


def _word_key(word: str) -> str:
    folded = name_key(word)
    for rule in RULES:
        folded = rule.apply(folded)
    return folded


@dataclass(frozen=True)
class Document:
    """The input text with whitespace folded as evidence quotes are compared."""

    lines: tuple[str, ...]
    text: str
    line_of: tuple[int, ...]
    offsets: tuple[int, ...]
    tokens: tuple[Token, ...]

    @classmethod
    def read(cls, text: str) -> Document:
        lines = tuple(text.split("\n"))
        parts: list[str] = []
        line_of: list[int] = []
        offsets = [0] * (len(lines) + 2)
        length = 0
        for number, line in enumerate(lines, start=1):
            words = line.split()
            if not words:
                offsets[number] = -1
                continue
            if parts:
                parts.append(" ")
                line_of.append(number)
                length += 1
            offsets[number] = length
            chunk = " ".join(words)
            parts.append(chunk)
            line_of.extend([number] * len(chunk))
            length += len(chunk)
        offsets[len(lines) + 1] = length
        for number in range(len(lines), 0, -1):
            if offsets[number] < 0:
                offsets[number] = offsets[number + 1]
        folded = "".join(parts)
        # a word broken at a line end ("Depart- ment") is one word
        tokens = tuple(
            Token(m.start(), m.end(), _word_key(m.group().replace("- ", "")))
            for m in re.finditer(r"[^\W_]+(?:- (?=[a-z])[^\W_]+)?", folded)
        )
        return cls(lines, folded, tuple(line_of), tuple(offsets), tokens)

    def offset(self, line: int) -> int:
        """Where line ``line`` (1-based) starts in the folded text (the next text line for an empty one)."""
        return self.offsets[min(max(line, 1), len(self.lines) + 1)]

    def quote(self, start: int, end: int, focus: int | None = None) -> Quote:
        """Evidence for ``text[start:end]``, narrowed around ``focus`` when it is too long to quote."""
        while start < end and self.text[start] == " ":
            start += 1
        while end > start and self.text[end - 1] == " ":
            end -= 1
        if end - start > MAX_QUOTE:
            centre = focus if focus is not None else start
            start = max(start, centre - MAX_QUOTE // 2)
            end = min(end, start + MAX_QUOTE - 20)
            start = self.text.find(" ", start) + 1 if start > 0 and self.text[start - 1] != " " else start
            end = self.text.rfind(" ", start, end) if end < len(self.text) and self.text[end] != " " else end
        return Quote(self.line_of[start], self.line_of[end - 1], self.text[start:end])

    def token_index(self, position: int) -> int:
        """The index of the first token that starts at or after ``position``."""
        low, high = 0, len(self.tokens)
        while low < high:
            middle = (low + high) // 2
            if self.tokens[middle].start < position:
                low = middle + 1
            else:
                high = middle
        return low


# ---------------------------------------------------------------------------------------------
# Finding registry names in the text
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    known: Known
    start: int
    end: int
    printed: str

    @property
    def how(self) -> str:
        """How the printed name was linked: a name, an alias or a spelling variant of one."""
        exact = any(name_key(n) == name_key(self.printed) for n in self.known.names)
        return _how(self.printed, self.known, "name" if exact else "variant")


@dataclass(frozen=True)
class _Pattern:
    keys: tuple[str, ...]
    known: Known
    case_rule: str


NameIndex = dict[str, list[_Pattern]]


def name_index(registry: Registry, kind: str) -> NameIndex:
    """The registry's names of one kind, for ``find_mentions``."""
    index: NameIndex = {}
    for entry in registry.entries:
        if entry.kind != kind:
            continue
        for name in entry.names:
            words = re.findall(r"[^\W_]+", name)
            if not words or rx.is_generic(name):
                continue
            rule = "any"
            if len(words) == 1:
                rule = "upper" if words[0].isupper() and len(words[0]) > 1 else "capital"
            keys = tuple(_word_key(word) for word in words)
            index.setdefault(keys[0], []).append(_Pattern(keys, entry, rule))
    for candidates in index.values():
        candidates.sort(key=lambda p: -len(p.keys))
    return index


def find_mentions(document: Document, index: NameIndex, start: int, end: int) -> list[Mention]:
    """Registry names in ``text[start:end]``, the longest at each place, not overlapping.

    A one-word name in capitals (an acronym) matches only capitals, another one-word name
    only a capitalised word; longer names match in any case.
    """
    found: list[Mention] = []
    tokens = document.tokens
    i = document.token_index(start)
    while i < len(tokens) and tokens[i].end <= end:
        match = _match_at(document, index, i, end)
        if match is None:
            i += 1
            continue
        pattern, last = match
        span = (tokens[i].start, tokens[last].end)
        found.append(Mention(pattern.known, *span, document.text[span[0] : span[1]]))
        i = last + 1
    return found


# A name printed longer than the name matched ('X Fund' in 'X Fund for Y'), and the kinds of body
# whose names go on so.
_LONGER_NAME = re.compile(r"\s+(?:for|to)\s+(?:the\s+)?[A-Z]")
_KIND_LAST = re.compile(
    r"Fund|Foundation|Programme|Program|Agency|Bank|Trust|Institute|Council|Mission|Corps"
)


def _match_at(document: Document, index: NameIndex, i: int, end: int) -> tuple[_Pattern, int] | None:
    tokens = document.tokens
    for pattern in index.get(tokens[i].key, []):
        last = i + len(pattern.keys) - 1
        if last >= len(tokens) or tokens[last].end > end:
            continue
        if any(tokens[i + k].key != key for k, key in enumerate(pattern.keys)):
            continue
        gaps = (document.text[tokens[k].end : tokens[k + 1].start] for k in range(i, last))
        if any(re.search(r"[.;!?]", gap) for gap in gaps):
            continue
        if (
            _LONGER_NAME.match(document.text, tokens[last].end)
            and _KIND_LAST.fullmatch(document.text[tokens[last].start : tokens[last].end])
            and len(pattern.keys) < len(re.findall(r"[^\W_]+", pattern.known.name))
        ):
            # "the X Fund for Y" is not "the X Fund": a short name of a fund that
            # goes on with 'for' or 'to' and a word in capitals is another body's name
            continue
        word = document.text[tokens[i].start : tokens[i].end]
        if pattern.case_rule == "upper" and not word.isupper():
            continue
        if pattern.case_rule == "capital" and not word[:1].isupper():
            continue
        return pattern, last
    return None


# ---------------------------------------------------------------------------------------------
# Splitting the text into case studies
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bounds:
    """Where one case study stands: 1-based lines."""

    start: int
    title: tuple[int, int] | None
    org_line: int | None
    contact: int
    end: int


def _contact_end(lines: Sequence[str], contact: int) -> int:
    """The last line of the contact block that starts at line ``contact``."""
    end, blanks = contact, 0
    for number in range(contact + 1, min(len(lines), contact + 8) + 1):
        line = lines[number - 1]
        if not line.strip():
            blanks += 1
            if blanks >= 2:
                break
            continue
        if rx.is_contact_field(line):
            end = number
    return end


def split_cases(lines: Sequence[str]) -> list[Bounds]:
    """The case studies of a text, each ending with its contact block.

    A segment whose first heading (Summary, Background …) follows an organization line and a
    title is a whole case study; a segment without one (the text begins in the middle of a
    case study) is kept as a partial case study.
    """
    contacts = [n for n, line in enumerate(lines, start=1) if rx.is_contact(line)]
    found: list[Bounds] = []
    position = 1
    for contact in contacts:
        end = _contact_end(lines, contact)
        heading = next((n for n in range(position, contact) if rx.is_heading(lines[n - 1])), None)
        org_line = _line_above(lines, heading, position) if heading else None
        title = _title_above(lines, org_line, position) if org_line else None
        if org_line is None or len(lines[org_line - 1].split()) > 10:
            found.append(Bounds(position, None, None, contact, end))
        else:
            start = title[0] if title else org_line
            found.append(Bounds(start, title, org_line, contact, end))
        position = end + 1
    return found


def _line_above(lines: Sequence[str], line: int, floor: int) -> int | None:
    number = line - 1
    while number >= floor and not lines[number - 1].strip():
        number -= 1
    if number < floor or rx.is_contact_field(lines[number - 1]):
        return None
    return number


def _title_above(lines: Sequence[str], org_line: int, floor: int) -> tuple[int, int] | None:
    last = _line_above(lines, org_line, floor)
    if last is None:
        return None
    first = last
    while first - 1 >= floor and lines[first - 2].strip() and not rx.is_contact_field(lines[first - 2]):
        if first - 1 < last - 2:
            break
        first -= 1
    return first, last


# ---------------------------------------------------------------------------------------------
# Slugs
# ---------------------------------------------------------------------------------------------


def slug(text: str, limit: int = 6) -> str:
    """A lowercase id made of the first words of a name.

    >>> slug("NGO “BUNYOD”"), slug("VO 1st of May")
    ('ngo-bunyod', 'vo-1st-may')
    """
    words = name_key(text).split()
    kept = [w for w in words if w not in STOPWORDS] or words
    return "-".join(kept[:limit]) or "unnamed"


def unique(candidate: str, taken: set[str]) -> str:
    """``candidate``, or it with a number, so that it is not in ``taken`` (which it is then added to)."""
    result, number = candidate, 2
    while result in taken:
        result = f"{candidate}-{number}"
        number += 1
    taken.add(result)
    return result
