import pytest

from loket.demo import core as loket_demo
from loket.demo import vacancies as demo
from vacatures.models import Vacancy, VacancyEvent


@pytest.mark.django_db
def test_demo_vacancies_are_realistic_and_seeding_twice_adds_nothing():
    loket_demo.seed()
    demo.seed()
    counts = (Vacancy.objects.count(), VacancyEvent.objects.count())
    demo.seed()
    assert (Vacancy.objects.count(), VacancyEvent.objects.count()) == counts
    assert counts[0] >= 30
    statuses = set(Vacancy.objects.values_list("status", flat=True))
    assert statuses == {"draft", "published", "filled", "closed"}
    assert Vacancy.objects.filter(search_vector__isnull=True).count() == 0
    assert Vacancy.objects.values("school__region").distinct().count() == 2
