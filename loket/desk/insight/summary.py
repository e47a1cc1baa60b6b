"""The insight summary: the funnel's facts (``FunnelFact``) computed from every phase event in
one statement, by a periodic task, so that the funnel and the regions compared read a small,
indexed table instead of every phase event of the regions they count; and the candidates
available to propose (``SupplyCount`` for the regions compared, ``AvailableCount`` for the
shortage picture), so that no page looks up every candidate's subjects.

A refresh replaces all facts in one transaction: pages go on reading the previous ones until it
commits (no locks taken against readers). It is safe to run twice (the result depends on the
events only) and one runs at a time: a second one that finds the advisory lock taken returns
without work. Pages say when the summary was refreshed (``last_refresh``).
"""

import logging
import time

from celery import shared_task
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from kandidaten.models import MAIN_PHASES, Phase
from loket.desk.insight.queries import RANK_SQL, SIDE_EXITS_SQL, T
from loket.desk.models import MATCHABLE_PHASES, InsightRefresh

logger = logging.getLogger(__name__)

# The advisory lock that lets one refresh run at a time, whatever the connection.
REFRESH_LOCK = "insight refresh"

FACTS_SQL = (
    """
    WITH moved AS (
      SELECT DISTINCT candidate_id FROM {referral} WHERE status = 'accepted'
    ), profile AS (
      SELECT c.id, c.source, COALESCE(c.utm->>'utm_campaign', '') AS campaign,
             c.teaching_level AS route, c.sectors, left(c.postcode, 4) AS postcode_digits,
             c.dropout_reason,
             COALESCE(array_agg(cs.subject_id) FILTER (WHERE cs.subject_id IS NOT NULL), '{{}}')
               AS subjects
      FROM {candidate} c LEFT JOIN {candidate_subjects} cs ON cs.candidate_id = c.id
      GROUP BY c.id
    ), ev AS (
      -- The region of each change: before an accepted referral's answer the sending region,
      -- after it the receiving one; without referrals the candidate's own (the usual case, so
      -- the referrals are only looked up for candidates who moved).
      SELECT e.id, e.candidate_id, e.from_phase, e.to_phase, e.created_at, """
    + RANK_SQL
    + """ AS rnk,
        CASE WHEN m.candidate_id IS NULL THEN c.region_id ELSE COALESCE(
          (SELECT r.to_region_id FROM {referral} r WHERE r.candidate_id = e.candidate_id
             AND r.status = 'accepted' AND r.answered_at <= e.created_at
           ORDER BY r.answered_at DESC LIMIT 1),
          (SELECT r.from_region_id FROM {referral} r WHERE r.candidate_id = e.candidate_id
             AND r.status = 'accepted' AND r.answered_at > e.created_at
           ORDER BY r.answered_at LIMIT 1),
          c.region_id) END AS region_id
      FROM {event} e
      JOIN {candidate} c ON c.id = e.candidate_id
      LEFT JOIN moved m ON m.candidate_id = e.candidate_id
    ), seq AS (
      SELECT ev.*,
        COALESCE(MAX(rnk) OVER (PARTITION BY candidate_id ORDER BY created_at, id
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS prev_max,
        MAX(rnk) OVER (PARTITION BY candidate_id) AS max_rnk,
        LEAD(created_at) OVER (PARTITION BY candidate_id ORDER BY created_at, id) AS left_at,
        LAG(region_id) OVER (PARTITION BY candidate_id ORDER BY created_at, id) AS prev_region
      FROM ev
    ), stays AS (
      -- The time in a phase is the sum of the stays in it: a pause in between is not counted.
      SELECT candidate_id, rnk, SUM(left_at - created_at) AS spent
      FROM seq WHERE rnk IS NOT NULL AND left_at IS NOT NULL
      GROUP BY candidate_id, rnk
    )
    INSERT INTO {fact} (candidate_id, region_id, kind, phase_rank, at, skipped, went_on,
                        days_before, source, campaign, route, sectors, subjects, postcode_digits,
                        dropout_reason)
    SELECT x.*, pr.source, pr.campaign, pr.route, pr.sectors, pr.subjects, pr.postcode_digits,
           pr.dropout_reason
    FROM (
    -- A change reaches, for the first time, every main phase above the highest one before it
    -- (a jump reaches the phases jumped over too); a return or a step back reaches nothing.
    SELECT s.candidate_id, s.region_id, 'reached', p.rnk, s.created_at, s.rnk > p.rnk,
           s.max_rnk > p.rnk, EXTRACT(EPOCH FROM st.spent) / 86400
    FROM seq s
    JOIN generate_series(1, %(phases)s) AS p(rnk) ON p.rnk > s.prev_max AND p.rnk <= s.rnk
    LEFT JOIN stays st ON st.candidate_id = s.candidate_id AND st.rnk = p.rnk - 1
    WHERE s.rnk > s.prev_max
    UNION ALL
    SELECT candidate_id, region_id, to_phase, 0, created_at, false, false, NULL
    FROM seq WHERE to_phase IN """
    + SIDE_EXITS_SQL
    + """
    UNION ALL
    SELECT candidate_id, region_id, 'returned', 0, created_at, false, false, NULL
    FROM seq WHERE rnk IS NOT NULL AND from_phase IN (%(paused)s, %(dropped)s)
    UNION ALL
    SELECT candidate_id, region_id, 'arrived', 0, created_at, false, false, NULL
    FROM seq WHERE prev_region IS NOT NULL AND prev_region <> region_id
    ) x JOIN profile pr ON pr.id = x.candidate_id
    """
)


SUPPLY_SQL = """
    INSERT INTO {supply} (region_id, subject_id, candidates)
    SELECT c.region_id, cs.subject_id, COUNT(*)
    FROM {candidate} c JOIN {candidate_subjects} cs ON cs.candidate_id = c.id
    WHERE c.phase = ANY(%(matchable)s)
    GROUP BY 1, 2
"""


# The shortage picture's available candidates: each level of rows the dashboard's filters read
# (none, sector, subject, both) per region and municipality. A candidate without sectors or
# subjects counts at the levels that do not split by them only.
AVAILABLE_SQL = """
    INSERT INTO {available} (region_id, municipality, sector, subject_id, candidates)
    SELECT c.region_id, COALESCE(pa.municipality, ''), sec, cs.subject_id, COUNT(DISTINCT c.id)
    FROM {candidate} c
    LEFT JOIN {area} pa ON pa.digits = left(c.postcode, 4)
    LEFT JOIN LATERAL unnest(c.sectors) AS sec ON true
    LEFT JOIN {candidate_subjects} cs ON cs.candidate_id = c.id
    WHERE c.phase = ANY(%(matchable)s)
    GROUP BY GROUPING SETS ((1, 2), (1, 2, 3), (1, 2, 4), (1, 2, 3, 4))
    HAVING (GROUPING(sec) = 1 OR sec IS NOT NULL)
       AND (GROUPING(cs.subject_id) = 1 OR cs.subject_id IS NOT NULL)
"""


def insight_refresh() -> InsightRefresh | None:
    """Recompute every funnel fact from the phase events, in one transaction. Returns the new
    refresh record, or None when another refresh holds the lock (it does the same work)."""
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [REFRESH_LOCK])
        if not cursor.fetchone()[0]:
            logger.info("insight refresh skipped: another one is running")
            return None
        cursor.execute(f"DELETE FROM {T['fact']}")
        cursor.execute(
            FACTS_SQL.format(**T),
            {"phases": len(MAIN_PHASES), "paused": Phase.GEPAUZEERD, "dropped": Phase.AFGEHAAKT},
        )
        facts = cursor.rowcount
        cursor.execute(f"DELETE FROM {T['supply']}")
        matchable = {"matchable": [str(p) for p in MATCHABLE_PHASES]}
        cursor.execute(SUPPLY_SQL.format(**T), matchable)
        cursor.execute(f"DELETE FROM {T['available']}")
        cursor.execute(AVAILABLE_SQL.format(**T), matchable)
        record, _created = InsightRefresh.objects.update_or_create(
            pk=1,
            defaults={
                "finished_at": timezone.now(),
                "seconds": time.monotonic() - started,
                "facts": facts,
            },
        )
    # Fresh statistics for the planner, and (VACUUM) a visibility map, without which the regions
    # compared cannot read the facts from their index alone until autovacuum comes by. VACUUM
    # cannot run inside a transaction (a caller's, as in the tests): ANALYZE alone then.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {T['fact']}, {T['supply']}, {T['available']}")
    logger.info("insight refreshed: %s facts in %.1f s", facts, record.seconds)
    return record


def last_refresh() -> InsightRefresh | None:
    return InsightRefresh.objects.filter(pk=1).first()


@shared_task(
    name="desk.tasks.refresh_insight",
    autoretry_for=(DatabaseError,),
    retry_backoff=30,
    max_retries=5,
)
def refresh_insight() -> int:
    """Periodic (beat, housekeeping queue): refresh the insight summary. Safe to run twice."""
    record = insight_refresh()
    return record.facts if record else 0
