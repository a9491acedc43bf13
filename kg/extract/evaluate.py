"""How well ``kg extract`` does on the bundled book, measured against the curated case files.

(``kg.extract.measure`` measures it against a gold file; both count with its ``Score``.)

The extractor is run on the book's source text with the shared registries only
(``data/registry/``, not the case files, so the names it must find are not handed to it). Each
draft is matched to the curated case study whose lines it overlaps most, and each category is
compared within that case study:

- main organization: the case study's organization, with its class;
- organizations: civil society organizations and donors the case study declares or refers to;
- government bodies: with their level, declared or referred to; "named" leaves out the bodies
  the curators marked as unnamed ("State structures … (unnamed)");
- donors: contributors in the funding role;
- project totals: (amount, currency) of each project total;
- contributions: (contributor, amount, currency) of each contribution with an amount.

A proposed entity linked to a registry id is compared by id. A new entity is aligned to a
curated entity of the same kind (organization, government body or community) of that case
study when one of its spellings equals one of the curated entity's name or aliases (ignoring
case, punctuation and remarks in brackets), or when the two names have a token-sort similarity
of at least 90 after transliteration folding; each curated entity takes at most one proposal.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable

from rapidfuzz import fuzz

from kg.authoring.loader import load_corpus
from kg.authoring.records import CaseStudy, Corpus, Organization
from kg.authoring.spelling import name_key, variant_key
from kg.extract.extractor import CaseDraft, Registry, extract
from kg.extract.measure import Measurement, Miss, Score, referenced, score
from kg.project.paths import ProjectPaths

CATEGORIES = (
    "main organization",
    "organizations",
    "government bodies",
    "government bodies (named)",
    "donors",
    "project totals",
    "contributions",
)
UNNAMED = re.compile(r"\((?:[^)]*\b(?:unnamed|not named|not printed))[^)]*\)", re.IGNORECASE)


# The book's measurement is a Measurement of kg.extract.measure, under its former name.
Evaluation = Measurement


def evaluate(paths: ProjectPaths) -> Evaluation:
    """Run the extractor on the project's source text and score it against the curated case files."""
    corpus = load_corpus(paths)
    registry = Registry.from_corpus(corpus, include_cases=False)
    text = (paths.data / corpus.book.source_text).read_text(encoding="utf-8")
    return compare(corpus, extract(text, registry))


def compare(corpus: Corpus, drafts: Iterable[CaseDraft]) -> Evaluation:
    """Scores of drafts against the curated corpus, each draft against the case study it overlaps most."""
    totals = {name: Score() for name in CATEGORIES}
    misses: list[Miss] = []
    for draft in drafts:
        case = _overlapping(corpus, draft)
        if case is None:
            continue
        gold, proposed = _gold(corpus, case), _proposed(corpus, case, draft)
        for name in CATEGORIES:
            found, wrong, lost = score(proposed[name], gold[name])
            totals[name] += found
            misses += [Miss(name, case.id, "false", str(item)) for item in wrong]
            misses += [Miss(name, case.id, "missed", str(item)) for item in lost]
    return Evaluation(totals, tuple(misses), against="curated")


def _overlapping(corpus: Corpus, draft: CaseDraft) -> CaseStudy | None:
    def overlap(case: CaseStudy) -> int:
        return min(case.line_end, draft.line_end) - max(case.line_start, draft.line_start)

    best = max(corpus.cases, key=overlap, default=None)
    return best if best is not None and overlap(best) > 0 else None


# -- the curated side -------------------------------------------------------------------------


def _referenced(corpus: Corpus, case: CaseStudy) -> set[str]:
    ids = {case.organization}
    for project in (p for p in corpus.projects if p.case == case.id):
        ids |= {project.led_by, *(c.by for c in project.contributions), *(x.by for x in project.participants)}
    for partnership in (p for p in corpus.partnerships if p.case == case.id):
        ids |= {partnership.cso, partnership.state}
    for org in (o for o in corpus.organizations if o.case == case.id):
        ids |= set(org.founded_with_help_of)
        if org.registration and org.registration.by:
            ids.add(org.registration.by)
    return ids


def _case_organizations(corpus: Corpus, case: CaseStudy) -> list[Organization]:
    ids = _referenced(corpus, case)
    return [o for o in corpus.organizations if o.case == case.id or o.id in ids]


def _gold(corpus: Corpus, case: CaseStudy) -> dict[str, Counter[Hashable]]:
    orgs = _case_organizations(corpus, case)
    main = corpus.organization(case.organization)
    projects = [p for p in corpus.projects if p.case == case.id]
    contributions = [c for p in projects for c in p.contributions]
    actors = {o.id for o in corpus.organizations}
    return {
        "main organization": Counter([(main.id, main.cls)] if main else []),
        "organizations": Counter(o.id for o in orgs if not o.is_government),
        "government bodies": Counter((o.id, o.level) for o in orgs if o.is_government),
        "government bodies (named)": Counter(
            (o.id, o.level) for o in orgs if o.is_government and not UNNAMED.search(o.name)
        ),
        "donors": Counter({c.by for c in contributions if c.role == "funding" and c.by in actors}),
        "project totals": Counter((p.total.amount, p.total.currency) for p in projects if p.total),
        "contributions": Counter((c.by, c.money.amount, c.money.currency) for c in contributions if c.money),
    }


# -- the proposed side ------------------------------------------------------------------------


def _spellings(names: Iterable[str]) -> set[str]:
    return {name_key(UNNAMED.sub("", re.sub(r"\([^)]*\)", "", n)) or n) for n in names} - {""}


def _similar(first: Iterable[str], second: Iterable[str]) -> float:
    best = 0.0
    for a in first:
        for b in second:
            best = max(
                best, fuzz.token_sort_ratio(variant_key(UNNAMED.sub("", a)), variant_key(UNNAMED.sub("", b)))
            )
    return best


def _group(kind: str, cls: str | None) -> str:
    if kind == "community":
        return "community"
    return "state" if cls == "government-body" else "organization"


def _align(corpus: Corpus, case: CaseStudy, draft: CaseDraft) -> dict[str, str]:
    """The curated id of each proposed entity: its own when linked, a matching curated one when new."""
    candidates: list[tuple[str, str, tuple[str, ...]]] = [
        (o.id, _group("organization", o.cls), (o.name, *o.aliases))
        for o in corpus.organizations
        if o.case == case.id
    ]
    candidates += [(c.id, "community", (c.name, *c.aliases)) for c in corpus.communities if c.case == case.id]
    aligned = {e.id: e.id for e in draft.entities if not e.new}
    scored: list[tuple[float, str, str]] = []
    for entity in (e for e in draft.entities if e.new and e.kind != "place"):
        names = (entity.name, *entity.aliases)
        for gold_id, group, gold_names in candidates:
            if group != _group(entity.kind, entity.cls):
                continue
            if _spellings(names) & _spellings(gold_names):
                scored.append((101.0, entity.id, gold_id))
            elif (similarity := _similar(names, gold_names)) >= 90:
                scored.append((similarity, entity.id, gold_id))
    used: set[str] = set()
    for _, entity_id, gold_id in sorted(scored, reverse=True):
        if entity_id not in aligned and gold_id not in used:
            aligned[entity_id] = gold_id
            used.add(gold_id)
    communities = [c for c in candidates if c[1] == "community" and c[0] not in used]
    for entity in draft.entities:
        if entity.kind == "community" and entity.id not in aligned and len(communities) == 1:
            aligned[entity.id] = communities[0][0]
    return aligned


def _proposed(corpus: Corpus, case: CaseStudy, draft: CaseDraft) -> dict[str, Counter[Hashable]]:
    aligned = _align(corpus, case, draft)

    def key(entity_id: str) -> str:
        return aligned.get(entity_id, f"new:{entity_id}")

    entities = {e.id: e for e in draft.entities}
    used = referenced(draft)
    orgs = [e for e in draft.entities if e.kind == "organization" and (e.new or e.id in used)]
    contributions = [c for p in draft.projects for c in p.contributions]
    main = entities[draft.organization]
    gold_names = {o.id: o.name for o in corpus.organizations}
    return {
        "main organization": Counter([(key(main.id), main.cls)]),
        "organizations": Counter(key(e.id) for e in orgs if not e.is_government),
        "government bodies": Counter((key(e.id), e.level) for e in orgs if e.is_government),
        "government bodies (named)": Counter(
            (key(e.id), e.level)
            for e in orgs
            if e.is_government and not UNNAMED.search(gold_names.get(key(e.id), e.name))
        ),
        "donors": Counter(
            {
                key(c.by)
                for c in contributions
                if c.role == "funding" and c.by in entities and entities[c.by].kind == "organization"
            }
        ),
        "project totals": Counter(p.total for p in draft.projects if p.total),
        "contributions": Counter(
            (key(c.by), c.amount, c.currency) for c in contributions if c.amount is not None
        ),
    }
