"""RDF → networkx graphs of who works with whom, read through SPARQL from any store.

Because every graph is built from SELECT results (the queries of ``queries/analysis/``), the same
analysis runs on the embedded store and on a remote endpoint. Three graphs:

- ``two_mode``: actors and projects; contributions, leadership and participation as edges;
- ``collaboration``: actors only; partnerships and shared projects as weighted edges, each edge
  keeping the ids of its evidence;
- ``typed``: a MultiDiGraph with funding, partnership, membership and location relations.

Every actor node carries ``label``, ``kind``, ``sector``, ``level`` (government bodies) and
``region`` (the oblast or region of its place, else of the case studies it appears in).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from typing import TYPE_CHECKING, Any

from kg.query import analysis_query, query_rows
from kg.store import Store

if TYPE_CHECKING:
    import networkx as nx

NATIONAL = "national"


def code(iri: object) -> str:
    """The last segment of a vocabulary or data IRI (``…/government-level/jamoat`` → ``jamoat``)."""
    text = "" if iri is None else str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _rows(store: Store, name: str) -> list[dict[str, str | None]]:
    """The solutions of the analysis query ``queries/analysis/NAME.rq``, each term as text or None."""
    return query_rows(store, analysis_query(name))


@dataclass
class NetworkData:
    """What the graphs are made of, read once from a store."""

    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)
    contributions: list[dict[str, Any]] = field(default_factory=list)
    participations: list[dict[str, Any]] = field(default_factory=list)
    partnerships: list[dict[str, Any]] = field(default_factory=list)
    memberships: list[tuple[str, str]] = field(default_factory=list)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    case_regions: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)


def _region_of(place: str | None, places: dict[str, dict[str, Any]]) -> str:
    """The top division of the country a place lies in (an oblast, or the RRS), else ''.

    The highest ancestor below the country: the Zerafshan valley counts as Soghd Oblast.
    """
    region = ""
    seen = set()
    while place and place not in seen and place in places:
        seen.add(place)
        info = places[place]
        if info["type"] != "country":
            region = str(info["label"])
        place = info["parent"]
    return region


def _grouped(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[str(row[key])].append(row)
    return grouped


def read_network_data(store: Store) -> NetworkData:
    """Read actors, projects, contributions, partnerships and places through SPARQL."""
    data = NetworkData()
    for row in _rows(store, "places"):
        data.places[str(row["place"])] = {
            "label": str(row["label"]),
            "type": code(row["type"]),
            "parent": str(row["parent"]) if row["parent"] else None,
        }
    for row in _rows(store, "case-regions"):
        data.case_regions[code(row["case"])] = _region_of(str(row["region"]), data.places) or NATIONAL
    appearances: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, "appearances"):
        appearances[str(row["actor"])].add(_region_of(str(row["region"]), data.places))
    for actor, rows in sorted(_grouped(_rows(store, "actors"), "actor").items()):
        kinds = sorted({code(r["kind"]) for r in rows})
        # The most specific class: a VillageOrganization is also a CivilSocietyOrganization only by
        # inference, so the asserted class list holds one kind besides hk:Funder.
        place = next((str(r["place"]) for r in rows if r["place"]), None)
        region = _region_of(place, data.places)
        if place in data.places and not region:
            region = NATIONAL  # based in or governing the whole country
        elif not place and len(appearances[actor] - {""}) == 1:
            region = next(iter(appearances[actor] - {""}))
        data.actors[actor] = {
            "label": str(rows[0]["label"]),
            "kind": kinds[0],
            "sector": code(rows[0]["sector"]),
            "level": code(next((r["level"] for r in rows if r["level"]), "")),
            "region": region,
        }
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, "aliases"):
        aliases[str(row["actor"])].add(str(row["alias"]))
    for actor, attributes in data.actors.items():
        attributes["aliases"] = sorted(aliases[actor])
    for project, rows in sorted(_grouped(_rows(store, "projects"), "project").items()):
        first = rows[0]
        data.projects[project] = {
            "label": str(first["label"]),
            "leader": str(first["leader"]),
            "case": code(first["case"]),
            "region": _region_of(str(first["region"]), data.places),
            "total": Decimal(str(first["total"])) if first["total"] is not None else None,
            "currency": code(first["currency"]) if first["currency"] else "",
            "year": str(first["year"])[:4] if first["year"] else "",
            "sectors": sorted({code(r["sector"]) for r in rows if r["sector"]}),
        }
    for contribution, rows in sorted(_grouped(_rows(store, "contributions"), "contribution").items()):
        first = rows[0]
        data.contributions.append(
            {
                "id": contribution,
                "actor": str(first["actor"]),
                "project": str(first["project"]),
                "role": code(first["role"]),
                "kind": code(first["kind"]),
                "amount": Decimal(str(first["amount"])) if first["amount"] is not None else None,
                "currency": code(first["currency"]) if first["currency"] else "",
                "evidence": sorted({str(r["evidence"]) for r in rows if r["evidence"]}),
            }
        )
    for participation, rows in sorted(_grouped(_rows(store, "participations"), "participation").items()):
        data.participations.append(
            {
                "id": participation,
                "actor": str(rows[0]["actor"]),
                "project": str(rows[0]["project"]),
                "evidence": sorted({str(r["evidence"]) for r in rows if r["evidence"]}),
            }
        )
    for partnership, rows in sorted(_grouped(_rows(store, "partnerships"), "partnership").items()):
        first = rows[0]
        data.partnerships.append(
            {
                "id": partnership,
                "cso": str(first["cso"]),
                "state": str(first["state"]),
                "forms": sorted({code(r["form"]) for r in rows if r["form"]}),
                "project": str(first["project"]) if first["project"] else None,
                "region": data.case_regions.get(code(first["case"]), ""),
                "case": code(first["case"]),
                "evidence": sorted({str(r["evidence"]) for r in rows if r["evidence"]}),
            }
        )
    for row in _rows(store, "evidence"):
        data.evidence[str(row["evidence"])] = {
            "quote": str(row["quote"]),
            "lines": f"{row['start']}-{row['end']}",
            "case": code(row["case"]) if row["case"] else "",
        }
    data.memberships = sorted((str(r["part"]), str(r["whole"])) for r in _rows(store, "memberships"))
    return data


def _actor_nodes(graph: nx.Graph, data: NetworkData) -> None:
    for actor, attributes in data.actors.items():
        graph.add_node(actor, node_type="actor", **attributes)


def two_mode(data: NetworkData) -> nx.Graph:
    """Actors and projects; an edge per contribution, leadership or participation (merged per pair)."""
    import networkx as nx

    graph = nx.Graph()
    _actor_nodes(graph, data)
    for project, info in data.projects.items():
        graph.add_node(
            project,
            node_type="project",
            label=info["label"],
            kind="Project",
            sector="project",
            level="",
            region=info["region"],
        )
    ties: list[tuple[str, str, str, Decimal | None, str, list[str]]] = [
        (p["leader"], project, "lead", None, "", []) for project, p in data.projects.items()
    ]
    ties += [
        (c["actor"], c["project"], c["role"], c["amount"], c["currency"], c["evidence"])
        for c in data.contributions
    ]
    ties += [(p["actor"], p["project"], "participant", None, "", p["evidence"]) for p in data.participations]
    for actor, project, relation, amount, currency, evidence in ties:
        if actor not in graph or project not in graph:
            continue
        edge = graph.get_edge_data(actor, project) or {
            "relations": [],
            "amount": 0.0,
            "currency": "",
            "evidence": [],
        }
        edge["relations"] = sorted({*edge["relations"], relation})
        if amount is not None:
            edge["amount"] += float(amount)
            edge["currency"] = currency
        edge["evidence"] = sorted({*edge["evidence"], *evidence})
        graph.add_edge(actor, project, **edge)
    for _, _, edge in graph.edges(data=True):
        edge["weight"] = max(1.0, len(edge["relations"]))
    return graph


def collaboration(data: NetworkData) -> nx.Graph:
    """Actors linked by partnerships and by shared projects; weight = number of ties."""
    import networkx as nx

    graph = nx.Graph()
    _actor_nodes(graph, data)

    def tie(a: str, b: str, relation: str, evidence: list[str], ref: str) -> None:
        if a == b or a not in graph or b not in graph:
            return
        edge = graph.get_edge_data(a, b) or {
            "weight": 0,
            "partnerships": 0,
            "shared_projects": 0,
            "evidence": [],
            "ties": [],
        }
        edge["weight"] += 1
        edge["partnerships" if relation == "partnership" else "shared_projects"] += 1
        edge["evidence"] = sorted({*edge["evidence"], *evidence})
        edge["ties"] = sorted({*edge["ties"], ref})
        graph.add_edge(a, b, **edge)

    for partnership in data.partnerships:
        tie(
            partnership["cso"],
            partnership["state"],
            "partnership",
            partnership["evidence"],
            partnership["id"],
        )
    members: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for project, info in data.projects.items():
        members[project].setdefault(info["leader"], [])
    for c in data.contributions:
        members[c["project"]].setdefault(c["actor"], []).extend(c["evidence"])
    for p in data.participations:
        members[p["project"]].setdefault(p["actor"], []).extend(p["evidence"])
    for project, actors in sorted(members.items()):
        for a, b in combinations(sorted(actors), 2):
            tie(a, b, "project", sorted({*actors[a], *actors[b]}), project)
    for _, _, edge in graph.edges(data=True):
        edge["evidence_count"] = len(edge["evidence"])
    return graph


def typed(data: NetworkData) -> nx.MultiDiGraph:
    """Funding (funder → project leader), partnership (both ways), membership (part → whole), location."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    _actor_nodes(graph, data)
    for c in data.contributions:
        leader = data.projects.get(c["project"], {}).get("leader")
        if c["role"] == "funding" and leader and leader != c["actor"] and c["actor"] in graph:
            graph.add_edge(
                c["actor"],
                leader,
                relation="funding",
                project=c["project"],
                amount=float(c["amount"]) if c["amount"] is not None else 0.0,
                currency=c["currency"],
                evidence=c["evidence"],
            )
    for p in data.partnerships:
        for a, b in ((p["cso"], p["state"]), (p["state"], p["cso"])):
            graph.add_edge(
                a, b, relation="partnership", forms=p["forms"], partnership=p["id"], evidence=p["evidence"]
            )
    for part, whole in data.memberships:
        if part in graph and whole in graph:
            graph.add_edge(part, whole, relation="membership")
    return graph


FLOWS = ("funding", "partnership")  # the typed relations brokerage follows


def brokerage_graph(data: NetworkData) -> nx.DiGraph:
    """The directed flow of money and cooperation used for brokerage: funder → recipient, CSO ↔ state."""
    import networkx as nx

    flows = typed(data)
    graph = nx.DiGraph()
    graph.add_nodes_from(flows.nodes(data=True))
    graph.add_edges_from((a, b) for a, b, relation in flows.edges(data="relation") if relation in FLOWS)
    return graph
