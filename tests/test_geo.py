import pytest

from kandidaten.models import Candidate
from loket.core.geo import distance_km, distance_km_expression, locate_postcode, normalise_postcode
from loket.core.models import PostcodeArea, School
from tests.factories import SchoolFactory
from tests.kandidaten.factories import CandidateFactory


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("3511ab", "3511 AB"),
        (" 3511 AB ", "3511 AB"),
        ("0511 AB", None),
        ("3511 SS", None),
        ("35111AB", None),
        ("3511", None),
        ("", None),
        ("<script>", None),
    ],
)
def test_dutch_postcodes_are_normalised_or_refused(raw, expected):
    assert normalise_postcode(raw) == expected


@pytest.mark.django_db
def test_a_postcode_is_located_by_its_pc4_area():
    PostcodeArea.objects.create(digits="3811", latitude=52.1579, longitude=5.3833)
    assert locate_postcode("3811 AB") == (52.1579, 5.3833)
    assert locate_postcode("9999 ZZ") is None


def test_distance_utrecht_amersfoort_is_about_20_km():
    assert 19 < distance_km((52.0907, 5.1214), (52.1561, 5.3878)) < 21


@pytest.mark.django_db
def test_database_distance_agrees_with_python_and_orders_rows(region):
    near = SchoolFactory(board__region=region, latitude=52.10, longitude=5.12)
    far = SchoolFactory(board__region=region, latitude=52.37, longitude=4.90)
    point = (52.09, 5.12)
    rows = list(
        School.objects.annotate(
            km=distance_km_expression(*point, lat_field="latitude", lon_field="longitude")
        ).order_by("km")
    )
    assert [row.pk for row in rows] == [near.pk, far.pk]
    for row in rows:
        assert row.km == pytest.approx(distance_km(point, (row.latitude, row.longitude)), rel=1e-6)
    same_place = School.objects.annotate(
        km=distance_km_expression(52.10, 5.12, lat_field="latitude", lon_field="longitude")
    ).get(pk=near.pk)
    assert same_place.km == pytest.approx(0, abs=1e-3)


@pytest.mark.django_db
def test_a_row_without_coordinates_has_no_database_distance(region):
    CandidateFactory(region=region, latitude=None, longitude=None, lives_abroad=True)
    row = Candidate.objects.annotate(
        km=distance_km_expression(52.09, 5.12, lat_field="latitude", lon_field="longitude")
    ).get()
    assert row.km is None
