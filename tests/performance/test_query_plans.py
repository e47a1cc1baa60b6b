"""The main queries use their indexes on a data set shaped like the national one.

The benchmark's own SQL (``benchmarks/national_data.sql``) seeds a tenth of the country on top of
the demo data: 20,000 candidates with their subjects, phase events and contacts, 1,500
vacancies, proposals and 100,000 mail rows. After ANALYZE the planner sees the same spreads as
at national size, so a query that scans one of the big tables whole is caught here.
"""

import re

import pytest
from django.db import connection
from django.utils import timezone

from benchmarks.national import data_sql
from kandidaten.models import Candidate, Phase
from loket import demo
from loket.core.mail.selectors import mails_for_user
from loket.core.models import Board, Region, Role, User
from loket.desk.matching import rank_candidates_for, rank_vacancies_for
from loket.desk.models import Proposal
from loket.desk.selectors.pipeline import desk_candidates, pipeline_candidates
from loket.desk.selectors.proposals import hr_proposals
from loket.desk.selectors.stalled import with_stall_flags
from vacatures.models import Vacancy, VacancyStatus

BIG_TABLES = (
    "kandidaten_candidate",
    "kandidaten_candidate_subjects",
    "kandidaten_phaseevent",
    "kandidaten_contact",
    "vacatures_proposal",
    "loket_outgoingmail",
    "loket_user",
)
SMALL_SET = {
    "regions": 6,
    "schools": 400,
    "candidates": 20_000,
    "vacancies": 1_500,
    "mails_per_candidate": 5,
}


def sequential_scans(queryset) -> list[str]:
    plan = queryset.explain()
    return [table for table in BIG_TABLES if re.search(rf"Seq Scan on {table}\b", plan)]


def sequential_scans_when_avoidable(queryset) -> list[str]:
    """For the queries whose plan at a tenth of the size rightly prefers a scan (20,000 users
    fit a few pages; at 200,000 the plan takes the index): with scans priced out, a big table
    that is still scanned has no index the query can use."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return sequential_scans(queryset)
        finally:
            cursor.execute("RESET enable_seqscan")


@pytest.fixture
def national_shape(db):
    demo.seed()
    with connection.cursor() as cursor:
        cursor.execute(data_sql(**SMALL_SET))
        cursor.execute("ANALYZE")


def test_the_main_queries_use_indexes_on_a_national_shaped_set(national_shape):
    now = timezone.now()
    region = Region.objects.get(slug="domstad")
    desk = User.objects.get(email="loket@demo.regioloket.example")
    board = Board.objects.filter(region=region).order_by("-pk").first()
    hr = User.objects.filter(roles__role=Role.HR_OFFICER, roles__board=board).first()
    vacancy = (
        Vacancy.objects.select_related("school")
        .filter(status=VacancyStatus.PUBLISHED, school__region=region)
        .first()
    )
    candidate = Candidate.objects.filter(region=region, phase=Phase.MATCHING).first()
    assert Candidate.objects.count() > 20_000 and hr is not None and vacancy is not None

    queries = {
        "pipeline page": pipeline_candidates(desk, {}, now=now)[:25],
        "pipeline phase": pipeline_candidates(desk, {"phase": Phase.INTAKE}, now=now)[:25],
        "stalled flags": with_stall_flags(desk_candidates(desk), now=now).filter(is_stalled=True),
        "pipeline's stalled count and filter": pipeline_candidates(
            desk, {"stalled": True}, now=now
        )[:25],
        "matching for a candidate": rank_vacancies_for(candidate)[:20],
        "HR proposals": hr_proposals(hr)[:25],
        "file: phase events": candidate.phase_events.order_by("created_at"),
        "file: contacts": candidate.contacts.order_by("-occurred_on")[:50],
        "file and journey: mail": mails_for_user(candidate.user)[:50],
        "journey: proposals": Proposal.objects.filter(candidate=candidate),
    }
    found = {name: sequential_scans(queryset) for name, queryset in queries.items()}
    index_usable = {
        "pipeline name search": pipeline_candidates(desk, {"q": "jansen"}, now=now)[:25],
        "matching for a vacancy": rank_candidates_for(vacancy)[:20],
    }
    found |= {name: sequential_scans_when_avoidable(qs) for name, qs in index_usable.items()}
    assert {name: tables for name, tables in found.items() if tables} == {}
