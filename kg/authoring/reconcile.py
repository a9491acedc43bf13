"""Find likely duplicate entities and unlisted spellings, for a person to review (``kg reconcile``).

Two kinds of candidates are proposed, each with the evidence for it:

- ``same_as``: two places, organizations or communities of the same type whose names or aliases
  are transliteration variants of each other (kh/h, dzh/j/zh, y/i, double letters, -ev/-ov,
  vowels), an abbreviation of each other (MSDSP ↔ Mountain Societies Development Support
  Programme), word variants (Fund/Foundation) or close in spelling (rapidfuzz);
- ``alias``: a spelling the source text uses that is such a variant of an entity's name but is
  not among its aliases.

Nothing is changed here. A person records each decision in ``data/registry/reconciliation.yaml``
(see ``kg.authoring.decisions``); decided pairs and added aliases are not proposed again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from kg.authoring.decisions import (
    AddAlias,
    Decision,
    NotAlias,
    apply_decisions,
    decided_pairs,
    read_decisions,
)
from kg.authoring.files import dump_yaml, read_yaml
from kg.authoring.loader import load_corpus
from kg.authoring.records import Community, Corpus, Evidence, Organization, Place
from kg.authoring.spelling import STOPWORDS, is_abbreviation, name_key, skeleton, variant_key, variant_reasons
from kg.project.paths import ProjectPaths

DECISIONS_FILE = "registry/reconciliation.yaml"
# Words that say what kind of thing a name names; two names that differ only in them are not
# close, so similarity is measured on the rest ("Khukumat of Tavildara rayon" → "tavildara").
_KIND = (
    "vo village rural organization organisation ngo pa public association cssc civil society support "
    "centre center jamoat khukumat hukumat rayon raion district oblast city makhalla committee "
    "department of the and in for on republic rt"
)
KIND_WORDS = frozenset(_KIND.split())
FOLDED_KIND_WORDS = frozenset(variant_key(word) for word in KIND_WORDS) - {""}
Record = Place | Organization | Community
SMALL_WORDS = "case, punctuation or small words (of, the)"


@dataclass(frozen=True)
class Spelling:
    """One spelling of an entity and where it is written: the record, its evidence and the source text."""

    text: str
    entity: str
    where: str
    quotes: tuple[str, ...] = ()
    source_lines: tuple[tuple[int, str], ...] = ()

    def describe(self) -> str:
        parts = [f"'{self.text}' ({self.entity}, {self.where})"]
        parts += [f"    evidence {quote}" for quote in self.quotes]
        parts += [f"    source line {number}: {text!r}" for number, text in self.source_lines]
        return "\n".join(parts)


@dataclass(frozen=True)
class Candidate:
    """A proposal for review: two ids for one entity (``same_as``) or one more spelling (``alias``)."""

    kind: str
    entity: str
    other: str | None
    spelling: str | None
    reasons: tuple[str, ...]
    score: float
    evidence: tuple[Spelling, ...]

    def decision_yaml(self) -> str:
        """The entry to add to ``data/registry/reconciliation.yaml`` to accept the proposal."""
        entry: dict[str, object]
        if self.kind == "same_as":
            entry = {"same_as": [self.entity, self.other]}
        else:
            entry = {"alias": self.spelling, "of": self.entity}
        entry.update({"by": "YOUR NAME", "why": f"{'; '.join(self.reasons)} (checked against the evidence)"})
        return dump_yaml([entry])

    def describe(self) -> str:
        if self.kind == "same_as":
            head = f"same_as? {self.entity} ~ {self.other}"
        else:
            head = f"alias? '{self.spelling}' for {self.entity}"
        lines = [f"{head}  [{'; '.join(self.reasons)}; score {self.score:.0f}]"]
        lines += ["  " + spelling.describe() for spelling in self.evidence]
        lines.append("  to accept, add to data/registry/reconciliation.yaml:")
        lines += ["    " + line for line in self.decision_yaml().splitlines()]
        return "\n".join(lines)


# -- entry points -----------------------------------------------------------------------------


def read_decision_file(paths: ProjectPaths) -> list[Decision]:
    """The decisions of ``data/registry/reconciliation.yaml``, or none when the file is missing.

    Raises:
        InputError: the file is not valid YAML.
    """
    path = paths.data / DECISIONS_FILE
    if not path.is_file():
        return []
    return read_decisions(read_yaml(path, paths.relative(path)), paths.relative(path))


def find_candidates(
    corpus: Corpus, decisions: Sequence[Decision] = (), *, threshold: float = 88.0
) -> list[Candidate]:
    """Every ``same_as`` and ``alias`` candidate, best first; what ``decisions`` settle is left out."""
    corpus = apply_decisions(corpus, decisions)
    records = _records(corpus)
    found = duplicate_candidates(records, corpus.source_lines, decided_pairs(decisions), threshold)
    added = {(d.of, name_key(d.alias)) for d in decisions if isinstance(d, AddAlias)}
    added |= {(d.of, name_key(d.spelling)) for d in decisions if isinstance(d, NotAlias)}
    found += [
        c
        for c in alias_candidates(records, corpus.source_lines)
        if (c.entity, name_key(c.spelling or "")) not in added
    ]
    return sorted(found, key=lambda c: (-c.score, c.kind, c.entity, c.other or c.spelling or ""))


def report(candidates: Sequence[Candidate]) -> str:
    """The candidates as text for review."""
    if not candidates:
        return "No candidates: every spelling found is already an alias, and no two entities look alike.\n"
    return "\n\n".join(candidate.describe() for candidate in candidates) + "\n"


# -- duplicates -------------------------------------------------------------------------------


def _records(corpus: Corpus) -> list[Record]:
    return [*corpus.places, *corpus.organizations, *corpus.communities]


def _group(record: Record) -> tuple[str, ...]:
    """Records are compared only within a group: places of one type, organizations of one class …"""
    if isinstance(record, Place):
        return ("place", record.type)
    if isinstance(record, Organization):
        return ("organization", record.cls, record.body_kind or "")
    return ("community",)


def _names(record: Record) -> list[str]:
    return list(dict.fromkeys((record.name, *record.aliases)))


def core(name: str) -> str:
    """A name without the words that only say what kind of thing it is.

    >>> core("Khukumat of Tavildara rayon")
    'tavildara'
    """
    words = [w for w in variant_key(name).split() if w not in FOLDED_KIND_WORDS]
    return " ".join(words)


def compare_names(first: str, second: str, threshold: float) -> tuple[tuple[str, ...], float] | None:
    """Why two spellings may name one entity, and how sure that is (0-100); None when unlike."""
    if name_key(first) == name_key(second):
        return ("same spelling",), 100.0
    reasons = variant_reasons(first, second)
    if reasons is not None:
        return tuple(reasons or [SMALL_WORDS]), 100.0
    if is_abbreviation(first, second) or is_abbreviation(second, first):
        return ("abbreviation",), 95.0
    a, b = core(first), core(second)
    if len(a) < 4 or len(b) < 4:
        return None
    if a == b:
        return ("same name apart from kind words",), 92.0
    from rapidfuzz import fuzz  # only ``kg reconcile`` needs it: the loader's import stays light

    score = max(fuzz.ratio(a, b), fuzz.ratio(skeleton(a), skeleton(b)) - 5)
    if score >= threshold:
        return (f"similar spelling ({score:.0f})",), float(score)
    return None


def duplicate_candidates(
    records: Sequence[Record], source: Sequence[str], decided: set[frozenset[str]], threshold: float
) -> list[Candidate]:
    """Pairs of records of the same group whose spellings look alike."""
    groups: dict[tuple[str, ...], list[Record]] = {}
    for record in records:
        groups.setdefault(_group(record), []).append(record)
    found = []
    for members in groups.values():
        for first, second in combinations(members, 2):
            if frozenset((first.id, second.id)) in decided:
                continue
            best = _best_pair(first, second, threshold)
            if best is not None:
                (a, b), reasons, score = best
                evidence = (_spelling(first, a, source), _spelling(second, b, source))
                found.append(Candidate("same_as", first.id, second.id, None, reasons, score, evidence))
    return found


def _best_pair(
    first: Record, second: Record, threshold: float
) -> tuple[tuple[str, str], tuple[str, ...], float] | None:
    best = None
    for a in _names(first):
        for b in _names(second):
            compared = compare_names(a, b, threshold)
            if compared is not None and (best is None or compared[1] > best[2]):
                best = ((a, b), compared[0], compared[1])
    return best


# -- spellings the text uses but the records do not -------------------------------------------

_CAPITALISED = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'’-]*){0,3}")


def _phrases(source: Sequence[str]) -> Iterator[tuple[str, int]]:
    """Capitalised phrases of the source text and their sub-phrases, with their line numbers."""
    for number, line in enumerate(source, start=1):
        for match in _CAPITALISED.finditer(line):
            words = match.group().split()
            for size in range(1, len(words) + 1):
                for start in range(len(words) - size + 1):
                    part = words[start : start + size]
                    if part[-1][:1].isupper() and part[0][:1].isupper() and part[0].lower() not in STOPWORDS:
                        yield " ".join(part), number


# Abbreviated kind words, so that 'VO X' and 'Village Organization X' are the same kind of name.
KIND_ABBREVIATIONS = {
    "vo": "village organization",
    "pa": "public association",
    "cssc": "civil society support center",
    "rural": "village",
}


def kind_signature(name: str) -> tuple[str, ...]:
    """The kind words of a name, abbreviations spelled out: 'VO X' → ('organization', 'village')."""
    words: list[str] = []
    for word in variant_key(name).split():
        if word in FOLDED_KIND_WORDS:
            words += variant_key(KIND_ABBREVIATIONS.get(word, word)).split()
    return tuple(sorted(set(words)))


def spelling_keys(name: str) -> set[tuple[str, ...]]:
    """Keys under which two spellings of one name meet: variant key, skeleton, kind words with core.

    A remark in brackets is left out: 'Majlisi Oli (Parliament)' meets 'Madzhlisi Oli'.
    """
    if "(" in name:
        bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
        whole = " ".join(name.replace("(", " ").replace(")", " ").split())
        return spelling_keys(whole) | (spelling_keys(bare) if bare else set())
    keys: set[tuple[str, ...]] = {("variant", variant_key(name))}
    if len(skeleton(name).replace(" ", "")) >= 5:
        keys.add(("skeleton", skeleton(name)))
    rest = core(name)
    if len(rest.replace(" ", "")) >= 4:
        keys.add(("kind", *kind_signature(name), "|", skeleton(rest)))
    return keys


def alias_candidates(records: Sequence[Record], source: Sequence[str]) -> list[Candidate]:
    """Spellings in the source text that are variants of an entity's name but none of its names."""
    index: dict[tuple[str, ...], dict[str, list[int]]] = {}
    for phrase, number in _phrases(source):
        for keys in spelling_keys(phrase):
            index.setdefault(keys, {}).setdefault(phrase, []).append(number)
    known = {name_key(name) for record in records for name in _names(record)}
    found = []
    for record in records:
        seen: set[str] = set()
        for name in _names(record):
            if not core(name):
                continue  # 'the Jamoat' names no particular body
            for phrase, lines in _variants(name, index):
                spelled = name_key(phrase)
                if spelled in known or spelled in seen:
                    continue
                seen.add(spelled)
                found.append(_alias(record, name, phrase, lines, source))
    return found


def _alias(record: Record, name: str, phrase: str, lines: list[int], source: Sequence[str]) -> Candidate:
    reasons = variant_reasons(name, phrase)
    if reasons is None:
        reasons = ["same name apart from kind words"] + (["vowels"] if core(name) != core(phrase) else [])
    evidence = (
        _spelling(record, name, source),
        Spelling(
            phrase,
            "source text",
            f"lines {', '.join(map(str, lines[:5]))}",
            (),
            tuple((n, source[n - 1].strip()) for n in lines[:3]),
        ),
    )
    return Candidate("alias", record.id, None, phrase, tuple(reasons or [SMALL_WORDS]), 100.0, evidence)


def _variants(
    name: str, index: dict[tuple[str, ...], dict[str, list[int]]]
) -> Iterator[tuple[str, list[int]]]:
    for key in sorted(spelling_keys(name)):
        yield from index.get(key, {}).items()


# -- evidence ---------------------------------------------------------------------------------


def _quotes(evidence: Iterable[Evidence], spelling: str) -> tuple[str, ...]:
    key = name_key(spelling)
    return tuple(
        f"{item.line_start}-{item.line_end}: {item.quote!r}"
        for item in evidence
        if key in name_key(item.quote)
    )


def _source_lines(source: Sequence[str], spelling: str, limit: int = 3) -> tuple[tuple[int, str], ...]:
    words = [re.escape(word) for word in spelling.split()]
    if not words:
        return ()
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(words) + r"(?!\w)", re.IGNORECASE)
    found = [(n, line.strip()) for n, line in enumerate(source, start=1) if pattern.search(line)]
    return tuple(found[:limit])


def _spelling(record: Record, spelling: str, source: Sequence[str]) -> Spelling:
    return Spelling(
        spelling,
        record.id,
        str(record.origin),
        _quotes(record.evidence, spelling),
        _source_lines(source, spelling),
    )


def load_for_review(paths: ProjectPaths) -> tuple[Corpus, list[Decision]]:
    """The project's corpus and its reconciliation decisions, for ``find_candidates``.

    Raises:
        InputError: an authoring file has problems.
    """
    return load_corpus(paths), read_decision_file(paths)
