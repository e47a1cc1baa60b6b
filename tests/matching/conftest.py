import pytest

from tests.kandidaten.factories import seed_reference_data


@pytest.fixture(autouse=True)
def reference_data(db):
    seed_reference_data()
