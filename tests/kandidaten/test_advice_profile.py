"""The registration records what the route advice needs: havo/vwo, a degree in progress, a
foreign qualification and whether DUO recognised it, a Dutch one (grade, subject, still
teaching), the years of secondary school one wants to teach, and the hours."""

import pytest

from kandidaten.advice import Profile, route_advice
from kandidaten.models import Candidate, Phase, TeachingLevel
from tests.factories import UserFactory
from tests.kandidaten.factories import CandidateFactory
from tests.kandidaten.test_registration import STEP, background, wishes

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(client, region):
    user = UserFactory(full_name="")
    client.force_login(user)
    return CandidateFactory(user=user, registration_step=2, phase=Phase.INTERESSE, region=region)


def test_a_student_with_havo_and_a_bachelor_in_progress_is_recorded_and_advised(client, candidate):
    response = client.post(
        STEP.format(3),
        background(
            education="havo_vwo",
            degree_in_progress="wo_bachelor",
            field_of_study="Biologie",
            situation="student",
        ),
    )
    assert response.status_code == 302, response.content.decode()
    candidate.refresh_from_db()
    assert (candidate.education, candidate.degree_in_progress) == ("havo_vwo", "wo_bachelor")
    candidate.sectors = ["vo"]
    assert route_advice(Profile.of(candidate)).recommended.route.slug == "educatieve-minor"


def test_a_foreign_qualification_recognised_by_duo_counts_as_a_dutch_one(client, candidate):
    response = client.post(
        STEP.format(3),
        background(
            **{"q-0-country": "foreign", "q-0-grade": "first", "q-0-recognised": "on"},
            dutch_level="b1",
        ),
    )
    assert response.status_code == 302, response.content.decode()
    candidate.refresh_from_db()
    qualification = candidate.qualifications.get()
    assert qualification.recognised and qualification.counts_as_dutch
    assert candidate.teaching_level == TeachingLevel.QUALIFIED_FIRST
    profile = Profile.of(candidate)
    assert profile.foreign_recognised and profile.qualified_grades == {"first"}


def test_a_dutch_teacher_who_still_teaches_is_recorded(client, candidate):
    response = client.post(
        STEP.format(3),
        background(**{"q-0-country": "nl", "q-0-grade": "second", "q-0-still_teaching": "on"}),
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.qualifications.get().still_teaching
    assert Profile.of(candidate).still_teaching


def test_duo_recognition_of_a_dutch_qualification_is_refused(client, candidate):
    response = client.post(
        STEP.format(3),
        background(**{"q-0-country": "nl", "q-0-grade": "second", "q-0-recognised": "on"}),
    )
    assert response.status_code == 400
    assert not candidate.qualifications.exists()
    candidate.refresh_from_db()
    assert candidate.registration_step == 2


def test_a_degree_in_progress_below_the_one_held_is_refused(client, candidate):
    response = client.post(STEP.format(3), background(degree_in_progress="hbo"))
    assert response.status_code == 400
    candidate.refresh_from_db()
    assert candidate.registration_step == 2 and candidate.degree_in_progress == ""


def test_the_years_of_secondary_school_are_kept_only_for_secondary(client, candidate):
    Candidate.objects.filter(pk=candidate.pk).update(registration_step=3)
    response = client.post(STEP.format(4), wishes([], secondary_level="upper"))
    assert response.status_code == 302, response.content.decode()
    candidate.refresh_from_db()
    assert candidate.secondary_level == "upper" and candidate.hours_per_week == 32
    client.post(STEP.format(4), wishes([], sectors=["po"], secondary_level="upper"))
    candidate.refresh_from_db()
    assert candidate.secondary_level == ""


def test_a_made_up_secondary_level_is_refused(client, candidate):
    Candidate.objects.filter(pk=candidate.pk).update(registration_step=3)
    response = client.post(STEP.format(4), wishes([], secondary_level="sixth-form"))
    assert response.status_code == 400
    candidate.refresh_from_db()
    assert candidate.registration_step == 3


def test_the_background_step_asks_the_new_questions(client, candidate):
    page = client.get(STEP.format(3)).content.decode()
    for name in ("degree_in_progress", "q-0-recognised", "q-0-still_teaching"):
        assert f'name="{name}"' in page
    assert 'value="havo_vwo"' in page
