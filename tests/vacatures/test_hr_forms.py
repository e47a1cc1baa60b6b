"""Creating and editing vacancies: full validation, nothing half-saved, every change audited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import BoardFactory, SchoolFactory, SubjectFactory
from tests.vacatures.factories import VacancyFactory, hr_officer_for, in_days
from vacatures.models import Vacancy, VacancyEvent, VacancyStatus
from vacatures.services import vacancies as services


@pytest.fixture
def school(region):
    return SchoolFactory(board=BoardFactory(region=region), sectors=["vo"], school_types=["vmbo"])


@pytest.fixture
def officer(school):
    return hr_officer_for(school=school)


@pytest.fixture
def maths(db):
    return SubjectFactory(name="Wiskunde", slug="wiskunde")


def form_data(own_school, subject, **overrides):
    data = {
        "school": own_school.pk,
        "title": "Docent wiskunde",
        "subjects": [subject.pk],
        "qualification": "second_grade",
        "hours_per_week": "24",
        "contract_type": "permanent",
        "start_date": in_days(20).isoformat(),
        "closing_date": in_days(30).isoformat(),
        "open_to_career_switchers": "on",
        "salary_scale": "LB",
        "description": "Wij zoeken **jou**.\n\n- Fijne sectie\n- Goede begeleiding",
        "contact_name": "Hanna de Wit",
        "contact_email": "hr@school.example",
        "action": "draft",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_hr_officer_creates_a_draft_with_school_defaults_and_an_audit_row(
    client, school, officer, maths
):
    client.force_login(officer)
    response = client.post(reverse("vacatures:hr_create"), form_data(school, maths))
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("vacatures:hr_detail", args=[vacancy.pk])
    assert vacancy.status == VacancyStatus.DRAFT
    assert vacancy.published_at is None
    # Sectors and school types left empty come from the school.
    assert vacancy.sectors == ["vo"] and vacancy.school_types == ["vmbo"]
    assert list(vacancy.subjects.all()) == [maths]
    event = vacancy.events.get()
    assert (event.kind, event.actor, event.to_status) == ("created", officer, "draft")
    assert vacancy.search_vector  # kept up to date by the service


@pytest.mark.django_db
def test_save_and_publish_puts_it_on_the_board(client, school, officer, maths):
    client.force_login(officer)
    client.post(reverse("vacatures:hr_create"), form_data(school, maths, action="publish"))
    vacancy = Vacancy.objects.get()
    assert vacancy.status == VacancyStatus.PUBLISHED and vacancy.published_at
    assert list(vacancy.events.values_list("kind", flat=True)) == ["status", "created"]
    assert "Docent wiskunde" in client.get(reverse("vacatures:board")).content.decode()


BAD_INPUT = [
    (
        {"start_date": in_days(30).isoformat(), "closing_date": in_days(10).isoformat()},
        "closing_date",
        "De sluitingsdatum ligt vóór de startdatum",
    ),
    ({"hours_per_week": "0"}, "hours_per_week", "Het aantal uren per week moet tussen 1 en 40"),
    ({"hours_per_week": "41"}, "hours_per_week", "Het aantal uren per week moet tussen 1 en 40"),
    ({"hours_per_week": "veel"}, "hours_per_week", "hele uren"),
    (
        {"description": "Leuke baan<script>alert('x')</script>"},
        "description",
        "De omschrijving bevat HTML",
    ),
    (
        {"description": '<img src=x onerror="alert(1)">'},
        "description",
        "De omschrijving bevat HTML",
    ),
    ({"school": "999999"}, "school", "Kies een van de scholen waarvoor je vacatures beheert"),
    ({"subjects": []}, "subjects", "Kies minstens één vak"),
    (
        {"closing_date": in_days(-1).isoformat(), "start_date": "", "action": "publish"},
        "closing_date",
        "De sluitingsdatum is verstreken",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_bad_input_gives_a_clear_message_and_saves_nothing(
    client, school, officer, maths, overrides, field, message
):
    client.force_login(officer)
    response = client.post(reverse("vacatures:hr_create"), form_data(school, maths, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert message in html
    assert 'class="error-summary"' in html
    assert not Vacancy.objects.exists()
    assert not VacancyEvent.objects.exists()


@pytest.mark.django_db
def test_a_school_of_another_board_is_refused_even_if_it_exists(client, school, officer, maths):
    foreign = SchoolFactory(board__region=school.region)
    client.force_login(officer)
    response = client.post(
        reverse("vacatures:hr_create"), form_data(school, maths, school=foreign.pk)
    )
    assert "school" in response.context["form"].errors
    assert not Vacancy.objects.exists()


@pytest.mark.django_db
def test_script_that_reaches_the_database_is_neutralised_on_every_page(client, school):
    # Text can enter without the form (an import, the shell): rendering still sanitises it.
    vacancy = VacancyFactory(
        school=school,
        published=True,
        description="Hallo<script>alert('x')</script> [klik](javascript:alert(1)) <b onclick=x>",
    )
    html = client.get(reverse("vacatures:detail", args=[vacancy.pk])).content.decode()
    assert "alert('x')" not in html
    assert "javascript:" not in html
    assert "onclick" not in html
    feed = client.get(reverse("vacatures:region_feed", args=[school.region.slug])).content
    assert b"alert(" not in feed


@pytest.mark.django_db
def test_editing_records_which_fields_changed_with_old_and_new_values(
    client, school, officer, maths
):
    vacancy = VacancyFactory(school=school, title="Docent", hours_per_week=24, subjects=[maths])
    client.force_login(officer)
    physics = SubjectFactory(name="Natuurkunde", slug="natuurkunde")
    data = form_data(
        school,
        maths,
        title="Docent wiskunde en natuurkunde",
        hours_per_week="32",
        subjects=[maths.pk, physics.pk],
        start_date=vacancy.start_date.isoformat(),
        closing_date=vacancy.closing_date.isoformat(),
        description=vacancy.description,
        contact_name=vacancy.contact_name,
        contact_email=vacancy.contact_email,
        qualification=vacancy.qualification,
        sectors=vacancy.sectors,
        school_types=vacancy.school_types,
    )
    response = client.post(reverse("vacatures:hr_edit", args=[vacancy.pk]), data)
    assert response.status_code == 302
    event = vacancy.events.get(kind="updated")
    assert event.actor == officer
    assert event.changes["title"] == ["Docent", "Docent wiskunde en natuurkunde"]
    assert event.changes["hours_per_week"] == [24, 32]
    assert event.changes["subjects"] == [["Wiskunde"], ["Natuurkunde", "Wiskunde"]]
    assert "description" not in event.changes
    history = client.get(reverse("vacatures:hr_detail", args=[vacancy.pk])).content.decode()
    # The history shows the fields by their labels, old → new.
    assert "Titel: Docent → Docent wiskunde en natuurkunde" in history
    assert "Uren per week: 24 → 32" in history


@pytest.mark.django_db
def test_an_invalid_edit_changes_nothing(client, school, officer, maths):
    vacancy = VacancyFactory(school=school, title="Docent", subjects=[maths])
    client.force_login(officer)
    data = form_data(school, maths, title="Nieuw", hours_per_week="99")
    response = client.post(reverse("vacatures:hr_edit", args=[vacancy.pk]), data)
    assert response.status_code == 200
    vacancy.refresh_from_db()
    assert vacancy.title == "Docent"
    assert not vacancy.events.exists()


@pytest.mark.django_db
def test_status_moves_publish_fill_and_refuses_what_does_not_follow(client, school, officer):
    vacancy = VacancyFactory(school=school)
    client.force_login(officer)
    status_url = reverse("vacatures:hr_status", args=[vacancy.pk])
    client.post(status_url, {"to_status": "published"})
    client.post(status_url, {"to_status": "filled"})
    response = client.post(status_url, {"to_status": "published"}, follow=True)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED
    assert "kan niet" in response.content.decode()  # a filled vacancy cannot be republished
    moves = list(
        vacancy.events.filter(kind="status")
        .order_by("created_at", "pk")
        .values_list("from_status", "to_status", "actor")
    )
    assert moves == [("draft", "published", officer.pk), ("published", "filled", officer.pk)]


@pytest.mark.django_db
def test_a_vacancy_past_its_closing_date_cannot_be_published(school, officer):
    vacancy = VacancyFactory(school=school, start_date=None, closing_date=in_days(-1))
    with pytest.raises(ValidationError):
        services.vacancy_change_status(actor=officer, vacancy=vacancy, to_status="published")
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.DRAFT


@pytest.mark.django_db
def test_the_database_refuses_a_closing_date_before_the_start(school):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        VacancyFactory(school=school, start_date=in_days(10), closing_date=in_days(5))


@pytest.mark.django_db
def test_the_service_refuses_a_school_the_actor_does_not_manage(school, officer, maths):
    foreign = SchoolFactory()
    data = {
        "school": foreign,
        "title": "Docent",
        "qualification": "second_grade",
        "hours_per_week": 20,
        "contract_type": "permanent",
        "closing_date": in_days(10),
        "description": "Tekst",
        "contact_name": "X",
        "contact_email": "x@example.org",
    }
    with pytest.raises(ValidationError):
        services.vacancy_create(actor=officer, data=data, subjects=[maths])
    assert not Vacancy.objects.exists()


@pytest.mark.django_db
def test_a_published_vacancy_cannot_be_edited_to_a_past_closing_date(
    client, school, officer, maths
):
    vacancy = VacancyFactory(school=school, published=True, subjects=[maths])
    client.force_login(officer)
    data = form_data(school, maths, start_date="", closing_date=in_days(-2).isoformat())
    response = client.post(reverse("vacatures:hr_edit", args=[vacancy.pk]), data)
    assert "De sluitingsdatum is verstreken" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.closing_date == in_days(30)
