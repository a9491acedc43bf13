"""The network pages on the small fixture, without a browser: offline, escaped, stable, complete.

The fixture (tests/fixtures/mini) has four organizations (VO Navobod, MSDSP, the Khukumat of
Danghara, Jamoat Dashtak) and one community, two projects and two partnerships.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from pyvis.network import Network

from kg.analysis.network import NetworkData, collaboration, read_network_data, two_mode
from kg.authoring.loader import load_corpus
from kg.mapping.mapper import map_corpus
from kg.outputs import viz
from kg.outputs.palette import SECTOR_COLOURS
from kg.project.paths import ProjectPaths
from kg.store import open_store
from tests.conftest import MINI, REPO

ID = "https://w3id.org/hamkori/id/"
VO, JAMOAT = f"{ID}organization/vo-navobod", f"{ID}organization/jamoat-dashtak"
HOSTILE = "<img src=x onerror=alert(1)>"
BREAKOUT = "</script><script>alert(2)</script>"
DATA_BLOCK = re.compile(r'<script type="application/json" id="network-data">(.*?)</script>', re.S)
URL = re.compile(r"https?://[^\s\"'<>)\\]+")
# XML namespace names the page's SVG and GEXF downloads declare: identifiers, never fetched.
XML_NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.gexf.net/1.2draft"}
# Places where a URL would make the browser fetch something.
FETCHING = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*https?:)"""
    r"""|(?:url\(\s*["']?\s*https?:)|(?:@import)|(?:\bimport\s*\(\s*["']https?:)|(?:\bfrom\s*["']https?:)""",
    re.I,
)


@cache
def data() -> NetworkData:
    store = open_store("memory")
    store.load(map_corpus(load_corpus(ProjectPaths(MINI))).dataset)
    return read_network_data(store)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return viz.write_all(data(), tmp_path_factory.mktemp("viz"))


def payload(page: str) -> dict[str, Any]:
    found = DATA_BLOCK.search(page)
    assert found, "no JSON data block"
    parsed: dict[str, Any] = json.loads(found.group(1))
    return parsed


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [*strings(k), *strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def vis_urls() -> set[str]:
    """The URLs in vis-network's own source: licence and project links in its comments and strings."""
    script, _ = viz._vis_assets()
    return set(URL.findall(script))


def test_build_network_gives_positions_facts_and_evidence() -> None:
    graph = collaboration(data())
    net = viz.build_network(graph, data(), title="Mini")
    assert isinstance(net, Network)
    assert len(net.nodes) == graph.number_of_nodes() and len(net.edges) == graph.number_of_edges()
    assert net.options["physics"]["enabled"] is False
    for node in net.nodes:
        assert isinstance(node["x"], float) and isinstance(node["y"], float), node["id"]
        assert node["color"]["background"] == SECTOR_COLOURS[node["hk"]["sector"]]
    assert len({(n["x"], n["y"]) for n in net.nodes}) == len(net.nodes)
    vo = net.node_map[VO]
    assert vo["shape"] == "dot" and net.node_map[JAMOAT]["shape"] == "square"
    assert vo["hk"]["aliases"] == ["VO Navobod"]
    facts = dict(vo["hk"]["facts"])
    assert facts["Kind"] == "village organization" and facts["Region"] == "Khatlon Oblast"
    assert facts["Sector"] == "civil society" and facts["Identifier"] == VO
    edge = next(e for e in net.edges if {e["from"], e["to"]} == {VO, JAMOAT})
    assert edge["hk"]["relations"] == ["partnership"] and edge["dashes"] is False
    [evidence] = edge["hk"]["evidence"]
    assert evidence["quote"] == data().evidence[evidence["id"]]["quote"] != ""
    assert evidence["case"] and evidence["lines"]


def test_size_relation_styles_and_physics_option() -> None:
    graph = two_mode(data())
    net = viz.build_network(graph, data(), title="Mini", size_by={VO: 0.5}, physics=True)
    assert net.node_map[VO]["value"] == 0.5 and net.node_map[JAMOAT]["value"] == 0.0
    assert net.options["physics"]["enabled"] is True
    water = next(e for e in net.edges if e["from"] == VO and e["to"].endswith("vo-navobod-water"))
    assert water["hk"]["relations"] == ["lead", "implementing"]  # drawn as the lead: a solid arrow
    assert water["arrows"]["to"]["enabled"] is True and water["dashes"] is False
    funding = [e for e in net.edges if e["hk"]["relations"] == ["funding"]]
    assert funding and all(e["color"]["color"] == viz.RELATIONS["funding"].colour for e in funding)


def test_pages_load_nothing_from_elsewhere(pages: list[Path]) -> None:
    allowed = set(data().actors) | set(data().projects) | set(data().evidence)
    folder = pages[0].parent
    shared = folder / viz.VIS_SCRIPT
    assert shared.read_text(encoding="utf-8") == viz._vis_assets()[0]
    for path in pages:
        page = path.read_text(encoding="utf-8")
        outside = DATA_BLOCK.sub("", page)
        # The one script a page loads is the shared local copy of vis-network, by a relative path.
        sources = re.findall(r"<script[^>]*\bsrc\s*=\s*\"([^\"]*)\"", page, re.I)
        expected = [] if path.name == "index.html" else [os.path.relpath(shared, path.parent)]
        assert sources == expected, path.name
        assert all((path.parent / source).resolve() == shared.resolve() for source in sources)
        assert len(re.findall(r"<script[^>]*\bsrc\s*=", page, re.I)) == len(sources), path.name
        assert not re.search(r"<link\b", page, re.I), path.name
        assert not FETCHING.findall(outside), (path.name, FETCHING.findall(outside)[:3])
        assert set(URL.findall(outside)) <= vis_urls() | XML_NAMESPACES, path.name
        assert "sourceMappingURL" not in page
        if path.name != "index.html":
            urls = {url for s in strings(payload(page)) for url in URL.findall(s)}
            assert urls <= allowed, urls - allowed


def test_hostile_names_stay_text(tmp_path: Path) -> None:
    graph = collaboration(data()).copy()
    graph.nodes[VO]["label"] = HOSTILE
    graph.nodes[VO]["aliases"] = [BREAKOUT]
    graph.nodes[JAMOAT]["region"] = HOSTILE
    net = viz.build_network(graph, data(), title=f"Title {HOSTILE}")
    page = viz.write_page(net, tmp_path / "hostile.html", ego_links={VO: "ego/vo-navobod.html"})
    text = page.read_text(encoding="utf-8")
    for raw in (HOSTILE, BREAKOUT, "<img", "alert(2)</script>"):
        assert raw not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text  # title and region filter, HTML-escaped
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in text  # in the JSON block
    assert text.count("</script>") == 3  # the data, vis-network and the page's script: none added
    node = next(n for n in payload(text)["nodes"] if n["id"] == VO)
    assert node["label"] == HOSTILE and node["hk"]["aliases"] == [BREAKOUT]


def test_same_input_same_bytes(tmp_path: Path, pages: list[Path]) -> None:
    again = viz.write_all(data(), tmp_path / "again")
    assert [p.relative_to(tmp_path / "again") for p in again] == [
        p.relative_to(pages[0].parent) for p in pages
    ]
    for first, second in zip(pages, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


# Small components are where networkx's subgraph views iterate a set: the layout must not follow.
HASH_SCRIPT = """
import hashlib, networkx as nx
from kg.outputs import viz
from kg.analysis.network import NetworkData
parts = [nx.path_graph(4), nx.star_graph(5), nx.cycle_graph(6), nx.empty_graph(3)]
graph = nx.relabel_nodes(nx.disjoint_union_all(parts), lambda n: f"https://example.org/n{n}")
for node in graph:
    graph.nodes[node].update(label=node[-3:], sector="state", kind="GovernmentBody")
page = viz.render_page(viz.build_network(graph, NetworkData(), title="t"))
print(hashlib.sha256(page.encode()).hexdigest())
"""


def test_same_bytes_whatever_the_hash_seed() -> None:
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", HASH_SCRIPT], cwd=REPO, env=env, capture_output=True, text=True, check=True
        )
        digests.add(run.stdout.strip())
    assert len(digests) == 1


def test_index_escapes_names(tmp_path: Path) -> None:
    hostile = copy.deepcopy(data())
    hostile.actors[VO]["label"] = HOSTILE
    index = viz.write_all(hostile, tmp_path)[-1].read_text(encoding="utf-8")
    assert HOSTILE not in index and "&lt;img src=x onerror=alert(1)&gt;" in index
    assert '<header><nav><a href="../index.html">Hamkori</a>' in index and "<main>" in index  # the shell


def test_one_ego_page_per_organization_and_an_index(pages: list[Path]) -> None:
    folder = pages[0].parent
    organizations = viz.organizations(data())
    assert len(organizations) == 4 and all("/organization/" in o for o in organizations)
    assert {p.name for p in (folder / "ego").iterdir()} == {f"{viz.file_stem(o)}.html" for o in organizations}
    assert [p.name for p in pages[:2]] == ["collaboration.html", "actor-project.html"]
    assert pages[-1] == folder / "index.html" and len(pages) == 2 + len(organizations) + 1
    index = pages[-1].read_text(encoding="utf-8")
    for organization in organizations:
        assert f'href="ego/{viz.file_stem(organization)}.html"' in index
        assert data().actors[organization]["label"] in index
    vo = payload((folder / "ego" / "vo-navobod.html").read_text(encoding="utf-8"))
    assert [n["id"] for n in vo["nodes"] if n["hk"].get("focus")] == [VO]
    # VO's partners, its projects and their participants, from the two-mode and typed graphs.
    assert {n["id"].rsplit("/", 1)[-1] for n in vo["nodes"]} == {
        "vo-navobod",
        "jamoat-dashtak",
        "khukumat-danghara",
        "msdsp",
        "community-navobod",
        "vo-navobod-water",
        "vo-navobod-school-roof",
    }
    assert vo["egoLinks"][JAMOAT] == "jamoat-dashtak.html"


def test_legend_and_filters_list_what_is_present(pages: list[Path]) -> None:
    for path, graph in ((pages[0], collaboration(data())), (pages[1], two_mode(data()))):
        page = path.read_text(encoding="utf-8")
        legend = page.split('<section id="legend">', 1)[1].split("</section>", 1)[0]
        sectors = {a["sector"] for _, a in graph.nodes(data=True)}
        assert set(re.findall(r'data-sector="([^"]+)"', legend)) == sectors
        boxes = set(re.findall(r'class="facet-box" data-facet="sector" value="([^"]*)"', page))
        assert boxes == sectors
    relations = set(
        re.findall(r'data-facet="relation" value="([^"]*)"', pages[0].read_text(encoding="utf-8"))
    )
    assert relations == {"partnership", "shared-project"}


def test_layout_is_seeded_and_large_graphs_use_the_fast_layout() -> None:
    graph = nx.barabasi_albert_graph(viz.SPRING_LIMIT + 100, 2, seed=1)
    first, second = viz.layout(graph, seed=3), viz.layout(graph, seed=3)
    assert first == second and len(set(first.values())) == graph.number_of_nodes()
    assert viz.layout(graph, seed=4) != first
    scattered = nx.empty_graph(5)
    assert len(set(viz.layout(scattered).values())) == 5


def test_a_single_page_inlines_vis_network_and_shared_pages_link_one_copy(tmp_path: Path) -> None:
    net = viz.build_network(collaboration(data()), data(), title="Mini")
    alone = viz.write_page(net, tmp_path / "alone.html").read_text(encoding="utf-8")
    assert viz._vis_assets()[0] in alone and "script-src 'unsafe-inline';" in alone
    assert not (tmp_path / viz.VIS_SCRIPT).exists()
    script = viz.write_vis_script(tmp_path / "shared")
    page = viz.write_page(net, tmp_path / "shared" / "sub" / "page.html", script_href=f"../{viz.VIS_SCRIPT}")
    linked = page.read_text(encoding="utf-8")
    assert f'<script src="../{viz.VIS_SCRIPT}"></script>' in linked
    assert "script-src 'self' 'unsafe-inline';" in linked  # 'self' lets the local copy load
    assert viz._vis_assets()[0] not in linked and len(linked) < len(alone) - 400_000
    assert script.read_text(encoding="utf-8") == viz._vis_assets()[0]
