"""The desk's matching pages list posts and candidates of another subject apart ("nearby"),
without a score, saying what does not fit."""

import pytest
from django.urls import reverse

from tests.desk.conftest import login
from tests.factories import SubjectFactory
from tests.matching.factories import matchable_candidate, vacancy_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(db):
    return SubjectFactory(name="Engels", slug="s-engels")


def test_the_desk_pages_list_other_subjects_apart_and_without_a_score(
    client, guide, candidate, subject, english
):
    match = vacancy_at(candidate.region, 5, title="Docent wiskunde", subjects=[subject])
    other = vacancy_at(candidate.region, 3, title="Docent Engels", subjects=[english])
    login(client, guide)
    response = client.get(reverse("desk:candidate_matches", args=[candidate.pk]))
    assert [row for row, _ in response.context["vacancy_matches"]] == [match]
    assert [row for row, _ in response.context["others_nearby"]] == [other]
    html = response.content.decode()
    others_section = html[html.index('id="others-title"') : html.index('id="schools-title"')]
    assert "Docent Engels" in others_section
    assert "No subject in common: the post teaches Engels" in others_section
    assert "match-score" not in others_section and "/100" not in others_section

    english_teacher = matchable_candidate(
        candidate.region, km=2, subjects=[english], full_name="Eva Engels"
    )
    response = client.get(reverse("desk:vacancy_matches", args=[match.pk]))
    assert english_teacher not in [row for row, _ in response.context["candidate_matches"]]
    html = response.content.decode()
    others_section = html[html.index('id="others-title"') :]
    assert "Eva Engels" in others_section and "match-score" not in others_section


def test_proposing_for_another_subject_says_it_is_not_a_match(client, guide, candidate, english):
    other = vacancy_at(candidate.region, 3, title="Docent Engels", subjects=[english])
    login(client, guide)
    response = client.get(reverse("desk:propose", args=[candidate.pk]) + f"?vacancy={other.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not a match" in html and "No subject in common" in html
    assert "match-score" not in html
