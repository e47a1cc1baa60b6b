"""Route advice: which routes into teaching fit a candidate, and why the near ones do not.

Pure Python over a ``Profile`` and the ``Route`` rows, so it is easy to test with realistic
profiles. It is advice, not a decision: the desk and the training institute decide. The
profile itself (what someone holds and wants) is in ``advice_profile.py``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kandidaten.advice_profile import _COVERS, Grade, Profile, teaching_level_of
from kandidaten.models import (
    DutchLevel,
    Education,
    FieldRelation,
    Route,
    SecondaryLevel,
    Situation,
)

# Schools expect teachers to speak Dutch at B2 or better; below that the advice says so.
_GOOD_ENOUGH_DUTCH = {DutchLevel.NATIVE, DutchLevel.C2, DutchLevel.C1, DutchLevel.B2, ""}


class Step(models.TextChoices):
    """Why a route is put first: the rule that ranked it (see ``_stage``)."""

    QUALIFIED = (
        "qualified",
        _(
            "You already hold a teaching qualification for what you want to teach, so you need "
            "no new training: apply to schools directly."
        ),
    )
    RECOGNITION = (
        "recognition",
        _(
            "Your teaching qualification from abroad counts in the Netherlands once DUO has "
            "recognised it: apply for recognition first, before any training."
        ),
    )
    STILL_STUDYING = (
        "studying",
        _(
            "You are still studying: the educational minor fits inside your bachelor. "
            "Zij-instroom needs a finished degree, so it opens once you graduate."
        ),
    )
    FIRST_GRADE = (
        "first_grade",
        _(
            "A second-grade teacher cannot move to first grade directly. The hbo master's in "
            "teaching is the shortest way; the university teacher training needs a related wo "
            "master first (a pre-master and a master: a long route)."
        ),
    )
    QUALIFIED_PART = (
        "qualified_part",
        _(
            "With the qualification you hold you can already teach part of what you want: "
            "apply to schools for that directly; the other routes lead to the rest."
        ),
    )
    UPGRADE = (
        "upgrade",
        _(
            "This leads to the qualification you want and do not hold yet; with the one you "
            "have you can already teach meanwhile."
        ),
    )
    PARTLY = (
        "partly",
        _(
            "Your degree only partly fits the subject: expect a subject test (vaktoetsing) or "
            "extra courses (deficiencies) before or alongside this route. The training institute "
            "decides in the suitability assessment."
        ),
    )
    HYBRID = (
        "hybrid",
        _(
            "You want to teach a few hours a week: as a hybrid teacher you keep your job and "
            "teach alongside it."
        ),
    )
    DIRECT = (
        "direct",
        _("Of the routes that fit, this one gets you into the classroom most directly."),
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
    # The education requirement is what is missing: the route's ``bridge`` says the way there.
    missing_education: bool = False
    leads_to_label: str = ""  # what this route leads to for this person
    stage: int = 9  # lower comes first (``_stage``)
    step: str = Step.DIRECT  # the rule behind the stage

    @property
    def fits(self) -> bool:
        return not self.why_not

    @property
    def bridge(self) -> str:
        return self.route.localized_bridge if self.missing_education else ""


@dataclass
class Advice:
    fitting: list[RouteAdvice]
    close_misses: list[RouteAdvice]
    general_notes: list

    @property
    def recommended(self) -> RouteAdvice | None:
        """The first step for this person: the best-ranked route that fits."""
        return self.fitting[0] if self.fitting else None

    @property
    def why_recommended(self) -> str:
        first = self.recommended
        return Step(first.step).label if first else ""

    @property
    def others(self) -> list[RouteAdvice]:
        return self.fitting[1:]


def _education_label(value: str):
    return Education(value).label


def _leads_to(route: Route, profile: Profile) -> str:
    """What the route leads to for this person: zij-instroom vo gives first grade only with a
    related wo master and a post in the upper years, second grade otherwise."""
    if route.leads_to != Route.Leads.FIRST_OR_SECOND:
        return route.leads_to
    first_possible = (
        profile.education == Education.WO_MASTER and profile.field_related == FieldRelation.YES
    )
    if first_possible and profile.secondary_level == SecondaryLevel.UPPER:
        return Route.Leads.FIRST_GRADE
    return Route.Leads.SECOND_GRADE if not first_possible else Route.Leads.FIRST_OR_SECOND


def _leads_label(leads: str):
    if leads == Route.Leads.FIRST_OR_SECOND:
        return _(
            "First-grade teaching qualification for a post in the upper years of havo and vwo, "
            "second-grade for one in the lower years"
        )
    return Route.Leads(leads).label


def _already_holds(leads: str, profile: Profile) -> bool:
    """Training towards a qualification they hold (or one it includes) is not offered."""
    held = profile.held_grades
    if not held or Grade.OTHER in held and not held - {Grade.OTHER}:
        return False
    if leads == Route.Leads.FIRST_GRADE:
        return Grade.FIRST in held
    if leads in (Route.Leads.SECOND_GRADE, Route.Leads.LIMITED_SECOND, Route.Leads.PDG):
        return bool(held & {Grade.FIRST, Grade.SECOND})
    if leads == Route.Leads.FIRST_OR_SECOND:
        return Grade.FIRST in held
    if leads == Route.Leads.PRIMARY:
        return Grade.PRIMARY in held
    return False


def _check(route: Route, profile: Profile) -> RouteAdvice:
    advice = RouteAdvice(route=route)
    rank = Education.rank(profile.education)
    studying_for = profile.degree_in_progress

    if Education.rank(route.min_education) > rank:
        if studying_for and Education.rank(studying_for) >= Education.rank(route.min_education):
            advice.why_not.append(
                format_lazy(
                    _(
                        "Needs a finished degree: you can start once you have your diploma "
                        "(you are still studying for {degree})."
                    ),
                    degree=_education_label(studying_for),
                )
            )
        else:
            advice.why_not.append(
                format_lazy(
                    _("Needs at least: {needed} (you have: {yours})."),
                    needed=_education_label(route.min_education),
                    yours=_education_label(profile.education),
                )
            )
            advice.missing_education = True
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

    if route.requires_degree_in_progress:
        if studying_for in (Education.HBO, Education.WO_BACHELOR):
            advice.reasons.append(
                format_lazy(
                    _("You are studying for {degree}: this fits inside it."),
                    degree=_education_label(studying_for),
                )
            )
        else:
            advice.why_not.append(_("Only while you are studying for a bachelor."))
            advice.beside_the_point = True

    if route.requires_related_field:
        if profile.field_related == FieldRelation.YES:
            advice.reasons.append(_("Your field of study is related to the subject."))
        elif profile.field_related == FieldRelation.PARTLY:
            advice.notes.append(
                _(
                    "Your field only partly fits the subject: a subject test (vaktoetsing) or "
                    "extra courses (deficiencies) come first or alongside."
                )
            )
        else:
            advice.why_not.append(
                _("Needs a field of study related to the subject you want to teach.")
            )

    _check_qualification(route, profile, advice)

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
    advice.leads_to_label = _leads_label(_leads_to(route, profile))
    return advice


def _check_qualification(route: Route, profile: Profile, advice: RouteAdvice) -> None:
    needed = route.qualification_needed
    if needed == Route.QualificationNeeded.FOREIGN:
        if profile.foreign_unrecognised:
            advice.reasons.append(
                _("You have a teaching qualification from abroad that DUO has not recognised yet.")
            )
        elif profile.foreign_recognised:
            advice.why_not.append(_("DUO has already recognised your qualification."))
            advice.beside_the_point = True
        else:
            advice.why_not.append(_("Only for people with a teaching qualification from abroad."))
            advice.beside_the_point = True
    elif needed == Route.QualificationNeeded.DUTCH:
        if profile.dutch_qualification:
            advice.reasons.append(_("You already have a Dutch teaching qualification."))
        else:
            advice.why_not.append(
                _("Only for people who already have a Dutch teaching qualification.")
            )
            advice.beside_the_point = True
    elif needed == Route.QualificationNeeded.QUALIFIED:
        covered = profile.covered
        if not covered & profile.wanted:
            advice.why_not.append(_("Only for people qualified to teach what they want to teach."))
            advice.beside_the_point = True
            return
        if profile.foreign_recognised and not profile.dutch_qualification:
            advice.reasons.append(_("DUO has recognised your teaching qualification."))
        else:
            advice.reasons.append(_("You already have a Dutch teaching qualification."))
        if profile.wanted - covered:
            advice.notes.append(
                _(
                    "Your qualification does not cover everything you want to teach: see the "
                    "other routes for the rest."
                )
            )
        if profile.still_teaching:
            advice.reasons.append(_("You are still teaching: no refresher course needed."))
        else:
            advice.notes.append(
                _("Been away from the classroom for a while? The desk can find you a refresher.")
            )
        if profile.dutch_level not in _GOOD_ENOUGH_DUTCH:
            advice.notes.append(
                _("Dutch-language support alongside: the desk can point you to a course.")
            )


# What the qualification a route leads to lets one teach (see ``_COVERS``).
_GAIN = {
    Route.Leads.FIRST_GRADE: _COVERS[Grade.FIRST],
    Route.Leads.SECOND_GRADE: _COVERS[Grade.SECOND],
    Route.Leads.LIMITED_SECOND: {("vo", "lower")},
    Route.Leads.PDG: {("mbo", "")},
    Route.Leads.PRIMARY: _COVERS[Grade.PRIMARY],
}


def _stage(item: RouteAdvice, profile: Profile) -> tuple[int, str]:
    """How far up this route goes for this person, and the rule that put it there. Within a
    stage the region's ``order`` decides (the most direct routes have the lowest numbers).

    0: qualified (or recognised by DUO) for what they want, or for another sector they want
    too: apply directly; a foreign qualification not yet recognised: DUO. 1: the minor while
    studying, hybrid teaching for a few hours, and for the qualified the route to what they
    want and do not hold. 2: the direct routes (a partly fitting field with its subject test).
    3: routes that do not reach what they want (second grade when they want the upper years;
    back to the classroom when the upper years are the point). 4: roles and a degree first.
    """
    route = item.route
    leads = _leads_to(route, profile)
    missing = profile.wanted - profile.covered
    if route.qualification_needed == Route.QualificationNeeded.QUALIFIED:
        if not missing:
            return 0, Step.QUALIFIED
        if missing == {("vo", "upper")}:
            return 3, Step.DIRECT  # the route up to first grade is the step to take
        return 0, Step.QUALIFIED_PART
    if route.qualification_needed == Route.QualificationNeeded.FOREIGN:
        return 0, Step.RECOGNITION
    if route.requires_degree_in_progress:
        return 1, Step.STILL_STUDYING
    if route.max_hours_per_week is not None:
        return 1, Step.HYBRID
    gain = _GAIN.get(leads, _COVERS[Grade.FIRST] if leads == Route.Leads.FIRST_OR_SECOND else set())
    held = profile.held_grades
    if held and profile.covered & profile.wanted:
        if not gain & missing:
            return 3, Step.DIRECT
        if leads in (Route.Leads.FIRST_GRADE, Route.Leads.FIRST_OR_SECOND):
            second_only = Grade.SECOND in held and Grade.FIRST not in held
            if second_only and profile.education != Education.WO_MASTER:
                return 1, Step.FIRST_GRADE
        return 1, Step.UPGRADE
    if leads in (Route.Leads.ROLE, Route.Leads.DEGREE):
        return 4, Step.DIRECT
    beyond_the_lower_years = gain & (profile.wanted - {("vo", "lower")})
    if ("vo", "upper") in profile.wanted and gain and not beyond_the_lower_years:
        return 3, Step.DIRECT  # does not reach the upper years they asked for
    if route.requires_related_field and profile.field_related == FieldRelation.PARTLY:
        return 2, Step.PARTLY
    return 2, Step.DIRECT


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
    """The routes that fit, best for this person first, and close misses (exactly one
    requirement not met).

    Routes to sectors the candidate did not choose are left out; with no sector chosen, every
    sector counts. A route towards a qualification they already hold is never offered, nor "a
    degree first" to someone studying for one. The order: already qualified → apply directly;
    a foreign qualification not yet recognised → DUO first; still studying → the minor;
    a few hours next to a job → hybrid teaching; qualified for less than they want → the route
    up; then the most direct routes (by the region's ``order``), a partly fitting field with its
    subject test; roles and a degree last.
    """
    if routes is None:
        routes = routes_for_region(profile.region_id)
    if not profile.sectors:
        # No sector chosen: every sector counts; for someone qualified, where they can teach.
        covered = {sector for sector, _years in profile.covered}
        sectors = frozenset(covered or {"po", "vo", "mbo"})
        profile = Profile(**{**profile.__dict__, "sectors": sectors})
    fitting, close = [], []
    for route in routes:
        if not set(route.sectors) & profile.sectors:
            continue
        if _already_holds(_leads_to(route, profile), profile):
            continue
        if route.leads_to == Route.Leads.DEGREE and profile.degree_in_progress:
            continue
        advice = _check(route, profile)
        if advice.fits:
            advice.stage, advice.step = _stage(advice, profile)
            fitting.append(advice)
        elif len(advice.why_not) == 1 and not advice.beside_the_point:
            close.append(advice)
    # sorted() is stable: within a stage the routes keep the region's order.
    fitting.sort(key=lambda item: item.stage)
    general = []
    if profile.dutch_level not in _GOOD_ENOUGH_DUTCH:
        general.append(
            _(
                "Schools expect Dutch at level B2 or higher. The desk can point you to "
                "language courses, which you can follow alongside your route."
            )
        )
    return Advice(fitting=fitting, close_misses=close, general_notes=general)


__all__ = [
    "Advice",
    "Profile",
    "RouteAdvice",
    "Step",
    "route_advice",
    "routes_for_region",
    "teaching_level_of",
]
