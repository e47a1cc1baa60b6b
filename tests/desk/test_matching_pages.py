"""The desk's matching pages: ranked and explained, consent respected, constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.desk.conftest import login
from tests.matching.factories import matchable_candidate, vacancy_at


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_candidates_matches_explain_what_does_not_fit(client, guide, candidate, subject):
    near = vacancy_at(candidate.region, 5, title="Docent wiskunde dichtbij", subjects=[subject])
    far = vacancy_at(candidate.region, 60, title="Docent ver weg", subjects=[subject])
    login(client, guide)
    client.cookies.load({"django_language": "en"})
    response = client.get(reverse("desk:candidate_matches", args=[candidate.pk]))
    rows = [row for row, _ in response.context["vacancy_matches"]]
    assert rows.index(near) < rows.index(far)
    html = response.content.decode()
    assert "beyond the 25 km the candidate wants to travel" in html


@pytest.mark.django_db
def test_a_candidate_without_consent_gets_no_matches_and_the_page_says_why(
    client, guide, candidate, subject
):
    vacancy_at(candidate.region, 5, subjects=[subject])
    candidate.consent_region_schools = False
    candidate.save()
    login(client, guide)
    client.cookies.load({"django_language": "en"})
    response = client.get(reverse("desk:candidate_matches", args=[candidate.pk]))
    assert response.context["vacancy_matches"] == []
    assert "has not agreed to be shown to schools" in response.content.decode()


@pytest.mark.django_db
def test_candidates_for_a_vacancy_leave_out_those_without_consent(
    client, guide, candidate, vacancy, region
):
    hidden = matchable_candidate(region, consent_region_schools=False, full_name="Niet Tonen")
    login(client, guide)
    html = client.get(reverse("desk:vacancy_matches", args=[vacancy.pk])).content.decode()
    assert "Noor El Amrani" in html
    assert hidden.full_name not in html


@pytest.mark.django_db
def test_the_candidates_matches_cost_the_same_for_5_and_50_vacancies(
    client, guide, candidate, subject
):
    login(client, guide)
    url = reverse("desk:candidate_matches", args=[candidate.pk])
    for km in range(5):
        vacancy_at(candidate.region, km, subjects=[subject])
    five = queries_for(client, url)
    for km in range(45):
        vacancy_at(candidate.region, km, subjects=[subject])
    assert queries_for(client, url) == five


@pytest.mark.django_db
def test_the_candidates_for_a_vacancy_cost_the_same_for_5_and_50_candidates(
    client, guide, vacancy, region, subject
):
    login(client, guide)
    url = reverse("desk:vacancy_matches", args=[vacancy.pk])
    for km in range(5):
        matchable_candidate(region, subjects=[subject], km=km)
    five = queries_for(client, url)
    for km in range(45):
        matchable_candidate(region, subjects=[subject], km=km)
    assert queries_for(client, url) == five
