"""The profile route advice reads (what someone holds, wants and can teach now), and the
teaching level matching compares with the level a post needs."""

from collections.abc import Iterable
from dataclasses import dataclass

from kandidaten.models import (
    Candidate,
    Education,
    FieldRelation,
    SecondaryLevel,
    TeachingLevel,
    TeachingQualification,
)

Grade = TeachingQualification.Grade

# What a qualification (Dutch, or foreign and recognised) lets one teach: (sector, years).
# "other" is a qualification whose grade the candidate was not sure of: the desk checks it, the
# advice takes it as covering what they want.
_COVERS = {
    Grade.PRIMARY: {("po", "")},
    Grade.SECOND: {("vo", "lower"), ("mbo", "")},
    Grade.FIRST: {("vo", "lower"), ("vo", "upper"), ("mbo", "")},
}
_EVERYTHING = {("po", ""), ("vo", "lower"), ("vo", "upper"), ("mbo", "")}


@dataclass(frozen=True)
class Profile:
    """What the advice needs to know about someone."""

    education: str = Education.NONE
    field_related: str = ""  # FieldRelation; "" = not answered
    sectors: frozenset[str] = frozenset()
    situation: str = ""
    hours_per_week: int | None = None
    has_school_job: bool = False
    foreign_qualification: bool = False  # holds one from abroad, recognised or not
    dutch_qualification: bool = False
    dutch_level: str = ""
    region_id: int | None = None  # whose version of the routes applies
    degree_in_progress: str = ""  # Education value of the degree studied for now
    secondary_level: str = ""  # SecondaryLevel; "" = not sure
    foreign_recognised: bool = False  # DUO recognised the foreign qualification
    # Grades held that count in the Netherlands (Dutch, or foreign and recognised).
    qualified_grades: frozenset[str] = frozenset()
    still_teaching: bool = False

    @classmethod
    def of(cls, candidate: Candidate) -> "Profile":
        # Uses the prefetched qualifications when the caller has prefetched them.
        qualifications = list(candidate.qualifications.all())
        foreign = [q for q in qualifications if q.country == "foreign"]
        return cls(
            education=candidate.education or Education.NONE,
            field_related=candidate.field_related,
            sectors=frozenset(candidate.sectors),
            situation=candidate.situation,
            hours_per_week=candidate.hours_per_week,
            has_school_job=candidate.has_school_job,
            foreign_qualification=bool(foreign),
            dutch_qualification=any(q.country == "nl" for q in qualifications),
            dutch_level=candidate.dutch_level,
            region_id=candidate.region_id,
            degree_in_progress=candidate.degree_in_progress,
            secondary_level=candidate.secondary_level,
            foreign_recognised=any(q.recognised for q in foreign),
            qualified_grades=frozenset(q.grade for q in qualifications if q.counts_as_dutch),
            still_teaching=any(q.still_teaching for q in qualifications if q.counts_as_dutch),
        )

    @property
    def held_grades(self) -> frozenset[str]:
        """The grades that count here; a qualification held without a grade counts as 'other'."""
        if self.qualified_grades:
            return self.qualified_grades
        if self.dutch_qualification or self.foreign_recognised:
            return frozenset({Grade.OTHER})
        return frozenset()

    @property
    def foreign_unrecognised(self) -> bool:
        return self.foreign_qualification and not self.foreign_recognised

    @property
    def wanted(self) -> set[tuple[str, str]]:
        """What they want to teach as (sector, years). The upper years of secondary come with
        the lower ones; secondary without an answer is the lower years (where every vo route
        leads)."""
        wanted = {(s, "lower" if s == "vo" else "") for s in self.sectors}
        if "vo" in self.sectors and self.secondary_level == SecondaryLevel.UPPER:
            wanted.add(("vo", "upper"))
        return wanted

    @property
    def covered(self) -> set[tuple[str, str]]:
        """What their qualifications already let them teach."""
        covered: set[tuple[str, str]] = set()
        for grade in self.held_grades:
            covered |= _COVERS.get(grade, _EVERYTHING)
        # First grade covers the lower years as well; asking for "upper" includes them.
        if ("vo", "upper") in covered:
            covered.add(("vo", "lower"))
        return covered


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
