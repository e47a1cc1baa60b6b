"""The rules of the matching engine as numbers: the weights of the parts, the level matrix and
the constants the parts read (see the package docstring for what each part means)."""

from kandidaten.models import TeachingLevel
from vacatures.models import Qualification

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
# Short names for the matrix and the explanations: levels a candidate has, and what a post needs.
QF, QS, QP = QUALIFIED_LEVELS
RF, RS, ND = TeachingLevel.ROUTE_FIRST, TeachingLevel.ROUTE_SECOND, TeachingLevel.NO_DEGREE
FIRST, SECOND, TRAINING = (
    Qualification.FIRST_GRADE,
    Qualification.SECOND_GRADE,
    Qualification.IN_TRAINING,
)
_LEVEL_COLUMNS = (QF, QS, QP, RF, RS, ND)
# fmt: off
_LEVEL_TABLE = {
    #                 qualified: first second primary | can train: first second | no degree
    ("vo", FIRST):            (20,   10,     5,               15,    5,         0),
    ("vo", SECOND):           (20,   20,     15,              15,    15,        0),
    ("vo", TRAINING):         (20,   20,     20,              20,    20,        0),
    ("mbo", FIRST):           (20,   10,     5,               15,    5,         0),
    ("mbo", SECOND):          (20,   20,     15,              15,    15,        0),
    ("mbo", TRAINING):        (20,   20,     20,              20,    20,        5),
    ("po", FIRST):            (10,   10,     20,              10,    10,        0),
    ("po", SECOND):           (10,   10,     20,              10,    10,        0),
    ("po", TRAINING):         (15,   15,     20,              20,    20,        0),
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
