"""Forty typical questions of a researcher, and the library queries that answer them (issue 17).

tests/fixtures/research_questions.yaml holds the questions; each answered one names one library query and
its parameters, with key cells of the answer checked by hand against data/cases/*.yaml (the comments there
say where). Here every answered question is run on the bundled data and its cells are looked for.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.conftest import REPO
from tests.test_queries import library, run, short

QUESTIONS: list[dict[str, Any]] = yaml.safe_load(
    (REPO / "tests" / "fixtures" / "research_questions.yaml").read_text(encoding="utf-8")
)
ANSWERED = [q for q in QUESTIONS if q.get("answered", True)]


def test_forty_distinct_questions_of_which_at_least_thirty_are_answered_by_one_query() -> None:
    assert len(QUESTIONS) == 40
    assert len({q["id"] for q in QUESTIONS}) == 40
    assert len({q["question"] for q in QUESTIONS}) == 40
    assert len(ANSWERED) >= 30
    for question in QUESTIONS:
        assert question["question"].endswith("?"), question["id"]
        if question.get("answered", True):
            assert question["query"] in library(), question["id"]
            assert "cells" in question or "rows" in question, f"{question['id']}: nothing is checked"
        else:
            assert question["answered"] is False and question["why"].strip(), question["id"]
            assert "query" not in question, f"{question['id']}: an unanswered question names no query"


def matches(record: dict[str, Any], cells: dict[str, Any]) -> bool:
    return all(short(record[column]) == value for column, value in cells.items())


@pytest.mark.parametrize("question", ANSWERED, ids=lambda q: q["id"])
def test_a_question_is_answered_by_its_query(question: dict[str, Any]) -> None:
    params = {name: str(value) for name, value in question.get("params", {}).items()}
    found = run(question["query"], **params)
    if "rows" in question:
        assert len(found) == question["rows"], f"{question['id']}: {len(found)} rows"
    for cells in question.get("cells", []):
        assert set(cells) <= set(found[0]), f"{question['id']}: no column {set(cells) - set(found[0])}"
        assert any(matches(record, cells) for record in found), f"{question['id']}: no row with {cells}"
