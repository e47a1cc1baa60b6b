"""Explanations: the score taken apart, the misses named, and no queries per row."""

import datetime

import pytest
import time_machine
from django.utils import translation

from kandidaten.models import TeachingLevel
from loket.desk.matching import (
    SCHOOL_WEIGHTS,
    WEIGHTS,
    explain_candidate_match,
    explain_school_match,
    explain_vacancy_match,
    other_candidates_nearby_for,
    rank_candidates_for,
    rank_schools_for,
    rank_vacancies_for,
)
from tests.factories import SubjectFactory
from tests.matching.factories import matchable_candidate, school_at, vacancy_at
from tests.vacatures.factories import VacancyFactory
from vacatures.models import Qualification

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 1, 15, 10, 0), tick=False):
        yield


@pytest.fixture
def maths(db):
    return SubjectFactory(name="Wiskunde", slug="m-wiskunde")


@pytest.fixture
def physics(maths):
    physics = SubjectFactory(name="Natuurkunde", slug="m-natuurkunde")
    physics.related.add(maths)
    return physics


def texts(parts) -> dict[str, str]:
    return {part.key: str(part.text) for part in parts}


def assert_adds_up(explanation, row, weights=WEIGHTS):
    assert explanation.score == sum(part.points for part in explanation.parts)
    assert explanation.score == row.match_score
    assert [part.key for part in explanation.parts] == list(weights)
    assert [part.max_points for part in explanation.parts] == list(weights.values())
    for part in explanation.parts:
        assert part.points == getattr(row, f"points_{part.key}")
        assert 0 <= part.points <= part.max_points


def test_a_poor_match_names_every_part_that_does_not_fit(region, maths, physics):
    candidate = matchable_candidate(
        region,
        subjects=[maths],
        sectors=["vo"],
        teaching_level=TeachingLevel.ROUTE_SECOND,
        hours_per_week=24,
        max_travel_km=25,
        earliest_start=datetime.date(2026, 5, 1),
    )
    vacancy_at(
        region,
        32,  # 32 km: beyond 25, within 1.5 × 25
        subjects=[physics],
        qualification=Qualification.FIRST_GRADE,
        hours_per_week=32,
        start_date=datetime.date(2026, 3, 1),
        closing_date=datetime.date(2026, 3, 1),
        school_kwargs={"accepts_career_switchers": False},
    )
    row = rank_vacancies_for(candidate).get()

    with translation.override("en"):
        explanation = explain_vacancy_match(candidate, row)
        misses = texts(explanation.misses)
        fits = texts(explanation.fits)

    assert_adds_up(explanation, row)
    assert fits == {"sector": "Sector in common: VO"}
    assert misses == {
        "subject": "Only a related subject: Natuurkunde",
        "level": "Post needs first grade; the candidate can train for second grade only",
        "distance": "32.0 km away: 7.0 km beyond the 25 km the candidate wants to travel",
        "hours": "Wants 24 hours, post is 32 (8 more)",
        "start": "Start 1 March; the candidate can start from 1 May (2 months later)",
        "switchers": "The school does not take career switchers",
    }
    assert [p.points for p in explanation.parts] == [15, 15, 5, 5, 5, 0, 0]
    assert explanation.score == 45


def test_a_good_match_says_what_fits_and_speaks_to_the_candidate(region, maths):
    candidate = matchable_candidate(
        region,
        subjects=[maths],
        teaching_level=TeachingLevel.ROUTE_FIRST,
        hours_per_week=24,
        max_travel_km=25,
        earliest_start=datetime.date(2026, 2, 1),
    )
    vacancy_at(
        region,
        12.4,
        subjects=[maths],
        qualification=Qualification.FIRST_GRADE,
        hours_per_week=22,
        start_date=datetime.date(2026, 3, 1),
        closing_date=datetime.date(2026, 3, 1),
    )
    row = rank_vacancies_for(candidate).get()

    with translation.override("en"):
        explanation = explain_vacancy_match(candidate, row, for_candidate=True)
        fits = texts(explanation.fits)

    assert_adds_up(explanation, row)
    assert explanation.misses == []
    assert fits == {
        "subject": "Same subject: Wiskunde",
        "sector": "Sector in common: VO",
        "level": "Post needs first grade; you can train for first grade",
        "distance": "12.4 km away, within your 25 km",
        "hours": "You want 24 hours, post is 22 (2 fewer)",
        "start": "Start 1 March; you can start from 1 February",
        "switchers": "The school takes career switchers",
    }


def test_texts_follow_the_language_they_are_shown_in(region, maths):
    candidate = matchable_candidate(region, subjects=[maths])
    vacancy_at(region, 12.4, subjects=[maths])
    with translation.override("en"):
        explanation = explain_vacancy_match(candidate, rank_vacancies_for(candidate).get())
    # Built in English, shown in Dutch: the lazy text formats the number the Dutch way.
    with translation.override("nl"):
        assert "12,4" in str(explanation.parts[3].text)
    with translation.override("en"):
        assert str(explanation.parts[3].label) == "Distance"
        assert str(explanation.parts[3].text).startswith("12.4 km away")


def test_the_candidate_side_names_what_does_not_fit(region, maths):
    vacancy = vacancy_at(
        region,
        0,
        subjects=[maths],
        qualification=Qualification.SECOND_GRADE,
        hours_per_week=24,
        start_date=None,
        open_to_career_switchers=False,
    )
    matchable_candidate(
        region,
        km=60,
        subjects=[SubjectFactory(name="Geschiedenis", slug="m-geschiedenis")],
        sectors=["mbo"],
        teaching_level=TeachingLevel.NO_DEGREE,
        hours_per_week=None,
        max_travel_km=50,
        earliest_start=datetime.date(2026, 9, 1),
    )
    # Another subject: no match, so only among the others nearby, explained all the same.
    assert not rank_candidates_for(vacancy).exists()
    row = other_candidates_nearby_for(vacancy).get()

    with translation.override("en"):
        explanation = explain_candidate_match(vacancy, row)
        misses = texts(explanation.misses)

    assert_adds_up(explanation, row)
    assert explanation.score == 10  # the unknown hours, and near though beyond the maximum
    assert misses == {
        "subject": "No subject in common: the candidate chose Geschiedenis",
        "sector": "The post is in VO; the candidate chose MBO",
        "level": "Post needs second grade; the candidate needs an hbo or wo degree first",
        "distance": "60.0 km away: 10.0 km beyond the 50 km the candidate wants to travel",
        "hours": "Hours unknown: the candidate did not say; post is 24",
        "start": "Starts as soon as possible; the candidate can only start from 1 September",
        "switchers": "This post is not open to career switchers",
    }


def test_the_candidate_side_explains_a_good_match(region, maths, physics):
    vacancy = vacancy_at(region, 0, subjects=[maths], hours_per_week=24)
    matchable_candidate(
        region,
        km=5,
        subjects=[physics],
        teaching_level=TeachingLevel.QUALIFIED_SECOND,
        hours_per_week=20,
    )
    row = rank_candidates_for(vacancy).get()
    with translation.override("en"):
        explanation = explain_candidate_match(vacancy, row)
        all_texts = texts(explanation.parts)
    assert_adds_up(explanation, row)
    assert [part.key for part in explanation.misses] == ["subject"]
    assert all_texts["subject"] == "Only a related subject: Natuurkunde"
    assert all_texts["distance"] == ("5.0 km away, within the 25 km the candidate wants to travel")
    assert all_texts["hours"] == "Wants 20 hours, post is 24 (4 more)"
    assert all_texts["switchers"] == "Already qualified: no career-switcher place needed"


def test_distance_unknown_is_a_miss(region, maths):
    vacancy = vacancy_at(region, subjects=[maths])
    abroad = matchable_candidate(region, subjects=[maths], lives_abroad=True)
    abroad.latitude = abroad.longitude = None
    abroad.save()
    with translation.override("en"):
        explanation = explain_vacancy_match(abroad, rank_vacancies_for(abroad).get())
        assert texts(explanation.misses)["distance"] == (
            "Distance unknown: no home location in the Netherlands"
        )
        explanation = explain_candidate_match(vacancy, rank_candidates_for(vacancy).get())
        assert "distance" in texts(explanation.misses)


def test_primary_and_mbo_specifics_are_explained(region):
    primary = matchable_candidate(region, sectors=["po"], teaching_level=TeachingLevel.ROUTE_SECOND)
    post = vacancy_at(
        region,
        subjects=[],
        qualification=Qualification.SECOND_GRADE,
        school_kwargs={"primary": True},
    )
    row = rank_candidates_for(post).get()
    with translation.override("en"):
        all_texts = texts(explain_candidate_match(post, row).parts)
    assert all_texts["subject"] == "General primary post: a groepsleerkracht teaches every subject"
    assert all_texts["level"] == (
        "Post needs a qualified primary teacher; the candidate can train for primary school"
    )
    assert row.points_level == 10
    assert primary.pk == row.pk

    instructor = matchable_candidate(
        region, sectors=["mbo"], teaching_level=TeachingLevel.NO_DEGREE
    )
    mbo_post = vacancy_at(
        region,
        qualification=Qualification.IN_TRAINING,
        school_kwargs={"sectors": ["mbo"], "school_types": ["mbo"]},
    )
    row = rank_candidates_for(mbo_post).get(pk=instructor.pk)
    with translation.override("en"):
        level = texts(explain_candidate_match(mbo_post, row).parts)["level"]
    assert row.points_level == 5
    assert level == (
        "Post is open to someone in training; "
        "the candidate has no hbo or wo degree: an instructor role may fit"
    )


def test_a_school_explanation_adds_up_and_names_its_misses(region):
    candidate = matchable_candidate(region, sectors=["vo"], max_travel_km=20)
    school_at(region, 25, primary=True, accepts_career_switchers=False)
    row = rank_schools_for(candidate).get()
    with translation.override("en"):
        explanation = explain_school_match(candidate, row, for_candidate=True)
        misses = texts(explanation.misses)
    assert_adds_up(explanation, row, SCHOOL_WEIGHTS)
    assert misses == {
        "sector": "The school is in PO; you chose VO",
        "distance": "25.0 km away: 5.0 km beyond your 20 km",
        "switchers": "The school does not take career switchers",
    }
    assert explanation.score == 14


# --- Queries: a constant number however many rows -------------------------------------------------


def test_ranking_vacancies_takes_the_same_queries_for_5_and_50_rows(
    region, maths, physics, django_assert_num_queries
):
    candidate = matchable_candidate(region, subjects=[maths])

    def add(n):
        for i in range(n):
            vacancy_at(region, i % 40, subjects=[maths, physics] if i % 2 else [physics])

    def evaluate():
        rows = list(rank_vacancies_for(candidate))
        for row in rows:
            explanation = explain_vacancy_match(candidate, row)
            [str(part.text) for part in explanation.parts]
            [subject.name for subject in row.subjects.all()]
            str(row.school)
        return rows

    add(5)
    with django_assert_num_queries(2):  # the vacancies with their schools; their subjects
        assert len(evaluate()) == 5
    add(45)
    with django_assert_num_queries(2):
        assert len(evaluate()) == 50


def test_ranking_candidates_takes_the_same_queries_for_5_and_50_rows(
    region, maths, physics, django_assert_num_queries
):
    vacancy = vacancy_at(region, subjects=[maths])

    def add(n):
        for i in range(n):
            matchable_candidate(region, km=i % 40, subjects=[maths] if i % 2 else [physics])

    def evaluate():
        rows = list(rank_candidates_for(vacancy))
        for row in rows:
            explanation = explain_candidate_match(vacancy, row)
            [str(part.text) for part in explanation.parts]
            [subject.name for subject in row.subjects.all()]
        return rows

    add(5)
    with django_assert_num_queries(2):  # the candidates; their subjects
        assert len(evaluate()) == 5
    add(45)
    with django_assert_num_queries(2):
        assert len(evaluate()) == 50


def test_ranking_schools_takes_one_query(region, django_assert_num_queries):
    candidate = matchable_candidate(region)
    for i in range(20):
        school_at(region, i)
    VacancyFactory(school=school_at(region, 1), published=True)
    with django_assert_num_queries(1):
        rows = list(rank_schools_for(candidate))
        for row in rows:
            [str(part.text) for part in explain_school_match(candidate, row).parts]
    assert len(rows) == 20
