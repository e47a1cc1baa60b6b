"""A small region to work in: a school with an HR officer, a published vacancy, a guide, a
candidate who agreed to be shown to schools, a training institute with a study adviser."""

import datetime

import pytest
from django.utils import translation

from kandidaten.models import Phase
from loket.core.models import Role, TrainingInstitute
from tests.factories import BoardFactory, SchoolFactory, SubjectFactory, UserFactory, give_role
from tests.kandidaten.factories import CandidateFactory, seed_reference_data
from tests.vacatures.factories import VacancyFactory, desk_staff_of, hr_officer_for


@pytest.fixture(autouse=True)
def reference_data(db):
    seed_reference_data()


@pytest.fixture(autouse=True)
def english_messages():
    """Service refusals are asserted in the English source, whatever a previous test's request
    left active; pages choose their own language per request (``login`` asks for English)."""
    with translation.override("en"):
        yield


@pytest.fixture
def school(region):
    return SchoolFactory(board=BoardFactory(region=region), name="Het Lyceum")


@pytest.fixture
def subject(db):
    return SubjectFactory(name="Wiskunde", slug="wiskunde-desk")


@pytest.fixture
def vacancy(school, subject):
    return VacancyFactory(
        school=school, title="Docent wiskunde", published=True, subjects=[subject]
    )


@pytest.fixture
def guide(region):
    return desk_staff_of(region, full_name="Gerda Gids")


@pytest.fixture
def hr(school):
    return hr_officer_for(school=school, full_name="Harm HR")


@pytest.fixture
def candidate(region, guide, subject):
    candidate = CandidateFactory(
        region=region,
        guide=guide,
        full_name="Noor El Amrani",
        user__full_name="Noor El Amrani",
        phone="0612345678",
        consent_region_schools=True,
        phase=Phase.ORIENTATIE,
    )
    candidate.subjects.set([subject])
    return candidate


@pytest.fixture
def institute(region):
    institute = TrainingInstitute.objects.create(name="Hogeschool Test", kind="hbo", city="Utrecht")
    institute.regions.add(region)
    return institute


@pytest.fixture
def adviser(institute):
    user = UserFactory(full_name="Aad Adviseur")
    give_role(user, Role.STUDY_ADVISER, institute=institute)
    return user


# What HR records with a hire (the start date is a month ahead, whatever day the tests run).
HIRE = {
    "start_date": datetime.date.today() + datetime.timedelta(days=30),
    "hours_per_week": 24,
    "contract_type": "temporary",
}


def login(client, user, *, language: str = "en"):
    """Sign in; pages answer in English so assertions read like the source."""
    client.force_login(user)
    client.cookies.load({"django_language": language})
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
