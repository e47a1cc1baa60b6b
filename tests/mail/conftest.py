import pytest

from loket.core.mail import reminders
from tests.factories import UserFactory


@pytest.fixture
def person(db):
    return UserFactory(full_name="Sanne de Vries", language="nl")


@pytest.fixture
def english_person(db):
    return UserFactory(full_name="Sam Smith", language="en")


@pytest.fixture
def rule_registry():
    """Rules a test registers are removed afterwards."""
    before = set(reminders.registered_rules())
    yield reminders
    for name in set(reminders.registered_rules()) - before:
        reminders.unregister(name)
