"""The insight figures, each one SQL statement that PostgreSQL aggregates (GROUP BY, FILTER,
window functions, percentile_cont): Python only ever receives the aggregated rows, so a panel
costs the same few queries for ten candidates or a nation's.

Rules the figures keep (the tests build data with known answers for each):

* **Region of a phase change**: the region the candidate belonged to at that moment. A referral
  that was accepted moves the candidate; changes before its answer count for the sending
  region, later ones for the receiving region.
* **Reaching a phase** (the funnel): the first time a candidate gets to a main phase or beyond.
  A jump over a phase reaches the skipped phase too (counted as *skipped*); coming back after a
  pause, a drop-out or a referral, or moving back, reaches nothing new, so nobody is counted
  twice.
* **Went on**: of those who reached a phase in the period, those who by now reached a later one.
* **Time in a phase**: the sum of a candidate's stays in it (a pause is not time in the phase),
  for those who went beyond it in the period; the median over them.
* **Supply** for the shortage picture: candidates in orientation up to matching (the phases the
  desk proposes from) who want the subject, as the last refresh of the summary counted them;
  **demand**: open vacancies (published, not past their closing date) of the region's schools,
  now.
* **A placement** is a proposal the school hired on, counted for the region of the school, on
  the day it was recorded.

Nothing here reads a name or an email address except the desk's own list of placements (first
name only), so anonymised candidates count exactly as before.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from kandidaten.models import MAIN_PHASES, Candidate, Event, EventRegistration, PhaseEvent
from loket.core.models import (
    Board,
    MailPreference,
    OutgoingMail,
    PostcodeArea,
    Region,
    ReminderSetting,
    School,
    Subject,
    User,
)
from loket.desk.insight.filters import Filters
from loket.desk.models import (
    MATCHABLE_PHASES,
    AvailableCount,
    FunnelFact,
    PhaseNorm,
    Proposal,
    ProposalStatus,
    Referral,
    SupplyCount,
)
from vacatures.models import HOURS_PER_FTE, Vacancy, VacancyStatus

T = {
    "candidate": Candidate._meta.db_table,
    "candidate_subjects": Candidate.subjects.through._meta.db_table,
    "event": PhaseEvent._meta.db_table,
    "events": Event._meta.db_table,
    "registration": EventRegistration._meta.db_table,
    "referral": Referral._meta.db_table,
    "proposal": Proposal._meta.db_table,
    "vacancy": Vacancy._meta.db_table,
    "vacancy_subjects": Vacancy.subjects.through._meta.db_table,
    "school": School._meta.db_table,
    "board": Board._meta.db_table,
    "subject": Subject._meta.db_table,
    "area": PostcodeArea._meta.db_table,
    "mail": OutgoingMail._meta.db_table,
    "preference": MailPreference._meta.db_table,
    "setting": ReminderSetting._meta.db_table,
    "region": Region._meta.db_table,
    "norm": PhaseNorm._meta.db_table,
    "user": User._meta.db_table,
    "fact": FunnelFact._meta.db_table,
    "supply": SupplyCount._meta.db_table,
    "available": AvailableCount._meta.db_table,
}

PHASE_RANK = {phase.value: rank for rank, phase in enumerate(MAIN_PHASES, start=1)}
RANK_PHASE = {rank: phase for phase, rank in PHASE_RANK.items()}
RANK_SQL = (
    "CASE e.to_phase "
    + " ".join(f"WHEN '{phase}' THEN {rank}" for phase, rank in PHASE_RANK.items())
    + " END"
)
SIDE_EXITS_SQL = "('gepauzeerd', 'afgehaakt', 'doorverwezen')"
# The reminder rule's default: HR is reminded after this many working days without an answer.
ANSWER_NORM_WORKING_DAYS = 5
PLACEMENT_LIST_LIMIT = 100


def _rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**T), params)
        return cursor.fetchall()


def _params(filters: Filters, **extra) -> dict:
    return {
        "regions": list(filters.region_ids),
        "start": filters.start_at,
        "end": filters.end_at,
        "sector": filters.sector,
        "subject": filters.subject_id,
        "municipality": filters.municipality,
        "today": timezone.localdate(),
        "matchable": [str(p) for p in MATCHABLE_PHASES],
        **extra,
    }


def _candidate_filters(filters: Filters, alias: str = "c") -> str:
    parts = []
    if filters.sector:
        parts.append(f"%(sector)s = ANY({alias}.sectors)")
    if filters.subject_id:
        parts.append(
            f"EXISTS (SELECT 1 FROM {{candidate_subjects}} cs WHERE cs.candidate_id = {alias}.id"
            " AND cs.subject_id = %(subject)s)"
        )
    if filters.municipality:
        parts.append(
            f"EXISTS (SELECT 1 FROM {{area}} pa WHERE pa.digits = left({alias}.postcode, 4)"
            " AND pa.municipality = %(municipality)s)"
        )
    return "".join(f" AND {part}" for part in parts)


def _available_filters(filters: Filters) -> str:
    """The filters on the summary's available candidates (``AvailableCount``): the rows of the
    chosen sector, subject and municipality."""
    parts = []
    if filters.sector:
        parts.append("a.sector = %(sector)s")
    if filters.subject_id:
        parts.append("a.subject_id = %(subject)s")
    if filters.municipality:
        parts.append("a.municipality = %(municipality)s")
    return "".join(f" AND {part}" for part in parts)


def _vacancy_filters(filters: Filters) -> str:
    parts = []
    if filters.sector:
        parts.append("%(sector)s = ANY(v.sectors)")
    if filters.subject_id:
        parts.append(
            "EXISTS (SELECT 1 FROM {vacancy_subjects} x WHERE x.vacancy_id = v.id"
            " AND x.subject_id = %(subject)s)"
        )
    if filters.municipality:
        parts.append("s.municipality = %(municipality)s")
    return "".join(f" AND {part}" for part in parts)


def _proposal_filters(filters: Filters) -> str:
    """Proposals for a vacancy take its sector and subjects; open introductions the school's
    sectors and the candidate's subjects."""
    parts = []
    if filters.sector:
        parts.append("%(sector)s = ANY(COALESCE(v.sectors, s.sectors))")
    if filters.subject_id:
        parts.append(
            "(EXISTS (SELECT 1 FROM {vacancy_subjects} x WHERE x.vacancy_id = p.vacancy_id"
            " AND x.subject_id = %(subject)s) OR (p.vacancy_id IS NULL AND EXISTS ("
            "SELECT 1 FROM {candidate_subjects} cs WHERE cs.candidate_id = p.candidate_id"
            " AND cs.subject_id = %(subject)s)))"
        )
    if filters.municipality:
        parts.append("s.municipality = %(municipality)s")
    return "".join(f" AND {part}" for part in parts)


# --- Shortage picture ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ShortageRow:
    key: str  # the subject's name, or the municipality
    sector: str
    is_shortage: bool
    vacancies: int
    hours: int
    candidates: int

    @property
    def fte(self) -> float:
        return self.hours / HOURS_PER_FTE

    @property
    def ratio(self) -> float | None:
        """Open vacancies per available candidate (None when nobody is available)."""
        return self.vacancies / self.candidates if self.candidates else None

    @property
    def tight(self) -> bool:
        return self.vacancies > self.candidates


def shortage_by_subject(filters: Filters) -> list[ShortageRow]:
    """Per subject and sector: open vacancies (number, hours) against available candidates."""
    sql = (
        """
    WITH demand AS (
      SELECT x.subject_id, sec AS sector, COUNT(DISTINCT v.id) AS vacancies,
             SUM(v.hours_per_week) AS hours
      FROM {vacancy} v
      JOIN {school} s ON s.id = v.school_id
      JOIN {vacancy_subjects} x ON x.vacancy_id = v.id
      CROSS JOIN LATERAL unnest(v.sectors) AS sec
      WHERE s.region_id = ANY(%(regions)s) AND v.status = %(published)s
        AND v.closing_date >= %(today)s"""
        + _vacancy_filters(filters)
        + """
        """
        + ("AND sec = %(sector)s" if filters.sector else "")
        + """
      GROUP BY 1, 2
    ), supply AS (
      -- As the last refresh counted them (the summary): per subject and sector.
      SELECT a.subject_id, a.sector, SUM(a.candidates)::int AS candidates
      FROM {available} a
      WHERE a.region_id = ANY(%(regions)s) AND a.subject_id IS NOT NULL
        AND a.sector IS NOT NULL"""
        + _available_filters(filters)
        + """
      GROUP BY 1, 2
    )
    SELECT sub.name, COALESCE(d.sector, p.sector), sub.is_shortage,
           COALESCE(d.vacancies, 0), COALESCE(d.hours, 0), COALESCE(p.candidates, 0)
    FROM demand d
    FULL JOIN supply p ON p.subject_id = d.subject_id AND p.sector = d.sector
    JOIN {subject} sub ON sub.id = COALESCE(d.subject_id, p.subject_id)
    """
        + ("WHERE sub.id = %(subject)s" if filters.subject_id else "")
        + """
    ORDER BY COALESCE(d.vacancies, 0)::float / GREATEST(COALESCE(p.candidates, 0), 1) DESC,
             COALESCE(d.vacancies, 0) DESC, sub.name, 2
    """
    )
    return [
        ShortageRow(*row) for row in _rows(sql, _params(filters, published=VacancyStatus.PUBLISHED))
    ]


def shortage_by_municipality(filters: Filters) -> list[ShortageRow]:
    """Per municipality: open vacancies of its schools against available candidates living
    there (by the four digits of their postcode; '' when unknown)."""
    sql = (
        """
    WITH demand AS (
      SELECT s.municipality AS key, COUNT(*) AS vacancies, SUM(v.hours_per_week) AS hours
      FROM {vacancy} v JOIN {school} s ON s.id = v.school_id
      WHERE s.region_id = ANY(%(regions)s) AND v.status = %(published)s
        AND v.closing_date >= %(today)s"""
        + _vacancy_filters(filters)
        + """
      GROUP BY 1
    ), supply AS (
      -- As the last refresh counted them (the summary), at the level of the filters.
      SELECT a.municipality AS key, SUM(a.candidates)::int AS candidates
      FROM {available} a
      WHERE a.region_id = ANY(%(regions)s)"""
        + (" AND a.sector IS NULL" if not filters.sector else "")
        + (" AND a.subject_id IS NULL" if not filters.subject_id else "")
        + _available_filters(filters)
        + """
      GROUP BY 1
    )
    SELECT COALESCE(d.key, p.key), '', false, COALESCE(d.vacancies, 0), COALESCE(d.hours, 0),
           COALESCE(p.candidates, 0)
    FROM demand d FULL JOIN supply p ON p.key = d.key
    ORDER BY COALESCE(d.key, p.key) = '', COALESCE(d.vacancies, 0) DESC, 1
    """
    )
    return [
        ShortageRow(*row) for row in _rows(sql, _params(filters, published=VacancyStatus.PUBLISHED))
    ]


# --- Successes -----------------------------------------------------------------------------------

PLACEMENTS_SQL = """
    FROM {proposal} p
    JOIN {school} s ON s.id = p.school_id
    JOIN {board} b ON b.id = s.board_id
    JOIN {candidate} c ON c.id = p.candidate_id
    LEFT JOIN {vacancy} v ON v.id = p.vacancy_id
    WHERE p.status = %(hired)s AND s.region_id = ANY(%(regions)s)
"""


@dataclass(frozen=True)
class Placements:
    month: list[tuple[datetime.date, int, float | None]]
    school: list[tuple[str, int, float | None]]
    board: list[tuple[str, int, float | None]]
    total: int
    median_days: float | None


def placements(filters: Filters) -> Placements:
    """Placements in the period per month, per school and per board, with the median days from
    registration to placement: one query (GROUPING SETS)."""
    sql = (
        """
    SELECT GROUPING(date_trunc('month', p.closed_at AT TIME ZONE %(tz)s)) AS no_month,
           GROUPING(s.name, s.id) AS no_school, GROUPING(b.name, b.id) AS no_board,
           date_trunc('month', p.closed_at AT TIME ZONE %(tz)s)::date, s.name, b.name,
           COUNT(*),
           percentile_cont(0.5) WITHIN GROUP (
             ORDER BY EXTRACT(EPOCH FROM p.closed_at - c.created_at) / 86400)
    """
        + PLACEMENTS_SQL
        + """ AND p.closed_at >= %(start)s AND p.closed_at < %(end)s"""
        + _proposal_filters(filters)
        + """
    GROUP BY GROUPING SETS ((date_trunc('month', p.closed_at AT TIME ZONE %(tz)s)),
                            (s.name, s.id), (b.name, b.id), ())
    ORDER BY 4, 7 DESC, 5, 6
    """
    )
    month, school, board = [], [], []
    total, median = 0, None
    for no_month, no_school, no_board, m, s, b, count, days in _rows(
        sql, _params(filters, hired=ProposalStatus.HIRED, tz=str(timezone.get_default_timezone()))
    ):
        if not no_month:
            month.append((m, count, days))
        elif not no_school:
            school.append((s, count, days))
        elif not no_board:
            board.append((b, count, days))
        else:
            total, median = count, days
    return Placements(month=month, school=school, board=board, total=total, median_days=median)


def placements_this_school_year(filters: Filters) -> tuple[int, float | None]:
    """The headline: placements since 1 August, whatever the period, and the median days."""
    sql = (
        """
    SELECT COUNT(*), percentile_cont(0.5) WITHIN GROUP (
             ORDER BY EXTRACT(EPOCH FROM p.closed_at - c.created_at) / 86400)
    """
        + PLACEMENTS_SQL
        + " AND p.closed_at >= %(year_start)s"
        + _proposal_filters(filters)
    )
    return _rows(
        sql,
        _params(filters, hired=ProposalStatus.HIRED, year_start=filters.school_year_start_at),
    )[0]


def placement_list(filters: Filters) -> list[tuple]:
    """The region's placements in the period to celebrate: (day, first name, school, subjects),
    newest first. The first name only; an anonymised candidate has none."""
    sql = (
        """
    SELECT (p.closed_at AT TIME ZONE %(tz)s)::date, split_part(btrim(c.full_name), ' ', 1),
           s.name, (SELECT string_agg(sub.name, ', ' ORDER BY sub.name)
                    FROM {vacancy_subjects} x JOIN {subject} sub ON sub.id = x.subject_id
                    WHERE x.vacancy_id = p.vacancy_id)
    """
        + PLACEMENTS_SQL
        + """ AND p.closed_at >= %(start)s AND p.closed_at < %(end)s"""
        + _proposal_filters(filters)
        + " ORDER BY p.closed_at DESC, p.id DESC LIMIT %(limit)s"
    )
    return _rows(
        sql,
        _params(
            filters,
            hired=ProposalStatus.HIRED,
            tz=str(timezone.get_default_timezone()),
            limit=PLACEMENT_LIST_LIMIT,
        ),
    )


# --- Proposals -----------------------------------------------------------------------------------


def proposals_by_school(filters: Filters, *, school_ids: list[int] | None = None) -> list[tuple]:
    """Per school (and a total, school None): proposals received in the period, answered within
    the norm (the working days after which HR is reminded, as the region set it), invited for
    an interview, hired. ``school_ids`` narrows to an HR officer's schools."""
    scope = (
        "s.id = ANY(%(schools)s)" if school_ids is not None else "s.region_id = ANY(%(regions)s)"
    )
    sql = (
        """
    SELECT s.name, COUNT(*),
      COUNT(*) FILTER (WHERE p.answered_at IS NOT NULL AND (
        SELECT COUNT(*) FROM generate_series(
          (p.created_at AT TIME ZONE %(tz)s)::date + 1, (p.answered_at AT TIME ZONE %(tz)s)::date,
          interval '1 day') AS d WHERE EXTRACT(ISODOW FROM d) < 6
      ) <= COALESCE((rs.params->>'remind_after')::int, %(norm)s)),
      COUNT(*) FILTER (WHERE p.interview_at IS NOT NULL
                         OR p.status IN ('invited', 'hired', 'not_hired')),
      COUNT(*) FILTER (WHERE p.status = 'hired')
    FROM {proposal} p
    JOIN {school} s ON s.id = p.school_id
    LEFT JOIN {vacancy} v ON v.id = p.vacancy_id
    LEFT JOIN {setting} rs ON rs.region_id = s.region_id AND rs.rule = 'proposal_unanswered'
    WHERE """
        + scope
        + """ AND p.created_at >= %(start)s AND p.created_at < %(end)s"""
        + _proposal_filters(filters)
        + """
    GROUP BY GROUPING SETS ((s.name, s.id), ())
    HAVING COUNT(*) > 0
    ORDER BY GROUPING(s.name, s.id), 2 DESC, 1
    """
    )
    return _rows(
        sql,
        _params(
            filters,
            schools=school_ids or [],
            norm=ANSWER_NORM_WORKING_DAYS,
            tz=str(timezone.get_default_timezone()),
        ),
    )


# --- Follow-up health ----------------------------------------------------------------------------
