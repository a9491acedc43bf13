"""Whether each headline finding survives the data's own uncertain readings.

The data-quality notes (``notes:`` of kind interpretation, ambiguity or inconsistency in
``data/cases/*.yaml``) record where a reader could take the book otherwise. Each :class:`Reading`
here is one such alternative, a transformation of :class:`NetworkData` that changes what the note
disputes and nothing else:

- ``without-unnamed-local-bodies``: the state bodies below the national level that the book does
  not name ("Local authorities of Darai Muhtor (unnamed)"), and every tie they take part in, left out;
- ``support-as-funding``: contributions in the ``supporting`` role ("with the support of") counted
  as funding, as the data had them before the re-reading of issue 18;
- ``pistamazor-merged``: the two accounts of the new school in Pistamazor (``vo-pistamazor.yaml``:
  MSDSP and the Khukumat; CAIP and "the state structure") read as one project, with the unnamed state
  structure as the Khukumat of Shurobod.

:func:`robustness` recomputes every headline test (``kg.analysis.significance.headline_tests``, the
functions the report uses) under each reading that changes the data, and says whether the finding
holds by :data:`RULE`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from kg.analysis.inference import PERMUTATIONS, SEED, Result
from kg.analysis.network import NetworkData, collaboration

if TYPE_CHECKING:
    import pandas as pd

ID = "https://w3id.org/hamkori/id/"
UNNAMED = "(unnamed"  # how the registry marks a body the book does not name
NATIONAL_LEVELS = frozenset({"national"})

HEADLINES = (  # the headline tests, in the order the report states them
    "kind_by_level",
    "form_by_level",
    "state_projects",
    "money:USD:state",
    "brokerage:itinerant",
    "brokerage:liaison",
    "degree_centralization",
    "cofunding_mixed",
    "partnership_funding",
    "ei_index:all",
    "assortativity",
    "modularity",
    "communities",
)

RULE = (
    "A tested number holds when its verdict is the same as on the data as recorded (unusual, within "
    "chance or too small to tell) and, where it was unusual, it lies on the same side of its null "
    "mean; a share holds when it stays inside the 95 % interval of the data as recorded."
)


@dataclass(frozen=True)
class Reading:
    """An alternative reading of the data that a data-quality note records."""

    key: str
    title: str
    note: str  # the note or rule that records the alternative
    apply: Callable[[NetworkData], NetworkData]


def _copy(data: NetworkData) -> NetworkData:
    """A copy whose lists and dicts (one level down) may be changed without touching ``data``."""
    return replace(
        data,
        actors={k: dict(v) for k, v in data.actors.items()},
        projects={k: dict(v) for k, v in data.projects.items()},
        contributions=[dict(c) for c in data.contributions],
        participations=[dict(p) for p in data.participations],
        partnerships=[dict(p) for p in data.partnerships],
        memberships=list(data.memberships),
    )


def unnamed_local_bodies(data: NetworkData) -> set[str]:
    """State bodies below the national level whose name marks them as unnamed in the book."""
    return {
        actor
        for actor, info in data.actors.items()
        if info["sector"] == "state" and UNNAMED in info["label"] and info["level"] not in NATIONAL_LEVELS
    }


def without_actors(data: NetworkData, actors: set[str]) -> NetworkData:
    """``data`` without ``actors`` and every contribution, participation, partnership and membership
    they take part in (a project they lead stays, as the book prints it)."""
    out = _copy(data)
    out.actors = {k: v for k, v in out.actors.items() if k not in actors}
    out.contributions = [c for c in out.contributions if c["actor"] not in actors]
    out.participations = [p for p in out.participations if p["actor"] not in actors]
    out.partnerships = [p for p in out.partnerships if p["cso"] not in actors and p["state"] not in actors]
    out.memberships = [(a, b) for a, b in out.memberships if a not in actors and b not in actors]
    return out


def without_unnamed_local_bodies(data: NetworkData) -> NetworkData:
    return without_actors(data, unnamed_local_bodies(data))


def support_as_funding(data: NetworkData) -> NetworkData:
    """Every contribution in the ``supporting`` role counted as ``funding``."""
    out = _copy(data)
    for c in out.contributions:
        if c["role"] == "supporting":
            c["role"] = "funding"
    return out


def merged(data: NetworkData, project: tuple[str, str], actor: tuple[str, str]) -> NetworkData:
    """``data`` with project ``project[1]`` folded into ``project[0]`` and actor ``actor[1]`` into
    ``actor[0]``: their ties move to the one kept, and ties that then say the same thing twice
    (the same actor's contribution in the same role, the same partner pair on the same project)
    become one, with their forms, evidence and printed amounts joined. Unchanged when either of
    the four is missing."""
    keep_project, fold_project = project
    keep_actor, fold_actor = actor
    if (
        not {keep_project, fold_project} <= data.projects.keys()
        or not {keep_actor, fold_actor} <= data.actors.keys()
    ):
        return data
    out = _copy(data)

    def moved(value: str | None, keep: str, fold: str) -> str | None:
        return keep if value == fold else value

    del out.projects[fold_project]
    del out.actors[fold_actor]
    contributions: dict[tuple[str, str, str], dict[str, Any]] = {}
    for c in out.contributions:
        c["project"] = moved(c["project"], keep_project, fold_project)
        c["actor"] = moved(c["actor"], keep_actor, fold_actor)
        # only the kept project's ties can say the same thing twice: another project's stay apart
        key = (c["actor"], c["project"], c["role"]) if c["project"] == keep_project else (c["id"], "", "")
        same = contributions.setdefault(key, c)
        if same is not c:
            if same["amount"] is None:
                same["amount"], same["currency"] = c["amount"], c["currency"]
            elif c["amount"] is not None and c["currency"] == same["currency"]:
                same["amount"] += c["amount"]
            if same["kind"] == "unspecified":
                same["kind"] = c["kind"]
            same["evidence"] = sorted({*same["evidence"], *c["evidence"]})
    out.contributions = list(contributions.values())
    for p in out.participations:
        p["project"] = moved(p["project"], keep_project, fold_project)
        p["actor"] = moved(p["actor"], keep_actor, fold_actor)
    partnerships: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    for p in out.partnerships:
        p["project"] = moved(p["project"], keep_project, fold_project)
        p["cso"] = moved(p["cso"], keep_actor, fold_actor)
        p["state"] = moved(p["state"], keep_actor, fold_actor)
        key = (p["cso"], p["state"], p["project"]) if p["project"] == keep_project else (p["id"], "", None)
        same = partnerships.setdefault(key, p)
        if same is not p:
            same["forms"] = sorted({*same["forms"], *p["forms"]})
            same["evidence"] = sorted({*same["evidence"], *p["evidence"]})
    out.partnerships = list(partnerships.values())
    out.memberships = sorted(
        {
            (str(moved(a, keep_actor, fold_actor)), str(moved(b, keep_actor, fold_actor)))
            for a, b in out.memberships
        }
    )
    return out


def pistamazor_merged(data: NetworkData) -> NetworkData:
    return merged(
        data,
        (f"{ID}project/vo-pistamazor-new-school", f"{ID}project/vo-pistamazor-school-7"),
        (f"{ID}organization/khukumat-shurobod", f"{ID}organization/state-structure-pistamazor-school"),
    )


READINGS = (
    Reading(
        "without-unnamed-local-bodies",
        "without the unnamed local state bodies",
        "the bodies the book does not name are kept as '… (unnamed)' with the level the text implies",
        without_unnamed_local_bodies,
    ),
    Reading(
        "support-as-funding",
        "with support counted as funding",
        "interpretation notes: 'with the support of' without a stated gift is the supporting role",
        support_as_funding,
    ),
    Reading(
        "pistamazor-merged",
        "with the two accounts of the Pistamazor school merged",
        "inconsistency note on vo-pistamazor-school-7: two sets of funders for one new school",
        pistamazor_merged,
    ),
)


def holds(recorded: Result, reading: Result) -> bool:
    """Whether the finding ``recorded`` still holds as ``reading`` (see :data:`RULE`)."""
    if recorded.p_value is None:  # a share with its bootstrap interval
        low, high = recorded.null_interval
        return bool(low <= reading.observed <= high) or (recorded.too_small and reading.too_small)
    if recorded.verdict != reading.verdict:
        return False
    if recorded.unusual:
        return (recorded.observed >= recorded.null_mean) == (reading.observed >= reading.null_mean)
    return True


def reading_tests(
    data: NetworkData, *, permutations: int = PERMUTATIONS, seed: int = SEED
) -> dict[str, Result]:
    """Every headline test of ``data``, as the report computes them."""
    from kg.analysis import measures, significance

    donors, _ = measures.donor_cofunding(data)
    return significance.headline_tests(
        data, collaboration(data), donors, permutations=permutations, seed=seed
    )


def robustness(
    data: NetworkData,
    recorded: dict[str, Result],
    *,
    readings: tuple[Reading, ...] = READINGS,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
) -> pd.DataFrame:
    """One row per headline finding and reading that changes ``data``: the value as recorded and as
    read, the reading's null mean, interval and p-value, its verdict and whether the finding holds.

    ``recorded``: the tests of ``data`` as the report has them (``Analysis.tests``).
    """
    import pandas as pd

    from kg.analysis.significance import measure_name

    records = []
    for reading in readings:
        changed = reading.apply(data)
        if changed == data:
            continue
        tests = reading_tests(changed, permutations=permutations, seed=seed)
        for key in HEADLINES:
            if key not in recorded:
                continue
            before, after = recorded[key], tests.get(key)
            records.append(
                {
                    "test": key,
                    "measure": measure_name(key),
                    "reading": reading.key,
                    "recorded": round(before.observed, 4),
                    "recorded_verdict": before.verdict,
                    "observed": round(after.observed, 4) if after else None,
                    "null_mean": round(after.null_mean, 4) if after else None,
                    "null_low": round(after.null_interval[0], 4) if after else None,
                    "null_high": round(after.null_interval[1], 4) if after else None,
                    "p_value": round(after.p_value, 4) if after and after.p_value is not None else None,
                    "verdict": after.verdict if after else "not measured",
                    "holds": "yes" if after and holds(before, after) else "no",
                }
            )
    columns = [
        "test",
        "measure",
        "reading",
        "recorded",
        "recorded_verdict",
        "observed",
        "null_mean",
        "null_low",
        "null_high",
        "p_value",
        "verdict",
        "holds",
    ]
    return pd.DataFrame(records, columns=columns)
