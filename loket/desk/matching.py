"""The explainable matching engine: candidates and posts ranked in the database, every score
taken apart into the parts that fit and the parts that do not.

Ranking happens in PostgreSQL: each part's points are an SQL expression annotated on the row
(``points_subject``, ``points_sector`` …), ``match_score`` is their sum, and rows come ordered by
score, then distance, then newest first (``-pk``). The facts an explanation needs
(``distance_km``, ``subject_exact``, ``subject_related`` …) are annotated as well, and the rows'
subjects come in one prefetch, so ``explain_*`` reads the row and never queries.

Weights (a vacancy match adds up to 100):

========== ====== ===========================================================================
part       points rule
========== ====== ===========================================================================
subject      30   an exact subject in common 30; only a related subject (``Subject.related``)
                  15. When either side names no subject: 30 for a primary post and a candidate
                  who chose po (a groepsleerkracht teaches every subject), otherwise 15 (nothing
                  to compare, which is better than a subject that does not fit); else 0.
sector       15   a sector in common 15; a special-education post (so/vso) for a candidate who
                  chose po or vo 10 (special education is reached through those routes); else 0.
                  Candidates choose sectors, not school types; what upper havo/vwo needs is the
                  level part's business (a first-grade post).
level        20   the post's qualification against the candidate's teaching level, from the
                  matrix ``LEVEL_POINTS`` below.
distance     15   straight line from home to school against the candidate's maximum: within it
                  15 sliding down to 10 at the maximum; up to 1.5 × the maximum 5; beyond 0; no
                  home location (lives abroad) 0, "distance unknown".
hours        10   within 4 hours of each other 10, within 8 hours 5, else 0; unknown 5.
start         5   the candidate is free by the post's start 5; up to 30 days later 2; else 0.
                  "As soon as possible" counts as a month from today (a month's notice is normal),
                  so a candidate who can only start in half a year no longer scores full points.
switchers     5   the school takes career switchers and the post is open to them 5; a candidate
                  who is already qualified 5 regardless; else 0.
========== ====== ===========================================================================

A school without a published vacancy (``rank_schools_for``) is scored on the three parts that
exist without a post: sector, distance and career switchers. Their vacancy weights 15 : 15 : 5
are scaled to 100 and rounded so they still add up: 43 + 43 + 14 (``SCHOOL_WEIGHTS``); the rules
are the same, so the score of a school is still the plain sum of its parts.

A part *fits* when it earns at least two thirds of its points (a distance within the maximum
always does; a related subject, an unknown number of hours or a start a few weeks late does not).

Hard filters, never ranked: only candidates of the school's region who consented to be shown to
the region's schools, finished registration (step 5) and are in a matchable phase; only
published vacancies of the candidate's region. A candidate without that consent is never
offered, and gets no vacancies or schools either (the view explains why).
"""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import IsNull
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kandidaten.models import Candidate, TeachingLevel
from loket.core.geo import distance_km_expression
from loket.core.models import School, Subject
from loket.desk.models import MATCHABLE_PHASES, OPEN_PROPOSAL_STATUSES, Proposal
from vacatures.models import Qualification, Vacancy, open_vacancy_q

WEIGHTS = {
    "subject": 30,
    "sector": 15,
    "level": 20,
    "distance": 15,
    "hours": 10,
    "start": 5,
    "switchers": 5,
}
SCHOOL_WEIGHTS = {"sector": 43, "distance": 43, "switchers": 14}
assert sum(WEIGHTS.values()) == sum(SCHOOL_WEIGHTS.values()) == 100

MIN_REGISTRATION_STEP = 5
# The registration form suggests 25 km; a candidate who never answered is read as that.
DEFAULT_TRAVEL_KM = 25
NEAR_FACTOR = 1.5  # up to 1.5 × the maximum travel distance still earns a third
HOURS_CLOSE, HOURS_NEAR = 4, 8
START_GRACE_DAYS = 30
START_GRACE_POINTS = 2
ASAP_NOTICE_DAYS = 30

QUALIFIED_LEVELS = [
    TeachingLevel.QUALIFIED_FIRST,
    TeachingLevel.QUALIFIED_SECOND,
    TeachingLevel.QUALIFIED_PRIMARY,
]

# --- The level matrix -----------------------------------------------------------------------------
# Points (of 20) by kind of post, the qualification the post asks for, and the candidate's level.
# "po": a primary post (sectors po, possibly with so); "mbo": an mbo-only post; "vo": the rest.
# In primary school "first/second grade" means a qualified teacher (pabo); a secondary
# qualification is not valid there, so it counts no more than a route. A post open to someone in
# training takes anyone with a degree. Without an hbo or wo degree there is no route into a
# teaching post, except the instructor role in mbo (a trade professional), hence 5 there.
_QF, _QS, _QP = QUALIFIED_LEVELS
_RF, _RS, _ND = TeachingLevel.ROUTE_FIRST, TeachingLevel.ROUTE_SECOND, TeachingLevel.NO_DEGREE
_FIRST, _SECOND, _TRAINING = (
    Qualification.FIRST_GRADE,
    Qualification.SECOND_GRADE,
    Qualification.IN_TRAINING,
)
_LEVEL_COLUMNS = (_QF, _QS, _QP, _RF, _RS, _ND)
# fmt: off
_LEVEL_TABLE = {
    #                 qualified: first second primary | can train: first second | no degree
    ("vo", _FIRST):            (20,   10,     5,               15,    5,         0),
    ("vo", _SECOND):           (20,   20,     15,              15,    15,        0),
    ("vo", _TRAINING):         (20,   20,     20,              20,    20,        0),
    ("mbo", _FIRST):           (20,   10,     5,               15,    5,         0),
    ("mbo", _SECOND):          (20,   20,     15,              15,    15,        0),
    ("mbo", _TRAINING):        (20,   20,     20,              20,    20,        5),
    ("po", _FIRST):            (10,   10,     20,              10,    10,        0),
    ("po", _SECOND):           (10,   10,     20,              10,    10,        0),
    ("po", _TRAINING):         (15,   15,     20,              20,    20,        0),
}
# fmt: on
LEVEL_POINTS: dict[tuple[str, str], dict[str, int]] = {
    key: dict(zip(_LEVEL_COLUMNS, row, strict=True)) for key, row in _LEVEL_TABLE.items()
}


def post_kind(sectors) -> str:
    """Which rows of the level matrix a post with these sectors reads: "po", "mbo" or "vo".
    ``_post_kind_expression`` is the same rule in SQL."""
    sectors = set(sectors)
    if "po" in sectors and sectors <= {"po", "so"}:
        return "po"
    if sectors == {"mbo"}:
        return "mbo"
    return "vo"


# --- Explanations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchPart:
    key: str
    label: str
    points: int
    max_points: int
    fits: bool
    text: str


@dataclass(frozen=True)
class MatchExplanation:
    score: int
    parts: list[MatchPart]

    @property
    def fits(self) -> list[MatchPart]:
        return [part for part in self.parts if part.fits]

    @property
    def misses(self) -> list[MatchPart]:
        return [part for part in self.parts if not part.fits]


LABELS = {
    "subject": _("Subject"),
    "sector": _("Sector"),
    "level": _("Qualification"),
    "distance": _("Distance"),
    "hours": _("Hours"),
    "start": _("Start"),
    "switchers": _("Career switchers"),
}


def _part(key: str, points: int, max_points: int, text) -> MatchPart:
    # "Full or near-full": at least two thirds of the points.
    return MatchPart(
        key=key,
        label=LABELS[key],
        points=points,
        max_points=max_points,
        fits=points * 3 >= max_points * 2,
        text=text,
    )


def _explanation(parts: list[MatchPart]) -> MatchExplanation:
    return MatchExplanation(score=sum(part.points for part in parts), parts=parts)


def _format_km(value: float) -> str:
    return number_format(round(value, 1), 1)


def _format_date(value: datetime.date) -> str:
    if value.year == timezone.localdate().year:
        return date_format(value, "MONTH_DAY_FORMAT")
    return date_format(value, "DATE_FORMAT")


# Formatted when the text is shown, in the language of that moment.
_km = lazy(_format_km, str)
_date = lazy(_format_date, str)


def _voice(you: bool, desk_text, candidate_text):
    """The desk reads about "the candidate"; the candidate reads about "you"."""
    return candidate_text if you else desk_text


def _subject_names(subjects) -> str:
    return ", ".join(subject.name for subject in subjects)


def _sector_codes(sectors) -> str:
    return ", ".join(sector.upper() for sector in sorted(sectors))


def _subject_part(row, *, post_subjects, candidate_subjects, row_is_vacancy, you=False):
    points, full = row.points_subject, WEIGHTS["subject"]
    if row.subject_exact:
        common = [
            s for s in (post_subjects if row_is_vacancy else candidate_subjects) if s.in_common
        ]
        text = format_lazy(_("Same subject: {subjects}"), subjects=_subject_names(common))
    elif row.subject_related:
        related = [
            s
            for s in (post_subjects if row_is_vacancy else candidate_subjects)
            if s.related_in_common
        ]
        text = format_lazy(
            _("Only a related subject: {subjects}"), subjects=_subject_names(related)
        )
    elif points == full:
        text = _("General primary post: a groepsleerkracht teaches every subject")
    elif not row.post_has_subjects:
        text = _("The post names no subject")
    elif not row.candidate_has_subjects:
        text = _voice(you, _("The candidate named no subject"), _("You named no subject"))
    elif row_is_vacancy:
        text = format_lazy(
            _("No subject in common: the post teaches {subjects}"),
            subjects=_subject_names(post_subjects),
        )
    else:
        text = format_lazy(
            _("No subject in common: the candidate chose {subjects}"),
            subjects=_subject_names(candidate_subjects),
        )
    return _part("subject", points, full, text)


def _sector_part(points, full, *, row_sectors, candidate_sectors, of_school=False, you=False):
    common = set(row_sectors) & set(candidate_sectors)
    if common:
        text = format_lazy(_("Sector in common: {sectors}"), sectors=_sector_codes(common))
    elif points:
        text = _("Special education, reached through the po and vo routes")
    else:
        if of_school:
            template = _voice(
                you,
                _("The school is in {sectors}; the candidate chose {wanted}"),
                _("The school is in {sectors}; you chose {wanted}"),
            )
        else:
            template = _voice(
                you,
                _("The post is in {sectors}; the candidate chose {wanted}"),
                _("The post is in {sectors}; you chose {wanted}"),
            )
        text = format_lazy(
            template,
            sectors=_sector_codes(row_sectors) or "–",
            wanted=_sector_codes(candidate_sectors) or "–",
        )
    return _part("sector", points, full, text)


_NEEDS = {
    ("po", _FIRST): _("Post needs a qualified primary teacher"),
    ("po", _SECOND): _("Post needs a qualified primary teacher"),
    ("po", _TRAINING): _("Post is open to someone training for primary school"),
    ("vo", _FIRST): _("Post needs first grade"),
    ("vo", _SECOND): _("Post needs second grade"),
    ("vo", _TRAINING): _("Post is open to someone in training"),
}
_HAS = {
    _QF: (_("the candidate is qualified for first grade"), _("you are qualified for first grade")),
    _QS: (
        _("the candidate is qualified for second grade"),
        _("you are qualified for second grade"),
    ),
    _QP: (
        _("the candidate is a qualified primary teacher"),
        _("you are a qualified primary teacher"),
    ),
    _RF: (_("the candidate can train for first grade"), _("you can train for first grade")),
    _RS: (_("the candidate can train for second grade"), _("you can train for second grade")),
    _ND: (
        _("the candidate needs an hbo or wo degree first"),
        _("you need an hbo or wo degree first"),
    ),
}
_RS_ONLY = (
    _("the candidate can train for second grade only"),
    _("you can train for second grade only"),
)
_RS_PRIMARY = (
    _("the candidate can train for primary school"),
    _("you can train for primary school"),
)
_ND_INSTRUCTOR = (
    _("the candidate has no hbo or wo degree: an instructor role may fit"),
    _("you have no hbo or wo degree: an instructor role may fit"),
)


def _level_part(points, *, kind, qualification, level, you=False):
    needs = _NEEDS[("vo" if kind == "mbo" else kind, qualification)]
    has = _HAS[level]
    if level == _RS and kind == "po":
        has = _RS_PRIMARY
    elif level == _RS and qualification == _FIRST:
        has = _RS_ONLY
    elif level == _ND and points:
        has = _ND_INSTRUCTOR
    text = format_lazy("{needs}; {has}", needs=needs, has=has[1] if you else has[0])
    return _part("level", points, WEIGHTS["level"], text)


def _distance_part(points, full, *, distance, max_km, you=False):
    if distance is None:
        text = _("Distance unknown: no home location in the Netherlands")
    elif distance <= max_km:
        text = format_lazy(
            _voice(
                you,
                _("{distance} km away, within the {max} km the candidate wants to travel"),
                _("{distance} km away, within your {max} km"),
            ),
            distance=_km(distance),
            max=max_km,
        )
    else:
        text = format_lazy(
            _voice(
                you,
                _(
                    "{distance} km away: {over} km beyond the {max} km "
                    "the candidate wants to travel"
                ),
                _("{distance} km away: {over} km beyond your {max} km"),
            ),
            distance=_km(distance),
            over=_km(distance - max_km),
            max=max_km,
        )
    return _part("distance", points, full, text)


def _hours_part(points, *, wanted, post, you=False):
    if wanted is None:
        text = format_lazy(
            _voice(
                you,
                _("Hours unknown: the candidate did not say; post is {post}"),
                _("Hours unknown: you did not say; post is {post}"),
            ),
            post=post,
        )
    elif wanted == post:
        text = format_lazy(
            _voice(
                you,
                _("Wants {wanted} hours, post is {post}"),
                _("You want {wanted} hours, post is {post}"),
            ),
            wanted=wanted,
            post=post,
        )
    elif post > wanted:
        text = format_lazy(
            _voice(
                you,
                _("Wants {wanted} hours, post is {post} ({difference} more)"),
                _("You want {wanted} hours, post is {post} ({difference} more)"),
            ),
            wanted=wanted,
            post=post,
            difference=post - wanted,
        )
    else:
        text = format_lazy(
            _voice(
                you,
                _("Wants {wanted} hours, post is {post} ({difference} fewer)"),
                _("You want {wanted} hours, post is {post} ({difference} fewer)"),
            ),
            wanted=wanted,
            post=post,
            difference=wanted - post,
        )
    return _part("hours", points, WEIGHTS["hours"], text)


def _later(days: int):
    if days < 60:
        return format_lazy(
            ngettext_lazy("{count} day later", "{count} days later", days), count=days
        )
    return format_lazy(_("{count} months later"), count=round(days / 30.44))


def _start_part(points, *, start, earliest, you=False):
    if start is None:
        if earliest is None:
            text = _voice(
                you,
                _("Starts as soon as possible; the candidate can start any time"),
                _("Starts as soon as possible; you can start any time"),
            )
        elif points == WEIGHTS["start"]:
            text = format_lazy(
                _voice(
                    you,
                    _("Starts as soon as possible; the candidate can start from {earliest}"),
                    _("Starts as soon as possible; you can start from {earliest}"),
                ),
                earliest=_date(earliest),
            )
        else:
            text = format_lazy(
                _voice(
                    you,
                    _("Starts as soon as possible; the candidate can only start from {earliest}"),
                    _("Starts as soon as possible; you can only start from {earliest}"),
                ),
                earliest=_date(earliest),
            )
    elif earliest is None:
        text = format_lazy(
            _voice(
                you,
                _("Start {start}; the candidate can start any time"),
                _("Start {start}; you can start any time"),
            ),
            start=_date(start),
        )
    elif earliest <= start:
        text = format_lazy(
            _voice(
                you,
                _("Start {start}; the candidate can start from {earliest}"),
                _("Start {start}; you can start from {earliest}"),
            ),
            start=_date(start),
            earliest=_date(earliest),
        )
    else:
        text = format_lazy(
            _voice(
                you,
                _("Start {start}; the candidate can start from {earliest} ({later})"),
                _("Start {start}; you can start from {earliest} ({later})"),
            ),
            start=_date(start),
            earliest=_date(earliest),
            later=_later((earliest - start).days),
        )
    return _part("start", points, WEIGHTS["start"], text)


def _switchers_part(points, full, *, level, school_takes, post_open=True):
    if level in QUALIFIED_LEVELS:
        text = _("Already qualified: no career-switcher place needed")
    elif not school_takes:
        text = _("The school does not take career switchers")
    elif not post_open:
        text = _("This post is not open to career switchers")
    else:
        text = _("The school takes career switchers")
    return _part("switchers", points, full, text)


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
        whens.append(When(either_open, then=Value(full)))
    elif primary_and_po is not False:
        whens.append(When(either_open & primary_and_po, then=Value(full)))
    whens.append(When(either_open, then=Value(full // 2)))
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
    """Published vacancies of schools in the candidate's region, best match first.

    Nothing at all for a candidate who did not consent to be shown to the region's schools (or
    has no region): the view says why.
    """
    if not candidate.consent_region_schools or candidate.region_id is None:
        return Vacancy.objects.none()
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


# --- Vacancy → candidates -------------------------------------------------------------------------


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
    who are matchable (``is_matchable``); a candidate without consent is never among them."""
    school = vacancy.school
    post_subjects = _VacancySubject.objects.filter(vacancy_id=vacancy.pk).values("subject_id")
    related = _related_to(post_subjects)
    their_subjects = _CandidateSubject.objects.filter(candidate_id=OuterRef("pk"))
    post_has_subjects = Exists(post_subjects)
    hashed = _SubjectFacts(
        exact=_boolean(
            Q(
                pk__in=_CandidateSubject.objects.filter(subject_id__in=post_subjects).values(
                    "candidate_id"
                )
            )
        ),
        related=_boolean(
            Q(
                pk__in=_CandidateSubject.objects.filter(subject_id__in=related).values(
                    "candidate_id"
                )
            )
        ),
        post_has_subjects=post_has_subjects,
        # Hashing every candidate's subjects once (a few ms) beats probing for each row.
        candidate_has_subjects=_boolean(Q(pk__in=_CandidateSubject.objects.values("candidate_id"))),
    )
    probed = _SubjectFacts(
        exact=_probe(their_subjects.filter(subject_id__in=post_subjects)),
        related=_probe(their_subjects.filter(subject_id__in=related)),
        post_has_subjects=post_has_subjects,
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
        Candidate.objects.filter(_matchable_q(), region_id=school.region_id)
        .annotate(
            distance_km=distance_km_expression(
                school.latitude, school.longitude, lat_field="latitude", lon_field="longitude"
            ),
            travel_km=Greatest(Coalesce("max_travel_km", DEFAULT_TRAVEL_KM), 1),
        )
        .annotate(
            subject_exact=probed.exact,
            subject_related=probed.related,
            post_has_subjects=probed.post_has_subjects,
            candidate_has_subjects=probed.candidate_has_subjects,
            **_annotations(_candidate_points(vacancy, probed)),
            match_score=_score(_candidate_points(vacancy, hashed)),
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
