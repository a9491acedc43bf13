"""The review page of ``kg extract --report``: quotes marked where they stand, hostile text escaped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kg import cli
from kg.extract.extractor import Registry, extract
from kg.extract.review import records, render_review
from kg.extract.text import Known
from tests.conftest import REPO, TESTS

TEXT = TESTS / "fixtures" / "extract-measure" / "tiny.txt"
HOSTILE = "<script>alert('x')</script>"
REGISTRY = Registry((Known("osce", "organization", "OSCE", ("OSCE", "OSCE Office in Tajikistan"), "donor"),))


@dataclass
class Page(HTMLParser):
    """What the tests read of a page: marked text per line and record, links, scripts, text."""

    marked: dict[tuple[int, str], str] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    line: int = 0
    marks: list[list[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        self.links += [value for key, value in attrs if key in ("href", "src", "action") and value]
        if tag == "div" and (found.get("id") or "").startswith("L"):
            self.line = int((found["id"] or "L0")[1:])
        if tag == "mark":
            self.marks.append((found.get("data-records") or "").split())

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.marks.pop()
        if tag == "div":
            self.line = 0

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for record in self.marks[-1] if self.marks else ():
            key = (self.line, record)
            self.marked[key] = self.marked.get(key, "") + data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def hostile_text() -> str:
    text = TEXT.read_text(encoding="utf-8")
    return text.replace("train young bakers.", f"train young bakers {HOSTILE}.").replace(
        "Jamoat Beta gave a room", f"Jamoat Beta {HOSTILE} gave a room"
    )


def test_every_quote_is_marked_at_its_lines() -> None:
    text = TEXT.read_text(encoding="utf-8")
    drafts = extract(text, REGISTRY)
    page = parse(render_review(text, drafts, source="tiny.txt"))
    shown = [r for draft in drafts for r in records(draft)]
    assert {r.kind for r in shown} >= {"project", "contribution", "state partner", "organization"}
    for record in shown:
        for quote in record.quotes:
            lines = range(quote.line_start, quote.line_end + 1)
            marked = " ".join(page.marked.get((n, record.id), "").strip() for n in lines)
            assert " ".join(marked.split()) == " ".join(quote.quote.split()), (record.label, quote)
            assert all((n, record.id) in page.marked for n in lines if text.split("\n")[n - 1].strip())
    assert not any(line == 0 for line, _ in page.marked)


def test_hostile_text_is_escaped_and_nothing_leaves_the_page() -> None:
    text = hostile_text()
    html = render_review(text, extract(text, REGISTRY), source=f"new{HOSTILE}.txt")
    page = parse(html)
    assert "script" not in page.tags
    assert HOSTILE in "".join(page.text)  # shown as text, where it was
    assert "&lt;script&gt;" in html
    assert page.links and all(link.startswith("#") for link in page.links), page.links
    assert "http://" not in html and "https://" not in html


def test_contact_details_no_record_quotes_are_withheld() -> None:
    text = TEXT.read_text(encoding="utf-8")
    html = render_review(text, extract(text, REGISTRY), source="tiny.txt")
    assert "555-12-34" not in html and "nuri_vodi@example.org" not in html
    assert "contact details withheld" in html


def test_the_page_is_the_same_each_time() -> None:
    text = TEXT.read_text(encoding="utf-8")
    assert render_review(text, extract(text, REGISTRY), "tiny.txt") == render_review(
        text, extract(text, REGISTRY), "tiny.txt"
    )


def test_the_command_writes_the_page_beside_the_drafts_or_where_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "drafts"
    argv = ["extract", "--project", str(REPO), "--registry-only", str(TEXT), "--out", str(out)]
    assert cli.main([*argv, "--report"]) == 0
    assert (out / "tiny-review.html").is_file()
    assert "1 draft(s)" in capsys.readouterr().err
    page = tmp_path / "elsewhere" / "page.html"
    assert cli.main([*argv.copy()[:-2], "--out", str(tmp_path / "other"), "--report", str(page)]) == 0
    assert parse(page.read_text(encoding="utf-8")).marked
    assert cli.main([*argv.copy()[:-2], "--out", str(tmp_path / "third"), "--report", str(page)]) == 2
    assert "exists" in capsys.readouterr().err


def test_a_record_of_low_confidence_is_listed_first_and_its_marks_underlined() -> None:
    text = TEXT.read_text(encoding="utf-8")
    (draft,) = extract(text, REGISTRY)
    project = draft.projects[0]
    doubtful = replace(project.contributions[0], confidence=0.2)
    draft = replace(draft, projects=(replace(project, contributions=(doubtful, *project.contributions[1:])),))
    (record,) = [r for r in records(draft) if r.confidence == 0.2]
    html = render_review(text, [draft], "tiny.txt")
    first = html.split('<div class="first">', 1)[1].split("</div>", 1)[0]
    assert f'href="#{record.id}"' in first and record.label in first
    assert re.search(rf'<mark class="[^"]*doubtful"[^>]*data-records="[^"]*{record.id}\b', html)


def test_the_page_is_the_same_in_every_run(tmp_path: Path) -> None:
    """Byte-identical under two string-hashing seeds: nothing on the page comes from a set's order."""
    import os
    import subprocess
    import sys

    pages = []
    for seed in ("1", "3"):
        out, page = tmp_path / seed / "drafts", tmp_path / seed / "review.html"
        command = [
            sys.executable,
            "-m",
            "kg",
            "extract",
            str(TEXT),
            "--project",
            str(REPO),
            "--out",
            str(out),
        ]
        subprocess.run(
            [*command, "--report", str(page)],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        pages.append(page.read_bytes())
    assert len(pages) == 2 and pages[0] == pages[1] and b"<mark" in pages[0]
