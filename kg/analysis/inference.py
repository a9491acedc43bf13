"""How unusual a network measure is: null models, p-values and intervals, seeded and vectorised.

Four ways to ask "compared with what?", each returning a :class:`Result`:

- :func:`permutation_test`: the measure over node labels shuffled among the nodes (the groups keep
  their sizes, the ties stay), as UCINET tests the E-I index;
- :func:`rewiring_test`: the measure over graphs rewired by double edge swaps, every node keeping
  its degree (for measures of structure such as modularity);
- :func:`bootstrap_interval`: the measure over resamples of its units (projects) drawn with
  replacement, for an interval rather than a test;
- :func:`qap_correlation`: the correlation of two relations over the same nodes against the rows
  and columns of one permuted together (QAP), for whether one tie goes with another.

The p-value is two-sided: ``(k + 1) / (n + 1)``, where ``k`` of the ``n`` null draws lie at least as
far from the null mean as the observed value (Davison and Hinkley's correction: the observed value
counts as one draw, so no p-value is 0). A test is *too small to tell* when even a value at the edge of
what its null produced would not reach :data:`ALPHA`: the null then takes so few distinct values that
no observation could be called unusual (a group of three nodes, a network of five); an interval is
too small to tell when fewer than :data:`MIN_UNITS` units (projects) carry it.

Every draw comes from ``numpy.random.default_rng(seed)``: the same seed gives the same numbers.

    >>> import numpy as np
    >>> from kg.analysis.inference import permutation_test
    >>> labels = np.array([0] * 10 + [1] * 10)
    >>> same = lambda draws: (draws[:, :10] == draws[:, :1]).all(axis=1).astype(float)
    >>> permutation_test(labels, same, permutations=200, seed=1).p_value < 0.01
    True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    # numpy is imported by the functions that draw, not with the module: ``import kg.cli`` stays quick.
    import numpy as np
    import numpy.typing as npt

ALPHA = 0.05  # the level at which a finding is called unusual
PERMUTATIONS = 1000  # null draws (or resamples) by default
SEED = 2007  # the year of the book: any fixed number would do
MIN_UNITS = 10  # fewer units to resample than this and a bootstrap interval is too small to tell
INTERVAL = (2.5, 97.5)  # percentiles of the null (or bootstrap) distribution given as its interval
BLOCK_CELLS = 2_000_000  # cells of draws a vectorised statistic holds at once: some 16 MB of numbers

Floats: TypeAlias = "npt.NDArray[np.float64]"
Labels: TypeAlias = "npt.NDArray[np.int64]"  # one row of group numbers per draw, or one per node
Edges: TypeAlias = "npt.NDArray[np.int64]"  # m × 2 node numbers


@dataclass(frozen=True)
class Result:
    """A measure's observed value beside its null distribution (or bootstrap distribution).

    ``null_interval`` holds the 2.5th and 97.5th percentiles of the draws; ``p_value`` is ``None``
    for a bootstrap interval, which tests nothing. ``too_small`` says the data cannot tell (see the
    module's docstring).
    """

    observed: float
    null_mean: float
    null_interval: tuple[float, float]
    p_value: float | None
    permutations: int
    method: str
    too_small: bool = False

    @property
    def unusual(self) -> bool:
        """The observed value is unusual under the null at :data:`ALPHA` (never for an interval)."""
        return self.p_value is not None and self.p_value < ALPHA and not self.too_small

    @property
    def verdict(self) -> str:
        """``unusual``, ``within chance``, ``too small to tell`` or ``interval``."""
        if self.too_small:
            return "too small to tell"
        if self.p_value is None:
            return "interval"
        return "unusual" if self.unusual else "within chance"


def two_sided_p(observed: float, null: Floats) -> float:
    """``(k + 1) / (n + 1)``: ``k`` null draws at least as far from the null mean as ``observed``."""
    import numpy as np

    centre = float(np.mean(null))
    distance = abs(observed - centre)
    tolerance = 1e-9 * max(1.0, abs(observed))  # floating-point noise is not a difference
    extreme = int(np.count_nonzero(np.abs(null - centre) >= distance - tolerance))
    return (extreme + 1) / (len(null) + 1)


def null_result(observed: float, null: Sequence[float] | Floats, method: str) -> Result:
    """The :class:`Result` of ``observed`` against the draws ``null`` of a test."""
    import numpy as np

    draws = np.asarray(null, dtype=float)
    if not len(draws):
        raise ValueError("a test needs at least one null draw")
    if not np.isfinite(observed) or not np.all(np.isfinite(draws)):
        # An undefined measure (Cramér's V of an empty table, say) tells nothing: never "unusual".
        return Result(
            float(observed), float("nan"), (float("nan"), float("nan")), None, len(draws), method, True
        )
    # The most extreme value the null produced: if even that is not unusual, nothing observed could be.
    best = min(two_sided_p(float(draws.min()), draws), two_sided_p(float(draws.max()), draws))
    low, high = np.percentile(draws, INTERVAL)
    return Result(
        observed=float(observed),
        null_mean=float(draws.mean()),
        null_interval=(float(low), float(high)),
        p_value=two_sided_p(float(observed), draws),
        permutations=len(draws),
        method=method,
        too_small=best >= ALPHA,
    )


# --- Node-label permutations --------------------------------------------------------------------------


def label_blocks(
    labels: Sequence[int] | Labels, permutations: int, seed: int, width: int = 0
) -> Iterator[Labels]:
    """``permutations`` shufflings of ``labels`` (the groups keep their sizes), a block of rows at a time.

    A block holds about :data:`BLOCK_CELLS` cells of ``width`` each (default: one per label), so a
    statistic over the ties or paths of a large network never holds every draw at once. One
    generator draws every block in turn: the same seed and sizes give the same rows.

    Raises:
        ValueError: when ``permutations`` is below 1.
    """
    import numpy as np

    _check_count(permutations)
    rng = np.random.default_rng(seed)
    base = np.asarray(labels, dtype=np.int64)
    step = max(1, BLOCK_CELLS // max(width or len(base), 1))
    for start in range(0, permutations, step):
        yield rng.permuted(np.tile(base, (min(step, permutations - start), 1)), axis=1)


def permuted_labels(labels: Sequence[int] | Labels, permutations: int, seed: int) -> Labels:
    """``permutations`` rows, each ``labels`` shuffled: every block of :func:`label_blocks` at once."""
    import numpy as np

    return np.concatenate(list(label_blocks(labels, permutations, seed, width=1)))


def permutation_test(
    labels: Sequence[int] | Labels,
    statistic: Callable[[Labels], Floats],
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    method: str = "node-label permutation",
    width: int = 0,
) -> Result:
    """The measure ``statistic`` of the observed ``labels`` against the same labels shuffled among the nodes.

    ``statistic`` takes a 2-D array, one row of labels (one per node) per draw, and returns one value
    per row, so a measure is computed for a block of draws at once; ``width`` is how many cells it
    touches per draw (its ties, say), which sets the size of a block (:func:`label_blocks`).

    Raises:
        ValueError: when ``permutations`` is below 1.
    """
    import numpy as np

    null = np.concatenate([statistic(block) for block in label_blocks(labels, permutations, seed, width)])
    observed = statistic(np.asarray(labels, dtype=np.int64)[None, :])
    return null_result(float(observed[0]), null, method)


# --- Degree-preserving rewiring -------------------------------------------------------------------


def rewired(edges: Edges, permutations: int, seed: int, swaps: int | None = None) -> list[Edges]:
    """``permutations`` graphs from ``edges`` (an m × 2 array of node numbers), each node keeping its degree.

    A Markov chain of double edge swaps (a–b, c–d → a–d, c–b, refused when it would make a loop or a
    parallel tie) runs ``10 m`` swaps before the first draw and ``swaps`` (default ``m``) between
    draws. Row ``i`` of every draw is the ``i``-th tie of ``edges`` with new ends, so an attribute
    of the tie (its weight) travels with it.
    """
    import numpy as np

    _check_count(permutations)
    current = np.array(edges, dtype=np.int64).reshape(-1, 2)
    m = len(current)
    if m < 2:
        return [current.copy() for _ in range(permutations)]
    between = m if swaps is None else max(1, swaps)
    attempts = 10 * m + between * (permutations - 1)
    rng = np.random.default_rng(seed)
    picks, flips = rng.integers(0, m, size=(attempts, 2)), rng.integers(0, 2, size=attempts)
    size = int(current.max()) + 1
    first, second = current[:, 0].tolist(), current[:, 1].tolist()
    present = {a * size + b if a < b else b * size + a for a, b in zip(first, second, strict=True)}
    ends_at = {10 * m - 1 + between * k for k in range(permutations)}  # the attempt after which to draw
    draws = []
    # A plain loop over plain ints: each swap depends on the ones before it.
    steps = zip(picks[:, 0].tolist(), picks[:, 1].tolist(), flips.tolist(), strict=True)
    for attempt, (i, j, flip) in enumerate(steps):
        if i != j:
            a, b = first[i], second[i]
            c, d = (second[j], first[j]) if flip else (first[j], second[j])
            one = a * size + d if a < d else d * size + a
            two = c * size + b if c < b else b * size + c
            if a != d and c != b and one != two and one not in present and two not in present:
                present.discard(a * size + b if a < b else b * size + a)
                present.discard(c * size + d if c < d else d * size + c)
                present.add(one)
                present.add(two)
                second[i], first[j], second[j] = d, c, b
        if attempt in ends_at:
            draws.append(np.array([first, second], dtype=np.int64).T)
    return draws


def rewiring_test(
    edges: Edges,
    statistic: Callable[[Edges], float],
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    method: str = "degree-preserving rewiring",
) -> Result:
    """The measure ``statistic`` of the graph ``edges`` against graphs rewired with the same degrees.

    ``statistic`` takes an m × 2 array of ties (node numbers; row ``i`` is always tie ``i``).

    Raises:
        ValueError: when ``permutations`` is below 1.
    """
    import numpy as np

    null = [statistic(draw) for draw in rewired(edges, permutations, seed)]
    return null_result(statistic(np.asarray(edges, dtype=np.int64)), null, method)


# --- Bootstrap ------------------------------------------------------------------------------------


def bootstrap_interval(
    units: int,
    statistic: Callable[[npt.NDArray[np.int64]], Floats],
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    method: str = "bootstrap over projects",
) -> Result:
    """The percentile interval of a measure over ``units`` units (projects) resampled with replacement.

    ``statistic`` takes a 2-D array of counts, one row per resample, how often each unit was drawn
    (the observed data is a row of ones), and returns one value per row. Fewer than
    :data:`MIN_UNITS` units are too small to tell.

    Raises:
        ValueError: when ``permutations`` is below 1.
    """
    import numpy as np

    _check_count(permutations)
    rng = np.random.default_rng(seed)
    observed = float(statistic(np.ones((1, units), dtype=np.int64))[0])
    chances = np.full(units, 1.0 / max(units, 1))
    step = max(1, BLOCK_CELLS // max(units, 1))
    blocks = [
        statistic(rng.multinomial(units, chances, size=min(step, permutations - start)))
        for start in range(0, permutations, step)
    ]
    draws = np.asarray(np.concatenate(blocks), dtype=float) if units else np.array([observed])
    draws = draws[~np.isnan(draws)]  # a resample without any of the measured units has no share
    low, high = np.percentile(draws, INTERVAL) if len(draws) else (np.nan, np.nan)
    return Result(
        observed=observed,
        null_mean=float(draws.mean()) if len(draws) else float("nan"),
        null_interval=(float(low), float(high)),
        p_value=None,
        permutations=permutations,
        method=method,
        too_small=units < MIN_UNITS,
    )


# --- QAP ------------------------------------------------------------------------------------------


Cells: TypeAlias = "tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], Floats]"  # rows, columns, values


def qap_correlation(
    matrix_a: Any,
    matrix_b: Any,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
) -> Result:
    """Pearson's correlation of two n × n relations over their off-diagonal cells, tested by QAP.

    The null permutes the rows and columns of ``matrix_a`` together (the nodes are relabelled, each
    relation keeps its own structure), as ``sna::qaptest`` in R does with ``gcor``. The matrices are
    arrays or scipy sparse matrices; only their non-zero cells are read (:func:`qap_cells`).

    Raises:
        ValueError: when the matrices are not square and of one size, or ``permutations`` is below 1.
    """
    import numpy as np

    def cells(matrix: Any) -> tuple[tuple[int, ...], Cells]:
        if hasattr(matrix, "tocoo"):  # scipy.sparse, without importing it here
            coo = matrix.tocoo()
            rows, columns, values = coo.row, coo.col, coo.data
        else:
            dense = np.asarray(matrix, dtype=float)
            rows, columns = np.nonzero(dense)
            values = dense[rows, columns] if dense.ndim == 2 else dense
        shape = tuple(int(side) for side in matrix.shape)
        return shape, (np.asarray(rows, np.int64), np.asarray(columns, np.int64), np.asarray(values, float))

    (shape_a, a), (shape_b, b) = cells(matrix_a), cells(matrix_b)
    if len(shape_a) != 2 or shape_a[0] != shape_a[1] or shape_a != shape_b:
        raise ValueError(f"QAP needs two square matrices of one size, not {shape_a} and {shape_b}")
    return qap_cells(shape_a[0], a, b, permutations=permutations, seed=seed)


def qap_cells(size: int, a: Cells, b: Cells, *, permutations: int = PERMUTATIONS, seed: int = SEED) -> Result:
    """:func:`qap_correlation` of two ``size`` × ``size`` relations given by their non-zero cells
    (rows, columns, values; each cell once), so a network of thousands of nodes needs no n² matrix.

    Raises:
        ValueError: when ``permutations`` is below 1.
    """
    import numpy as np

    _check_count(permutations)
    a, b = _off_diagonal(a), _off_diagonal(b)
    cells = size * (size - 1)
    # Relabelling moves the off-diagonal cells of a among themselves: their mean and spread stay, so
    # each draw needs only the new cross-product with b, summed over b's non-zero cells.
    sum_a, sum_b = float(a[2].sum()), float(b[2].sum())
    spread_a = cells * float((a[2] ** 2).sum()) - sum_a**2
    spread_b = cells * float((b[2] ** 2).sum()) - sum_b**2
    if cells == 0 or spread_a <= 0 or spread_b <= 0:
        return null_result(0.0, np.zeros(permutations), "QAP")  # a constant relation correlates with nothing
    keys = a[0] * size + a[1]
    order = np.argsort(keys)
    keys, values = keys[order], a[2][order]

    def cross(rows: npt.NDArray[np.int64], columns: npt.NDArray[np.int64]) -> Floats:
        """Σ a[rows, columns] · b over b's cells, one sum per row of ``rows``."""
        wanted = rows * size + columns
        found = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
        hit = keys[found] == wanted if len(keys) else np.zeros(wanted.shape, dtype=bool)
        return np.asarray(np.where(hit, values[found], 0.0) @ b[2], dtype=float)

    def correlation(products: Floats) -> Floats:
        return np.asarray((cells * products - sum_a * sum_b) / np.sqrt(spread_a * spread_b), dtype=float)

    observed = float(correlation(cross(b[0][None, :], b[1][None, :]))[0])
    null = np.concatenate(
        [
            correlation(cross(order[:, b[0]], order[:, b[1]]))
            for order in label_blocks(np.arange(size), permutations, seed, width=len(b[2]))
        ]
    )
    return null_result(observed, null, "QAP")


def _off_diagonal(cells: Cells) -> Cells:
    rows, columns, values = cells
    keep = (rows != columns) & (values != 0)
    return rows[keep], columns[keep], values[keep]


def _check_count(permutations: int) -> None:
    if permutations < 1:
        raise ValueError(f"the number of permutations must be at least 1, not {permutations}")
