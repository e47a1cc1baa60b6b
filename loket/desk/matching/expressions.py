"""The points of each part as SQL expressions, annotated on the rows, so PostgreSQL ranks."""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    ExpressionWrapper,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import IsNull
from django.utils import timezone

from kandidaten.models import Candidate
from loket.core.geo import distance_km_expression
from loket.core.models import Subject
from loket.desk.matching.rules import (
    ASAP_NOTICE_DAYS,
    HOURS_CLOSE,
    HOURS_NEAR,
    MIN_REGISTRATION_STEP,
    NEAR_FACTOR,
    START_GRACE_DAYS,
    START_GRACE_POINTS,
    WEIGHTS,
)
from loket.desk.models import MATCHABLE_PHASES
from vacatures.models import Vacancy

# --- Points as SQL --------------------------------------------------------------------------------
# Each part's points come from one builder function below, and a ranking uses every builder
# twice. For ``match_score``, the sort key PostgreSQL computes for every row, the subject facts are
# hashed "id IN (subquery)" sets (each set built once per query). For the ``points_*`` and fact
# annotations, which PostgreSQL computes after the sort and only for the rows the page keeps,
# they are per-row probes (``_probe``). Same builders, so the parts always add up to the score
# (a test checks it). The distance is computed once per row in the score (``_StepPoints``).
# Measured with benchmarks/matching.py (50,000 candidates, 5,000 vacancies in one region).

PRIMARY_POST = Q(sectors__overlap=["po"]) & Q(sectors__contained_by=["po", "so"])
MBO_POST = Q(sectors__overlap=["mbo"]) & Q(sectors__contained_by=["mbo"])


def _post_kind_expression():
    """``post_kind`` in SQL."""
    return Case(
        When(PRIMARY_POST, then=Value("po")),
        When(MBO_POST, then=Value("mbo")),
        default=Value("vo"),
    )


@dataclass(frozen=True)
class _SubjectFacts:
    exact: Expression  # a subject on both sides
    related: Expression  # a subject related to one on the other side
    post_has_subjects: Expression
    candidate_has_subjects: Expression


def _boolean(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _probe(queryset: QuerySet) -> IsNull:
    """Whether the correlated ``queryset`` has a row, asked row by row. PostgreSQL turns an
    EXISTS into a hash of the whole subquery when it thinks that cheaper, which for the few rows
    a page shows means hashing a table for nothing; a LIMIT 1 scalar subquery stays a probe."""
    return IsNull(Subquery(queryset.values("pk")[:1]), False)


def _integer(value: int) -> Value:
    return Value(value, output_field=IntegerField())


class _StepPoints(Func):
    """``points[i]`` for a value in the i-th interval between ascending ``bounds`` (``points[0]``
    below the first bound), 0 for NULL: one ``width_bucket`` call, so the value (a distance) is
    computed once per row where a CASE would compute it again for every WHEN."""

    output_field = IntegerField()

    def __init__(self, value, *, bounds: list[float], points: list[int]):
        assert len(points) == len(bounds) + 1 and bounds == sorted(bounds)
        super().__init__(
            Value(points, output_field=ArrayField(IntegerField())),
            value,
            Value(bounds, output_field=ArrayField(FloatField())),
        )

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        (points, points_params), (value, value_params), (bounds, bounds_params) = compiled
        sql = f"COALESCE(({points})[width_bucket({value}, {bounds}) + 1], 0)"
        return sql, (*points_params, *value_params, *bounds_params)


def _distance_points(full: int, distance, max_km) -> _StepPoints:
    """``full`` at the door sliding to two thirds at ``max_km`` (``round(full - full/3 · r)`` for
    r = distance / max_km), a third up to 1.5 × the maximum, 0 beyond and for no distance."""
    lowest_within = round(full * 2 / 3)
    within = range(full - 1, lowest_within - 1, -1)  # the points below full, one step each
    # round(full - full/3 · r) drops to k where r passes 3 · (full - k - 0.5) / full.
    bounds = [3 * (full - k - 0.5) / full for k in within] + [1.0, NEAR_FACTOR]
    points = [full, *within, round(full / 3), 0]
    return _StepPoints(distance / max_km, bounds=bounds, points=points)


def _sector_points(full: int, *, overlap: list[str], special: Q | None):
    whens = [When(sectors__overlap=overlap, then=Value(full))] if overlap else []
    if special is not None:
        whens.append(When(special, then=Value(round(full * 2 / 3))))
    if not whens:
        return _integer(0)
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _subject_points(facts: _SubjectFacts, *, primary_and_po: Q | bool) -> Case:
    """``primary_and_po`` says (per row, or for all rows) whether this is a primary post and a
    candidate who chose po: then a subject left open on either side is a full fit."""
    full = WEIGHTS["subject"]
    either_open = ~facts.post_has_subjects | ~facts.candidate_has_subjects
    whens = [
        When(facts.exact, then=Value(full)),
        When(facts.related, then=Value(full // 2)),
    ]
    if primary_and_po is True:
        open_points = Value(full)
    elif primary_and_po is False:
        open_points = Value(full // 2)
    else:
        # Nested, so that the subject sets are probed once a row, not once per branch.
        open_points = Case(
            When(primary_and_po, then=Value(full)),
            default=Value(full // 2),
            output_field=IntegerField(),
        )
    whens.append(When(either_open, then=open_points))
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _hours_points(wanted: int | None):
    full = WEIGHTS["hours"]
    if wanted is None:
        return _integer(full // 2)
    return Case(
        When(hours_per_week__range=(wanted - HOURS_CLOSE, wanted + HOURS_CLOSE), then=Value(full)),
        When(
            hours_per_week__range=(wanted - HOURS_NEAR, wanted + HOURS_NEAR), then=Value(full // 2)
        ),
        When(hours_per_week__isnull=True, then=Value(full // 2)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _asap_reference() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=ASAP_NOTICE_DAYS)


def _start_points_for(reference: datetime.date, earliest: datetime.date | None) -> int:
    if earliest is None or earliest <= reference:
        return WEIGHTS["start"]
    if earliest <= reference + datetime.timedelta(days=START_GRACE_DAYS):
        return START_GRACE_POINTS
    return 0


def _score(points: dict):
    expressions = list(points.values())
    total = expressions[0]
    for expression in expressions[1:]:
        total = total + expression
    return ExpressionWrapper(total, output_field=IntegerField())


def _matchable_q() -> Q:
    return Q(
        consent_region_schools=True,
        registration_step__gte=MIN_REGISTRATION_STEP,
        phase__in=MATCHABLE_PHASES,
        region__isnull=False,
    )


def is_matchable(candidate: Candidate) -> bool:
    """Whether the candidate may be offered to schools: consent to be shown to the region's
    schools, registration finished, a matchable phase, a region. ``rank_candidates_for`` filters
    on the same rule in SQL."""
    return bool(
        candidate.consent_region_schools
        and candidate.registration_step >= MIN_REGISTRATION_STEP
        and candidate.phase in MATCHABLE_PHASES
        and candidate.region_id is not None
    )


_VacancySubject = Vacancy.subjects.through
_CandidateSubject = Candidate.subjects.through
_RelatedSubject = Subject.related.through


def _related_to(subject_ids) -> QuerySet:
    # Subject.related is symmetrical: Django stores both directions, so one side is enough.
    return _RelatedSubject.objects.filter(from_subject_id__in=subject_ids).values("to_subject_id")


def _home_distance(candidate: Candidate, *, lat_field: str, lon_field: str):
    if candidate.latitude is None or candidate.longitude is None:
        return Value(None, output_field=FloatField())
    return distance_km_expression(
        candidate.latitude, candidate.longitude, lat_field=lat_field, lon_field=lon_field
    )


def _annotations(points: dict) -> dict:
    return {f"points_{key}": expression for key, expression in points.items()}
