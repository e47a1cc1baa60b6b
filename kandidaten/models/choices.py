"""The choices a candidate's profile and journey are written in: education, situation, phases,
sources and the teaching level matching reads."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The sectors a candidate can choose and a route can lead to (special education is reached
# through the po and vo routes, so it is not offered separately here).


# The sectors a candidate can choose and a route can lead to (special education is reached
# through the po and vo routes, so it is not offered separately here).
SECTOR_CHOICES = [
    ("po", _("Primary education (po)")),
    ("vo", _("Secondary education (vo)")),
    ("mbo", _("Vocational education (mbo)")),
]


class Education(models.TextChoices):
    """Highest completed education, from low to high; ``rank`` compares them.

    A havo or vwo diploma and an mbo diploma rank the same: both open the hbo (teacher
    training, pabo) and neither is a degree the zij-instroom routes ask for.
    """

    NONE = "none", _("No completed mbo, hbo or wo degree")
    HAVO_VWO = "havo_vwo", _("havo or vwo diploma")
    MBO = "mbo", _("mbo")
    HBO = "hbo", _("hbo bachelor")
    WO_BACHELOR = "wo_bachelor", _("wo bachelor")
    WO_MASTER = "wo_master", _("wo master")

    @classmethod
    def rank(cls, value: str) -> int:
        return _EDUCATION_RANK[value]


_EDUCATION_RANK = {"none": 0, "havo_vwo": 1, "mbo": 1, "hbo": 2, "wo_bachelor": 3, "wo_master": 4}

# A degree one is still studying for: the educational minor fits it, zij-instroom does not yet.
DEGREE_IN_PROGRESS_CHOICES = [
    (Education.HBO.value, _("an hbo bachelor")),
    (Education.WO_BACHELOR.value, _("a wo bachelor")),
    (Education.WO_MASTER.value, _("a wo master")),
]


class SecondaryLevel(models.TextChoices):
    """Which years of secondary school someone wants to teach: the upper years of havo and vwo
    need a first-grade qualification."""

    LOWER = "lower", _("The lower years and vmbo (second grade is enough)")
    UPPER = "upper", _("Also the upper years of havo and vwo (first grade)")


class Situation(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    STUDENT = "student", _("Student")
    JOB_SEEKER = "job_seeker", _("Looking for work")
    OTHER = "other", _("Something else")


class FieldRelation(models.TextChoices):
    YES = "yes", _("Yes, closely related")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class DutchLevel(models.TextChoices):
    NATIVE = "native", _("Native speaker")
    C2 = "c2", _("C2 (proficient)")
    C1 = "c1", _("C1 (advanced)")
    B2 = "b2", _("B2 (upper intermediate)")
    B1 = "b1", _("B1 (intermediate)")
    A2 = "a2", _("A2 or lower")


class Phase(models.TextChoices):
    """The journey from DOMAIN.md: seven phases in order, then three side exits."""

    INTERESSE = "interesse", _("Interest")
    ORIENTATIE = "orientatie", _("Orientation")
    INTAKE = "intake", _("Intake")
    GESCHIKTHEID = "geschiktheid", _("Suitability assessment")
    MATCHING = "matching", _("Matching")
    GESTART = "gestart", _("Started")
    BEGELEIDING = "begeleiding", _("Induction")
    GEPAUZEERD = "gepauzeerd", _("Paused")
    AFGEHAAKT = "afgehaakt", _("Dropped out")
    DOORVERWEZEN = "doorverwezen", _("Referred elsewhere")


MAIN_PHASES = [
    Phase.INTERESSE,
    Phase.ORIENTATIE,
    Phase.INTAKE,
    Phase.GESCHIKTHEID,
    Phase.MATCHING,
    Phase.GESTART,
    Phase.BEGELEIDING,
]
SIDE_EXITS = [Phase.GEPAUZEERD, Phase.AFGEHAAKT, Phase.DOORVERWEZEN]


class DropoutReason(models.TextChoices):
    OTHER_JOB = "other_job", _("I chose another job or career")
    NOT_FOR_ME = "not_for_me", _("Teaching is not for me after all")
    ROUTE_TOO_LONG = "route", _("The route is too long or too expensive")
    PERSONAL = "personal", _("Personal circumstances")
    NO_SCHOOL = "no_school", _("No suitable school or vacancy")
    OTHER = "other", _("Another reason")


class Source(models.TextChoices):
    SEARCH = "search", _("Search engine")
    SOCIAL = "social", _("Social media")
    FRIEND = "friend", _("Friends, family or colleagues")
    EVENT = "event", _("An event or information evening")
    SCHOOL = "school", _("A school or training institute")
    UWV = "uwv", _("UWV or the municipality")
    OTHER = "other", _("Other")


class TeachingLevel(models.TextChoices):
    """What the candidate can teach now or can reach, read by matching against the level a
    post needs. Derived from education, field and qualifications by ``teaching_level_of``."""

    QUALIFIED_FIRST = "qualified_first", _("Qualified: first grade")
    QUALIFIED_SECOND = "qualified_second", _("Qualified: second grade")
    QUALIFIED_PRIMARY = "qualified_primary", _("Qualified: primary school")
    ROUTE_FIRST = "route_first", _("Can train for first grade")
    ROUTE_SECOND = "route_second", _("Can train for second grade or primary")
    NO_DEGREE = "no_degree", _("Needs a degree first")
