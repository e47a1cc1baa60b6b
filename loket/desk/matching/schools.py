"""Ranking and explaining schools without a published vacancy for a candidate (an open
introduction)."""

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When

from kandidaten.models import Candidate
from loket.core.models import School
from loket.desk.matching.explain import (
    MatchExplanation,
    _distance_part,
    _explanation,
    _sector_part,
    _switchers_part,
)
from loket.desk.matching.expressions import (
    _annotations,
    _distance_points,
    _home_distance,
    _integer,
    _score,
    _sector_points,
)
from loket.desk.matching.rules import DEFAULT_TRAVEL_KM, QUALIFIED_LEVELS, SCHOOL_WEIGHTS
from loket.desk.models import OPEN_PROPOSAL_STATUSES, Proposal
from vacatures.models import Vacancy, open_vacancy_q

# --- Candidate → schools without a vacancy --------------------------------------------------------


def rank_schools_for(candidate: Candidate) -> QuerySet[School]:
    """Schools of the candidate's region without a published vacancy, for an open introduction;
    scored on sector, distance and career switchers (``SCHOOL_WEIGHTS``). The same consent rule
    as ``rank_vacancies_for``."""
    if not candidate.consent_region_schools or candidate.region_id is None:
        return School.objects.none()
    full_switchers = SCHOOL_WEIGHTS["switchers"]
    if candidate.teaching_level in QUALIFIED_LEVELS:
        switchers = _integer(full_switchers)
    else:
        switchers = Case(
            When(accepts_career_switchers=True, then=Value(full_switchers)),
            default=Value(0),
            output_field=IntegerField(),
        )
    sectors = list(candidate.sectors)
    points = {
        "sector": _sector_points(
            SCHOOL_WEIGHTS["sector"],
            overlap=sectors,
            special=Q(sectors__contains=["so"]) if {"po", "vo"} & set(sectors) else None,
        ),
        "distance": _distance_points(
            SCHOOL_WEIGHTS["distance"],
            F("distance_km"),
            candidate.max_travel_km or DEFAULT_TRAVEL_KM,
        ),
        "switchers": switchers,
    }
    published = Vacancy.objects.filter(open_vacancy_q(), school_id=OuterRef("pk"))
    open_proposal = Proposal.objects.filter(
        candidate_id=candidate.pk,
        school_id=OuterRef("pk"),
        vacancy__isnull=True,
        status__in=OPEN_PROPOSAL_STATUSES,
    )
    return (
        School.objects.filter(~Exists(published), region_id=candidate.region_id)
        .annotate(
            distance_km=_home_distance(candidate, lat_field="latitude", lon_field="longitude")
        )
        .annotate(
            **_annotations(points),
            match_score=_score(points),
            already_proposed=Exists(open_proposal),
        )
        .order_by("-match_score", F("distance_km").asc(nulls_last=True), "-pk")
    )


def explain_school_match(
    candidate: Candidate, school_row: School, *, for_candidate: bool = False
) -> MatchExplanation:
    """Why a row of ``rank_schools_for(candidate)`` scores what it scores. No queries."""
    row, you = school_row, for_candidate
    return _explanation(
        [
            _sector_part(
                row.points_sector,
                SCHOOL_WEIGHTS["sector"],
                row_sectors=row.sectors,
                candidate_sectors=candidate.sectors,
                of_school=True,
                you=you,
            ),
            _distance_part(
                row.points_distance,
                SCHOOL_WEIGHTS["distance"],
                distance=row.distance_km,
                max_km=candidate.max_travel_km or DEFAULT_TRAVEL_KM,
                you=you,
            ),
            _switchers_part(
                row.points_switchers,
                SCHOOL_WEIGHTS["switchers"],
                level=candidate.teaching_level,
                school_takes=row.accepts_career_switchers,
            ),
        ]
    )
