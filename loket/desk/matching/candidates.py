"""Ranking and explaining candidates for a vacancy (vacancies for a candidate: ``ranking.py``)."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from kandidaten.models import Candidate
from loket.core.geo import distance_km_expression
from loket.core.models import Subject
from loket.desk.matching.explain import (
    MatchExplanation,
    _distance_part,
    _explanation,
    _hours_part,
    _level_part,
    _sector_part,
    _start_part,
    _subject_part,
    _switchers_part,
)
from loket.desk.matching.expressions import (
    _annotations,
    _asap_reference,
    _boolean,
    _CandidateSubject,
    _distance_points,
    _hours_points,
    _integer,
    _matchable_q,
    _probe,
    _related_to,
    _score,
    _sector_points,
    _subject_points,
    _SubjectFacts,
    _VacancySubject,
)
from loket.desk.matching.rules import (
    DEFAULT_TRAVEL_KM,
    LEVEL_POINTS,
    NEAR_FACTOR,
    QUALIFIED_LEVELS,
    START_GRACE_DAYS,
    START_GRACE_POINTS,
    WEIGHTS,
    post_kind,
)
from loket.desk.models import OPEN_PROPOSAL_STATUSES, Proposal
from vacatures.models import Vacancy


def _candidate_points(vacancy: Vacancy, facts: _SubjectFacts) -> dict:
    """The points of each part for candidate rows, the vacancy given."""
    school = vacancy.school
    kind = post_kind(vacancy.sectors)
    reference = vacancy.start_date or _asap_reference()
    if school.accepts_career_switchers and vacancy.open_to_career_switchers:
        switchers = _integer(WEIGHTS["switchers"])
    else:
        switchers = Case(
            When(teaching_level__in=QUALIFIED_LEVELS, then=Value(WEIGHTS["switchers"])),
            default=Value(0),
            output_field=IntegerField(),
        )
    return {
        "subject": _subject_points(
            facts, primary_and_po=Q(sectors__contains=["po"]) if kind == "po" else False
        ),
        "sector": _sector_points(
            WEIGHTS["sector"],
            overlap=list(vacancy.sectors),
            special=Q(sectors__overlap=["po", "vo"]) if "so" in vacancy.sectors else None,
        ),
        "level": Case(
            *[
                When(teaching_level=level, then=Value(points))
                for level, points in LEVEL_POINTS[(kind, vacancy.qualification)].items()
            ],
            default=Value(0),
            output_field=IntegerField(),
        ),
        "distance": _distance_points(WEIGHTS["distance"], F("distance_km"), F("travel_km")),
        "hours": _hours_points(vacancy.hours_per_week),
        "start": Case(
            When(
                Q(earliest_start__isnull=True) | Q(earliest_start__lte=reference),
                then=Value(WEIGHTS["start"]),
            ),
            When(
                earliest_start__lte=reference + datetime.timedelta(days=START_GRACE_DAYS),
                then=Value(START_GRACE_POINTS),
            ),
            default=Value(0),
            output_field=IntegerField(),
        ),
        "switchers": switchers,
    }


def rank_candidates_for(vacancy: Vacancy) -> QuerySet[Candidate]:
    """Candidates to propose for a vacancy, best match first: only those of the school's region
    who are matchable (``is_matchable``), and who want to teach the post's subject or a related
    one (or where there is nothing to compare); a candidate without consent is never among
    them. Those who chose other subjects are ``other_candidates_nearby_for``."""
    return _scored_candidates_for(vacancy).filter(points_subject__gt=0)


def other_candidates_nearby_for(vacancy: Vacancy) -> QuerySet[Candidate]:
    """Matchable candidates of the region who chose other subjects, living within reach of the
    school (``NEAR_FACTOR`` × their own maximum), nearest first: shown apart, without a
    score."""
    return (
        _scored_candidates_for(vacancy)
        .filter(points_subject=0, distance_km__lte=F("travel_km") * NEAR_FACTOR)
        .order_by(F("distance_km").asc(), "-pk")
    )


@dataclass(frozen=True)
class CandidateRanking:
    """A vacancy's candidates in order, as primary keys: the matches (best first, as
    ``rank_candidates_for``) and the others nearby (nearest first, as
    ``other_candidates_nearby_for``). The rows to show come from ``candidate_rows_for``."""

    matches: list[int]
    nearby: list[int]


def candidate_ranking_for(vacancy: Vacancy) -> CandidateRanking:
    """``rank_candidates_for`` and ``other_candidates_nearby_for`` from one pass over the
    region's matchable candidates, reading five numbers a row: the page, its count and the
    others nearby each scored the whole region again (three passes, 280 ms at national size)."""
    points = _candidate_points(vacancy, _hashed_facts(vacancy))
    subject = points.pop("subject")  # selected once: in the sum it would be worked out twice
    rows = (
        _region_matchable(vacancy)
        .annotate(subject_points=subject, other_points=_score(points))
        .order_by()
        .values_list("pk", "subject_points", "other_points", "distance_km", "travel_km")
    )
    matches, nearby = [], []
    for pk, subject_points, other_points, distance, travel in rows:
        if subject_points > 0:
            # ORDER BY match_score DESC, distance_km ASC NULLS LAST, pk DESC
            score = subject_points + other_points
            matches.append((-score, distance is None, distance or 0.0, -pk))
        elif distance is not None and distance <= travel * NEAR_FACTOR:
            nearby.append((distance, -pk))
    matches.sort()
    nearby.sort()
    return CandidateRanking([-row[3] for row in matches], [-row[1] for row in nearby])


def candidate_rows_for(vacancy: Vacancy, pks: list[int]) -> list[Candidate]:
    """The rows of these candidates as ``rank_candidates_for`` gives them (every annotation an
    explanation reads), in the order of ``pks``; one who stopped being matchable is left out."""
    if not pks:
        return []
    rows = _scored_candidates_for(vacancy, few=True).filter(pk__in=pks)
    found = {row.pk: row for row in rows}
    return [found[pk] for pk in pks if pk in found]


def _hashed_facts(vacancy: Vacancy) -> _SubjectFacts:
    """The subject facts for scoring many rows. The hashed sets hold only the subjects of the
    school's region's candidates: a few thousand rows that fit work_mem and are hashed once.
    Over the whole country's subjects (400,000 rows at national size) PostgreSQL gives up
    hashing and scans them again for every row."""
    post_subjects = _VacancySubject.objects.filter(vacancy_id=vacancy.pk).values("subject_id")
    region_subjects = _CandidateSubject.objects.filter(
        candidate__region_id=vacancy.school.region_id
    )
    return _SubjectFacts(
        exact=_boolean(
            Q(pk__in=region_subjects.filter(subject_id__in=post_subjects).values("candidate_id"))
        ),
        related=_boolean(
            Q(
                pk__in=region_subjects.filter(subject_id__in=_related_to(post_subjects)).values(
                    "candidate_id"
                )
            )
        ),
        post_has_subjects=Exists(post_subjects),
        # A probe per matchable candidate (an index lookup each) beats joining the region's
        # candidates to every candidate's subjects.
        candidate_has_subjects=Exists(
            _CandidateSubject.objects.filter(candidate_id=OuterRef("pk"))
        ),
    )


def _region_matchable(vacancy: Vacancy) -> QuerySet[Candidate]:
    school = vacancy.school
    return Candidate.objects.filter(_matchable_q(), region_id=school.region_id).annotate(
        distance_km=distance_km_expression(
            school.latitude, school.longitude, lat_field="latitude", lon_field="longitude"
        ),
        travel_km=Greatest(Coalesce("max_travel_km", DEFAULT_TRAVEL_KM), 1),
    )


def _scored_candidates_for(vacancy: Vacancy, *, few: bool = False) -> QuerySet[Candidate]:
    """Every row with its points and facts. The score comes from the hashed subject sets, built
    once for the region; for a handful of rows (``few``) a probe per row is cheaper."""
    post_subjects = _VacancySubject.objects.filter(vacancy_id=vacancy.pk).values("subject_id")
    related = _related_to(post_subjects)
    their_subjects = _CandidateSubject.objects.filter(candidate_id=OuterRef("pk"))
    probed = _SubjectFacts(
        exact=_probe(their_subjects.filter(subject_id__in=post_subjects)),
        related=_probe(their_subjects.filter(subject_id__in=related)),
        post_has_subjects=Exists(post_subjects),
        candidate_has_subjects=_probe(their_subjects),
    )
    open_proposal = Proposal.objects.filter(
        candidate_id=OuterRef("pk"), vacancy_id=vacancy.pk, status__in=OPEN_PROPOSAL_STATUSES
    )
    subjects = Subject.objects.annotate(
        in_common=_boolean(Q(pk__in=post_subjects)),
        related_in_common=_boolean(Q(pk__in=related)),
    ).order_by("name")
    return (
        _region_matchable(vacancy)
        .annotate(
            subject_exact=probed.exact,
            subject_related=probed.related,
            post_has_subjects=probed.post_has_subjects,
            candidate_has_subjects=probed.candidate_has_subjects,
            **_annotations(_candidate_points(vacancy, probed)),
            match_score=_score(
                _candidate_points(vacancy, probed if few else _hashed_facts(vacancy))
            ),
            already_proposed=Exists(open_proposal),
        )
        .order_by("-match_score", F("distance_km").asc(nulls_last=True), "-pk")
        .prefetch_related(Prefetch("subjects", queryset=subjects))
    )


def explain_candidate_match(vacancy: Vacancy, candidate_row: Candidate) -> MatchExplanation:
    """Why a row of ``rank_candidates_for(vacancy)`` scores what it scores, for the desk.
    No queries beyond the vacancy's school (cached on the vacancy after the first access)."""
    row = candidate_row
    return _explanation(
        [
            _subject_part(
                row,
                post_subjects=[],
                candidate_subjects=list(row.subjects.all()),
                row_is_vacancy=False,
            ),
            _sector_part(
                row.points_sector,
                WEIGHTS["sector"],
                row_sectors=vacancy.sectors,
                candidate_sectors=row.sectors,
            ),
            _level_part(
                row.points_level,
                kind=post_kind(vacancy.sectors),
                qualification=vacancy.qualification,
                level=row.teaching_level,
            ),
            _distance_part(
                row.points_distance,
                WEIGHTS["distance"],
                distance=row.distance_km,
                max_km=row.travel_km,
            ),
            _hours_part(row.points_hours, wanted=row.hours_per_week, post=vacancy.hours_per_week),
            _start_part(row.points_start, start=vacancy.start_date, earliest=row.earliest_start),
            _switchers_part(
                row.points_switchers,
                WEIGHTS["switchers"],
                level=row.teaching_level,
                school_takes=vacancy.school.accepts_career_switchers,
                post_open=vacancy.open_to_career_switchers,
            ),
        ]
    )
