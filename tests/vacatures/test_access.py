"""Every vacancy URL as the owner, a colleague of another school or region, and outsiders."""

import pytest
from django.urls import reverse

from tests.factories import BoardFactory, SchoolFactory, UserFactory
from tests.vacatures.factories import (
    VacancyFactory,
    candidate,
    desk_staff_of,
    hr_officer_for,
)
from vacatures.models import Vacancy, VacancyEvent, VacancyStatus


@pytest.fixture
def school(region):
    return SchoolFactory(board=BoardFactory(region=region))


@pytest.fixture
def vacancy(school):
    return VacancyFactory(school=school, title="Docent wiskunde")


def _edit_data(vacancy, **overrides):
    data = {
        "school": vacancy.school_id,
        "title": "Overgenomen",
        "subjects": [s.pk for s in vacancy.subjects.all()],
        "qualification": vacancy.qualification,
        "hours_per_week": 20,
        "contract_type": vacancy.contract_type,
        "closing_date": vacancy.closing_date.isoformat(),
        "description": "Tekst",
        "contact_name": "X",
        "contact_email": "x@example.org",
    }
    data.update(overrides)
    return data


def _outsiders(region, other_region, school):
    return {
        "hr of another school, same board": hr_officer_for(
            school=SchoolFactory(board=school.board)
        ),
        "hr of another board, same region": hr_officer_for(board=BoardFactory(region=region)),
        "hr of another region": hr_officer_for(school=SchoolFactory(board__region=other_region)),
        "desk staff of another region": desk_staff_of(other_region),
        "candidate": candidate(),
        "user without role": UserFactory(),
    }


@pytest.mark.django_db
def test_outsiders_get_404_on_every_hr_url_and_change_nothing(
    client, region, other_region, school, vacancy
):
    for label, user in _outsiders(region, other_region, school).items():
        client.force_login(user)
        for url in (
            reverse("vacatures:hr_detail", args=[vacancy.pk]),
            reverse("vacatures:hr_edit", args=[vacancy.pk]),
        ):
            assert client.get(url).status_code == 404, (label, url)
        response = client.post(reverse("vacatures:hr_edit", args=[vacancy.pk]), _edit_data(vacancy))
        assert response.status_code == 404, label
        response = client.post(
            reverse("vacatures:hr_status", args=[vacancy.pk]), {"to_status": "published"}
        )
        assert response.status_code == 404, label
        # A draft is not public: its page is a 404 for them as well.
        assert client.get(reverse("vacatures:detail", args=[vacancy.pk])).status_code == 404
    vacancy.refresh_from_db()
    assert vacancy.title == "Docent wiskunde"
    assert vacancy.status == VacancyStatus.DRAFT
    assert not VacancyEvent.objects.filter(vacancy=vacancy).exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in_for_hr_urls(client, vacancy):
    response = client.get(reverse("vacatures:hr_detail", args=[vacancy.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    response = client.post(
        reverse("vacatures:hr_status", args=[vacancy.pk]), {"to_status": "closed"}
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["school officer", "board officer", "desk staff of the region"])
def test_managers_can_view_edit_and_publish(client, region, school, vacancy, who):
    user = {
        "school officer": lambda: hr_officer_for(school=school),
        "board officer": lambda: hr_officer_for(board=school.board),
        "desk staff of the region": lambda: desk_staff_of(region),
    }[who]()
    client.force_login(user)
    assert client.get(reverse("vacatures:hr_detail", args=[vacancy.pk])).status_code == 200
    assert client.get(reverse("vacatures:hr_edit", args=[vacancy.pk])).status_code == 200
    assert client.get(reverse("vacatures:detail", args=[vacancy.pk])).status_code == 200
    response = client.post(
        reverse("vacatures:hr_status", args=[vacancy.pk]), {"to_status": "published"}
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED
    assert vacancy.events.get(kind="status").actor == user


@pytest.mark.django_db
def test_board_officer_lists_every_school_of_the_board_and_nothing_else(client, region, school):
    sister = SchoolFactory(board=school.board)
    VacancyFactory(school=school, title="Op de eigen school")
    VacancyFactory(school=sister, title="Op de zusterschool")
    VacancyFactory(school=SchoolFactory(board__region=region), title="Bij een ander bestuur")
    client.force_login(hr_officer_for(board=school.board))
    html = client.get(reverse("vacatures:hr_list")).content.decode()
    assert "Op de eigen school" in html and "Op de zusterschool" in html
    assert "Bij een ander bestuur" not in html

    client.force_login(hr_officer_for(school=school))
    html = client.get(reverse("vacatures:hr_list")).content.decode()
    assert "Op de eigen school" in html
    assert "Op de zusterschool" not in html


@pytest.mark.django_db
def test_people_without_a_managing_role_cannot_open_the_hr_list(client):
    client.force_login(candidate())
    assert client.get(reverse("vacatures:hr_list")).status_code == 403
    assert client.get(reverse("vacatures:hr_create")).status_code == 403


@pytest.mark.django_db
def test_hr_list_filters_by_status_and_its_query_count_does_not_grow(
    client, school, django_assert_num_queries
):
    officer = hr_officer_for(school=school)
    client.force_login(officer)
    VacancyFactory(school=school, title="Wiskunde open", published=True)
    VacancyFactory(school=school, title="Natuurkunde wachtend")
    html = client.get(reverse("vacatures:hr_list"), {"status": "published"}).content.decode()
    assert "Wiskunde open" in html and "Natuurkunde wachtend" not in html

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("vacatures:hr_list")).status_code == 200
        return len(context.captured_queries)

    few = count_queries()
    VacancyFactory.create_batch(20, school=school)
    with django_assert_num_queries(few):
        client.get(reverse("vacatures:hr_list"))
    assert Vacancy.objects.filter(school=school).count() == 22
