"""Ranking and explaining vacancies for a candidate (candidates for a vacancy:
``candidates.py``; schools without a vacancy: ``schools.py``)."""

import datetime

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

from kandidaten.models import Candidate
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
    MBO_POST,
    PRIMARY_POST,
    _annotations,
    _asap_reference,
    _boolean,
    _CandidateSubject,
    _distance_points,
    _home_distance,
    _hours_points,
    _integer,
    _post_kind_expression,
    _probe,
    _related_to,
    _score,
    _sector_points,
    _start_points_for,
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
)
from loket.desk.models import OPEN_PROPOSAL_STATUSES, Proposal
from vacatures.models import Qualification, Vacancy, open_vacancy_q

# --- Candidate → vacancies ------------------------------------------------------------------------


def _vacancy_points(candidate: Candidate, facts: _SubjectFacts) -> dict:
    """The points of each part for vacancy rows, the candidate given."""
    level = candidate.teaching_level
    by_kind = {
        kind: Case(
            *[
                When(
                    qualification=qualification,
                    then=Value(LEVEL_POINTS[(kind, qualification)][level]),
                )
                for qualification in Qualification.values
            ],
            default=Value(0),
            output_field=IntegerField(),
        )
        for kind in ("po", "mbo", "vo")
    }
    earliest = candidate.earliest_start
    if earliest is None:
        start = _integer(WEIGHTS["start"])
    else:
        start = Case(
            When(
                start_date__isnull=True, then=Value(_start_points_for(_asap_reference(), earliest))
            ),
            When(start_date__gte=earliest, then=Value(WEIGHTS["start"])),
            When(
                start_date__gte=earliest - datetime.timedelta(days=START_GRACE_DAYS),
                then=Value(START_GRACE_POINTS),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    if level in QUALIFIED_LEVELS:
        switchers = _integer(WEIGHTS["switchers"])
    else:
        switchers = Case(
            When(
                school__accepts_career_switchers=True,
                open_to_career_switchers=True,
                then=Value(WEIGHTS["switchers"]),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    sectors = list(candidate.sectors)
    return {
        "subject": _subject_points(
            facts, primary_and_po=PRIMARY_POST if "po" in sectors else False
        ),
        "sector": _sector_points(
            WEIGHTS["sector"],
            overlap=sectors,
            special=Q(sectors__contains=["so"]) if {"po", "vo"} & set(sectors) else None,
        ),
        "level": Case(
            When(PRIMARY_POST, then=by_kind["po"]),
            When(MBO_POST, then=by_kind["mbo"]),
            default=by_kind["vo"],
            output_field=IntegerField(),
        ),
        "distance": _distance_points(
            WEIGHTS["distance"], F("distance_km"), candidate.max_travel_km or DEFAULT_TRAVEL_KM
        ),
        "hours": _hours_points(candidate.hours_per_week),
        "start": start,
        "switchers": switchers,
    }


def rank_vacancies_for(candidate: Candidate) -> QuerySet[Vacancy]:
    """Published vacancies of schools in the candidate's region with a subject in common (or a
    related one, or nothing to compare), best match first.

    A post in another subject is no match however well the rest fits: a chemistry candidate is
    not offered English at 50 out of 100. Those posts are ``other_vacancies_nearby_for``.
    Nothing at all for a candidate who did not consent to be shown to the region's schools (or
    has no region): the view says why.
    """
    if not _may_be_offered(candidate):
        return Vacancy.objects.none()
    return _matches_among(_scored_vacancies_for(candidate))


def other_vacancies_nearby_for(candidate: Candidate) -> QuerySet[Vacancy]:
    """The region's posts in another subject within reach of home (up to ``NEAR_FACTOR`` × the
    candidate's maximum travel distance), nearest first: shown apart, without a score."""
    if not _may_be_offered(candidate):
        return Vacancy.objects.none()
    return _nearby_among(_scored_vacancies_for(candidate), candidate)


def vacancies_for(candidate: Candidate) -> tuple[QuerySet[Vacancy], QuerySet[Vacancy]]:
    """``rank_vacancies_for`` and ``other_vacancies_nearby_for`` together, from one scored
    queryset: its annotations are built once (8 ms at national size), not once for each."""
    if not _may_be_offered(candidate):
        return Vacancy.objects.none(), Vacancy.objects.none()
    scored = _scored_vacancies_for(candidate)
    return _matches_among(scored), _nearby_among(scored, candidate)


def _matches_among(scored: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    return scored.filter(points_subject__gt=0)


def _nearby_among(scored: QuerySet[Vacancy], candidate: Candidate) -> QuerySet[Vacancy]:
    reach = (candidate.max_travel_km or DEFAULT_TRAVEL_KM) * NEAR_FACTOR
    return scored.filter(points_subject=0, distance_km__lte=reach).order_by(
        F("distance_km").asc(), "-pk"
    )


def scored_vacancy_for(candidate: Candidate, vacancy_pk: int) -> Vacancy | None:
    """One post of the region with its points, whether or not it is a match (for the page that
    proposes the candidate and must still say what does not fit)."""
    if not _may_be_offered(candidate):
        return None
    return _scored_vacancies_for(candidate).filter(pk=vacancy_pk).first()


def _may_be_offered(candidate: Candidate) -> bool:
    return candidate.consent_region_schools and candidate.region_id is not None


def _scored_vacancies_for(candidate: Candidate) -> QuerySet[Vacancy]:
    # Subqueries, not lists: the candidate's subjects cost no query of their own.
    wished = _CandidateSubject.objects.filter(candidate_id=candidate.pk).values("subject_id")
    related = _related_to(wished)
    post_subjects = _VacancySubject.objects.filter(vacancy_id=OuterRef("pk"))
    candidate_has_subjects = Exists(wished)
    hashed = _SubjectFacts(
        exact=_boolean(
            Q(pk__in=_VacancySubject.objects.filter(subject_id__in=wished).values("vacancy_id"))
        ),
        related=_boolean(
            Q(pk__in=_VacancySubject.objects.filter(subject_id__in=related).values("vacancy_id"))
        ),
        post_has_subjects=_boolean(Q(pk__in=_VacancySubject.objects.values("vacancy_id"))),
        candidate_has_subjects=candidate_has_subjects,
    )
    probed = _SubjectFacts(
        exact=_probe(post_subjects.filter(subject_id__in=wished)),
        related=_probe(post_subjects.filter(subject_id__in=related)),
        post_has_subjects=_probe(post_subjects),
        candidate_has_subjects=candidate_has_subjects,
    )
    open_proposal = Proposal.objects.filter(
        candidate_id=candidate.pk, vacancy_id=OuterRef("pk"), status__in=OPEN_PROPOSAL_STATUSES
    )
    subjects = Subject.objects.annotate(
        in_common=_boolean(Q(pk__in=wished)), related_in_common=_boolean(Q(pk__in=related))
    ).order_by("name")
    return (
        Vacancy.objects.filter(open_vacancy_q(), school__region_id=candidate.region_id)
        .select_related("school")
        .annotate(
            distance_km=_home_distance(
                candidate, lat_field="school__latitude", lon_field="school__longitude"
            )
        )
        .annotate(
            post_kind=_post_kind_expression(),
            subject_exact=probed.exact,
            subject_related=probed.related,
            post_has_subjects=probed.post_has_subjects,
            candidate_has_subjects=probed.candidate_has_subjects,
            **_annotations(_vacancy_points(candidate, probed)),
            match_score=_score(_vacancy_points(candidate, hashed)),
            already_proposed=Exists(open_proposal),
        )
        .order_by("-match_score", F("distance_km").asc(nulls_last=True), "-pk")
        .prefetch_related(Prefetch("subjects", queryset=subjects))
    )


def explain_vacancy_match(
    candidate: Candidate, vacancy_row: Vacancy, *, for_candidate: bool = False
) -> MatchExplanation:
    """Why a row of ``rank_vacancies_for(candidate)`` scores what it scores. Texts speak of "the
    candidate" (for the desk), or to "you" with ``for_candidate=True``. No queries."""
    row, you = vacancy_row, for_candidate
    subjects = list(row.subjects.all())
    return _explanation(
        [
            _subject_part(
                row,
                post_subjects=subjects,
                candidate_subjects=[],
                row_is_vacancy=True,
                you=you,
            ),
            _sector_part(
                row.points_sector,
                WEIGHTS["sector"],
                row_sectors=row.sectors,
                candidate_sectors=candidate.sectors,
                you=you,
            ),
            _level_part(
                row.points_level,
                kind=row.post_kind,
                qualification=row.qualification,
                level=candidate.teaching_level,
                you=you,
            ),
            _distance_part(
                row.points_distance,
                WEIGHTS["distance"],
                distance=row.distance_km,
                max_km=candidate.max_travel_km or DEFAULT_TRAVEL_KM,
                you=you,
            ),
            _hours_part(
                row.points_hours, wanted=candidate.hours_per_week, post=row.hours_per_week, you=you
            ),
            _start_part(
                row.points_start, start=row.start_date, earliest=candidate.earliest_start, you=you
            ),
            _switchers_part(
                row.points_switchers,
                WEIGHTS["switchers"],
                level=candidate.teaching_level,
                school_takes=row.school.accepts_career_switchers,
                post_open=row.open_to_career_switchers,
            ),
        ]
    )
