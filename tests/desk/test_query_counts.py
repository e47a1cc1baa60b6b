"""The desk's pages cost the same number of queries for one row and for many, and at most 15
(the goal of issue 13); the national benchmark reads the same counts from the server."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kandidaten.models import Phase
from loket.desk.services.proposals import proposal_send
from tests.desk.conftest import login
from tests.kandidaten.factories import CandidateFactory
from tests.vacatures.factories import VacancyFactory

pytestmark = pytest.mark.django_db
GOAL = 15
# The candidate file is the one page above the goal: each section of the file (timeline,
# contacts, notes, proposals, assessments, referrals, interests, mail, appointments, documents,
# the forms' choices) is a query of its own. Pinned here so it cannot grow.
FILE_QUERIES = 34
MOTIVATION = "Past goed bij de school: ervaren en gemotiveerd."


def count(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return len(queries)


def more_candidates(region, guide, subject, vacancy, n: int) -> None:
    for number in range(n):
        candidate = CandidateFactory(
            region=region,
            guide=guide,
            full_name=f"Noor Extra {number}",
            consent_region_schools=True,
            phase=Phase.MATCHING,
        )
        candidate.subjects.set([subject])
        proposal_send(actor=guide, candidate=candidate, motivation=MOTIVATION, vacancy=vacancy)


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/loket/", {}),
        ("/loket/?q=noor", {}),
        ("/loket/?sort=name", {"HX-Request": "true"}),
        ("/loket/?view=board", {}),
        ("/loket/voorstellen/", {}),
    ],
)
def test_desk_lists_cost_the_same_for_one_and_for_many(
    client, region, guide, subject, vacancy, candidate, path, headers
):
    # One row of each kind first: an empty list skips the queries that fetch the rows' parts.
    proposal_send(actor=guide, candidate=candidate, motivation=MOTIVATION, vacancy=vacancy)
    login(client, guide)
    few = count(client, path, **headers)
    more_candidates(region, guide, subject, vacancy, 12)
    assert count(client, path, **headers) == few
    assert few <= GOAL


def test_matching_pages_cost_the_same_for_one_and_for_many(
    client, region, school, guide, subject, vacancy, candidate
):
    login(client, guide)
    candidate_url = f"/loket/kandidaten/{candidate.pk}/matches/"
    vacancy_url = f"/loket/vacatures/{vacancy.pk}/kandidaten/"
    few = count(client, candidate_url), count(client, vacancy_url)
    for number in range(8):
        VacancyFactory(school=school, title=f"Docent {number}", published=True, subjects=[subject])
    more_candidates(region, guide, subject, vacancy, 8)
    assert (count(client, candidate_url), count(client, vacancy_url)) == few
    assert max(few) <= GOAL


def test_hr_proposals_cost_the_same_for_one_and_for_many(
    client, region, guide, hr, subject, vacancy, candidate
):
    proposal_send(actor=guide, candidate=candidate, motivation=MOTIVATION, vacancy=vacancy)
    login(client, hr)
    few = count(client, "/vacatures/beheer/voorstellen/")
    more_candidates(region, guide, subject, vacancy, 12)
    assert count(client, "/vacatures/beheer/voorstellen/") == few
    assert few <= GOAL


def test_the_candidate_file_costs_a_fixed_number_of_queries(
    client, region, guide, subject, vacancy, candidate
):
    login(client, guide)
    assert count(client, f"/loket/kandidaten/{candidate.pk}/") <= FILE_QUERIES
