"""The vacancy page: school, route, JobPosting JSON-LD, interest; and the region's Atom feed."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import BoardFactory, SchoolFactory, SubjectFactory, UserFactory
from tests.vacatures.factories import VacancyFactory, candidate, in_days
from vacatures.models import Interest

REQUIRED_JOBPOSTING = {
    "title",
    "description",
    "datePosted",
    "hiringOrganization",
    "jobLocation",
    "validThrough",
    "employmentType",
}


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def school(region):
    return SchoolFactory(
        board=BoardFactory(region=region, name="Stichting Domonderwijs"),
        name="Domcollege",
        street_address="Lange Nieuwstraat 1",
        postcode="3512 PA",
        municipality="Utrecht",
        website="https://domcollege.example",
    )


@pytest.fixture
def vacancy(school):
    return VacancyFactory(
        school=school,
        title="Docent wiskunde",
        hours_per_week=24,
        contract_type="temporary",
        qualification="in_training",
        salary_scale="LB",
        salary_min=3700,
        salary_max=5300,
        published=True,
        subjects=[SubjectFactory(name="Wiskunde", slug="wiskunde", is_shortage=True)],
    )


@pytest.mark.django_db
def test_page_shows_school_route_and_facts(client, vacancy):
    response = client.get(reverse("vacatures:detail", args=[vacancy.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Docent wiskunde</h1>" in html
    assert "Lange Nieuwstraat 1" in html and "Stichting Domonderwijs" in html
    assert "zij-instroom" in html  # open to career switchers: the route is explained
    assert "24 uur (0,6 fte)" in html
    assert "<li>Goede begeleiding</li>" in html  # Markdown list rendered


@pytest.mark.django_db
def test_json_ld_parses_and_has_every_required_job_posting_property(client, vacancy):
    html = client.get(reverse("vacatures:detail", args=[vacancy.pk])).content.decode()
    (data,) = json_ld(html)
    assert data["@context"].startswith("https://schema.org")
    assert data["@type"] == "JobPosting"
    assert data.keys() >= REQUIRED_JOBPOSTING
    assert data["title"] == "Docent wiskunde"
    assert data["datePosted"] == vacancy.published_at.date().isoformat()
    assert data["validThrough"].startswith(vacancy.closing_date.isoformat())
    assert data["employmentType"] == ["PART_TIME", "TEMPORARY"]
    assert data["hiringOrganization"] == {
        "@type": "EducationalOrganization",
        "name": "Domcollege",
        "sameAs": "https://domcollege.example",
    }
    address = data["jobLocation"]["address"]
    assert address["@type"] == "PostalAddress"
    assert (address["postalCode"], address["addressLocality"], address["addressCountry"]) == (
        "3512 PA",
        "Utrecht",
        "NL",
    )
    assert data["baseSalary"]["currency"] == "EUR"
    assert data["baseSalary"]["value"]["minValue"] == 3700


@pytest.mark.django_db
def test_json_ld_cannot_be_broken_out_of_by_a_title(client, school):
    vacancy = VacancyFactory(
        school=school, published=True, title='Docent </script><script>alert("x")</script>'
    )
    html = client.get(reverse("vacatures:detail", args=[vacancy.pk])).content.decode()
    assert '<script>alert("x")' not in html
    (data,) = json_ld(html)
    assert data["title"] == 'Docent </script><script>alert("x")</script>'


@pytest.mark.django_db
def test_a_draft_has_no_json_ld_even_for_its_manager(client, school):
    from tests.vacatures.factories import hr_officer_for

    draft = VacancyFactory(school=school)
    client.force_login(hr_officer_for(school=school))
    html = client.get(reverse("vacatures:detail", args=[draft.pk])).content.decode()
    assert json_ld(html) == []
    assert "Alleen jij en het loket" in html


@pytest.mark.django_db
def test_candidate_says_i_am_interested_once(client, vacancy):
    user = candidate()
    client.force_login(user)
    page = client.get(reverse("vacatures:detail", args=[vacancy.pk])).content.decode()
    assert "Ik heb interesse" in page
    url = reverse("vacatures:interest", args=[vacancy.pk])
    response = client.post(url, follow=True)
    html = response.content.decode()
    assert "Het regioloket weet dat je interesse hebt" in html
    assert "Je hebt het loket laten weten" in html  # the button is replaced by a confirmation
    client.post(url)
    assert Interest.objects.filter(user=user, vacancy=vacancy).count() == 1


@pytest.mark.django_db
def test_interest_needs_a_signed_in_candidate_and_an_open_vacancy(client, vacancy, school):
    url = reverse("vacatures:interest", args=[vacancy.pk])
    response = client.post(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(UserFactory())
    client.post(url)
    assert not Interest.objects.exists()
    assert client.get(url).status_code == 405
    client.force_login(candidate())
    draft = VacancyFactory(school=school)
    assert client.post(reverse("vacatures:interest", args=[draft.pk])).status_code == 404
    assert not Interest.objects.exists()


@pytest.mark.django_db
def test_atom_feed_lists_the_regions_published_vacancies(client, vacancy, school, other_region):
    VacancyFactory(school=school, title="Nog niet klaar")
    VacancyFactory(school=SchoolFactory(board__region=other_region), title="Elders", published=True)
    response = client.get(reverse("vacatures:region_feed", args=[school.region.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = [entry.find("a:title", ns).text for entry in root.findall("a:entry", ns)]
    assert entries == ["Docent wiskunde – Domcollege (Utrecht)"]
    link = root.find("a:entry/a:link", ns).get("href")
    assert link.endswith(reverse("vacatures:detail", args=[vacancy.pk]))
    assert client.get("/vacatures/bestaat-niet/feed/").status_code == 404


@pytest.mark.django_db
def test_closing_date_in_the_json_ld_is_end_of_day_amsterdam(client, school):
    vacancy = VacancyFactory(
        school=school, published=True, start_date=None, closing_date=in_days(3)
    )
    (data,) = json_ld(client.get(reverse("vacatures:detail", args=[vacancy.pk])).content.decode())
    assert data["validThrough"].startswith(f"{in_days(3).isoformat()}T23:59:59+0")


@pytest.mark.django_db
def test_interest_reaches_the_candidates_guide_or_else_the_whole_desk(client, vacancy):
    from loket.core.models import OutgoingMail
    from tests.kandidaten.factories import CandidateFactory, seed_reference_data
    from tests.vacatures.factories import desk_staff_of

    seed_reference_data()
    region = vacancy.school.region
    first, second = desk_staff_of(region), desk_staff_of(region)
    without_guide = CandidateFactory(region=region)
    client.force_login(without_guide.user)
    client.post(reverse("vacatures:interest", args=[vacancy.pk]))
    mails = OutgoingMail.objects.filter(reason="vacancy_interest")
    assert set(mails.values_list("recipient", flat=True)) == {first.pk, second.pk}

    with_guide = CandidateFactory(region=region, guide=first)
    client.force_login(with_guide.user)
    client.post(reverse("vacatures:interest", args=[vacancy.pk]))
    client.post(reverse("vacatures:interest", args=[vacancy.pk]))  # once is enough
    assert mails.count() == 3
    assert mails.filter(recipient=first).count() == 2
