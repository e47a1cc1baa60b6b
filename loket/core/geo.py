"""Postcodes and distances.

Dutch postcodes are four digits and two letters ("3511 AB"); the distance between two places is
the straight line between them (haversine), computed in the database when ranking many rows.
"""

import math
import re

from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import ACos, Cos, Greatest, Least, Radians, Sin

from loket.core.models import PostcodeArea

POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s?([A-Za-z]{2})\s*$")
# Letter pairs the post never hands out.
_UNUSED_LETTERS = {"SA", "SD", "SS"}
EARTH_RADIUS_KM = 6371.0


def normalise_postcode(value: str) -> str | None:
    """'3511ab' -> '3511 AB'; None when it is not a valid Dutch postcode."""
    match = POSTCODE_RE.match(value or "")
    if not match:
        return None
    letters = match.group(2).upper()
    if letters in _UNUSED_LETTERS:
        return None
    return f"{match.group(1)} {letters}"


def locate_postcode(postcode: str) -> tuple[float, float] | None:
    """The centre of the postcode's PC4 area, or None when the area is unknown."""
    normalised = normalise_postcode(postcode)
    if not normalised:
        return None
    area = PostcodeArea.objects.filter(digits=normalised[:4]).first()
    return (area.latitude, area.longitude) if area else None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def distance_km_expression(latitude: float, longitude: float, *, lat_field: str, lon_field: str):
    """A database expression for the distance in km from a point to each row's coordinates
    (spherical law of cosines; the argument of ACOS is clamped against rounding). A row without
    coordinates has no distance (NULL)."""
    lat, lon = Value(math.radians(latitude)), Value(math.radians(longitude))
    row_lat, row_lon = Radians(F(lat_field)), Radians(F(lon_field))
    cosine = Sin(lat) * Sin(row_lat) + Cos(lat) * Cos(row_lat) * Cos(row_lon - lon)
    clamped = Least(Greatest(cosine, Value(-1.0)), Value(1.0), output_field=FloatField())
    distance = ACos(clamped, output_field=FloatField()) * Value(EARTH_RADIUS_KM)
    # PostgreSQL's GREATEST and LEAST skip NULLs: without this guard a missing coordinate would
    # clamp to -1 and come out as half the earth's circumference.
    located = Q(**{f"{lat_field}__isnull": False, f"{lon_field}__isnull": False})
    return Case(When(located, then=distance), default=None, output_field=FloatField())
