"""Change over time: the collaboration network by the years the book prints.

A tie of the collaboration network rests on partnerships and shared projects (its ``ties``
attribute names them). Each is dated by its project's start year (``hk:startYear``, the year the
work began): a shared project by its own, a partnership by the project it is about. A partnership
that names no project, and a project that prints no start year, are undated. The year a project's
result opened (``hk:openingYear``, a school) does not date anything, not even as a bound: the
analysis' projects query reads the start year only, as the library's projects-per-year query does.

A tie is dated by the earliest year of what it rests on, and stays from then on: the network of
a year is cumulative, everything dated up to that year. Ties with no year are never dropped: they
are counted and measured apart in the ``undated`` row, and the whole network (dated and undated)
in the ``all`` row.

    from kg.analysis.timeline import tie_years, over_time
    years = tie_years(data, graph)     # {(a, b): TieYears}
    table = over_time(data, graph)     # one row per year, then 'undated' and 'all'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.analysis.network import NetworkData
from kg.analysis.statements import Chart, Finding

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

UNDATED, ALL = "undated", "all"
STATE = "state"


@dataclass(frozen=True)
class TieYears:
    """The start years of what a tie rests on; ``first`` is None when nothing of it is dated."""

    years: tuple[int, ...]
    undated: int  # partnerships and shared projects of the tie without a year

    @property
    def first(self) -> int | None:
        return self.years[0] if self.years else None


def project_years(data: NetworkData) -> dict[str, int | None]:
    """The start year of every project, or None."""
    return {project: int(info["year"]) if info["year"] else None for project, info in data.projects.items()}


def fact_years(data: NetworkData) -> dict[str, int | None]:
    """The year of every partnership, contribution, participation and project, by id (None: undated)."""
    projects = project_years(data)
    years: dict[str, int | None] = dict(projects)
    for p in data.partnerships:
        years[p["id"]] = projects.get(p["project"]) if p["project"] else None
    for fact in (*data.contributions, *data.participations):
        years[fact["id"]] = projects.get(fact["project"])
    return years


def tie_years(data: NetworkData, graph: nx.Graph) -> dict[tuple[str, str], TieYears]:
    """The years of every tie of the collaboration graph (``kg.analysis.network.collaboration``)."""
    years = fact_years(data)
    result = {}
    for a, b, refs in graph.edges(data="ties"):
        dated = sorted({y for ref in refs if (y := years.get(ref)) is not None})
        undated = sum(1 for ref in refs if years.get(ref) is None)
        result[(a, b)] = TieYears(tuple(dated), undated)
    return result


def _measures(graph: nx.Graph, edges: list[tuple[str, str]]) -> dict[str, Any]:
    """Size, ties, density, components, E-I index (sectors), the state's share of the ties, and the
    structure measures of the headline findings: sector assortativity, Louvain modularity (seeded
    as the report's) and Freeman degree centralization."""
    import warnings

    import networkx as nx
    import numpy as np

    from kg.analysis.significance import degree_centralization

    sub = graph.edge_subgraph(edges)
    n, m = sub.number_of_nodes(), sub.number_of_edges()
    sector = {node: graph.nodes[node]["sector"] for node in sub}
    external = sum(1 for a, b in edges if sector[a] != sector[b])
    state = sum(1 for a, b in edges if STATE in (sector[a], sector[b]))
    components = [len(c) for c in nx.connected_components(sub)]
    degrees = [d for _, d in sub.degree()]
    with warnings.catch_warnings():  # one sector only: the coefficient is undefined (NaN), not an error
        warnings.simplefilter("ignore", RuntimeWarning)
        assortativity = nx.attribute_assortativity_coefficient(sub, "sector") if m else float("nan")
    groups = nx.community.louvain_communities(sub, weight="weight", seed=7) if m else []
    return {
        "actors": n,
        "ties": m,
        "density": round(nx.density(sub), 4) if n > 1 else 0.0,
        "components": len(components),
        "largest_component": max(components, default=0),
        "ei_index": round((2 * external - m) / m, 4) if m else float("nan"),
        "state_share": round(state / m, 4) if m else float("nan"),
        "assortativity": round(float(assortativity), 4),
        "modularity": round(nx.community.modularity(sub, groups, weight="weight"), 4) if m else float("nan"),
        "degree_centralization": (
            round(float(degree_centralization(np.array(degrees, dtype=float))), 4) if n > 2 else float("nan")
        ),
    }


def _money(
    data: NetworkData, facts: dict[str, int | None], dated: Callable[[int | None], bool]
) -> dict[str, Any]:
    """The amounts printed in US dollars of the contributions ``dated`` admits, and the state's share."""
    sectors = {c["id"]: data.actors.get(c["actor"], {}).get("sector", "") for c in data.contributions}
    usd = [
        c
        for c in data.contributions
        if c.get("amount") is not None and c.get("currency") == "USD" and dated(facts[c["id"]])
    ]
    total = sum(float(c["amount"]) for c in usd)
    state = sum(float(c["amount"]) for c in usd if sectors[c["id"]] == STATE)
    return {
        "usd_printed": round(total, 2),
        "usd_state_share": round(state / total, 4) if total else float("nan"),
    }


def _period(graph: nx.Graph, edges: list[tuple[str, str]]) -> dict[str, Any]:
    """The network of the year alone: the ties with a fact dated to it (not those of earlier years)."""
    measured = _measures(graph, edges)
    return {f"period_{key}": measured[key] for key in ("actors", "ties", "ei_index", "state_share")}


def _up_to(year: int) -> Callable[[int | None], bool]:
    """Whether a fact's year is ``year`` or before (undated facts are not)."""
    return lambda other: other is not None and other <= year


def _mixing_and_brokerage(
    data: NetworkData, facts: dict[str, int | None], admitted: Callable[[int | None], bool]
) -> dict[str, Any]:
    """The other headline findings on the facts ``admitted`` (by their years): Cramér's V of CSO kind
    by government level, and the itinerant and liaison brokerages (the roles the book's network has)."""
    from dataclasses import replace

    from kg.analysis import measures

    kept = replace(
        data,
        contributions=[c for c in data.contributions if admitted(facts[c["id"]])],
        partnerships=[p for p in data.partnerships if admitted(facts[p["id"]])],
        participations=[p for p in data.participations if admitted(facts.get(p["id"]))],
    )
    counts = measures.cso_kind_by_level(kept).to_numpy(dtype=float)
    roles = measures.brokerage(kept) if kept.contributions or kept.partnerships else None
    return {
        "kind_by_level": round(cramers_v(counts), 4),
        "brokerage_itinerant": int(roles["itinerant"].sum()) if roles is not None else 0,
        "brokerage_liaison": int(roles["liaison"].sum()) if roles is not None else 0,
    }


def cramers_v(counts: Any) -> float:
    """Cramér's V of a contingency table (NaN when it has fewer than two rows or columns, or no count)."""
    from kg.analysis.significance import cramers_v_of_tables

    if counts.ndim != 2 or min(counts.shape) < 2 or counts.sum() == 0:
        return float("nan")
    return float(cramers_v_of_tables(counts[None].astype(float))[0])


COUNTED = ("projects", "partnerships", "contributions", "new_ties")


def over_time(data: NetworkData, graph: nx.Graph) -> pd.DataFrame:
    """The network year by year: what starts in each year and the cumulative network's measures.

    One row per year from the first to the last printed (years with nothing new included), then
    ``undated`` (what has no year, and the network of the undated ties alone) and ``all`` (the
    whole network, dated or not).
    ``projects``, ``partnerships``, ``contributions`` and ``new_ties`` count what is dated to the
    year; ``actors`` … ``degree_centralization`` measure the network of every tie dated up to it
    (the headline findings' measures: E-I index, assortativity, modularity, centralization), and
    ``usd_printed`` and ``usd_state_share`` are the amounts printed in US dollars of the
    contributions dated up to it and the state's share of them; ``kind_by_level`` (Cramér's V) and
    the ``brokerage_*`` counts are those of the partnerships and contributions dated up to it.
    ``period_actors`` … ``period_state_share`` measure the network of the year alone: the ties with
    a fact dated to it. Actors are those with a tie (the headline's actor count also holds actors
    without one).
    """
    import pandas as pd

    ties = tie_years(data, graph)
    facts = fact_years(data)
    counted: dict[str, Counter[int | None]] = {
        "projects": Counter(facts[p] for p in data.projects),
        "partnerships": Counter(facts[p["id"]] for p in data.partnerships),
        "contributions": Counter(facts[c["id"]] for c in data.contributions),
        "new_ties": Counter(t.first for t in ties.values()),
    }
    printed = sorted({y for c in counted.values() for y in c if y is not None})
    years = list(range(printed[0], printed[-1] + 1)) if printed else []
    rows: list[dict[str, Any]] = []
    for year in years:
        edges = sorted(e for e, t in ties.items() if t.first is not None and t.first <= year)
        row: dict[str, Any] = {"year": str(year), **{k: counted[k][year] for k in COUNTED}}
        admitted = _up_to(year)
        rows.append(
            row
            | _measures(graph, edges)
            | _money(data, facts, admitted)
            | _mixing_and_brokerage(data, facts, admitted)
            | _period(graph, sorted(e for e, t in ties.items() if year in t.years))
        )
    undated = sorted(e for e, t in ties.items() if t.first is None)
    rows.append(
        {"year": UNDATED, **{k: counted[k][None] for k in COUNTED}, **_measures(graph, undated)}
        | _money(data, facts, lambda y: y is None)
        | _mixing_and_brokerage(data, facts, lambda y: y is None)
    )
    everything = {k: sum(c.values()) for k, c in counted.items()}
    rows.append(
        {"year": ALL, **everything, **_measures(graph, sorted(ties))}
        | _money(data, facts, lambda y: True)
        | _mixing_and_brokerage(data, facts, lambda y: True)
    )
    return pd.DataFrame(rows).set_index("year")


def dynamic_graph(data: NetworkData, graph: nx.Graph) -> nx.Graph:
    """The collaboration graph with time: a dated tie starts in its first year and stays.

    Every actor with a dated tie starts in the first year of its ties; ``start`` is a date
    (``2004-01-01``) because Gephi's timeline plays GEXF dates. Undated ties and actors carry no
    start, so Gephi shows them throughout: their ``dated`` attribute is False and ``first_year`` 0,
    for filtering them apart. ``years`` names every year a tie rests on.
    """
    import networkx as nx

    ties = tie_years(data, graph)
    dynamic = nx.Graph()
    firsts: dict[str, int] = {}
    for (a, b), t in ties.items():
        if t.first is not None:
            for node in (a, b):
                firsts[node] = min(firsts.get(node, t.first), t.first)
    for node, attributes in graph.nodes(data=True):
        first = firsts.get(node)
        timed = {"start": f"{first:04d}-01-01"} if first is not None else {}
        dynamic.add_node(node, **attributes, **timed, dated=first is not None, first_year=first or 0)
    for a, b, attributes in graph.edges(data=True):
        t = ties[(a, b)]
        timed = {"start": f"{t.first:04d}-01-01"} if t.first is not None else {}
        years = "; ".join(str(y) for y in t.years)
        dynamic.add_edge(
            a, b, **attributes, **timed, dated=t.first is not None, first_year=t.first or 0, years=years
        )
    return dynamic


def tie_table(data: NetworkData, graph: nx.Graph) -> pd.DataFrame:
    """Every tie with the years it rests on: its first year (empty when undated) and all of them."""
    import pandas as pd

    rows = [
        {
            "actor_a": data.actors[a]["label"],
            "actor_b": data.actors[b]["label"],
            "first_year": str(t.first) if t.first is not None else "",
            "years": "; ".join(str(y) for y in t.years),
            "undated_ties": t.undated,
        }
        for (a, b), t in tie_years(data, graph).items()
    ]
    columns = ["first_year", "actor_a", "actor_b", "years", "undated_ties"]
    table = pd.DataFrame(rows, columns=columns)
    # Dated ties by year, then the undated ones; ties of a year by their actors.
    table["_undated"] = table["first_year"] == ""
    table = table.sort_values(["_undated", "first_year", "actor_a", "actor_b"], kind="stable")
    return table.drop(columns="_undated").reset_index(drop=True)


def chart(table: pd.DataFrame) -> Chart:
    """Ties by year: those dated earlier, those new in the year, and the undated ones in a row apart."""
    years = [str(y) for y in table.index if y not in (UNDATED, ALL)]
    new = [float(table.loc[y, "new_ties"]) for y in years]
    before = [float(table.loc[y, "ties"]) - n for y, n in zip(years, new, strict=True)]
    undated = float(table.loc[UNDATED, "new_ties"])
    return Chart(
        "Ties of the collaboration network by the start year of their projects",
        (*years, "no year"),
        (
            ("dated in an earlier year", (*before, 0.0)),
            ("new in the year", (*new, 0.0)),
            ("no year printed", (*(0.0 for _ in years), undated)),
        ),
        axis="ties (cumulative: every tie dated up to the year)",
        legend="tie",
    )


def _change(a: float, b: float, digits: int = 2, percent: bool = False) -> str:
    def text(v: float) -> str:
        return f"{100 * v:.1f} %" if percent else f"{v:.{digits}f}"

    verb = "rose" if b > a else "fell" if b < a else "stayed"
    return f"{verb} from {text(a)} to {text(b)}" if verb != "stayed" else f"stayed at {text(a)}"


def _value(v: float) -> str:
    return "undefined" if v != v else f"{v:.2f}"  # NaN: too few partnerships of a year


def finding(table: pd.DataFrame) -> Finding:
    """The trend in a sentence: what can be dated, how the dated network grew, and what cannot."""
    undated, everything = table.loc[UNDATED], table.loc[ALL]
    years = table.drop(index=[UNDATED, ALL])
    grown = years[years["ties"] > 0]
    dated_facts = (
        f"Of the {int(everything['partnerships'])} partnerships, "
        f"{int(everything['partnerships'] - undated['partnerships'])} are dated; of the "
        f"{int(everything['contributions'])} contributions, "
        f"{int(everything['contributions'] - undated['contributions'])}; of the "
        f"{int(everything['projects'])} projects, {int(everything['projects'] - undated['projects'])}."
    )
    head = (
        f"Ties are dated by the start year of the projects they rest on (a partnership by the project "
        f"it is about; the year a school opened dates nothing). Of the {int(everything['ties'])} ties "
        f"of the collaboration network, {int(everything['ties'] - undated['new_ties'])} can be dated "
        f"and {int(undated['new_ties'])} cannot: they are counted apart, in the row 'undated' "
        f"({int(undated['actors'])} actors, E-I index {float(undated['ei_index']):.2f}, state share "
        f"{100 * float(undated['state_share']):.1f} %)."
    )
    if grown.empty:
        return Finding("over_time", "Change over time", f"{head} {dated_facts}", ("over_time", "tie_years"))
    first, last = grown.iloc[0], grown.iloc[-1]
    busiest = years["new_ties"].astype(int).idxmax()
    trend = (
        f"The dated network begins in {first.name} with {int(first['ties'])} ties among "
        f"{int(first['actors'])} actors and by {last.name} holds {int(last['ties'])} ties among "
        f"{int(last['actors'])} actors in {int(last['components'])} components; the most new ties came in "
        f"{busiest} ({int(years.loc[busiest, 'new_ties'])}). Meanwhile its E-I index "
        f"{_change(float(first['ei_index']), float(last['ei_index']))}, the state's share of its ties "
        f"{_change(float(first['state_share']), float(last['state_share']), percent=True)} and its "
        f"density {_change(float(first['density']), float(last['density']))}; its sector assortativity "
        f"{_change(float(first['assortativity']), float(last['assortativity']))} and its modularity "
        f"{_change(float(first['modularity']), float(last['modularity']))}"
        + (
            f"; the components grew from {int(first['components'])} to {int(last['components'])}: "
            "the network grows by new clusters more than by joining the old ones"
            if last["components"] > first["components"]
            else ""
        )
        + f". By {last.name} the dated partnerships give a Cramér's V of CSO kind by level of "
        f"{_value(last['kind_by_level'])} (all: {_value(everything['kind_by_level'])}) and the dated "
        f"flows {int(last['brokerage_itinerant'])} itinerant and {int(last['brokerage_liaison'])} liaison "
        f"brokerages (all: {int(everything['brokerage_itinerant'])} and "
        f"{int(everything['brokerage_liaison'])})" + ". With "
        f"{int(undated['new_ties'])} of {int(everything['ties'])} ties undated, the dated years are a "
        "sample of the network, not its history."
    )
    return Finding(
        "over_time",
        "Change over time",
        f"{head} {trend} {dated_facts}",
        ("over_time", "tie_years"),
        "over_time.svg",
    )
