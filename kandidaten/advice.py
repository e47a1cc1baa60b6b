"""Route advice: which routes into teaching fit a candidate, and why the near ones do not.

Pure Python over a ``Profile`` and the ``Route`` rows, so it is easy to test with realistic
profiles. It is advice, not a decision: the desk and the training institute decide.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kandidaten.models import (
    Candidate,
    DutchLevel,
    Education,
    FieldRelation,
    Route,
    Situation,
    TeachingLevel,
    TeachingQualification,
)

# Schools expect teachers to speak Dutch at B2 or better; below that the advice says so.
_GOOD_ENOUGH_DUTCH = {DutchLevel.NATIVE, DutchLevel.C2, DutchLevel.C1, DutchLevel.B2, ""}


@dataclass(frozen=True)
class Profile:
    """What the advice needs to know about someone."""

    education: str = Education.NONE
    field_related: str = ""  # FieldRelation; "" = not answered
    sectors: frozenset[str] = frozenset()
    situation: str = ""
    hours_per_week: int | None = None
    has_school_job: bool = False
    foreign_qualification: bool = False
    dutch_qualification: bool = False
    dutch_level: str = ""
    region_id: int | None = None  # whose version of the routes applies

    @classmethod
    def of(cls, candidate: Candidate) -> "Profile":
        # Uses the prefetched qualifications when the caller has prefetched them.
        countries = {q.country for q in candidate.qualifications.all()}
        return cls(
            education=candidate.education or Education.NONE,
            field_related=candidate.field_related,
            sectors=frozenset(candidate.sectors),
            situation=candidate.situation,
            hours_per_week=candidate.hours_per_week,
            has_school_job=candidate.has_school_job,
            foreign_qualification="foreign" in countries,
            dutch_qualification="nl" in countries,
            dutch_level=candidate.dutch_level,
            region_id=candidate.region_id,
        )


@dataclass
class RouteAdvice:
    route: Route
    reasons: list = field(default_factory=list)  # why it fits
    why_not: list = field(default_factory=list)  # what is missing (close misses only)
    notes: list = field(default_factory=list)  # things to arrange first
    # A requirement that makes the route beside the point for this person (a route for people
    # without a degree, for students, for qualified teachers): never shown as a close miss.
    beside_the_point: bool = False

    @property
    def fits(self) -> bool:
        return not self.why_not


@dataclass
class Advice:
    fitting: list[RouteAdvice]
    close_misses: list[RouteAdvice]
    general_notes: list


def _education_label(value: str):
    return Education(value).label


def _check(route: Route, profile: Profile) -> RouteAdvice:
    advice = RouteAdvice(route=route)
    rank = Education.rank(profile.education)

    if Education.rank(route.min_education) > rank:
        advice.why_not.append(
            format_lazy(
                _("Needs at least: {needed} (you have: {yours})."),
                needed=_education_label(route.min_education),
                yours=_education_label(profile.education),
            )
        )
    elif route.min_education != Education.NONE:
        advice.reasons.append(
            format_lazy(
                _("Your education ({yours}) is enough."),
                yours=_education_label(profile.education),
            )
        )

    if route.max_education and rank > Education.rank(route.max_education):
        advice.why_not.append(_("Meant for people without an hbo or wo degree."))
        advice.beside_the_point = True
    elif route.max_education:
        advice.reasons.append(_("Meant for people who do not (yet) have an hbo or wo degree."))

    if route.requires_related_field:
        if profile.field_related in (FieldRelation.YES, FieldRelation.PARTLY):
            advice.reasons.append(_("Your field of study is related to the subject."))
        else:
            advice.why_not.append(
                _("Needs a field of study related to the subject you want to teach.")
            )

    if route.qualification_needed == Route.QualificationNeeded.FOREIGN:
        if profile.foreign_qualification:
            advice.reasons.append(_("You have a teaching qualification from abroad."))
        else:
            advice.why_not.append(_("Only for people with a teaching qualification from abroad."))
            advice.beside_the_point = True
    elif route.qualification_needed == Route.QualificationNeeded.DUTCH:
        if profile.dutch_qualification:
            advice.reasons.append(_("You already have a Dutch teaching qualification."))
        else:
            advice.why_not.append(
                _("Only for people who already have a Dutch teaching qualification.")
            )
            advice.beside_the_point = True

    if route.situations:
        if profile.situation in route.situations:
            advice.reasons.append(
                format_lazy(
                    _("Fits your situation: {situation}."),
                    situation=Situation(profile.situation).label,
                )
            )
        else:
            labels = ", ".join(str(Situation(s).label) for s in route.situations)
            advice.why_not.append(format_lazy(_("Only for people who are: {who}."), who=labels))
            advice.beside_the_point = True

    if route.max_hours_per_week is not None:
        if (
            profile.hours_per_week is not None
            and profile.hours_per_week <= route.max_hours_per_week
        ):
            advice.reasons.append(_("Fits the few hours a week you want to teach."))
        else:
            advice.why_not.append(
                format_lazy(
                    _("Meant for teaching at most {hours} hours a week next to another job."),
                    hours=route.max_hours_per_week,
                )
            )

    if route.requires_school_job:
        if profile.has_school_job:
            advice.reasons.append(_("You already have a job offer at a school."))
        else:
            advice.notes.append(
                _("You need a job at a school first: the desk can introduce you to schools.")
            )

    wanted = sorted(set(route.sectors) & profile.sectors)
    advice.reasons.insert(
        0,
        format_lazy(
            _("Leads to the sector you chose: {sectors}."),
            sectors=", ".join(s.upper() for s in wanted),
        ),
    )
    return advice


def routes_for_region(region_id: int | None) -> list[Route]:
    """The active routes a region advises on: the national ones, each replaced by the region's
    own row with the same slug when it has one (an inactive own row hides it), and the
    region's additions."""
    rows = Route.objects.filter(
        Q(region=None) | Q(region_id=region_id) if region_id else Q(region=None)
    )
    chosen: dict[str, Route] = {}
    for route in rows:
        if route.slug not in chosen or route.region_id is not None:
            chosen[route.slug] = route
    return sorted((r for r in chosen.values() if r.is_active), key=lambda r: (r.order, r.name))


def route_advice(profile: Profile, routes: Iterable[Route] | None = None) -> Advice:
    """Routes that fit (every requirement met) and close misses (exactly one not met).

    Routes to sectors the candidate did not choose are left out; with no sector chosen, every
    sector counts.
    """
    if routes is None:
        routes = routes_for_region(profile.region_id)
    if not profile.sectors:
        profile = Profile(**{**profile.__dict__, "sectors": frozenset({"po", "vo", "mbo"})})
    fitting, close = [], []
    for route in routes:
        if not set(route.sectors) & profile.sectors:
            continue
        advice = _check(route, profile)
        if advice.fits:
            fitting.append(advice)
        elif len(advice.why_not) == 1 and not advice.beside_the_point:
            close.append(advice)
    general = []
    if profile.dutch_level not in _GOOD_ENOUGH_DUTCH:
        general.append(
            _(
                "Schools expect Dutch at level B2 or higher. The desk can point you to "
                "language courses, which you can follow alongside your route."
            )
        )
    return Advice(fitting=fitting, close_misses=close, general_notes=general)


def teaching_level_of(
    *, education: str, field_related: str, qualifications: Iterable[tuple[str, str]]
) -> str:
    """What someone can teach now, or can train for: the level matching compares with the
    level a post needs. ``qualifications`` are (country, grade) pairs.

    A Dutch qualification counts as it is; a foreign one still needs recognition, so it counts
    as a route. A related wo master opens the first-grade routes; any hbo or wo degree opens
    second grade and primary school.
    """
    Grade = TeachingQualification.Grade
    dutch = {grade for country, grade in qualifications if country == "nl"}
    foreign = {grade for country, grade in qualifications if country == "foreign"}
    if Grade.FIRST in dutch:
        return TeachingLevel.QUALIFIED_FIRST
    if Grade.SECOND in dutch:
        return TeachingLevel.QUALIFIED_SECOND
    if Grade.PRIMARY in dutch:
        return TeachingLevel.QUALIFIED_PRIMARY
    related = field_related in (FieldRelation.YES, FieldRelation.PARTLY)
    if Grade.FIRST in foreign or (education == Education.WO_MASTER and related):
        return TeachingLevel.ROUTE_FIRST
    if foreign or Education.rank(education or Education.NONE) >= Education.rank(Education.HBO):
        return TeachingLevel.ROUTE_SECOND
    return TeachingLevel.NO_DEGREE
