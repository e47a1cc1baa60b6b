from celery import shared_task
from django.db import OperationalError

from vacatures.services import vacancies_close_expired


@shared_task(autoretry_for=(OperationalError,))
def close_expired_vacancies() -> int:
    """Periodic: close published vacancies past their closing date (safe to run twice)."""
    return len(vacancies_close_expired())
