"""Vacancies: create, edit and change status (every change audited), and close the expired ones."""

import datetime
from collections.abc import Iterable

from celery import shared_task
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.cache import bump
from loket.core.models import School, Subject, User
from vacatures import hooks
from vacatures.models import Vacancy, VacancyEvent, VacancyStatus
from vacatures.selectors import manageable_schools

# Fields a person edits on the form; the audit row records the ones that changed.

EDITABLE_FIELDS = [
    "school",
    "title",
    "sectors",
    "school_types",
    "qualification",
    "hours_per_week",
    "contract_type",
    "start_date",
    "closing_date",
    "open_to_career_switchers",
    "salary_scale",
    "salary_min",
    "salary_max",
    "description",
    "contact_name",
    "contact_email",
    "contact_phone",
]

# Which status may follow which. Filled is final; a closed vacancy can be published again.
TRANSITIONS: dict[str, set[str]] = {
    VacancyStatus.DRAFT: {VacancyStatus.PUBLISHED, VacancyStatus.CLOSED},
    VacancyStatus.PUBLISHED: {VacancyStatus.FILLED, VacancyStatus.CLOSED},
    VacancyStatus.CLOSED: {VacancyStatus.PUBLISHED},
    VacancyStatus.FILLED: set(),
}


def _audit_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, School):
        return str(value)
    if isinstance(value, list):
        return list(value)
    return value


def vacancy_refresh_search_vector(*, vacancy: Vacancy) -> None:
    """Rebuild the Dutch full-text vector: title and subjects weigh most, then the text, then
    the school and its town. Kept in the service because it reads related rows (a generated
    column cannot)."""
    subject_names = " ".join(vacancy.subjects.values_list("name", flat=True))
    school = vacancy.school
    Vacancy.objects.filter(pk=vacancy.pk).update(
        search_vector=SearchVector(Value(vacancy.title), weight="A", config="dutch")
        + SearchVector(Value(subject_names), weight="A", config="dutch")
        + SearchVector(Value(vacancy.description), weight="B", config="dutch")
        + SearchVector(Value(f"{school.name} {school.municipality}"), weight="C", config="dutch")
    )


def _check_school(actor: User, school: School) -> None:
    # The form only offers these schools; the service refuses others too, so no other door
    # (a task, a script, a future API) can post for a school the actor does not manage.
    if not manageable_schools(actor).filter(pk=school.pk).exists():
        raise ValidationError(
            _("Choose one of the schools you manage vacancies for."), code="school"
        )


def _apply_defaults(vacancy: Vacancy) -> None:
    # An HR officer who leaves sector and school types empty means "what the school offers".
    if not vacancy.sectors:
        vacancy.sectors = list(vacancy.school.sectors)
    if not vacancy.school_types:
        vacancy.school_types = list(vacancy.school.school_types)


@transaction.atomic
def vacancy_create(
    *, actor: User, data: dict, subjects: Iterable[Subject], publish: bool = False
) -> Vacancy:
    """Create a vacancy as a draft (or publish it at once) and record who created it."""
    vacancy = Vacancy(**{field: data[field] for field in EDITABLE_FIELDS if field in data})
    _check_school(actor, vacancy.school)
    vacancy.created_by = actor
    _apply_defaults(vacancy)
    vacancy.full_clean(exclude=["search_vector"])
    vacancy.save()
    vacancy.subjects.set(subjects)
    VacancyEvent.objects.create(
        vacancy=vacancy,
        actor=actor,
        kind=VacancyEvent.Kind.CREATED,
        to_status=vacancy.status,
    )
    vacancy_refresh_search_vector(vacancy=vacancy)
    if publish:
        vacancy = vacancy_change_status(actor=actor, vacancy=vacancy, to_status="published")
    return vacancy


@transaction.atomic
def vacancy_update(*, actor: User, vacancy: Vacancy, data: dict, subjects: Iterable[Subject]):
    """Save the edited fields and record each changed field as [old, new] in one audit row."""
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    before = {field: _audit_value(getattr(locked, field)) for field in EDITABLE_FIELDS}
    before_subjects = sorted(locked.subjects.values_list("name", flat=True))
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(locked, field, data[field])
    _check_school(actor, locked.school)
    _apply_defaults(locked)
    locked.full_clean(exclude=["search_vector"])
    locked.save()
    locked.subjects.set(subjects)
    after_subjects = sorted(locked.subjects.values_list("name", flat=True))
    changes = {
        field: [before[field], _audit_value(getattr(locked, field))]
        for field in EDITABLE_FIELDS
        if before[field] != _audit_value(getattr(locked, field))
    }
    if before_subjects != after_subjects:
        changes["subjects"] = [before_subjects, after_subjects]
    if changes:
        VacancyEvent.objects.create(
            vacancy=locked, actor=actor, kind=VacancyEvent.Kind.UPDATED, changes=changes
        )
    vacancy_refresh_search_vector(vacancy=locked)
    return locked


@transaction.atomic
def vacancy_change_status(*, actor: User | None, vacancy: Vacancy, to_status: str) -> Vacancy:
    """Move a vacancy along draft → published → filled/closed (closed may be published again).

    Publishing needs a closing date of today or later. The row is locked so two people
    clicking at once make one change and one audit row.
    """
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if to_status not in TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            _("A vacancy that is “%(current)s” cannot become “%(new)s”."),
            params={
                "current": VacancyStatus(locked.status).label,
                "new": VacancyStatus(to_status).label
                if to_status in VacancyStatus.values
                else to_status,
            },
            code="transition",
        )
    if to_status == VacancyStatus.PUBLISHED and locked.closing_date < timezone.localdate():
        raise ValidationError(
            _("The closing date has passed; move it to today or later before publishing."),
            code="closing_date_past",
        )
    from_status = locked.status
    locked.status = to_status
    if to_status == VacancyStatus.PUBLISHED:
        locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    VacancyEvent.objects.create(
        vacancy=locked,
        actor=actor,
        kind=VacancyEvent.Kind.STATUS,
        from_status=from_status,
        to_status=to_status,
    )
    if to_status == VacancyStatus.FILLED:
        hooks.vacancy_filled.call(vacancy=locked, actor=actor)
    return locked


def vacancies_close_expired(*, today: datetime.date | None = None) -> list[int]:
    """Close every published vacancy whose closing date has passed; returns the closed ids.

    Safe to run twice or in parallel: each row is claimed with a conditional UPDATE, and only
    the run whose UPDATE changed the row writes the audit row.
    """
    today = today or timezone.localdate()
    closed = []
    candidates = Vacancy.objects.filter(
        status=VacancyStatus.PUBLISHED, closing_date__lt=today
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            claimed = Vacancy.objects.filter(
                pk=pk, status=VacancyStatus.PUBLISHED, closing_date__lt=today
            ).update(status=VacancyStatus.CLOSED, updated_at=timezone.now())
            if claimed == 1:
                VacancyEvent.objects.create(
                    vacancy_id=pk,
                    kind=VacancyEvent.Kind.EXPIRED,
                    from_status=VacancyStatus.PUBLISHED,
                    to_status=VacancyStatus.CLOSED,
                )
                closed.append(pk)
    if closed:
        # A conditional UPDATE sends no signal: the cached public pages are told here.
        bump("vacancies")
    return closed


@shared_task(name="vacatures.tasks.close_expired_vacancies", autoretry_for=(OperationalError,))
def close_expired_vacancies() -> int:
    """Periodic: close published vacancies past their closing date (safe to run twice)."""
    return len(vacancies_close_expired())
