"""A post in another subject is no match, in both directions: never among the ranked rows,
listed apart as "nearby" without a score, and its explanation still says what does not fit."""

import pytest
from django.utils import translation

from loket.desk.matching import (
    explain_candidate_match,
    explain_vacancy_match,
    other_candidates_nearby_for,
    other_vacancies_nearby_for,
    rank_candidates_for,
    rank_vacancies_for,
)
from tests.factories import SubjectFactory
from tests.matching.factories import matchable_candidate, vacancy_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def chemistry(db):
    return SubjectFactory(name="Scheikunde", slug="s-scheikunde")


@pytest.fixture
def biology(chemistry):
    biology = SubjectFactory(name="Biologie", slug="s-biologie")
    biology.related.add(chemistry)
    return biology


@pytest.fixture
def english(db):
    return SubjectFactory(name="Engels", slug="s-engels")


@pytest.fixture
def dutch(db):
    return SubjectFactory(name="Nederlands", slug="s-nederlands")


def test_a_chemistry_candidate_is_offered_no_english_or_dutch_posts(
    region, chemistry, biology, english, dutch
):
    candidate = matchable_candidate(region, subjects=[chemistry], hours_per_week=32)
    # Everything else fits the language posts perfectly: the subject alone rules them out.
    english_post = vacancy_at(region, 1, subjects=[english], hours_per_week=32)
    dutch_post = vacancy_at(region, 2, subjects=[dutch], hours_per_week=32)
    chemistry_post = vacancy_at(region, 20, subjects=[chemistry], hours_per_week=16)
    biology_post = vacancy_at(region, 10, subjects=[biology])
    open_post = vacancy_at(region, 30, subjects=[])  # names no subject: nothing to compare

    ranked = list(rank_vacancies_for(candidate))

    assert {row.pk for row in ranked} == {chemistry_post.pk, biology_post.pk, open_post.pk}
    assert all(row.points_subject > 0 for row in ranked)
    others = list(other_vacancies_nearby_for(candidate))
    assert [row.pk for row in others] == [english_post.pk, dutch_post.pk]  # nearest first
    with translation.override("en"):
        misses = {
            part.key: str(part.text) for part in explain_vacancy_match(candidate, others[0]).misses
        }
    assert misses["subject"] == "No subject in common: the post teaches Engels"


def test_an_english_post_is_offered_no_chemistry_candidate(region, chemistry, biology, english):
    post = vacancy_at(region, 0, subjects=[english])
    chemist = matchable_candidate(region, km=3, subjects=[chemistry])
    teacher = matchable_candidate(region, km=20, subjects=[english])
    biologist = matchable_candidate(region, km=1, subjects=[biology])
    undecided = matchable_candidate(region, km=4, subjects=[])

    ranked = list(rank_candidates_for(post))

    assert {row.pk for row in ranked} == {teacher.pk, undecided.pk}
    assert all(row.points_subject > 0 for row in ranked)
    others = list(other_candidates_nearby_for(post))
    assert [row.pk for row in others] == [biologist.pk, chemist.pk]
    with translation.override("en"):
        misses = {
            part.key: str(part.text) for part in explain_candidate_match(post, others[1]).misses
        }
    assert misses["subject"] == "No subject in common: the candidate chose Scheikunde"


def test_other_posts_far_away_are_not_even_listed_as_nearby(region, chemistry, english):
    candidate = matchable_candidate(region, subjects=[chemistry], max_travel_km=20)
    vacancy_at(region, 31, subjects=[english])  # beyond 1.5 × 20 km
    near = vacancy_at(region, 29, subjects=[english])
    assert [row.pk for row in other_vacancies_nearby_for(candidate)] == [near.pk]
    assert list(rank_vacancies_for(candidate)) == []


def test_a_candidate_without_consent_is_not_listed_nearby_either(region, chemistry, english):
    candidate = matchable_candidate(region, subjects=[chemistry], consent_region_schools=False)
    post = vacancy_at(region, 1, subjects=[english])
    vacancy_at(region, 1, subjects=[chemistry])
    assert list(other_vacancies_nearby_for(candidate)) == []
    assert list(other_candidates_nearby_for(post)) == []
