"""Small builders for matching tests: places at known distances from Utrecht centre."""

import math

from kandidaten.models import TeachingLevel
from loket.core.geo import EARTH_RADIUS_KM
from tests.factories import BoardFactory, SchoolFactory
from tests.kandidaten.factories import CandidateFactory
from tests.vacatures.factories import VacancyFactory, in_days

UTRECHT = (52.09, 5.12)


def east_of_utrecht(km: float) -> tuple[float, float]:
    """The point exactly ``km`` east of Utrecht centre as the crow flies (same latitude)."""
    latitude = math.radians(UTRECHT[0])
    delta = 2 * math.asin(math.sin(km / (2 * EARTH_RADIUS_KM)) / math.cos(latitude))
    return UTRECHT[0], UTRECHT[1] + math.degrees(delta)


def school_at(region, km: float = 0, **kwargs):
    latitude, longitude = east_of_utrecht(km)
    board = kwargs.pop("board", None) or BoardFactory(region=region)
    return SchoolFactory(board=board, latitude=latitude, longitude=longitude, **kwargs)


def vacancy_at(region, km: float = 0, *, school_kwargs=None, **kwargs):
    kwargs.setdefault("published", True)
    start = kwargs.get("start_date")
    if start is not None and "closing_date" not in kwargs:
        # Applications never close before the start (a database rule).
        kwargs["closing_date"] = max(start, in_days(30))
    return VacancyFactory(school=school_at(region, km, **(school_kwargs or {})), **kwargs)


def matchable_candidate(region, *, subjects=(), km: float = 0, **kwargs):
    """A candidate in Utrecht (or ``km`` east of it) who may be shown to the region's schools."""
    latitude, longitude = east_of_utrecht(km)
    kwargs.setdefault("teaching_level", TeachingLevel.ROUTE_SECOND)
    kwargs.setdefault("consent_region_schools", True)
    candidate = CandidateFactory(region=region, latitude=latitude, longitude=longitude, **kwargs)
    candidate.subjects.set(subjects)
    return candidate
