"""The texts ``kg extract`` is measured on: every gold file holds against its text.

Each set was checked by its writer with ``tests/fixtures/verify_extract_set.py`` (quotes on their
exact lines, every printed amount in the gold and parsed right, arithmetic, counts, personal data
only in Contact information, no names or runs of ten words from the book or the texts written
before it). A gold file corrected later must still pass, or the figures measured against it mean
nothing; this test runs the same check on every set in the repository.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, TESTS

FIXTURES = TESTS / "fixtures"
VERIFIER = FIXTURES / "verify_extract_set.py"
BOOK = REPO / "data" / "source" / "civil-society-development-in-tajikistan-2007.txt"
# In the order they were written: each was checked against those before it. Texts written at the
# same time (5 and 6, 7 and 8, 9 and 10, 11 to 13, 14 to 16) were not checked against each other;
# some share a common first name or surname, or a national body's official name ten words long.
WRITTEN = (
    "extract-dev/dev.txt",
    "extract-heldout/heldout.txt",
    "extract-heldout2/heldout2.txt",
    "extract-heldout3/heldout3.txt",
    "extract-heldout4/heldout4.txt",
    "extract-heldout5/heldout5.txt",
    "extract-heldout6/heldout6.txt",
    "extract-heldout7/heldout7.txt",
    "extract-heldout8/heldout8.txt",
    "extract-heldout9/heldout9.txt",
    "extract-heldout10/heldout10.txt",
    "extract-heldout11/heldout11.txt",
    "extract-heldout12/heldout12.txt",
    "extract-heldout13/heldout13.txt",
    "extract-heldout14/heldout14.txt",
    "extract-heldout15/heldout15.txt",
    "extract-heldout16/heldout16.txt",
)
CONCURRENT = (
    {"heldout5", "heldout6"},
    {"heldout7", "heldout8"},
    {"heldout9", "heldout10"},
    {"heldout11", "heldout12", "heldout13"},
    {"heldout14", "heldout15", "heldout16"},
)


def verify(text: Path, *against: Path) -> subprocess.CompletedProcess[str]:
    options = [arg for other in against for arg in ("--against", str(other))]
    return subprocess.run(
        [sys.executable, str(VERIFIER), str(text), "--book", str(BOOK), *options],
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_set_in_the_repository_is_listed() -> None:
    present = sorted(
        str(p.relative_to(FIXTURES))
        for p in FIXTURES.glob("extract-*/*.txt")
        if p.parent.name != "extract-measure"  # the scorer's own tiny example, wrong on purpose
        if p.with_name(f"{p.stem}_gold.json").exists()
    )
    assert present == sorted(WRITTEN)


@pytest.mark.parametrize("index", range(len(WRITTEN)), ids=[Path(t).stem for t in WRITTEN])
def test_the_gold_holds_against_its_text(index: int) -> None:
    text = FIXTURES / WRITTEN[index]
    together = next((group for group in CONCURRENT if text.stem in group), set())
    before = [FIXTURES / t for t in WRITTEN[:index] if Path(t).stem not in together]
    result = verify(text, *before)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1].startswith("OK:")


def test_the_check_finds_a_quote_moved_off_its_lines(tmp_path: Path) -> None:
    text = tmp_path / "heldout4.txt"
    lines = (
        (FIXTURES / "extract-heldout4" / "heldout4.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    )
    text.write_text("\n" + "".join(lines), encoding="utf-8")  # every line one further down
    (tmp_path / "heldout4_gold.json").write_bytes(
        (FIXTURES / "extract-heldout4" / "heldout4_gold.json").read_bytes()
    )
    result = verify(text)
    assert result.returncode == 1 and "FAILURES" in result.stdout


def _verifier() -> Any:
    spec = importlib.util.spec_from_file_location("verify_extract_set", VERIFIER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_name_made_up_for_a_text_is_in_the_extractor_or_its_tests() -> None:
    # The rules must generalize, not remember: no organization, village, jamoat, makhalla or person
    # invented for a measured text may be written into the extractor's patterns, its gazetteer or
    # the unit tests of its rules (which are written on short invented sentences of their own).
    invented_names = _verifier().invented_names
    files = [p for p in sorted((REPO / "kg" / "extract").rglob("*")) if p.suffix in {".py", ".yaml", ".html"}]
    files += sorted(TESTS.glob("test_extract*.py"))
    source = "\n".join(path.read_text(encoding="utf-8") for path in files if path.name != Path(__file__).name)
    found = {}
    for text in WRITTEN:
        gold = json.loads(
            (FIXTURES / text).with_name(f"{Path(text).stem}_gold.json").read_text(encoding="utf-8")
        )
        for name in invented_names(gold):
            if len(name) > 3 and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", source):
                found[name] = text
    assert not found, found
