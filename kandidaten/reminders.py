"""The candidate app's reminder rules (the framework: ``loket.mail.reminders`` and its README).

Every rule finds what is due with an indexed query and queues one message per person and
occasion; the keys name the occasion, so beat firing twice, two workers or a retry queue nothing
new. Where a rule may find many rows, the already-mailed ones are left out in the query itself.
"""

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

from django.db.models import CharField, DateTimeField, Exists, Func, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.events import start_key
from kandidaten.models import Appointment, Candidate, EventRegistration, Phase
from kandidaten.selectors import with_stall_flags
from loket.mail.reminders import RuleRun, reminder_rule
from loket.mail.services import AMSTERDAM, after_quiet_hours
from loket.models import MailReason, OutgoingMail, Role, RoleAssignment, User

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


def _not_mailed(run: RuleRun, *parts) -> Exists:
    """Like ``run.not_mailed``, for keys with more than the row's pk in them: ``parts`` are
    literal strings and expressions on the outer row, joined into the key."""
    pieces = [Value(p) if isinstance(p, str) else p for p in parts]
    key = Concat(Value(run.key("")), *pieces, output_field=CharField())
    return ~Exists(OutgoingMail.objects.filter(key=key))


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
            run.queue(
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
            _not_mailed(
                run, "intake:", _pk_text(), ":", _utc_text(OuterRef("starts_at"), "YYYYMMDDHH24MI")
            )
        )
        .select_related("candidate__user", "with_user")
        .order_by("starts_at", "pk")
    )
    for appointment in appointments:
        run.queue(
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
            _not_mailed(
                run,
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
        run.queue(
            recipient=registration.candidate.user,
            key=f"event:{registration.pk}:{start_key(registration.event.starts_at)}",
            context={"event": registration.event, "candidate": registration.candidate},
        )


@reminder_rule(
    "guide_digest",
    reason=MailReason.GUIDE_DIGEST,
    label=_("Daily overview for each guide: candidates without contact and stalled cases"),
)
def guide_digest(run: RuleRun) -> None:
    """Each guide gets one overview a day of their candidates who had no contact for their
    region's ``no_contact_days`` or are longer in their phase than its norm (the flags of
    ``with_stall_flags``), and none on a day without such candidates.

    The overview lists the guide's candidates in every region the guide works for, so a guide of
    two regions still gets one mail a day: the run of the first of their regions sends it, the
    key (guide and day) makes the other runs quiet. A digest is exempt from the cap and waits
    for the morning like any reminder.
    """
    day = run.today.isoformat()
    guides = User.objects.filter(
        is_active=True,
        roles__role__in=[Role.DESK_STAFF, Role.COORDINATOR],
        roles__region=run.region,
    ).filter(run.not_mailed(f":{day}"))
    works_there = RoleAssignment.objects.filter(
        user=OuterRef("guide"),
        role__in=[Role.DESK_STAFF, Role.COORDINATOR],
        region=OuterRef("region"),
    )
    candidates = (
        with_stall_flags(
            Candidate.objects.filter(guide__in=guides.values("pk")).filter(Exists(works_there)),
            now=run.now,
        )
        .filter(is_stalled=True)
        .select_related("region", "guide")
        .order_by("guide_id", "region__name", "last_contact_on", "full_name", "pk")
    )
    by_guide: dict[int, list[Candidate]] = defaultdict(list)
    guide_of: dict[int, User] = {}
    for candidate in candidates:
        since = candidate.last_contact_on or timezone.localdate(candidate.created_at)
        candidate.days_without_contact = (run.today - since).days
        candidate.days_in_phase = (run.now - candidate.phase_changed_at).days
        by_guide[candidate.guide_id].append(candidate)
        guide_of[candidate.guide_id] = candidate.guide
    for guide_id, items in by_guide.items():
        run.queue(
            recipient=guide_of[guide_id],
            key=f"{guide_id}:{day}",
            context={
                "candidates": items,
                "without_contact": sum(1 for c in items if c.without_contact),
                "overdue": sum(1 for c in items if c.overdue_in_phase),
                "day": run.today,
            },
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
    in the mail is never sooner than ``warn_days_before`` days after the warning; the removal
    itself is the privacy app's job and must keep to that date.
    """
    if after_quiet_hours(run.now) is not None:
        return
    warn_days = int(run.params["warn_days_before"])
    threshold = run.now - timedelta(days=max(run.region.retention_days - warn_days, 0))
    threshold_day = threshold.astimezone(UTC).date()  # a contact date counts from midnight UTC
    inactive = (
        Candidate.objects.filter(region=run.region, updated_at__lte=threshold)
        .filter(Q(last_contact_on__isnull=True) | Q(last_contact_on__lte=threshold_day))
        .filter(Q(user__last_login__isnull=True) | Q(user__last_login__lte=threshold))
        .annotate(last_activity=last_activity_expression())
        .filter(_not_mailed(run, _pk_text(), ":", _utc_text(OuterRef("last_activity"), "YYYYMMDD")))
        .select_related("user")
        .order_by("updated_at", "pk")
    )
    earliest_removal = run.today + timedelta(days=warn_days)
    for candidate in inactive:
        last_day = timezone.localdate(candidate.last_activity)
        removal_on = max(last_day + timedelta(days=run.region.retention_days), earliest_removal)
        run.queue(
            recipient=candidate.user,
            key=f"{candidate.pk}:{candidate.last_activity.astimezone(UTC):%Y%m%d}",
            context={
                "candidate": candidate,
                "last_activity": candidate.last_activity,
                "removal_on": removal_on,
            },
            essential=True,
        )
