"""The stages composed: the build layout named once, build apart from publish, the commands' calls."""

from __future__ import annotations

import re
import threading
import urllib.request
from pathlib import Path

import pytest

import kg
from kg import pipeline
from kg.authoring.synth import cases_for_triples
from kg.pipeline import stages
from kg.project.paths import BuildLayout, ProjectPaths

KG = Path(kg.__file__).resolve().parent


def layout_folders(layout: BuildLayout) -> set[Path]:
    names = [name for name, value in vars(BuildLayout).items() if isinstance(value, property)]
    return {getattr(layout, name) for name in names}


def test_a_full_build_writes_the_folders_of_its_layout_without_calling_publish(
    mini: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    def publish(*_: object, **__: object) -> None:
        raise AssertionError("build called publish")

    monkeypatch.setattr(stages, "publish", publish)
    assert pipeline.build(mini).report.conforms
    layout = mini.layout()
    written = set(mini.build.iterdir())
    made = (layout.dumps, layout.store, layout.validation, layout.analysis, layout.viz, layout.site)
    assert written == set(made)
    assert layout.cache.is_dir() and layout.cache.parent == mini.build.parent  # beside build/, not in it
    assert written <= layout_folders(layout)
    assert (layout.site / "index.html").is_file() and layout.ontology_cache.is_dir()


def test_another_out_folder_has_the_same_layout(mini: ProjectPaths, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere"
    result = pipeline.build(mini, out=out, full=False)
    assert set(result.dumps.values()) <= set(mini.layout(out).dumps.iterdir())
    layout = mini.layout(out)
    assert set(out.iterdir()) == {layout.dumps, layout.store, layout.validation}
    assert layout.cache == tmp_path / ".elsewhere-cache" and layout.cache.is_dir()
    assert not mini.build.exists()


BUILD_FOLDER = re.compile(
    r"""\b(build|out)\s*/\s*["'](dumps|store|validation|analysis|viz|site|releases|cache)["']"""
)


def test_no_module_spells_a_build_folder_by_hand() -> None:
    """``build / "dumps"`` belongs in BuildLayout, which every stage asks."""
    found = [
        f"{path.relative_to(KG)}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)}"
        for path in sorted(KG.rglob("*.py"))
        for text in [path.read_text(encoding="utf-8")]
        for match in BUILD_FOLDER.finditer(text)
    ]
    assert found == []
    assert BUILD_FOLDER.search('copy_tree(build / "dumps", folder)')  # what it would catch


def test_serve_builds_first_and_answers(mini: ProjectPaths) -> None:
    said: list[str] = []
    serving = pipeline.serve(mini, port=0, workers=1, progress=said.append)
    # It builds first, then says the workers load their copy of the data before it is serving.
    assert said == [
        "no embedded store yet; running kg build first",
        "query workers: loading the data into memory",
    ]
    assert mini.layout().store.is_dir()
    thread = threading.Thread(target=serving.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{serving.port}/queries", timeout=30) as response:
            assert response.status == 200 and b"donors" in response.read()
    finally:
        serving.server.shutdown()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_schema_is_written_and_then_current(mini: ProjectPaths) -> None:
    assert not pipeline.schema_is_current(mini)
    assert pipeline.write_schema(mini) == mini.schema
    assert pipeline.schema_is_current(mini)


def test_synthesize_aims_at_triples_unless_cases_are_given(tmp_path: Path) -> None:
    assert pipeline.synthesize(tmp_path / "a", cases=2).cases == 2
    assert pipeline.synthesize(tmp_path / "b", triples=3_000).cases == cases_for_triples(3_000)


def test_new_case_names_its_placeholders(mini: ProjectPaths) -> None:
    made = pipeline.new_case(mini, "vo-sarband", number=2, title="Roof")
    assert made.path == mini.data / "cases" / "02-vo-sarband.yaml"
    assert made.placeholders and all(p in made.path.read_text(encoding="utf-8") for p in made.placeholders)
    with pytest.raises(FileExistsError):
        pipeline.new_case(mini, "vo-sarband", number=2)
