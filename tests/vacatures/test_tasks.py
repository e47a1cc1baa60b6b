"""Published vacancies close by themselves after their closing date."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories import SchoolFactory
from tests.vacatures.factories import VacancyFactory, in_days
from tests.worker import celery_processes, wait_for
from vacatures.models import Vacancy, VacancyEvent, VacancyStatus
from vacatures.services.vacancies import close_expired_vacancies, vacancies_close_expired


@pytest.mark.django_db
def test_expired_vacancies_close_the_day_after_their_closing_date():
    school = SchoolFactory()
    closes_friday = VacancyFactory(
        school=school, published=True, start_date=None, closing_date=datetime.date(2027, 3, 5)
    )
    later = VacancyFactory(
        school=school, published=True, start_date=None, closing_date=datetime.date(2027, 4, 1)
    )
    draft = VacancyFactory(school=school, start_date=None, closing_date=datetime.date(2027, 3, 1))

    # On the closing day itself (late evening, Amsterdam time) the vacancy is still open.
    with time_machine.travel(
        datetime.datetime(2027, 3, 5, 23, 30, tzinfo=timezone.get_current_timezone())
    ):
        assert close_expired_vacancies() == 0
    with time_machine.travel(
        datetime.datetime(2027, 3, 6, 0, 30, tzinfo=timezone.get_current_timezone())
    ):
        assert close_expired_vacancies() == 1
        # Running again (beat twice, a retry) closes nothing more and writes no second row.
        assert close_expired_vacancies() == 0

    statuses = dict(Vacancy.objects.values_list("pk", "status"))
    assert statuses == {
        closes_friday.pk: VacancyStatus.CLOSED,
        later.pk: VacancyStatus.PUBLISHED,
        draft.pk: VacancyStatus.DRAFT,
    }
    event = VacancyEvent.objects.get(kind="expired")
    assert (event.vacancy_id, event.actor, event.from_status, event.to_status) == (
        closes_friday.pk,
        None,
        "published",
        "closed",
    )


@pytest.mark.django_db
def test_a_vacancy_changed_meanwhile_is_not_closed():
    vacancy = VacancyFactory(published=True, start_date=None, closing_date=in_days(-1))
    # Someone marks it filled between the selection and the claim: the conditional UPDATE
    # sees the new status and leaves the row alone.
    Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.FILLED)
    assert vacancies_close_expired() == []
    assert not VacancyEvent.objects.filter(kind="expired").exists()


def test_the_task_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["vacatures-close-expired"]
    assert entry["task"] == "vacatures.tasks.close_expired_vacancies"
    assert entry["schedule"] <= 24 * 3600


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_task_closes_vacancies_in_a_real_worker(tmp_path):
    vacancy = VacancyFactory(published=True, start_date=None, closing_date=in_days(-2))
    with celery_processes(tmp_path) as queue:
        close_expired_vacancies.apply_async(queue=queue)
        wait_for(lambda: Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.CLOSED)
    assert VacancyEvent.objects.filter(vacancy=vacancy, kind="expired").count() == 1
