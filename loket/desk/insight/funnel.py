"""The funnel, read from the summary's facts (``FunnelFact``, refreshed by a periodic task in
``summary``): reached, skipped, went on, median days in a phase, side exits and returns. Each
figure is one grouped query over one region's facts in the period (the index on region and
moment), which carry what the filters and the splits need of the candidate (as the refresh
found it); the rules are those of ``queries``.
"""

from dataclasses import dataclass

from loket.desk.insight.filters import Filters
from loket.desk.insight.queries import RANK_PHASE, _params, _rows

# The dimensions the funnel splits by; each a fixed SQL expression on the fact ``f``.
SPLITS = {
    "source": "SELECT f.source AS dim",
    "campaign": "SELECT f.campaign AS dim",
    "sector": "SELECT unnest(CASE WHEN cardinality(f.sectors) = 0 THEN ARRAY['']::varchar[]"
    " ELSE f.sectors END) AS dim",
    "route": "SELECT f.route AS dim",
}


def _fact_filters(filters: Filters) -> str:
    """The filters on the candidate as the refresh copied them onto the fact."""
    parts = []
    if filters.sector:
        parts.append("%(sector)s = ANY(f.sectors)")
    if filters.subject_id:
        parts.append("%(subject)s = ANY(f.subjects)")
    if filters.municipality:
        parts.append(
            "f.postcode_digits IN (SELECT pa.digits FROM {area} pa"
            " WHERE pa.municipality = %(municipality)s)"
        )
    return "".join(f" AND {part}" for part in parts)


def _facts(filters: Filters, kind: str, *, split: str = "") -> str:
    """The facts of one kind (``'reached'``, or ``'exits'`` for all others) in the period and
    regions, of the candidates the filters keep, as ``f`` (joined to the split's values ``d``)."""
    condition = "f.kind = 'reached'" if kind == "reached" else "f.kind <> 'reached'"
    lateral = f"CROSS JOIN LATERAL ({SPLITS[split]}) d" if split else ""
    return (
        """
    FROM {fact} f """
        + lateral
        + """
    WHERE f.region_id = ANY(%(regions)s) AND f.at >= %(start)s AND f.at < %(end)s AND """
        + condition
        + _fact_filters(filters)
    )


@dataclass(frozen=True)
class FunnelStep:
    phase: str
    reached: int
    went_on: int
    skipped: int

    @property
    def conversion(self) -> float | None:
        return self.went_on / self.reached if self.reached else None


def reached(filters: Filters, *, split: str) -> tuple[list[FunnelStep], dict[str, dict]]:
    """The funnel (per main phase: reached, of whom skipped it, went on) and the same counts
    per value of ``split`` (one of SPLITS): ``{value: {phase: reached}}``. Distinct candidates:
    a candidate with two sectors is in both sectors' rows but once in the total."""
    sql = (
        """
    SELECT GROUPING(d.dim), d.dim, f.phase_rank,
           COUNT(DISTINCT f.candidate_id),
           COUNT(DISTINCT f.candidate_id) FILTER (WHERE f.went_on),
           COUNT(DISTINCT f.candidate_id) FILTER (WHERE f.skipped)"""
        + _facts(filters, "reached", split=split)
        + """
    GROUP BY GROUPING SETS ((f.phase_rank), (d.dim, f.phase_rank))
    """
    )
    totals = dict.fromkeys(RANK_PHASE, (0, 0, 0))
    by_value: dict[str, dict] = {}
    for is_total, dim, rank, reached, went_on, skipped in _rows(sql, _params(filters)):
        if is_total:
            totals[rank] = (reached, went_on, skipped)
        else:
            by_value.setdefault(dim or "", {})[RANK_PHASE[rank]] = reached
    steps = [FunnelStep(RANK_PHASE[rank], *totals[rank]) for rank in sorted(RANK_PHASE)]
    return steps, by_value


def times(filters: Filters) -> dict[str, tuple[int, float | None]]:
    """Per main phase: how many went beyond it in the period, and their median days in it."""
    sql = (
        """
    SELECT f.phase_rank - 1, COUNT(*),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY f.days_before)"""
        + _facts(filters, "reached")
        + """ AND f.days_before IS NOT NULL
    GROUP BY 1
    """
    )
    return {
        RANK_PHASE[rank]: (count, median)
        for rank, count, median in _rows(sql, _params(filters))
        if rank in RANK_PHASE
    }


def exits(filters: Filters) -> dict[tuple[str, str], int]:
    """Side exits and returns in the period: ``{(kind, reason): candidates}``. Kinds: the three
    side exits (a drop-out with the reason it still has; '' when they came back since),
    ``returned`` (back on the journey after a pause or a drop-out) and ``arrived`` (taken over
    from another region's desk)."""
    sql = (
        """
    SELECT f.kind, CASE WHEN f.kind = 'afgehaakt' THEN f.dropout_reason ELSE '' END,
           COUNT(DISTINCT f.candidate_id)"""
        + _facts(filters, "exits")
        + """
    GROUP BY 1, 2
    """
    )
    return {(kind, reason): count for kind, reason, count in _rows(sql, _params(filters))}
