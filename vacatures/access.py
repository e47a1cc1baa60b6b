"""Access to vacancies: one helper per object kind, scoped by role and school, 404 for everyone
else."""

from django.http import Http404

from vacatures.models import Vacancy
from vacatures.selectors import hr_vacancies, manageable_schools


def get_vacancy_for_hr(user, pk: int) -> Vacancy:
    """The vacancy when the user may manage it; 404 for everyone else (also when it exists)."""
    vacancy = hr_vacancies(user).filter(pk=pk).first()
    if vacancy is None:
        raise Http404("No such vacancy.")
    return vacancy


def get_vacancy_for_page(user, pk: int) -> Vacancy:
    """A published vacancy for anyone; a draft, filled or closed one only for its managers."""
    queryset = Vacancy.objects.select_related("school", "school__region", "school__board")
    vacancy = queryset.filter(pk=pk).prefetch_related("subjects").first()
    if vacancy is None:
        raise Http404("No such vacancy.")
    if not vacancy.is_public and not (
        user.is_authenticated and manageable_schools(user).filter(pk=vacancy.school_id).exists()
    ):
        raise Http404("No such vacancy.")
    return vacancy
