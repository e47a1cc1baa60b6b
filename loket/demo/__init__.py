"""Fictional demo data for ``./portal up`` (``manage.py seed_demo``), idempotent.

Part of the project wiring: it may use every layer. The parts run in order, each on the rows of
the one before: the core (regions, schools, subjects, one user per role), the candidates, the
vacancies, then the desk's own work (contacts, proposals, assessments, referrals).
"""

from loket.demo import candidates, core, desk_work, vacancies
from loket.demo_constants import DEMO_PASSWORD
from loket.desk.insight.summary import insight_refresh

__all__ = ["DEMO_PASSWORD", "seed"]


def seed() -> list[tuple[str, str]]:
    """Seed everything; returns the demo logins as (email, role)."""
    logins = core.seed()
    candidates.seed()
    vacancies.seed()
    desk_work.seed()
    # The dashboards' funnel reads the summary: fill it now rather than at beat's first run.
    insight_refresh()
    return logins
