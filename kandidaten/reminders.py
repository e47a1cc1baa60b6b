"""Reminder rules for candidates: an unfinished registration, an appointment or event tomorrow,
and the warning before an inactive record is removed."""

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

from django.db.models import CharField, DateTimeField, Func, OuterRef, Q, Value
from django.db.models.functions import Cast, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models import Appointment, Candidate, EventRegistration, Phase
from kandidaten.services.events import start_key
from loket.core.mail.outbox import AMSTERDAM, after_quiet_hours
from loket.core.mail.reminders import RuleRun, reminder_rule
from loket.core.models import MailReason

# The step after which a registration counts as finished (consent given: see Candidate).


REGISTERED_STEP = 5


def _utc_text(expression, pattern: str) -> Func:
    """A timestamp as text in UTC, the way the keys below write it in Python."""
    return Func(
        expression,
        Value(pattern),
        template="to_char(%(expressions)s)",
        arg_joiner=" AT TIME ZONE 'UTC', ",
        output_field=CharField(),
    )


def _pk_text(ref: str = "pk"):
    return Cast(OuterRef(ref), CharField())


def _day_bounds(day) -> tuple[datetime, datetime]:
    """Midnight to midnight in Amsterdam (23 or 25 hours on the days the clocks change)."""
    start = datetime.combine(day, time.min, tzinfo=AMSTERDAM)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=AMSTERDAM)
    return start, end


@reminder_rule(
    "registration_unfinished",
    reason=MailReason.REGISTRATION_UNFINISHED,
    label=_("Registration not finished: reminders after 2 and 7 days"),
    defaults={"days": [2, 7]},
)
def registration_unfinished(run: RuleRun) -> None:
    """Someone who started registering (saved step 2, so the candidate record and its region
    exist) but did not reach the consent step is reminded 2 and 7 days after starting, then
    never again. Each reminder is due for one day after its threshold, so switching the rule on
    does not mail everyone who ever gave up.

    Only candidates still in the interest phase: one who paused, stopped or whom the desk moved
    on is not chased. People with only an account (no candidate record yet) are left to
    ``account_unverified``, which reminds those who never confirmed their address on the same
    days: a confirmed account without step 2 has no region whose desk could write, and could as
    well be a school's HR officer.
    """
    for days in run.params["days"]:
        days = int(days)
        threshold = run.now - timedelta(days=days)
        due = (
            Candidate.objects.filter(
                region=run.region,
                phase=Phase.INTERESSE,
                registration_step__lt=REGISTERED_STEP,
                created_at__lte=threshold,
                created_at__gt=threshold - timedelta(days=1),
            )
            .filter(run.not_mailed(f":{days}d"))
            .select_related("user")
            .order_by("created_at", "pk")
        )
        for candidate in due:
            run.queue_later(
                recipient=candidate.user,
                key=f"{candidate.pk}:{days}d",
                context={"candidate": candidate, "days": days},
            )


@reminder_rule(
    "appointment_tomorrow",
    reason=MailReason.APPOINTMENT_TOMORROW,
    label=_("Intake or event tomorrow: a reminder to the candidate"),
)
def appointment_tomorrow(run: RuleRun) -> None:
    """The day before an appointment or an event a candidate has a place at (in Amsterdam),
    they get a reminder. The start time is in the key, so a moved appointment is reminded again
    and the same one never twice. The first run after midnight queues it; the quiet hours hold
    it until the morning. Not held back by the cap: they booked it themselves."""
    start, end = _day_bounds(run.today + timedelta(days=1))
    appointments = (
        Appointment.objects.filter(
            starts_at__gte=start,
            starts_at__lt=end,
            cancelled_at=None,
            candidate__region=run.region,
        )
        .filter(
            run.not_mailed_key(
                "intake:", _pk_text(), ":", _utc_text(OuterRef("starts_at"), "YYYYMMDDHH24MI")
            )
        )
        .select_related("candidate__user", "with_user")
        .order_by("starts_at", "pk")
    )
    for appointment in appointments:
        run.queue_later(
            recipient=appointment.candidate.user,
            key=f"intake:{appointment.pk}:{start_key(appointment.starts_at)}",
            context={"appointment": appointment, "candidate": appointment.candidate},
        )
    registrations = (
        EventRegistration.objects.filter(
            cancelled_at=None,
            event__region=run.region,
            event__cancelled_at=None,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
        )
        .filter(
            run.not_mailed_key(
                "event:",
                _pk_text(),
                ":",
                _utc_text(OuterRef("event__starts_at"), "YYYYMMDDHH24MI"),
            )
        )
        .select_related("event", "candidate__user")
        .order_by("event__starts_at", "pk")
    )
    for registration in registrations:
        run.queue_later(
            recipient=registration.candidate.user,
            key=f"event:{registration.pk}:{start_key(registration.event.starts_at)}",
            context={"event": registration.event, "candidate": registration.candidate},
        )


def last_activity_expression():
    """A candidate's last sign of life: the latest of a change to their record, a logged
    contact and a sign-in (PostgreSQL's GREATEST skips the ones that are empty)."""
    return Greatest(
        "updated_at",
        Cast("last_contact_on", DateTimeField()),
        "user__last_login",
        output_field=DateTimeField(),
    )


@reminder_rule(
    "retention_warning",
    reason=MailReason.RETENTION_WARNING,
    label=_("Inactive record: a warning before the data is removed"),
    defaults={"warn_days_before": 30},
)
def retention_warning(run: RuleRun) -> None:
    """A candidate inactive for the region's ``retention_days`` minus ``warn_days_before`` is
    told when their data will be removed and how to keep it (signing in is enough). Essential:
    it must reach people who unsubscribed from reminders. The key holds the day of the last
    activity, so someone who becomes active and later falls quiet again is warned again.

    Essential mail skips the quiet hours, so this rule itself waits for the morning. The date
    in the mail is never sooner than ``warn_days_before`` days after the warning; it is stored
    on the record, and the retention task anonymises on exactly that day.
    """
    if after_quiet_hours(run.now) is not None:
        return
    warn_days = int(run.params["warn_days_before"])
    threshold = run.now - timedelta(days=max(run.region.retention_days - warn_days, 0))
    threshold_day = threshold.astimezone(UTC).date()  # a contact date counts from midnight UTC
    inactive = (
        Candidate.objects.filter(region=run.region, updated_at__lte=threshold, anonymised_at=None)
        .filter(Q(last_contact_on__isnull=True) | Q(last_contact_on__lte=threshold_day))
        .filter(Q(user__last_login__isnull=True) | Q(user__last_login__lte=threshold))
        .annotate(last_activity=last_activity_expression())
        .filter(
            run.not_mailed_key(_pk_text(), ":", _utc_text(OuterRef("last_activity"), "YYYYMMDD"))
        )
        .select_related("user")
        .order_by("updated_at", "pk")
    )
    earliest_removal = run.today + timedelta(days=warn_days)
    removal_of: dict[str, tuple[int, object]] = {}
    for candidate in inactive.iterator(chunk_size=2000):
        last_day = timezone.localdate(candidate.last_activity)
        removal_on = max(last_day + timedelta(days=run.region.retention_days), earliest_removal)
        key = f"{candidate.pk}:{candidate.last_activity.astimezone(UTC):%Y%m%d}"
        removal_of[run.key(key)] = (candidate.pk, removal_on)
        run.queue_later(
            recipient=candidate.user,
            key=key,
            context={
                "candidate": candidate,
                "last_activity": candidate.last_activity,
                "removal_on": removal_on,
            },
            essential=True,
        )
        if len(removal_of) >= WARN_CHUNK:
            _record_warnings(run, run.flush(), removal_of)
    _record_warnings(run, run.flush(), removal_of)


WARN_CHUNK = 1000


def _record_warnings(run: RuleRun, recorded, removal_of: dict) -> None:
    """The day in the mail is the day the retention task acts (kandidaten.services.retention):
    stored on each warned record, one UPDATE per removal day; an update() leaves updated_at, so
    the warning is no sign of life."""
    by_day = defaultdict(list)
    for key in recorded:
        candidate_pk, removal_on = removal_of.pop(key)
        by_day[removal_on].append(candidate_pk)
    for removal_on, pks in by_day.items():
        Candidate.objects.filter(pk__in=pks).update(
            retention_warned_at=run.now, removal_due_on=removal_on
        )
    removal_of.clear()  # the rest was queued before, or could not be rendered
