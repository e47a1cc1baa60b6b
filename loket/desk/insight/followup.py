"""The follow-up health figures: stalled candidates per guide, reminders sent and withheld,
unsubscribes and event attendance, each one aggregating SQL statement (the rules of
``loket.desk.insight.queries`` apply)."""

import datetime

from django.utils import timezone

from loket.desk.insight.filters import Filters
from loket.desk.insight.queries import (
    PHASE_RANK,
    _candidate_filters,
    _params,
    _rows,
)
from loket.desk.models import DEFAULT_PHASE_NORM_DAYS


def stalled_by_guide(filters: Filters, *, now: datetime.datetime) -> list[tuple]:
    """Per guide (None: no guide yet) of the filtered candidates: (full name, email, active,
    stalled, longer in the phase than its norm, too long without contact), most stalled first;
    guides without active candidates left out.

    The flags are ``with_stall_flags``' (the pipeline's), in one grouped statement: a phase with
    a norm (the region's, else the default) is overdue after its norm in days, silent after the
    region's ``no_contact_days`` without contact (from registration when none was logged);
    paused, dropped-out, referred, started and induction candidates are never stalled. The
    norms are joined once per phase instead of looked up per candidate, and the candidates read
    through the index on region and guide; the tests compare both on the same candidates."""
    sql = (
        """
    WITH flags AS (
      SELECT c.guide_id, c.phase,
        d.days IS NOT NULL AND c.phase_changed_at
          + COALESCE(n.days, d.days) * interval '1 day' < %(now)s AS overdue,
        d.days IS NOT NULL AND COALESCE(c.last_contact_on, (c.created_at AT TIME ZONE %(tz)s)::date)
          + r.no_contact_days < %(today)s AS silent
      FROM {candidate} c
      JOIN {region} r ON r.id = c.region_id
      LEFT JOIN unnest(%(norm_phases)s::text[], %(norm_days)s::int[]) AS d(phase, days)
        ON d.phase = c.phase
      LEFT JOIN {norm} n ON n.region_id = c.region_id AND n.phase = c.phase
      WHERE c.region_id = ANY(%(regions)s)"""
        + _candidate_filters(filters)
        + """
    ), per_guide AS (
      SELECT guide_id,
        COUNT(*) FILTER (WHERE phase = ANY(%(active)s)) AS active,
        COUNT(*) FILTER (WHERE overdue OR silent) AS stalled,
        COUNT(*) FILTER (WHERE overdue) AS overdue,
        COUNT(*) FILTER (WHERE silent) AS silent
      FROM flags GROUP BY guide_id
    )
    SELECT u.full_name, u.email, g.active, g.stalled, g.overdue, g.silent
    FROM per_guide g LEFT JOIN {user} u ON u.id = g.guide_id
    WHERE g.active > 0
    ORDER BY g.stalled DESC, u.full_name, u.email
    """
    )
    return _rows(
        sql,
        _params(
            filters,
            now=now,
            today=timezone.localdate(now),
            tz=timezone.get_current_timezone_name(),
            active=list(PHASE_RANK),
            norm_phases=[str(p) for p in DEFAULT_PHASE_NORM_DAYS],
            norm_days=list(DEFAULT_PHASE_NORM_DAYS.values()),
        ),
    )


def reminders(filters: Filters, *, reasons: list[str]) -> list[tuple]:
    """Per reminder reason: sent, withheld by each reason, and not (yet) delivered."""
    sql = """
    SELECT m.reason,
      COUNT(*) FILTER (WHERE m.status = 'sent'),
      COUNT(*) FILTER (WHERE m.status = 'withheld' AND m.withheld_reason = 'cap'),
      COUNT(*) FILTER (WHERE m.status = 'withheld' AND m.withheld_reason = 'unsubscribed'),
      COUNT(*) FILTER (WHERE m.status = 'withheld'
                         AND m.withheld_reason NOT IN ('cap', 'unsubscribed')),
      COUNT(*) FILTER (WHERE m.status IN ('queued', 'sending', 'failed'))
    FROM {mail} m
    WHERE m.region_id = ANY(%(regions)s) AND m.reason = ANY(%(reasons)s)
      AND m.created_at >= %(start)s AND m.created_at < %(end)s
    GROUP BY 1 ORDER BY 2 DESC, 1
    """
    return _rows(sql, _params(filters, reasons=reasons))


def unsubscribed(filters: Filters) -> int:
    """Candidates of the region who switched reminders off in the period (and still have)."""
    sql = """
    SELECT COUNT(*) FROM {preference} mp JOIN {candidate} c ON c.user_id = mp.user_id
    WHERE mp.reminders_opt_out AND c.region_id = ANY(%(regions)s)
      AND mp.changed_at >= %(start)s AND mp.changed_at < %(end)s""" + _candidate_filters(filters)
    return _rows(sql, _params(filters))[0][0]


def attendance(filters: Filters) -> list[tuple]:
    """Places at the regions' events held in the period up to now (neither the event nor the
    place cancelled), per kind of event: places, came, did not come, not recorded yet."""
    sql = (
        """
    SELECT e.kind, COUNT(*), COUNT(*) FILTER (WHERE r.attended),
           COUNT(*) FILTER (WHERE NOT r.attended), COUNT(*) FILTER (WHERE r.attended IS NULL)
    FROM {registration} r JOIN {events} e ON e.id = r.event_id
    JOIN {candidate} c ON c.id = r.candidate_id
    WHERE e.region_id = ANY(%(regions)s) AND e.cancelled_at IS NULL AND r.cancelled_at IS NULL
      AND e.starts_at >= %(start)s AND e.starts_at < LEAST(%(end)s, now())"""
        + _candidate_filters(filters)
        + " GROUP BY e.kind ORDER BY e.kind"
    )
    return _rows(sql, _params(filters))
