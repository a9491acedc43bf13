"""Draft authoring files from the plain text of new case studies (``kg extract``).

The text is split into case studies (``kg.extract.text.split_cases``). For each, the extractor
proposes the main organization with its kind, founding date and registration; places (village,
jamoat, rayon, oblast); government bodies with their level; donors; projects with their totals;
and contributions with amount and currency, each with the line range and a verbatim quote it
rests on. Names found in the registries (name or alias, ignoring case, accents and
transliteration variants) are linked to their ids; other names are proposed as new entities.

Nothing is accepted silently: ``draft_yaml`` writes the proposals in the authoring format,
marked ``draft: true`` with ``status: draft`` on every record (see ``kg.authoring.drafts``), for a person
to review and edit into a case file.

    registry = Registry.from_corpus(load_corpus(paths))
    for case in extract(text, registry):
        print(draft_yaml(case, source="new-cases.txt"))
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from kg.authoring.files import dump_yaml
from kg.extract.case import CaseBuilder, Context
from kg.extract.model import CaseDraft, Entity, ProjectDraft
from kg.extract.text import Document, Quote, Registry, name_index, split_cases

__all__ = ["CaseDraft", "Registry", "draft_yaml", "extract", "write_drafts"]


def extract(text: str, registry: Registry, *, first_number: int = 1) -> list[CaseDraft]:
    """Draft every case study of ``text``, linking names to ``registry``.

    Case studies are numbered from ``first_number`` in the order of the text. Ids proposed for
    new entities are unique across the registry and all the drafts.
    """
    document = Document.read(text)
    registry = registry.with_donors()
    taken = {entry.id for entry in registry.entries if not entry.gazetteer}
    context = Context(
        document, registry, name_index(registry, "organization"), name_index(registry, "place"), taken
    )
    return [
        CaseBuilder(context, bounds, number).build()
        for number, bounds in enumerate(split_cases(document.lines), start=first_number)
    ]


# -- YAML drafts ------------------------------------------------------------------------------

HEADER = """\
# DRAFT made by `kg extract` from {source}, lines {lines}.
# Nothing in this file is accepted yet: every record has `status: draft`. Check each record
# against the text, correct it, then delete its `status: draft` line; delete `draft: true`
# once the whole file is reviewed. `kg build` refuses drafts unless run with --include-drafts.
# Evidence lines refer to {source}: keep that text in data/source/ for the quotes to be checked.
"""
TODO_PLACE = "todo-place"


def _dump(data: object, indent: int) -> str:
    text = dump_yaml(data, default_flow_style=False)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def _evidence(quotes: tuple[Quote, ...]) -> object:
    items = [{"lines": q.lines, "quote": q.quote} for q in quotes]
    return items[0] if len(items) == 1 else items


def _record(fields: dict[str, object], comments: list[str]) -> str:
    lines = "".join(f"  # {comment}\n" for comment in comments)
    return lines + _dump([fields], 2)


def _entity_record(entity: Entity, case: CaseDraft) -> dict[str, object]:
    record: dict[str, object] = {"id": entity.id, "status": "draft", "name": entity.name}
    if entity.kind == "place":
        record["type"] = entity.cls or "village"
        if entity.within:
            record["in"] = entity.within
    elif entity.kind == "community":
        record["of"] = entity.within or TODO_PLACE
    else:
        record["class"] = entity.cls or "cso"
        for key, value in (("part_of", entity.part_of), ("based_in", entity.based_in)):
            if value:
                record[key] = value
        if entity.is_government:
            record["level"] = entity.level or "local-unspecified"
            record["body_kind"] = entity.body_kind or "unspecified"
            record["jurisdiction"] = entity.within or case.region or TODO_PLACE
        _organization_facts(entity, record)
    if entity.aliases:
        record["aliases"] = list(entity.aliases)
    if entity.evidence:
        record["evidence"] = _evidence(entity.evidence)
    return record


def _organization_facts(entity: Entity, record: dict[str, object]) -> None:
    if entity.founded:
        record["founded"] = entity.founded
    if entity.helped_by:
        record["founded_with_help_of"] = list(entity.helped_by)
    if entity.registration:
        status, by, date, number = entity.registration
        registration: dict[str, object] = {"status": status}
        registration.update({k: v for k, v in (("by", by), ("date", date), ("number", number)) if v})
        record["registration"] = registration
    if entity.heads:
        record["heads"] = [{"name": name, "role": role} for name, role in entity.heads]


def _project_record(project: ProjectDraft) -> tuple[dict[str, object], list[str]]:
    record: dict[str, object] = {"id": project.id, "status": "draft", "title": project.title}
    if project.year:
        record["year"] = project.year
    record["led_by"] = project.led_by
    if project.total:
        record["total"] = {"amount": _number(project.total[0]), "currency": project.total[1]}
    record["evidence"] = _evidence((project.evidence,))
    comments = [f"project (confidence {project.confidence:.1f})"]
    contributions = []
    twice = {c.by for c in project.contributions if sum(o.by == c.by for o in project.contributions) > 1}
    for number, c in enumerate(project.contributions, start=1):
        item: dict[str, object] = {"by": c.by, "status": "draft"}
        if c.by in twice:  # one contributor twice in a project: each contribution needs its own id
            item = {"id": f"{project.id}-{c.by}-{number}", **item}
        if c.amount is not None and c.currency:
            item.update(amount=_number(c.amount), currency=c.currency)
        item.update(kind=c.kind, role=c.role, evidence=_evidence((c.evidence,)))
        contributions.append(item)
        how = f": {c.how}" if c.how else ""
        comments.append(f"contribution {number} by {c.by} (confidence {c.confidence:.1f}){how}")
    if contributions:
        record["contributions"] = contributions
    return record, comments


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _case_section(case: CaseDraft) -> str:
    record = {
        "id": case.id,
        "status": "draft",
        "number": case.number,
        "title": case.title,
        "region": case.region or TODO_PLACE,
        "lines": f"{case.line_start}-{case.line_end}",
        **({"partial": True} if case.partial else {}),
        "organization": case.organization,
    }
    comment = "" if case.region else "  # the text names no oblast or region: replace todo-place\n"
    return "case_study:\n" + comment + _dump(record, 2)


def _entity_sections(case: CaseDraft) -> list[str]:
    parts = []
    for section, kind in (
        ("places", "place"),
        ("organizations", "organization"),
        ("communities", "community"),
    ):
        records = [e for e in case.entities if e.new and e.kind == kind]
        if records:
            parts.append(f"\n{section}:\n")
            parts += [
                _record(_entity_record(e, case), [f"{e.how} (confidence {e.confidence:.1f})"])
                for e in records
            ]
    linked = [e for e in case.entities if not e.new]
    if linked:
        parts.append("\n# Linked to the registries or to an earlier draft (not declared here):\n")
        parts += [f"#   {e.id}: {e.how}\n" for e in linked]
    return parts


def _relation_sections(case: CaseDraft) -> list[str]:
    parts = []
    if case.projects:
        parts.append("\nprojects:\n")
        parts += [_record(*_project_record(project)) for project in case.projects]
    if case.partnerships:
        parts.append("\npartnerships:\n")
        for p in case.partnerships:
            record = {
                "id": p.id,
                "status": "draft",
                "cso": p.cso,
                "state": p.state,
                "forms": list(p.forms),
                "evidence": _evidence(p.evidence),
            }
            comment = f"forms are guessed from the words of the quotes (confidence {p.confidence:.1f})"
            parts.append(_record(record, [comment]))
    if case.notes:
        parts.append("\nnotes:\n")
        for n in case.notes:
            record = {
                "about": n.about,
                "status": "draft",
                "kind": n.kind,
                "text": n.text,
                "evidence": _evidence((n.evidence,)),
            }
            parts.append(_record(record, ["the printed numbers disagree: keep what is printed"]))
    return parts


def draft_yaml(case: CaseDraft, source: str) -> str:
    """The draft of one case study as an authoring file: ``draft: true``, ``status: draft`` everywhere.

    New entities carry a comment saying they are new; links to the registries say how the
    name was matched. What could not be encoded is listed in comments at the end.
    """
    parts = [HEADER.format(source=source, lines=f"{case.line_start}-{case.line_end}"), "draft: true\n\n"]
    parts += [_case_section(case), *_entity_sections(case), *_relation_sections(case)]
    if case.unresolved:
        parts.append("\n# Not encoded (review these passages):\n")
        parts += [
            f"#   lines {u.evidence.lines}: {u.reason}: {u.evidence.quote[:160]!r}\n" for u in case.unresolved
        ]
    return "".join(parts)


def write_drafts(cases: list[CaseDraft], folder: Path, source: str) -> list[Path]:
    """Write one draft file per case study, ``NN-id.yaml``; existing files are not overwritten.

    Raises:
        FileExistsError: a draft of the same name is already in ``folder``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case in cases:
        path = folder / f"{case.number:02d}-{case.id}.yaml"
        if path.exists():
            raise FileExistsError(f"{path} exists; move it away or choose another folder")
        path.write_text(draft_yaml(case, source), encoding="utf-8")
        written.append(path)
    return written
