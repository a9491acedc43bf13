"""Bad input gives one clear error per problem, naming the file, the line and the field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kg.authoring.loader import load_corpus
from kg.authoring.records import parse_printed_date
from kg.errors import InputError
from kg.project.paths import ProjectPaths
from tests.conftest import edit

CASE = "data/cases/01-vo-navobod.yaml"


def line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def problems_of(project: ProjectPaths) -> str:
    with pytest.raises(InputError) as caught:
        load_corpus(project)
    return str(caught.value)


Mutation = Callable[[ProjectPaths], tuple[str, str]]  # returns (expected location, expected message part)


def _in_case(old: str, new: str, message: str) -> Mutation:
    def mutate(project: ProjectPaths) -> tuple[str, str]:
        path = project.root / CASE
        edit(path, old, new)
        return f"{CASE}:{line_of(path, new.splitlines()[0])}", message

    return mutate


def _malformed(project: ProjectPaths) -> tuple[str, str]:
    path = project.root / CASE
    path.write_text(path.read_text(encoding="utf-8") + "  - id: [unclosed\n  bad: x\n", encoding="utf-8")
    return CASE, "malformed YAML"


def _not_a_mapping(project: ProjectPaths) -> tuple[str, str]:
    (project.data / "registry" / "places.yaml").write_text("- tajikistan\n- khatlon\n", encoding="utf-8")
    return "data/registry/places.yaml:1", "must be a mapping of sections, found LineList"


def _empty(project: ProjectPaths) -> tuple[str, str]:
    (project.data / "cases" / "02-empty.yaml").write_text("\n", encoding="utf-8")
    return "data/cases/02-empty.yaml", "the file is empty"


def _latin1(project: ProjectPaths) -> tuple[str, str]:
    path = project.data / "cases" / "02-latin1.yaml"
    path.write_bytes("places:\n  - id: x\n    name: Caf\u00e9\n    type: village\n".encode("latin-1"))
    return "data/cases/02-latin1.yaml:3", "not UTF-8 text"


def _duplicate_across_files(project: ProjectPaths) -> tuple[str, str]:
    path = project.data / "registry" / "organizations.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - id: vo-navobod\n    name: Another Navobod\n    class: ngo\n",
        encoding="utf-8",
    )
    return CASE, "duplicate id 'vo-navobod': already used in data/registry/organizations.yaml"


def _lookalike(project: ProjectPaths) -> tuple[str, str]:
    path = project.data / "registry" / "organizations.yaml"
    # The last letter is CYRILLIC SMALL LETTER A, which looks like a Latin a.
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - id: khukumat-danghara-2\n    name: Khukumat of Dangh\u0430r\u0430\n"
        "    class: government-body\n    level: city-rayon\n"
        "    body_kind: khukumat\n    jurisdiction: danghara\n",
        encoding="utf-8",
    )
    return "data/registry/organizations.yaml", "mixes CYRILLIC and LATIN letters"


BAD_INPUTS: dict[str, Mutation] = {
    "malformed yaml": _malformed,
    "not a mapping": _not_a_mapping,
    "empty file": _empty,
    "wrong encoding": _latin1,
    "unknown field": _in_case(
        "    led_by: vo-navobod\n    total",
        "    lead_by: vo-navobod\n    total",
        "unknown field 'lead_by'; did you mean 'led_by'?",
    ),
    "unknown reference": _in_case(
        "      - by: msdsp",
        "      - by: msdps",
        "unknown community or government or organization 'msdps'; did you mean 'msdsp'?",
    ),
    "duplicate id": _duplicate_across_files,
    "wrong type": _in_case(
        "        amount: 1000", "        amount: a thousand", "expected a number, found text"
    ),
    "negative amount": _in_case(
        "        amount: 3900", "        amount: -3900", "must be at least 0, found -3900"
    ),
    "unknown currency": _in_case(
        "        currency: TJS", "        currency: RUB", "'RUB' is not a known currency code"
    ),
    "impossible date": _in_case(
        '    founded: "12.05.2003"', '    founded: "31.02.2003"', "'31.02.2003' is not a real date"
    ),
    "quote not in lines": _in_case(
        "quote: 120 households benefited", "quote: 210 households benefited", "does not occur in lines 10-10"
    ),
    "unknown vocabulary code": _in_case(
        "forms: [co-financing]", "forms: [cofinancing]", "did you mean 'co-financing'?"
    ),
    "wrong kind of reference": _in_case(
        "    state: jamoat-dashtak",
        "    state: msdsp",
        "'msdsp' is an organization, but a government is expected here",
    ),
    "look-alike name": _lookalike,
    "opened before it starts": _in_case(
        "    year: 2004\n",
        "    opened: 2003\n    year: 2004\n",
        "the project opens (2003) before it starts (2004)",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_names_file_line_and_problem(name: str, mini: ProjectPaths) -> None:
    location, message = BAD_INPUTS[name](mini)
    text = problems_of(mini)
    matching = [line for line in text.splitlines() if message in line]
    assert matching, f"no problem says {message!r}:\n{text}"
    assert any(location in line for line in matching), f"{location!r} not in {matching}"


def test_field_is_named(mini: ProjectPaths) -> None:
    edit(mini.root / CASE, "        amount: 3900", "        amount: -3900")
    text = problems_of(mini)
    assert "projects[vo-navobod-water].contributions[2].amount" in text


def test_all_problems_are_reported_together(mini: ProjectPaths) -> None:
    edit(mini.root / CASE, "        amount: 3900", "        amount: -3900")
    edit(mini.root / CASE, "        currency: TJS", "        currency: RUB")
    assert "2 problems in the input" in problems_of(mini)


def test_valid_fixture_loads_with_every_record(mini: ProjectPaths) -> None:
    corpus = load_corpus(mini)
    assert [c.id for c in corpus.cases] == ["vo-navobod"]
    assert len(corpus.projects) == 2
    water = corpus.projects[0]
    assert [c.by for c in water.contributions] == ["vo-navobod", "msdsp", "community-navobod"]
    assert water.contributions[2].money is None
    assert water.total is not None and water.total.amount == 5000
    assert corpus.notes[0].kind == "inconsistency"
    assert water.origin.path == CASE and water.origin.line == line_of(
        mini.root / CASE, "  - id: vo-navobod-water"
    )


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("09.06.2004", "2004-06-09"),
        ("1998", 1998),
        ("August 2002", None),
        ("2005-02-01", "2005-02-01"),
        ("February 1st, 2005", "2005-02-01"),  # 09-vo-yalabuli.yaml, l.665-666
        ("March 22nd, 2003", "2003-03-22"),
        ("Febru 1st, 2005", None),
    ],
)
def test_printed_dates(printed: str, expected: object) -> None:
    parsed = parse_printed_date(printed)
    assert (parsed.isoformat() if hasattr(parsed, "isoformat") else parsed) == expected


def test_impossible_printed_date_raises() -> None:
    with pytest.raises(ValueError):
        parse_printed_date("30.02.2004")
    with pytest.raises(ValueError):
        parse_printed_date("February 30th, 2004")
