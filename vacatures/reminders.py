"""Reminder rule for vacancies: the HR officers hear when a published vacancy closes in three
days."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from loket.core.mail.reminders import RuleRun, reminder_rule
from loket.core.models import MailReason, School, User
from loket.core.people import hr_officers_by_school
from vacatures.models import Vacancy, VacancyStatus
from vacatures.selectors import manageable_schools


def _still_manages(user: User | None, school: School) -> bool:
    return (
        user is not None
        and user.is_active
        and manageable_schools(user).filter(pk=school.pk).exists()
    )


@reminder_rule(
    "vacancy_closing",
    reason=MailReason.VACANCY_CLOSING,
    label=_("Vacancy closes in 3 days: a notice to the HR officer"),
    defaults={"days_before": 3},
)
def vacancy_closing(run: RuleRun) -> None:
    """A published vacancy whose closing date is ``days_before`` days away (in Amsterdam) is
    announced to the person who posted it, if they still manage vacancies of that school (as its
    HR officer or as desk staff of its region); otherwise to the school's HR officers. A new
    closing date is a new occasion, so moving the date gives a new notice."""
    closes_on = run.today + timedelta(days=int(run.params["days_before"]))
    vacancies = list(
        Vacancy.objects.filter(
            status=VacancyStatus.PUBLISHED, closing_date=closes_on, school__region=run.region
        )
        .select_related("school", "created_by")
        .order_by("pk")
    )
    orphans = {v.pk for v in vacancies if not _still_manages(v.created_by, v.school)}
    officers = hr_officers_by_school(v.school for v in vacancies if v.pk in orphans)
    pairs = []
    for vacancy in vacancies:
        recipients = (
            officers.get(vacancy.school_id, []) if vacancy.pk in orphans else [vacancy.created_by]
        )
        pairs += [
            (vacancy, user, f"{vacancy.pk}:{closes_on.isoformat()}:{user.pk}")
            for user in recipients
        ]
    done = run.mailed_occasions([key for _v, _u, key in pairs])
    for vacancy, user, key in pairs:
        if key not in done:
            run.queue_later(
                recipient=user,
                key=key,
                context={"vacancy": vacancy, "days": int(run.params["days_before"])},
            )
