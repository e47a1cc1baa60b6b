"""Ranking in the database: hand-built cases whose order is known, and the hard filters."""

import pytest

from kandidaten.models import Candidate, Phase, TeachingLevel
from loket.desk.matching import (
    LEVEL_POINTS,
    MATCHABLE_PHASES,
    SCHOOL_WEIGHTS,
    WEIGHTS,
    is_matchable,
    other_candidates_nearby_for,
    other_vacancies_nearby_for,
    post_kind,
    rank_candidates_for,
    rank_schools_for,
    rank_vacancies_for,
)
from loket.desk.models import Proposal, ProposalStatus
from tests.factories import SubjectFactory
from tests.matching.factories import matchable_candidate, school_at, vacancy_at
from tests.vacatures.factories import VacancyFactory, in_days
from vacatures.models import Qualification, Vacancy, VacancyStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def maths(db):
    return SubjectFactory(name="Wiskunde", slug="m-wiskunde")


@pytest.fixture
def physics(maths):
    physics = SubjectFactory(name="Natuurkunde", slug="m-natuurkunde")
    physics.related.add(maths)
    return physics


@pytest.fixture
def history(db):
    return SubjectFactory(name="Geschiedenis", slug="m-geschiedenis")


def test_the_weights_add_up_to_100():
    assert sum(WEIGHTS.values()) == 100
    assert sum(SCHOOL_WEIGHTS.values()) == 100


def test_the_level_matrix_covers_every_post_and_every_candidate():
    for kind in ("po", "vo", "mbo"):
        for qualification in Qualification.values:
            row = LEVEL_POINTS[(kind, qualification)]
            assert set(row) == set(TeachingLevel.values)
            assert all(0 <= points <= WEIGHTS["level"] for points in row.values())


def test_a_closer_better_fitting_vacancy_ranks_above_a_farther_one(region, maths):
    candidate = matchable_candidate(region, subjects=[maths], hours_per_week=24)
    far = vacancy_at(region, 40, subjects=[maths], hours_per_week=40)
    near = vacancy_at(region, 5, subjects=[maths], hours_per_week=24)
    middle = vacancy_at(region, 20, subjects=[maths], hours_per_week=24)

    rows = list(rank_vacancies_for(candidate))

    assert [row.pk for row in rows] == [near.pk, middle.pk, far.pk]
    assert rows[0].match_score > rows[1].match_score > rows[2].match_score
    assert rows[0].distance_km == pytest.approx(5, abs=0.2)
    assert rows[2].points_distance == 0  # 40 km is beyond 1.5 × 25 km


def test_on_equal_scores_the_nearer_post_comes_first_then_the_newest(region, maths):
    candidate = matchable_candidate(region, subjects=[maths], max_travel_km=100)
    # Within 100 km, 1 km makes no difference in points (both round to 15).
    far = vacancy_at(region, 1.2, subjects=[maths])
    near = vacancy_at(region, 0.2, subjects=[maths])
    rows = list(rank_vacancies_for(candidate))
    assert rows[0].match_score == rows[1].match_score
    assert [row.pk for row in rows] == [near.pk, far.pk]

    same_school = vacancy_at(region, 0, subjects=[maths])
    twin = VacancyFactory(school=same_school.school, subjects=[maths], published=True)
    rows = list(rank_vacancies_for(candidate))
    assert [row.pk for row in rows[:2]] == [twin.pk, same_school.pk]


def test_exact_subject_beats_related_and_another_subject_is_no_match(
    region, maths, physics, history
):
    candidate = matchable_candidate(region, subjects=[maths])
    other = vacancy_at(region, subjects=[history])
    related = vacancy_at(region, subjects=[physics])
    exact = vacancy_at(region, subjects=[maths, history])

    rows = list(rank_vacancies_for(candidate))

    assert [row.pk for row in rows] == [exact.pk, related.pk]
    assert [row.points_subject for row in rows] == [30, 15]
    assert [(row.subject_exact, row.subject_related) for row in rows] == [
        (True, False),
        (False, True),
    ]
    assert [row.pk for row in other_vacancies_nearby_for(candidate)] == [other.pk]


def test_candidates_with_the_exact_subject_beat_related_and_others_are_no_match(
    region, maths, physics, history
):
    vacancy = vacancy_at(region, subjects=[maths])
    other = matchable_candidate(region, subjects=[history])
    related = matchable_candidate(region, subjects=[physics, history])
    exact = matchable_candidate(region, subjects=[maths])

    rows = list(rank_candidates_for(vacancy))

    assert [row.pk for row in rows] == [exact.pk, related.pk]
    assert [row.points_subject for row in rows] == [30, 15]
    assert [row.pk for row in other_candidates_nearby_for(vacancy)] == [other.pk]


def test_a_first_grade_post_ranks_route_first_above_route_second(region, maths):
    vacancy = vacancy_at(region, subjects=[maths], qualification=Qualification.FIRST_GRADE)
    second = matchable_candidate(
        region, subjects=[maths], teaching_level=TeachingLevel.ROUTE_SECOND
    )
    first = matchable_candidate(region, subjects=[maths], teaching_level=TeachingLevel.ROUTE_FIRST)
    qualified = matchable_candidate(
        region, subjects=[maths], teaching_level=TeachingLevel.QUALIFIED_FIRST
    )

    rows = list(rank_candidates_for(vacancy))

    assert [row.pk for row in rows] == [qualified.pk, first.pk, second.pk]
    assert [row.points_level for row in rows] == [20, 15, 5]


def test_a_general_primary_post_fits_a_candidate_who_chose_primary(region, maths):
    post = vacancy_at(
        region, subjects=[], school_kwargs={"primary": True}, qualification="in_training"
    )
    primary = matchable_candidate(region, sectors=["po"])
    secondary = matchable_candidate(region, sectors=["vo"], subjects=[maths])

    rows = {row.pk: row for row in rank_candidates_for(post)}

    assert rows[primary.pk].points_subject == 30
    assert rows[primary.pk].points_sector == 15
    assert rows[secondary.pk].points_subject == 15  # nothing to compare
    assert rows[secondary.pk].points_sector == 0
    assert rank_vacancies_for(primary).get().points_subject == 30


def test_a_special_school_counts_partly_for_po_and_vo_candidates(region, maths):
    candidate = matchable_candidate(region, sectors=["vo"], subjects=[maths])
    vacancy_at(region, subjects=[maths], school_kwargs={"sectors": ["so"], "school_types": ["so"]})
    assert rank_vacancies_for(candidate).get().points_sector == 10


def test_a_perfect_match_scores_100(region, maths):
    candidate = matchable_candidate(
        region,
        subjects=[maths],
        teaching_level=TeachingLevel.QUALIFIED_SECOND,
        hours_per_week=24,
        earliest_start=in_days(10),
    )
    vacancy_at(region, 0, subjects=[maths], hours_per_week=24, start_date=in_days(30))
    assert rank_vacancies_for(candidate).get().match_score == 100


def test_hours_and_start_points(region, maths):
    candidate = matchable_candidate(
        region, subjects=[maths], hours_per_week=24, earliest_start=in_days(40)
    )
    close = vacancy_at(region, hours_per_week=28, start_date=in_days(60), subjects=[maths])
    near = vacancy_at(region, hours_per_week=32, start_date=in_days(20), subjects=[maths])
    far = vacancy_at(region, hours_per_week=40, start_date=in_days(5), subjects=[maths])
    asap = vacancy_at(region, hours_per_week=16, start_date=None, subjects=[maths])

    rows = {row.pk: row for row in rank_vacancies_for(candidate)}

    assert (rows[close.pk].points_hours, rows[close.pk].points_start) == (10, 5)
    assert (rows[near.pk].points_hours, rows[near.pk].points_start) == (5, 2)
    assert (rows[far.pk].points_hours, rows[far.pk].points_start) == (0, 0)
    # As soon as possible reads as a month from now: 40 days is 10 days late.
    assert (rows[asap.pk].points_hours, rows[asap.pk].points_start) == (5, 2)


def test_career_switchers_count_unless_the_candidate_is_qualified(region, maths):
    closed_school = vacancy_at(
        region, subjects=[maths], school_kwargs={"accepts_career_switchers": False}
    )
    closed_post = vacancy_at(region, subjects=[maths], open_to_career_switchers=False)
    open_post = vacancy_at(region, subjects=[maths])
    switcher = matchable_candidate(region, subjects=[maths])
    qualified = matchable_candidate(
        region, subjects=[maths], teaching_level=TeachingLevel.QUALIFIED_SECOND
    )

    rows = {row.pk: row.points_switchers for row in rank_vacancies_for(switcher)}
    assert rows == {closed_school.pk: 0, closed_post.pk: 0, open_post.pk: 5}
    rows = {row.pk: row.points_switchers for row in rank_vacancies_for(qualified)}
    assert rows == {closed_school.pk: 5, closed_post.pk: 5, open_post.pk: 5}
    rows = {row.pk: row.points_switchers for row in rank_candidates_for(closed_post)}
    assert rows == {switcher.pk: 0, qualified.pk: 5}


def test_a_candidate_without_a_home_location_ranks_with_distance_unknown(region, maths):
    vacancy = vacancy_at(region, 30, subjects=[maths])
    abroad = matchable_candidate(region, subjects=[maths], lives_abroad=True)
    Candidate.objects.filter(pk=abroad.pk).update(latitude=None, longitude=None)
    abroad.refresh_from_db()
    nearby = matchable_candidate(region, subjects=[maths], km=30)

    rows = list(rank_candidates_for(vacancy))
    assert [row.pk for row in rows] == [nearby.pk, abroad.pk]
    assert rows[1].distance_km is None and rows[1].points_distance == 0

    row = rank_vacancies_for(abroad).get()
    assert row.distance_km is None and row.points_distance == 0


def test_candidate_without_consent_never_appears_and_sees_nothing(region, maths):
    vacancy = vacancy_at(region, subjects=[maths])
    school_at(region)  # a school without a vacancy
    shown = matchable_candidate(region, subjects=[maths])
    hidden = matchable_candidate(region, subjects=[maths], consent_region_schools=False)

    assert [row.pk for row in rank_candidates_for(vacancy)] == [shown.pk]
    assert not is_matchable(hidden)
    assert list(rank_vacancies_for(hidden)) == []
    assert list(rank_schools_for(hidden)) == []
    assert rank_vacancies_for(shown).count() == 1


def test_candidates_of_another_region_never_appear(region, other_region, maths):
    vacancy = vacancy_at(region, subjects=[maths])
    ours = matchable_candidate(region, subjects=[maths])
    matchable_candidate(other_region, subjects=[maths], consent_other_regions=True)
    assert [row.pk for row in rank_candidates_for(vacancy)] == [ours.pk]


@pytest.mark.parametrize("phase", [p for p in Phase.values if p not in MATCHABLE_PHASES], ids=str)
def test_phases_outside_the_matchable_ones_never_appear(region, maths, phase):
    vacancy = vacancy_at(region, subjects=[maths])
    extra = {"paused_until": in_days(30)} if phase == Phase.GEPAUZEERD else {}
    candidate = matchable_candidate(region, subjects=[maths], phase=phase, **extra)
    assert not is_matchable(candidate)
    assert list(rank_candidates_for(vacancy)) == []


@pytest.mark.parametrize("phase", MATCHABLE_PHASES, ids=str)
def test_matchable_phases_appear(region, maths, phase):
    vacancy = vacancy_at(region, subjects=[maths])
    candidate = matchable_candidate(region, subjects=[maths], phase=phase)
    assert is_matchable(candidate)
    assert [row.pk for row in rank_candidates_for(vacancy)] == [candidate.pk]


def test_an_unfinished_registration_never_appears(region, maths):
    vacancy = vacancy_at(region, subjects=[maths])
    candidate = matchable_candidate(region, subjects=[maths], registration_step=4)
    assert not is_matchable(candidate)
    assert list(rank_candidates_for(vacancy)) == []


def test_is_matchable_is_the_same_rule_as_the_database_filter(region, maths):
    vacancy = vacancy_at(region, subjects=[maths])
    variants = [
        {},
        {"consent_region_schools": False},
        {"registration_step": 4},
        {"registration_step": 6},
        {"phase": Phase.INTERESSE},
        {"phase": Phase.MATCHING},
        {"phase": Phase.GESTART},
        {"phase": Phase.GEPAUZEERD, "paused_until": in_days(10)},
    ]
    candidates = [matchable_candidate(region, **variant) for variant in variants]
    ranked = {row.pk for row in rank_candidates_for(vacancy)}
    assert {c.pk for c in candidates if is_matchable(c)} == ranked
    assert len(ranked) == 3


@pytest.mark.parametrize(
    "status", [VacancyStatus.DRAFT, VacancyStatus.CLOSED, VacancyStatus.FILLED]
)
def test_vacancies_that_are_not_published_never_appear(region, maths, status):
    candidate = matchable_candidate(region, subjects=[maths])
    published = vacancy_at(region, subjects=[maths])
    vacancy_at(region, subjects=[maths], published=False, status=status)
    assert [row.pk for row in rank_vacancies_for(candidate)] == [published.pk]


def test_vacancies_of_another_region_never_appear(region, other_region, maths):
    candidate = matchable_candidate(region, subjects=[maths])
    ours = vacancy_at(region, subjects=[maths])
    vacancy_at(other_region, subjects=[maths])
    assert [row.pk for row in rank_vacancies_for(candidate)] == [ours.pk]


def test_already_proposed_marks_open_proposals_only(region, maths):
    candidate = matchable_candidate(region, subjects=[maths])
    proposed, declined, untouched = (vacancy_at(region, subjects=[maths]) for _ in range(3))
    Proposal.objects.create(
        candidate=candidate, vacancy=proposed, school=proposed.school, motivation="Past goed."
    )
    Proposal.objects.create(
        candidate=candidate,
        vacancy=declined,
        school=declined.school,
        motivation="Past goed.",
        status=ProposalStatus.DECLINED,
        decline_reason="profile",
    )

    rows = {row.pk: row.already_proposed for row in rank_vacancies_for(candidate)}
    assert rows == {proposed.pk: True, declined.pk: False, untouched.pk: False}
    assert rank_candidates_for(proposed).get().already_proposed is True
    assert rank_candidates_for(untouched).get().already_proposed is False


def test_schools_without_a_published_vacancy_are_ranked_for_introductions(region, other_region):
    candidate = matchable_candidate(region, sectors=["vo"])
    with_post = vacancy_at(region, 1).school
    draft_only = vacancy_at(region, 2, published=False).school
    near = school_at(region, 3)
    far_po = school_at(region, 30, primary=True, accepts_career_switchers=False)
    school_at(other_region, 1)

    rows = list(rank_schools_for(candidate))

    assert [row.pk for row in rows] == [draft_only.pk, near.pk, far_po.pk]
    assert with_post.pk not in {row.pk for row in rows}
    assert rows[0].match_score <= 100
    assert rows[0].points_sector == SCHOOL_WEIGHTS["sector"]
    assert (rows[2].points_sector, rows[2].points_switchers) == (0, 0)
    assert rows[2].points_distance == round(SCHOOL_WEIGHTS["distance"] / 3)


def test_a_school_next_door_that_takes_switchers_scores_100(region):
    candidate = matchable_candidate(region, sectors=["vo"])
    school_at(region, 0)
    assert rank_schools_for(candidate).get().match_score == 100


def test_schools_mark_an_open_introduction_as_already_proposed(region):
    candidate = matchable_candidate(region)
    introduced, other = school_at(region, 1), school_at(region, 2)
    Proposal.objects.create(candidate=candidate, school=introduced, motivation="Open sollicitatie")
    rows = {row.pk: row.already_proposed for row in rank_schools_for(candidate)}
    assert rows == {introduced.pk: True, other.pk: False}


@pytest.mark.parametrize(
    "sectors",
    [["po"], ["po", "so"], ["so"], ["vo"], ["mbo"], ["vo", "mbo"], ["po", "vo"], []],
    ids=lambda s: "+".join(s) or "none",
)
def test_the_kind_of_post_is_the_same_in_python_and_in_sql(region, sectors, maths):
    candidate = matchable_candidate(region, subjects=[maths])
    vacancy = vacancy_at(region, sectors=sectors, subjects=[maths])
    assert rank_vacancies_for(candidate).get(pk=vacancy.pk).post_kind == post_kind(sectors)


def test_ranking_never_loads_rows_it_does_not_show(region, maths):
    """The score is SQL: slicing the queryset limits the query, the rest stays in the database."""
    candidate = matchable_candidate(region, subjects=[maths])
    for km in range(12):
        vacancy_at(region, km, subjects=[maths])
    queryset = rank_vacancies_for(candidate)[:5]
    assert "LIMIT 5" in str(queryset.query)
    assert "match_score" in str(queryset.query)
    assert len(list(queryset)) == 5
    assert Vacancy.objects.count() == 12


def test_subjects_unknown_to_both_sides_do_not_break_the_ranking(region):
    candidate = matchable_candidate(region, subjects=[])
    vacancy_at(region, subjects=[])
    row = rank_vacancies_for(candidate).get()
    assert row.points_subject == 15
    assert not row.post_has_subjects and not row.candidate_has_subjects


def _expected_distance_points(km: float, max_km: float, full: int) -> int:
    if km <= max_km:
        return round(full - full / 3 * km / max_km)
    return round(full / 3) if km <= 1.5 * max_km else 0


DISTANCES = [0.3, 1.2, 2.0, 4.4, 6.1, 9.9, 12.6, 15.0, 18.3, 21.1, 24.7, 25.4, 31.0, 37.2, 38.1, 80]


def test_distance_points_slide_with_the_distance_as_the_rule_says(region):
    candidate = matchable_candidate(region, max_travel_km=25)
    for km in DISTANCES:
        vacancy_at(region, km)
        school_at(region, km)
    for rows, full in [
        (rank_vacancies_for(candidate), WEIGHTS["distance"]),
        (rank_schools_for(candidate), SCHOOL_WEIGHTS["distance"]),
    ]:
        got = [(round(row.distance_km, 1), row.points_distance) for row in rows]
        assert sorted(got) == [(km, _expected_distance_points(km, 25, full)) for km in DISTANCES]


def test_the_one_pass_ranking_gives_the_order_of_the_ranking_queries(
    region, maths, physics, history
):
    """The vacancy's matching page ranks in one pass over the region and fetches only the rows
    it shows; its order must be the ranking queries' order, ties and unknown distances too."""
    import random  # noqa: PLC0415

    from loket.desk.matching import candidate_ranking_for, candidate_rows_for  # noqa: PLC0415

    rng = random.Random(13)
    vacancy = vacancy_at(region, subjects=[maths], hours_per_week=24)
    for _ in range(30):
        candidate = matchable_candidate(
            region,
            subjects=rng.choice([[maths], [physics], [history], [], [maths, history]]),
            km=rng.choice([0, 0, 3, 12, 30, 45]),
            max_travel_km=rng.choice([None, 10, 25]),
            hours_per_week=rng.choice([None, 16, 24, 36]),
        )
        if rng.random() < 0.15:  # lives abroad: no home location, distance unknown
            Candidate.objects.filter(pk=candidate.pk).update(latitude=None, longitude=None)

    ranking = candidate_ranking_for(vacancy)

    ranked = [row.pk for row in rank_candidates_for(vacancy)]
    nearby = [row.pk for row in other_candidates_nearby_for(vacancy)]
    assert ranking.matches == ranked and ranking.nearby == nearby
    assert len(ranked) > 10 and nearby  # the set has both, with ties on score
    scores = [row.match_score for row in rank_candidates_for(vacancy)]
    assert len(set(scores)) < len(scores)
    rows = candidate_rows_for(vacancy, ranked[3:8])
    assert [row.pk for row in rows] == ranked[3:8]
    assert [row.match_score for row in rows] == scores[3:8]
