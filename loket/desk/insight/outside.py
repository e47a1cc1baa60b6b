"""The views that leave the desk (a school board's, the national one, the public pages): their
figures, each one SQL statement (the rules of ``queries``), and their panels, every one passed
through ``Panel.suppressed``: aggregates only, every number from 1 to 4 as "<5"."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models import Phase
from loket.desk.insight import queries, summary
from loket.desk.insight.filters import Filters
from loket.desk.insight.panels import (
    Column,
    Panel,
    Table,
    _count,
    _month_label,
    _proposal_table,
    _sector_label,
)
from loket.desk.insight.queries import PHASE_RANK, _params, _proposal_filters, _rows

# --- Figures -------------------------------------------------------------------------------------


def regions_compared(filters: Filters) -> list[tuple]:
    """Per region: candidates who registered in the period, who reached matching in it,
    placements in it (school's region), open vacancies now, and the subjects with more open
    vacancies than available candidates. Four grouped subqueries joined on the region."""
    sql = """
    WITH progress AS (
      SELECT region_id, COUNT(*) FILTER (WHERE phase_rank = 1) AS registered,
             COUNT(*) FILTER (WHERE phase_rank = %(matching)s) AS matching
      FROM {fact}
      WHERE kind = 'reached' AND phase_rank IN (1, %(matching)s)
        AND at >= %(start)s AND at < %(end)s
      GROUP BY 1
    ), placed AS (
      SELECT s.region_id, COUNT(*) AS placements FROM {proposal} p
      JOIN {school} s ON s.id = p.school_id
      WHERE p.status = 'hired' AND p.closed_at >= %(start)s AND p.closed_at < %(end)s
      GROUP BY 1
    ), open AS (
      SELECT s.region_id, COUNT(*) AS vacancies FROM {vacancy} v
      JOIN {school} s ON s.id = v.school_id
      WHERE v.status = 'published' AND v.closing_date >= %(today)s GROUP BY 1
    ), tight AS (
      SELECT d.region_id, COUNT(*) AS subjects FROM (
        SELECT s.region_id, x.subject_id, COUNT(DISTINCT v.id) AS n FROM {vacancy} v
        JOIN {school} s ON s.id = v.school_id JOIN {vacancy_subjects} x ON x.vacancy_id = v.id
        WHERE v.status = 'published' AND v.closing_date >= %(today)s GROUP BY 1, 2) d
      -- Available candidates per region and subject, as the last refresh counted them.
      LEFT JOIN {supply} a ON a.region_id = d.region_id AND a.subject_id = d.subject_id
      WHERE d.n > COALESCE(a.candidates, 0) GROUP BY 1
    )
    SELECT g.name, COALESCE(pr.registered, 0), COALESCE(pr.matching, 0),
           COALESCE(pl.placements, 0), COALESCE(o.vacancies, 0), COALESCE(t.subjects, 0)
    FROM {region} g
    LEFT JOIN progress pr ON pr.region_id = g.id LEFT JOIN placed pl ON pl.region_id = g.id
    LEFT JOIN open o ON o.region_id = g.id LEFT JOIN tight t ON t.region_id = g.id
    ORDER BY g.name
    """
    return _rows(sql, _params(filters, matching=PHASE_RANK[Phase.MATCHING]))


def public_regions(*, year_start: datetime.datetime) -> list[tuple]:
    """Per region: its slug and name, placements this school year and open vacancies."""
    sql = """
    -- Each count grouped once over all regions (not a subquery per region).
    WITH placed AS (
      SELECT s.region_id, COUNT(*) AS n FROM {proposal} p JOIN {school} s ON s.id = p.school_id
      WHERE p.status = 'hired' AND p.closed_at >= %(year_start)s GROUP BY 1
    ), open AS (
      SELECT s.region_id, COUNT(*) AS n FROM {vacancy} v JOIN {school} s ON s.id = v.school_id
      WHERE v.status = 'published' AND v.closing_date >= %(today)s GROUP BY 1
    )
    SELECT g.slug, g.name, COALESCE(pl.n, 0), COALESCE(o.n, 0)
    FROM {region} g
    LEFT JOIN placed pl ON pl.region_id = g.id LEFT JOIN open o ON o.region_id = g.id
    ORDER BY g.name
    """
    return _rows(sql, {"year_start": year_start, "today": timezone.localdate()})


def board_placements(filters: Filters, *, school_ids: list[int]) -> list[tuple]:
    """An HR officer's schools: placements per month in the period."""
    sql = (
        """
    SELECT date_trunc('month', p.closed_at AT TIME ZONE %(tz)s)::date, COUNT(*)
    FROM {proposal} p JOIN {school} s ON s.id = p.school_id
    LEFT JOIN {vacancy} v ON v.id = p.vacancy_id
    WHERE p.status = 'hired' AND s.id = ANY(%(schools)s)
      AND p.closed_at >= %(start)s AND p.closed_at < %(end)s"""
        + _proposal_filters(filters)
        + """
    GROUP BY 1 ORDER BY 1
    """
    )
    return _rows(sql, _params(filters, schools=school_ids, tz=str(timezone.get_default_timezone())))


# --- Panels --------------------------------------------------------------------------------------


def national_panel(filters: Filters) -> Panel:
    table = Table(
        name="regions",
        caption=_("The regions compared"),
        columns=[
            Column(_("Region")),
            _count(_("Registered")),
            _count(_("Reached matching")),
            _count(_("Placements")),
            _count(_("Open vacancies")),
            _count(_("Subjects with more vacancies than candidates")),
        ],
        rows=[list(row) for row in regions_compared(filters)],
        note=_(
            "In the period, in the region the candidate belonged to then; placements for the "
            "region of the school. Vacancies and subjects as of today."
        ),
    )
    return Panel(
        name="regions",
        title=str(_("Regions")),
        tables=[table],
        from_summary=True,
        refreshed=summary.last_refresh(),
    ).suppressed()


def board_panel(filters: Filters, *, school_ids: list[int]) -> Panel:
    # No total row: beside one suppressed school it would give that school's number away.
    rows = [row for row in queries.proposals_by_school(filters, school_ids=school_ids) if row[0]]
    proposals = _proposal_table(rows, name="board-proposals")
    months = Table(
        name="board-placements",
        caption=_("Placements per month"),
        columns=[Column(_("Month")), _count(_("Placements"))],
        rows=[[_month_label(m), n] for m, n in board_placements(filters, school_ids=school_ids)],
    )
    return Panel(
        name="board", title=str(_("Your schools")), tables=[proposals, months]
    ).suppressed()


def public_panel(filters: Filters) -> Panel:
    subjects = queries.shortage_by_subject(filters)
    shortage = Table(
        name="public-shortage",
        caption=_("Where teachers are needed"),
        columns=[
            Column(_("Subject")),
            Column(_("Sector")),
            _count(_("Open vacancies")),
            _count(_("People preparing for it")),
        ],
        rows=[
            [r.key, _sector_label(r.sector), r.vacancies, r.candidates] for r in subjects if r.tight
        ],
        note=_(
            "Subjects with more open vacancies today than people preparing to teach them "
            "through the desk."
        ),
    )
    total = queries.placements_this_school_year(filters)[0]
    return Panel(
        name="public",
        title="",
        # The placements as one number only: split by subject beside their total, a small
        # subject's count could be worked out from the others.
        tables=[shortage],
        headline=[(_("New teachers this school year"), total)],
        from_summary=True,
        refreshed=summary.last_refresh(),
    ).suppressed()


def public_regions_panel(year_start) -> Panel:
    rows = public_regions(year_start=year_start)
    table = Table(
        name="public-regions",
        caption=_("New teachers this school year, per region"),
        columns=[Column(_("Region")), _count(_("New teachers")), _count(_("Open vacancies"))],
        rows=[[name, placed, vacancies] for _slug, name, placed, vacancies in rows],
    )
    return Panel(
        name="public-regions",
        title="",
        tables=[table],
        links=[(slug, name) for slug, name, *_rest in rows],
    ).suppressed()
