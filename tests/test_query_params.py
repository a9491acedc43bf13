"""Parameter values checked against the data, and a researcher's own .rq file with Hamkori's prefixes.

The ids below are the bundled data's (data/cases/09-vo-yalabuli.yaml holds the places
sarichashma-jamoat and sarichashma-village; ontology/vocabularies.ttl the codes).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import UsageError
from kg.pipeline.stages import load_and_map
from kg.project.paths import ProjectPaths
from kg.query import ids
from kg.query.library import Param, check_values, parse_query_file, resolve, run_query
from kg.store.embedded import OxigraphStore
from tests.conftest import REPO
from tests.library import library
from tests.test_serve import bundled_store


def problem(name: str, **values: str) -> str:
    with pytest.raises(UsageError) as caught:
        run_query(bundled_store(), library()[name], values)
    return str(caught.value)


def test_an_id_close_to_a_place_suggests_the_place() -> None:
    message = problem("projects-in-place", place="sarichashma")
    assert message.startswith("parameter place: 'sarichashma' is not the id of a place in the data")
    assert "closest place ids: sarichashma-jamoat, sarichashma-village" in message
    assert "#" not in message  # evidence nodes under the place's IRI are not ids


def test_a_code_of_another_vocabulary_says_which_and_lists_the_right_one() -> None:
    message = problem("results-by-sector", sector="civil-society")
    assert message.startswith("parameter sector: civil-society is an actor sector, not a sector of work;")
    assert "sectors of work: agricultural-services, agriculture," in message
    assert message.endswith("womens-rights, youth")


def test_a_misspelt_code_gets_the_code() -> None:
    message = problem("government-bodies-by-level", level="jamot")
    assert "'jamot' is not the code of a government level" in message
    assert "did you mean jamoat?" in message
    assert "city-rayon, jamoat, local-unspecified, makhalla, national, oblast" in message


def test_an_id_of_another_kind_of_entity_says_which() -> None:
    message = problem("organization-projects", org="khovaling")
    assert message.startswith("parameter org: khovaling is a place, not an organization;")
    assert "khukumat-khovaling" in message  # the organizations named like it


def test_an_id_like_nothing_says_how_many_there_are() -> None:
    message = problem("organization-projects", org="zzzzqqq")
    assert "no organization id is close;" in message
    assert "organization ids exist, e.g. " in message


def test_ids_that_exist_pass_and_run() -> None:
    check_values(bundled_store(), library()["projects-in-place"], {"place": "sarichashma-jamoat"})
    check_values(bundled_store(), library()["results-by-sector"], {"sector": "livestock"})
    rows = run_query(bundled_store(), library()["organization-projects"], {"org": "vo-sino"}).records()
    # data/cases/*-vo-sino.yaml: the four projects led_by vo-sino.
    expected = {"vo-sino-cattle", "vo-sino-microcredit", "vo-sino-conservation-training", "vo-sino-mts"}
    assert {str(r["project"]).rsplit("/", 1)[-1] for r in rows} == expected


def test_every_example_of_the_library_names_ids_that_exist() -> None:
    for query in library().values():
        for values in query.example_params():
            check_values(bundled_store(), query, values)


def test_the_id_index_is_read_once_per_store(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = OxigraphStore(None)
    _, mapped = load_and_map(ProjectPaths(REPO))
    fresh.load(mapped.dataset)
    selects: list[str] = []
    original = fresh.select

    def counting(text: str) -> object:
        selects.append(text)
        return original(text)

    monkeypatch.setattr(fresh, "select", counting)
    query = library()["projects-in-place"]
    for _ in range(3):
        with pytest.raises(UsageError):
            check_values(fresh, query, {"place": "sarichashma"})
    listings = [s for s in selects if "STRSTARTS" in s]
    assert len(listings) == 1 and len(selects) == 4  # three lookups, one listing
    check_values(fresh, query, {"place": "khovaling"})
    assert len(selects) == 5  # a good id: one query, no listing


def test_the_cli_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["query", "projects-in-place", "--param", "place=sarichashma", "--project", str(REPO)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "sarichashma-jamoat" in err


def test_a_required_parameter_left_out_exits_2_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["query", "search", "--project", str(REPO)])
    assert (code, capsys.readouterr().err) == (
        2,
        "kg query: query 'search' needs a value for its parameter text (text), e.g. text=Shurabad\n",
    )
    code = main(["query", "evidence-of-project", "--param", "project=", "--project", str(REPO)])
    err = capsys.readouterr().err
    assert code == 2 and err.endswith("parameter project (project), e.g. project=vo-sino-mts\n")


def test_kg_queries_lists_a_required_parameter_as_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["queries", "--project", str(REPO)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "search  --param text=<text> (required)" in lines
    assert "evidence-of-project  --param project=<project> (required)" in lines
    assert "organization-projects  [--param org=<organization>]" in lines


def test_the_header_marks_a_parameter_required_and_refuses_other_words(tmp_path: Path) -> None:
    path = tmp_path / "find.rq"
    head = "# title: t\n# question: q?\n# example: kg query find --param text=sino\n"
    body = "SELECT ?text WHERE { VALUES ?text { UNDEF } }\n"
    path.write_text(head + "# param: text (text, required): what to find\n" + body, encoding="utf-8")
    query = parse_query_file(path)
    assert query.params == (Param("text", "text", "what to find", required=True),)
    assert query.missing({}) == query.params[0] and query.missing({"text": "sino"}) is None
    path.write_text(head + "# param: text (text): what to find\n" + body, encoding="utf-8")
    assert parse_query_file(path).params[0].required is False
    path.write_text(head + "# param: text (text, mandatory): what to find\n" + body, encoding="utf-8")
    with pytest.raises(UsageError, match=r"malformed '# param: text \(text, mandatory\): what to find'"):
        parse_query_file(path)


def test_kind_of_reads_entities_and_vocabularies() -> None:
    base = "https://w3id.org/hamkori/"
    assert ids.kind_of(f"{base}id/place/khovaling", base) == "place"
    assert ids.kind_of("https://w3id.org/hamkori/vocab/actor-sector/state", base) == "actor-sector"
    assert ids.kind_of("http://example.org/x", base) is None


# --- A researcher's own .rq file: Hamkori's prefixes predeclared ------------------------------


def test_a_user_file_uses_the_prefixes_undeclared(tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text(
        "# my own query, no PREFIX lines\n"
        "SELECT ?title WHERE { ?p a hk:Project ; rdfs:label ?title ; hk:ledBy ?o .\n"
        "  ?o rdfs:label ?name OPTIONAL { ?o skos:altLabel ?alias } FILTER(CONTAINS(?name, 'Sino')) }\n",
        encoding="utf-8",
    )
    table = run_query(bundled_store(), resolve(str(path), library()))
    assert {str(row[0]) for row in table.rows} >= {"Agricultural machinery and tractor station (MTS)"}


def test_a_parse_error_in_a_user_file_keeps_its_line_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.rq"
    path.write_text(
        "# line 1\nSELECT ?s WHERE {\n  ?s a hk:Project .\n  ?s nope:ledBy ?o .\n}\n", encoding="utf-8"
    )
    code = main(["query", str(path), "--project", str(REPO)])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    # hk: is declared for it; nope: is not a prefix, and the error is on line 4 of the file, as written.
    assert "error at 4:" in err, err


def test_a_store_without_the_vocabularies_takes_any_well_formed_code() -> None:
    """Codes are checked against the vocabularies the store holds; without them, only their form."""
    bare = OxigraphStore(None)
    bare.update("INSERT DATA { <https://w3id.org/hamkori/id/project/p> a <https://example.org/Project> }")
    check_values(bare, library()["results-by-sector"], {"sector": "livestok"})
    with pytest.raises(UsageError, match="not an id"):
        check_values(bare, library()["results-by-sector"], {"sector": "Livestock!"})


def test_a_sector_of_work_given_for_an_actor_sector_says_so() -> None:
    # funder_sector is the funder's actor sector (donor, state, …): water-sanitation is work, not an actor.
    message = problem("funder-portfolio", funder_sector="water-sanitation")
    expected = "parameter funder_sector: water-sanitation is a sector of work, not an actor sector;"
    assert message.startswith(expected)
    assert "state" in message and "donor" in message


def test_an_actor_sector_filter_keeps_only_that_sector() -> None:
    found = run_query(bundled_store(), library()["funder-portfolio"], {"funder_sector": "state"})
    sectors = {str(row["funderSector"]) for row in found.records()}
    assert sectors == {"state"}
