"""Interactive network pages that work offline: one HTML file per network, nothing fetched from elsewhere.

``build_network`` turns a graph from ``kg.analysis.network`` into a pyvis ``Network`` (usable in a notebook):
colour by sector, shape by kind, size by a centrality value, edge style by relation, positions
computed ahead and every node's facts and every tie's evidence attached. ``write_page`` writes it
as one HTML file with a legend, a search box, filters and a side panel, and vis-network from the
pyvis package either inlined (a single self-contained file) or from one local copy beside it; no
request leaves the page. ``write_all`` writes the collaboration network, the actor–project network,
one ego page per organization and an index, all sharing one copy of vis-network
(``vis-network-9.1.2.min.js`` in the folder), so they work offline from ``file://`` as long as the
folder stays together. The pages come from ``templates/viz/`` (the index in the page shell; a network
page keeps its own full-window layout), which escape every name.

Each tie carries its year (the earliest start year of the projects it rests on): a page with dated
ties has a year slider, and a checkbox, with their count, for the undated ones. The filters live in
the page's address (``#sector=a,b&year=2003&undated=0``), so a filtered view can be shared and
reopened. The page downloads its current view as PNG (4x, 300 dpi) and SVG, and the filtered nodes
and ties as GEXF 1.2 and CSV, all made in the browser.

    from pathlib import Path
    from kg import pipeline
    from kg.outputs import viz
    from kg.analysis.network import read_network_data

    data = read_network_data(pipeline.open_embedded())
    viz.write_all(data, Path("build/viz"))
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import networkx as nx
import numpy as np

from kg.analysis.measures import pagerank
from kg.analysis.network import NetworkData, collaboration, two_mode, typed
from kg.errors import HamkoriError
from kg.outputs.palette import sector_colour
from kg.outputs.templating import Markup, render

if TYPE_CHECKING:
    import pandas as pd
    from pyvis.network import Network

VIS = "lib/vis-9.1.2"  # inside the pyvis package
VIS_SCRIPT = "vis-network-9.1.2.min.js"  # the shared copy that write_all puts beside the pages
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif'
SPRING_LIMIT = 500  # above this many nodes networkx's spring layout takes tens of seconds
UNIT = 90.0  # pixels per layout unit: a component of n nodes fills a disc of radius √n + ½ units

CSO_KINDS = frozenset(
    {
        "CivilSocietyOrganization",
        "NonGovernmentalOrganization",
        "PublicAssociation",
        "VillageOrganization",
        "CivilSocietySupportCentre",
        "Society",
    }
)
# Kinds drawn as donors (or international organizations). No hk:Funder: funding is a role, and a
# state body or a CSO that funds is still drawn as what it is.
DONOR_KINDS = frozenset({"DevelopmentAgency", "Embassy", "InternationalOrganization", "InternationalNGO"})
# Shape by kind of actor: (vis-network shape, legend text). vis-network's "box" puts the label inside
# and cannot be sized, so state bodies are squares, which can show their centrality.
SHAPES: dict[str, tuple[str, str]] = {
    "state": ("square", "state body"),
    "cso": ("dot", "civil society organization"),
    "donor": ("diamond", "donor or international organization"),
    "community": ("triangle", "community"),
    "project": ("hexagon", "project"),
    "other": ("star", "business, media or other"),
}


@dataclass(frozen=True)
class EdgeStyle:
    label: str
    colour: str
    dashes: tuple[int, ...] = ()  # empty: a solid line
    arrow: bool = False


# In order of precedence: a tie with several relations is drawn in the style of the first.
RELATIONS: dict[str, EdgeStyle] = {
    "funding": EdgeStyle("funding", "#D55E00", (), True),
    "partnership": EdgeStyle("partnership", "#2B3A48"),
    "membership": EdgeStyle("membership (part of)", "#6E7781", (2, 4), True),
    "lead": EdgeStyle("leads the project", "#2B3A48", (), True),
    "implementing": EdgeStyle("implements", "#56636E", (9, 5), True),
    "accountable": EdgeStyle("accountable for", "#56636E", (12, 4, 2, 4), True),
    "extending": EdgeStyle("extends", "#56636E", (5, 5), True),
    "supporting": EdgeStyle("supports (no stated gift)", "#7D8790", (5, 3, 1, 3), True),
    "participant": EdgeStyle("takes part", "#7D8790", (2, 4)),
    "shared-project": EdgeStyle("shared project", "#7D8790", (9, 5)),
}
OTHER_RELATION = EdgeStyle("other tie", "#9AA3AA", (4, 4))
FACETS = (
    ("sector", "Sector"),
    ("level", "Government level"),
    ("region", "Region"),
    ("work", "Sector of work"),
)


@cache
def humanize(value: str) -> str:
    """``civil-society`` → ``civil society``; ``VillageOrganization`` → ``village organization``."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", value).replace("-", " ")
    return " ".join(w if w.isupper() else w.lower() for w in spaced.split())


def file_stem(iri: str) -> str:
    """The file name for a node: the last path segment of its IRI, reduced to safe characters."""
    segment = iri.rstrip("/").rsplit("/", 1)[-1].split("#", 1)[0]
    return re.sub(r"[^A-Za-z0-9._-]+", "-", segment).strip(".-") or "node"


def shape_category(kind: str, sector: str) -> str:
    """Which legend shape an actor of this kind and sector gets (a key of ``SHAPES``)."""
    if kind == "Project" or sector == "project":
        return "project"
    if kind == "GovernmentBody" or sector == "state":
        return "state"
    if kind == "Community" or sector == "community":
        return "community"
    if kind in CSO_KINDS or sector == "civil-society":
        return "cso"
    if kind in DONOR_KINDS or sector in ("donor", "international"):
        return "donor"
    return "other"


def organizations(data: NetworkData) -> list[str]:
    """Every actor that is an organization (all but communities), sorted."""
    return sorted(actor for actor, info in data.actors.items() if info["kind"] != "Community")


# --- Layout ---------------------------------------------------------------------------------------


def layout(graph: nx.Graph, seed: int = 7, *, centre: str | None = None) -> dict[str, tuple[float, float]]:
    """Seeded node positions in pixels, keyed by ``str(node)``; neighbours end up about 100 px apart.

    Each connected component is laid out on its own, in a disc whose area grows with its size, and
    the discs are packed in rows, largest first, so isolated nodes do not push the rest together.
    ``centre`` (a node id) is pinned in the middle of its component.
    Components up to 500 nodes get networkx's spring layout; larger ones the same
    Fruchterman–Reingold forces vectorized with numpy (networkx takes about 50 s for 5,000 nodes,
    this about 5 s).
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(str(n) for n in graph.nodes))
    simple.add_edges_from(sorted({tuple(sorted((str(a), str(b)))) for a, b in graph.edges() if a != b}))
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    radii = [math.sqrt(len(c)) + 0.5 if len(c) > 1 else 0.0 for c in components]  # + 0.5: room for 2 or 3
    boxes = [2.0 * r + 1.0 if r else 1.5 for r in radii]  # diameter and margin
    width = max([*boxes[:1], 1.15 * math.sqrt(sum(b * b for b in boxes))])
    positions: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for component, radius, box in zip(components, radii, boxes, strict=True):
        if x > 0 and x + box > width:
            x, y, row = 0.0, y + row, 0.0
        part = nx.Graph()  # not simple.subgraph(): a small view iterates its nodes in set (hash) order
        part.add_nodes_from(sorted(component))
        part.add_edges_from(sorted(tuple(sorted(e)) for e in simple.edges(component)))
        for node, (px, py) in _unit_disc(part, seed, centre).items():
            positions[node] = (UNIT * (x + box / 2 + px * radius), UNIT * (y + box / 2 + py * radius))
        x, row = x + box, max(row, box)
    return positions


def _unit_disc(graph: nx.Graph, seed: int, centre: str | None) -> dict[str, tuple[float, float]]:
    """A connected graph laid out within the unit disc, centred on 0 (or on ``centre``)."""
    nodes = list(graph)
    if len(nodes) < 3:
        return {node: (0.5 * i - 0.25 * (len(nodes) - 1), 0.0) for i, node in enumerate(nodes)}
    pinned = centre if centre in graph else None
    if len(nodes) <= SPRING_LIMIT or pinned:
        fixed = {"pos": {pinned: (0.0, 0.0)}, "fixed": [pinned]} if pinned else {}
        found = nx.spring_layout(graph, seed=seed, weight=None, **fixed)
        pos = np.array([found[n] for n in nodes], dtype=float)
    else:
        pos = _fruchterman_reingold(graph, seed)
    pos -= pos[nodes.index(pinned)] if pinned else pos.mean(axis=0)
    pos /= max(float(np.sqrt((pos * pos).sum(axis=1)).max()), 1e-9)
    return {node: (float(px), float(py)) for node, (px, py) in zip(nodes, pos, strict=True)}


def _fruchterman_reingold(graph: nx.Graph, seed: int, iterations: int = 50) -> np.ndarray:
    """Fruchterman–Reingold with exact repulsion, computed in row blocks in float32."""
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    n = len(nodes)
    ends = np.array([(index[a], index[b]) for a, b in graph.edges()], dtype=np.int64).reshape(-1, 2)
    pos = np.random.default_rng(seed).random((n, 2))
    k2 = 1.0 / n
    k = math.sqrt(k2)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    xs = np.empty(n, dtype=np.float32)
    ys = np.empty(n, dtype=np.float32)
    block = 512
    for _ in range(iterations):
        xs[:] = pos[:, 0]
        ys[:] = pos[:, 1]
        shift = np.zeros((n, 2))
        for start in range(0, n, block):
            dx = xs[start : start + block, None] - xs[None, :]
            dy = ys[start : start + block, None] - ys[None, :]
            inverse = dx * dx + dy * dy
            np.maximum(inverse, 1e-6, out=inverse)
            np.reciprocal(inverse, out=inverse)
            shift[start : start + block, 0] = (dx * inverse).sum(axis=1)
            shift[start : start + block, 1] = (dy * inverse).sum(axis=1)
        shift *= k2  # repulsion k²/d along the unit vector
        delta = pos[ends[:, 0]] - pos[ends[:, 1]]
        pull = delta * np.sqrt((delta * delta).sum(axis=1))[:, None] / k  # attraction d²/k
        np.add.at(shift, ends[:, 0], -pull)
        np.add.at(shift, ends[:, 1], pull)
        length = np.maximum(np.sqrt((shift * shift).sum(axis=1))[:, None], 1e-9)
        pos += shift / length * np.minimum(length, temperature)
        temperature -= cooling
    return pos


# --- The pyvis network ----------------------------------------------------------------------------


def work_sectors(data: NetworkData) -> dict[str, list[str]]:
    """The sectors of the projects each actor leads, funds, implements or joins (and each project's own)."""
    work: dict[str, set[str]] = defaultdict(set)
    for project, info in data.projects.items():
        work[project].update(info["sectors"])
        work[info["leader"]].update(info["sectors"])
    for tie in [*data.contributions, *data.participations]:
        work[tie["actor"]].update(data.projects.get(tie["project"], {}).get("sectors", []))
    return {node: sorted(sectors) for node, sectors in work.items()}


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _darker(colour: str, factor: float = 0.62) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(round(c * factor) for c in (red, green, blue)))


def _relations(attributes: Mapping[str, Any]) -> list[str]:
    """The relation kinds of a tie in any of the graphs of ``kg.analysis.network``, in order of precedence."""
    if "relation" in attributes:
        found = {str(attributes["relation"])}
    elif "relations" in attributes:
        found = {str(r) for r in attributes["relations"]}
    else:
        found = set()
        if attributes.get("partnerships"):
            found.add("partnership")
        if attributes.get("shared_projects"):
            found.add("shared-project")
    order = list(RELATIONS)
    return sorted(found or {"tie"}, key=lambda r: (order.index(r) if r in order else len(order), r))


def _node_facts(
    node: str, attributes: Mapping[str, Any], data: NetworkData, work: list[str], measure: str, value: Any
) -> list[list[str]]:
    facts = [
        ["Kind", humanize(str(attributes.get("kind", "")))],
        ["Sector", humanize(str(attributes.get("sector", "")))],
        ["Government level", humanize(str(attributes.get("level", "")))],
        ["Region", str(attributes.get("region", ""))],
        ["Also known as", "; ".join(str(a) for a in attributes.get("aliases", []))],
    ]
    project = data.projects.get(node)
    if project:
        leader = data.actors.get(project["leader"], {}).get("label", project["leader"])
        total = f"{_number(float(project['total']))} {project['currency']}" if project["total"] else ""
        facts += [
            ["Led by", str(leader)],
            ["Case study", str(project["case"])],
            ["Start year", str(project["year"])],
            ["Total cost", total.strip()],
        ]
    facts.append(["Sectors of work", ", ".join(humanize(s) for s in work)])
    if value is not None:
        facts.append([measure, _number(float(value)) if float(value) >= 1 else f"{float(value):.4g}"])
    facts.append(["Identifier", node])
    return [pair for pair in facts if pair[1]]


def _edge_facts(attributes: Mapping[str, Any], data: NetworkData) -> list[list[str]]:
    facts: list[list[str]] = []
    if "weight" in attributes:
        facts.append(["Weight", _number(float(attributes["weight"]))])
    if attributes.get("partnerships") or attributes.get("shared_projects"):
        facts.append(["Partnerships", str(attributes.get("partnerships", 0))])
        facts.append(["Shared projects", str(attributes.get("shared_projects", 0))])
    if attributes.get("amount"):
        facts.append(
            ["Amount", f"{_number(float(attributes['amount']))} {attributes.get('currency', '')}".strip()]
        )
    if attributes.get("forms"):
        facts.append(["Forms of collaboration", ", ".join(humanize(str(f)) for f in attributes["forms"])])
    projects = [str(attributes["project"])] if attributes.get("project") else []
    projects += [str(t) for t in attributes.get("ties", []) if str(t) in data.projects]
    if projects:
        labels = sorted({str(data.projects.get(p, {}).get("label", p)) for p in projects})
        facts.append(["Projects", "; ".join(labels)])
    return facts


def _evidence(iris: Iterable[Any], data: NetworkData) -> list[dict[str, str]]:
    quotes = []
    for iri in sorted({str(i) for i in iris}):
        found = data.evidence.get(iri, {})
        quotes.append(
            {
                "id": iri,
                "quote": str(found.get("quote", "")),
                "case": str(found.get("case", "")),
                "lines": str(found.get("lines", "")),
            }
        )
    return quotes


def build_network(
    graph: nx.Graph,
    data: NetworkData,
    *,
    title: str,
    size_by: Mapping[str, float] | None = None,
    seed: int = 7,
    physics: bool = False,
    size_label: str = "Centrality",
    focus: str | None = None,
    work: Mapping[str, list[str]] | None = None,
) -> Network:
    """The pyvis ``Network`` of ``graph`` (any graph of ``kg.analysis.network``), laid out ahead, physics off.

    Node ids become ``str(node)``. Nodes are coloured by sector (``kg.outputs.palette``), shaped by kind
    (``SHAPES``) and sized by ``size_by`` (node id → value; default the degree); ties are styled by
    relation (``RELATIONS``) and as wide as their weight. Each node's ``hk`` entry holds its facts
    and filter values, each edge's its relations and evidence quotes from ``data.evidence``.
    ``focus`` marks one node (an ego page's organization). ``work`` is ``work_sectors(data)`` (pass it
    in when making many). In a notebook: ``net.show("x.html")`` works, but only ``write_page`` gives
    an offline page.
    """
    from pyvis.network import Network

    positions = layout(graph, seed, centre=focus)
    work = work_sectors(data) if work is None else work
    if size_by is None:
        size_by, size_label = {str(n): float(d) for n, d in graph.degree()}, "Degree"
    big = graph.number_of_nodes() > 1000 or graph.number_of_edges() > 2000
    net = Network(height="100%", width="100%", directed=graph.is_directed(), heading=title)
    net.options = _vis_options(seed, physics, big)
    # Nodes and edges are appended directly: pyvis's add_node/add_edge scan every earlier node and
    # edge (quadratic; minutes for 5,000 nodes) and the graph has no duplicates to guard against.
    for node in sorted(graph.nodes, key=str):
        nid = str(node)
        value = size_by.get(nid)  # looked up, not copied: ``size_by`` may cover a much larger network
        size = None if value is None else float(value)
        item = _node_item(nid, graph.nodes[node], data, work.get(nid, []), size_label, size)
        item["x"], item["y"] = (round(c, 1) for c in positions[nid])
        if nid == focus:  # pinned in the middle and black-rimmed; its size stays its own
            item["borderWidth"] = 4
            item["color"]["border"] = "#000000"
            item["hk"]["focus"] = True
        net.nodes.append(item)
        net.node_ids.append(nid)
        net.node_map[nid] = item
    net.edges.extend(_edge_items(graph, data))
    return net


def _vis_options(seed: int, physics: bool, big: bool) -> dict[str, Any]:
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "stabilization": False,
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110, "avoidOverlap": 0.3},
        },
        "interaction": {
            "hover": not big,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
            "navigationButtons": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "font": {
                "face": FONT,
                "size": 14,
                "color": "#1D2329",
                "strokeWidth": 3,
                "strokeColor": "#FFFFFF",
            },
            # Labels grow with the value; the page adapts "max" to the zoom, as vis-network 9.1.2
            # ignores scaling.label.maxVisible.
            "scaling": {
                "min": 8,
                "max": 34,
                "label": {"enabled": True, "min": 12, "max": 22, "drawThreshold": 7},
            },
        },
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1.5, "arrowStrikethrough": False},
    }


def _node_item(
    nid: str, attributes: Mapping[str, Any], data: NetworkData, work: list[str], measure: str, value: Any
) -> dict[str, Any]:
    label = str(attributes.get("label", nid))
    sector = str(attributes.get("sector", ""))
    kind = str(attributes.get("kind", ""))
    colour = sector_colour(sector)
    return {
        "id": nid,
        "label": label,
        "title": f"{label} ({humanize(kind)})" if kind else label,
        "shape": SHAPES[shape_category(kind, sector)][0],
        "value": round(value, 6) if value is not None else 0.0,
        "color": {
            "background": colour,
            "border": _darker(colour),
            "highlight": {"background": colour, "border": "#000000"},
            "hover": {"background": colour, "border": "#000000"},
        },
        "hk": {
            "label": label,
            "aliases": [str(a) for a in attributes.get("aliases", [])],
            "sector": sector,
            "kind": kind,
            "shape": shape_category(kind, sector),
            "facets": {
                "sector": [sector],
                "level": [str(attributes.get("level", ""))],
                "region": [str(attributes.get("region", ""))],
                "work": work or [""],
            },
            "facts": _node_facts(nid, attributes, data, work, measure, value),
        },
    }


def _tie_year(
    a: str, b: str, attributes: Mapping[str, Any], data: NetworkData, partnered: Mapping[str, str]
) -> int | None:
    """The year a tie is dated by: the earliest start year (``hk:startYear``) of the projects it
    rests on (its project, the projects of its partnerships, or a project at either end); None when
    none of them has a year. ``partnered`` maps partnership ids to their projects."""
    refs = [str(attributes["project"])] if attributes.get("project") else []
    refs += [str(t) for t in attributes.get("ties", [])]
    if attributes.get("partnership"):
        refs.append(str(attributes["partnership"]))
    projects = {partnered.get(ref, ref) for ref in refs} | {a, b}
    years = [int(data.projects[p]["year"]) for p in projects if data.projects.get(p, {}).get("year")]
    return min(years, default=None)


def _edge_items(graph: nx.Graph, data: NetworkData) -> list[dict[str, Any]]:
    """vis edges in a stable order; undirected ties run actor → project, else in id order."""
    kinds = {str(n): str(a.get("kind", "")) for n, a in graph.nodes(data=True)}
    partnered = {p["id"]: p["project"] for p in data.partnerships if p["project"]}
    ends: list[tuple[str, str, list[str], str, Mapping[str, Any]]] = []
    keyed = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    for edge in keyed:
        a, b, attributes = str(edge[0]), str(edge[1]), edge[-1]
        key = str(edge[2]) if graph.is_multigraph() else ""
        if not graph.is_directed() and (kinds[a] == "Project" or (kinds[b] != "Project" and b < a)):
            a, b = b, a
        ends.append((a, b, _relations(attributes), key, attributes))
    ends.sort(key=lambda e: (e[0], e[1], e[2], e[3]))
    items = []
    parallel: Counter[frozenset[str]] = Counter()
    for number, (a, b, relations, _, attributes) in enumerate(ends):
        style = RELATIONS.get(relations[0], OTHER_RELATION)
        weight = float(attributes.get("weight", 1.0) or 1.0)
        item: dict[str, Any] = {
            "id": f"e{number}",
            "from": a,
            "to": b,
            "title": ", ".join(RELATIONS.get(r, OTHER_RELATION).label for r in relations),
            "width": round(min(8.0, 1.0 + 1.5 * math.log2(max(weight, 1.0))), 2),
            "color": {"color": style.colour, "highlight": "#000000", "hover": "#000000", "opacity": 0.8},
            "dashes": list(style.dashes) if style.dashes else False,
            "arrows": {"to": {"enabled": style.arrow, "scaleFactor": 0.55}},
            "hk": {
                "relations": relations,
                "evidence": _evidence(attributes.get("evidence", []), data),
                "facts": _edge_facts(attributes, data),
                "year": _tie_year(a, b, attributes, data, partnered),
                "weight": weight,
            },
        }
        pair = frozenset((a, b))
        if parallel[pair]:  # several ties between the same two: curve them apart
            item["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.18 * parallel[pair]}
        parallel[pair] += 1
        items.append(item)
    return items


# --- The page -------------------------------------------------------------------------------------


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's script and the part of its stylesheet the page uses, from the pyvis package.

    The stylesheet's rules for the configurator, manipulation toolbar and navigation buttons (215 of
    its 220 kB, mostly inlined images) are dropped: the page turns none of them on.
    """
    folder = resources.files("pyvis").joinpath(VIS)
    script = folder.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    script = re.sub(r"\s*//# sourceMappingURL=\S*\s*$", "\n", script)
    sheet = folder.joinpath("vis-network.css").read_text(encoding="utf-8")
    unused = re.compile(
        r"vis-(configuration|config-|color-picker|manipulation|navigation|edit-mode|close|button|separator)"
    )
    rules = re.findall(r"[^{}]+\{[^{}]*\}", sheet)
    sheet = "".join(rule for rule in rules if not unused.search(rule.split("{", 1)[0]))
    if "</script" in script.lower() or "</style" in sheet.lower():
        raise HamkoriError(f"pyvis's {VIS} cannot be inlined: it contains a closing tag")
    return script, sheet


def script_json(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _legend(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, Any]:
    """What the legend lists: the sectors, kinds and relations present, each with its count ("1,234")."""
    sectors = Counter(n["hk"]["sector"] for n in nodes)
    shapes = Counter(n["hk"]["shape"] for n in nodes)
    relations = Counter(r for e in edges for r in e["hk"]["relations"])
    return {
        "sectors": [
            (sector, sector_colour(sector), humanize(sector), f"{count:,}")
            for sector, count in sorted(sectors.items())
        ],
        "shapes": [
            (shape, text, f"{shapes[category]:,}")
            for category, (shape, text) in SHAPES.items()
            if shapes[category]
        ],
        "relations": [
            (relation, RELATIONS.get(relation, OTHER_RELATION), f"{relations[relation]:,}")
            for relation in sorted(relations, key=lambda r: _relations({"relation": r})[0])
        ],
    }


def _filters(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]]
) -> list[tuple[str, str, bool, list[tuple[str, str, str]]]]:
    """The filter groups: (facet, heading, open at first, [(value, its name, count "1,234")…]) for
    each facet that has more than one value."""
    groups: list[tuple[str, str, Counter[str], bool]] = []
    for facet, heading in FACETS:
        counts = Counter(v for n in nodes for v in n["hk"]["facets"][facet])
        if len(counts) > 1:  # one value only: nothing to filter
            groups.append((facet, heading, counts, facet == "sector"))
    relations = Counter(r for e in edges for r in e["hk"]["relations"])
    if len(relations) > 1:
        groups.append(("relation", "Relation", relations, True))
    filters = []
    for facet, heading, counts, opened in groups:
        values = []
        for value, count in sorted(counts.items(), key=lambda item: (item[0] == "", item[0])):
            name = (
                RELATIONS.get(value, OTHER_RELATION).label
                if facet == "relation"
                else (value if facet == "region" else humanize(value))
            )
            values.append((value, name, f"{count:,}"))
        filters.append((facet, heading, opened, values))
    return filters


def _years(edges: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The year slider's range and the count of undated ties ("1,234"), or None when no tie has a year."""
    dated = [e["hk"]["year"] for e in edges if e["hk"].get("year") is not None]
    if not dated:
        return None
    return {"first": min(dated), "last": max(dated), "undated": f"{len(edges) - len(dated):,}"}


def _bare_node_facts(node: Mapping[str, Any]) -> dict[str, Any]:
    label = str(node.get("label", node["id"]))
    facets = {facet: [""] for facet, _ in FACETS}
    return {
        "label": label,
        "aliases": [],
        "sector": "",
        "kind": "",
        "shape": "other",
        "facets": facets,
        "facts": [],
    }


def _options(net: Network) -> Any:
    options = net.options
    if isinstance(options, dict):
        return options
    return json.loads(options.to_json())


def render_page(
    net: Network,
    *,
    ego_links: Mapping[str, str] | None = None,
    index_href: str | None = None,
    script_href: str | None = None,
) -> str:
    """The page ``write_page`` writes, as text."""
    # A Network built elsewhere lacks the facts: give its nodes and edges empty ones (on copies).
    nodes: list[dict[str, Any]] = [
        {"hk": _bare_node_facts(n), **n} for n in sorted(net.nodes, key=lambda n: str(n["id"]))
    ]
    edges: list[dict[str, Any]] = [
        {"hk": {"relations": ["tie"], "evidence": [], "facts": []}, **e} for e in net.edges
    ]
    # Only the links of the page's own nodes, looked up per node: ``ego_links`` may hold thousands.
    known = ego_links or {}
    links = {nid: known[nid] for nid in (str(n["id"]) for n in nodes) if nid in known}
    title = str(net.heading or "Network")
    payload = {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "options": _options(net),
        "egoLinks": links,
        "directed": bool(net.directed),
    }
    script, sheet = _vis_assets()  # checked: neither closes its element
    # A linked copy needs 'self' in the page's script-src; file:// pages count their folder as 'self'.
    return render(
        "viz/network.html",
        title=title,
        index_href=index_href,
        script_href=script_href,
        nodes=len(nodes),
        ties=len(edges),
        **_legend(nodes, edges),
        facets=_filters(nodes, edges),
        years=_years(edges),
        file_name=file_stem(title.lower()) if title else "network",
        vis_css=Markup(sheet),
        vis_script=Markup(script),
        data=Markup(script_json(payload)),
    )


def write_page(
    net: Network,
    path: Path,
    *,
    ego_links: Mapping[str, str] | None = None,
    index_href: str | None = None,
    script_href: str | None = None,
) -> Path:
    """Write ``net`` as an HTML page; nothing in it loads from elsewhere.

    ``ego_links`` maps node ids to relative links (an organization's ego page) shown in the side
    panel; ``index_href`` adds a link back to the index. Data enter the page only as escaped JSON
    and are shown with ``textContent``, so names cannot inject markup. vis-network is inlined (one
    self-contained file, about 0.5 MB of it the script), unless ``script_href`` gives the relative
    path of a local copy: ``write_vis_script`` writes one, and ``write_all`` shares one among its
    pages.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    page = render_page(net, ego_links=ego_links, index_href=index_href, script_href=script_href)
    path.write_text(page, encoding="utf-8", newline="\n")
    return path


def write_vis_script(folder: Path) -> Path:
    """Write the copy of vis-network that pages written with ``script_href`` load, as ``VIS_SCRIPT``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / VIS_SCRIPT
    path.write_text(_vis_assets()[0], encoding="utf-8", newline="\n")
    return path


# --- All pages ------------------------------------------------------------------------------------


def combined_graph(data: NetworkData) -> nx.MultiDiGraph:
    """Actors and projects with the two-mode ties (actor → project) and the typed graph's partnerships
    (once, CSO → state body) and memberships (part → whole).

    The typed graph's funding ties are left out: the two-mode graph already shows each funder →
    project ← leader.
    """
    combined = nx.MultiDiGraph()
    bipartite = two_mode(data)
    combined.add_nodes_from(bipartite.nodes(data=True))
    for a, b, attributes in bipartite.edges(data=True):
        actor, project = (b, a) if bipartite.nodes[a]["node_type"] == "project" else (a, b)
        combined.add_edge(actor, project, **attributes)
    partnerships = {p["id"]: p for p in data.partnerships}
    for a, b, attributes in typed(data).edges(data=True):
        relation = attributes["relation"]
        if relation == "membership" or (
            relation == "partnership" and partnerships[attributes["partnership"]]["cso"] == a
        ):
            combined.add_edge(a, b, **attributes)
    return combined


def ego_graph(
    data: NetworkData, organization: str, radius: int = 2, *, combined: nx.MultiDiGraph | None = None
) -> nx.MultiDiGraph:
    """The organization with the partners and projects within ``radius`` steps of it, in either
    direction, in ``combined_graph(data)`` (pass it in when making many).

    Raises:
        HamkoriError: when ``organization`` is not an actor of the network.
    """
    combined = combined_graph(data) if combined is None else combined
    if organization not in combined:
        raise HamkoriError(f"{organization} is not an actor of the network")
    near = nx.single_source_shortest_path_length(combined.to_undirected(as_view=True), organization, radius)
    return nx.MultiDiGraph(combined.subgraph(near))


def _size_values(table: pd.DataFrame) -> tuple[dict[str, float], str]:
    for column, label in (("pagerank", "PageRank"), ("betweenness", "Betweenness"), ("degree", "Degree")):
        if column in table.columns:
            return {str(k): float(v) for k, v in zip(table["node"], table[column], strict=True)}, label
    raise HamkoriError(
        f"the centrality table has none of pagerank, betweenness, degree: {list(table.columns)}"
    )


def write_all(data: NetworkData, folder: Path, *, centrality: pd.DataFrame | None = None) -> list[Path]:
    """Write the collaboration, actor–project and ego pages and an index into ``folder``.

    Nodes are sized by ``centrality`` (``kg.analysis.measures.centrality`` of the collaboration graph): its
    PageRank column, else betweenness, else degree; without it, by the same PageRank computed here.
    The pages share one copy of vis-network, ``VIS_SCRIPT`` in ``folder``. Returns the pages
    written: collaboration.html, actor-project.html, ego/<organization>.html…, index.html.
    """
    collab = collaboration(data)
    if centrality is None:
        sizes, size_label = {str(k): v for k, v in pagerank(collab).items()}, "PageRank"
    else:
        sizes, size_label = _size_values(centrality)
    stems: dict[str, str] = {}
    used: set[str] = set()
    for organization in organizations(data):
        stem = file_stem(organization)
        while stem in used:  # two IRIs with the same last segment
            stem += "-"
        stems[organization] = stem
        used.add(stem)
    work = work_sectors(data)
    from_top = {o: f"ego/{quote(s)}.html" for o, s in stems.items()}
    from_ego = {o: f"{quote(s)}.html" for o, s in stems.items()}
    write_vis_script(folder)
    written = [
        write_page(
            build_network(
                collab, data, title="Collaboration network", size_by=sizes, size_label=size_label, work=work
            ),
            folder / "collaboration.html",
            ego_links=from_top,
            index_href="index.html",
            script_href=VIS_SCRIPT,
        ),
        write_page(
            build_network(
                two_mode(data),
                data,
                title="Actors and projects",
                size_by=sizes,
                size_label=size_label,
                work=work,
            ),
            folder / "actor-project.html",
            ego_links=from_top,
            index_href="index.html",
            script_href=VIS_SCRIPT,
        ),
    ]
    ego_sizes: dict[str, int] = {}
    combined = combined_graph(data)
    for organization, stem in stems.items():
        graph = ego_graph(data, organization, combined=combined)
        ego_sizes[organization] = graph.number_of_nodes() - 1
        label = data.actors[organization]["label"]
        net = build_network(
            graph,
            data,
            title=f"Ego network: {label}",
            size_by=sizes,
            size_label=size_label,
            focus=organization,
            work=work,
        )
        written.append(
            write_page(
                net,
                folder / "ego" / f"{stem}.html",
                ego_links=from_ego,
                index_href="../index.html",
                script_href=f"../{VIS_SCRIPT}",
            )
        )
    written.append(_write_index(data, folder, collab, stems, ego_sizes))
    return written


def _write_index(
    data: NetworkData, folder: Path, collab: nx.Graph, stems: Mapping[str, str], ego_sizes: Mapping[str, int]
) -> Path:
    bipartite = two_mode(data)
    egos = []
    for organization, stem in sorted(
        stems.items(), key=lambda item: (data.actors[item[0]]["label"], item[0])
    ):
        info = data.actors[organization]
        egos.append(
            {
                "href": f"{quote(stem)}.html",
                "label": info["label"],
                "colour": sector_colour(info["sector"]),
                "sector": humanize(info["sector"]),
                "kind": humanize(info["kind"]),
                "region": info["region"],
                "neighbours": ego_sizes[organization],
            }
        )
    page = render(
        "viz/index.html",
        root="../",  # in the site, viz/ beside the site's other folders
        actors=collab.number_of_nodes(),
        actor_ties=collab.number_of_edges(),
        nodes=len(bipartite),
        ties=bipartite.number_of_edges(),
        egos=egos,
    )
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8", newline="\n")
    return path
