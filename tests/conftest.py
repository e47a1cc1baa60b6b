import pytest

from tests.factories import RegionFactory


@pytest.fixture
def region(db):
    return RegionFactory()


@pytest.fixture
def other_region(db):
    return RegionFactory()
