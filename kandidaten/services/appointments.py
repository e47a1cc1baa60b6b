"""Appointments with a candidate: the intake the desk plans from the file, and the intake a
candidate books in a time slot a guide published.

The rules these services keep (each function is one transaction):

* an appointment starts in the future and is planned by staff of the candidate's region; the
  candidate is mailed about it (essential), once per appointment and start time, with the
  calendar file; moving or cancelling raises the calendar revision and mails once per revision;
* a guide is never booked twice at one moment: every plan, publication and booking for a guide
  takes the lock on the guide's user row first and then checks for overlap, so a guide planning
  over a booked slot and two candidates pressing at once are served one after the other; a
  database constraint keeps one slot to one appointment that is not cancelled, whatever path
  a write takes;
* a candidate in orientation books a free slot of their region at least
  ``CHANGE_UNTIL_HOURS`` ahead, and can move or cancel it until then (one booked intake at a
  time: booking another slot moves it).
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kandidaten.ics import appointment_ics, ics_attachment
from kandidaten.models import Appointment, Candidate, CandidateAccess, IntakeSlot, Phase
from kandidaten.models.intakes import CHANGE_UNTIL_HOURS
from kandidaten.selectors import booked_intake_of, guide_appointments
from kandidaten.services.events import _check_region, _check_start, start_key
from kandidaten.services.privacy import access_record
from loket.core.mail.outbox import mail_queue
from loket.core.models import MailReason, Region, User

PLANNED_MINUTES = 60
MAX_WEEKS = 12
MIN_MINUTES, MAX_MINUTES = 15, 240


def _log_change(actor: User, candidate: Candidate, what: str) -> None:
    access_record(
        user=actor, candidates=[candidate], action=CandidateAccess.Action.CHANGE, what=what
    )


def _lock_guide(guide: User) -> None:
    """Serialise everything that fills this guide's agenda (the lock ends with the
    transaction)."""
    User.objects.select_for_update().filter(pk=guide.pk).first()


def _overlapping(queryset, starts_at: datetime.datetime, ends_at: datetime.datetime):
    return queryset.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


def _when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F Y H:i")


def _check_guide_free(
    guide: User, starts_at, ends_at, *, except_appointment: Appointment | None = None
) -> None:
    clash = _overlapping(guide_appointments(guide), starts_at, ends_at)
    if except_appointment is not None:
        clash = clash.exclude(pk=except_appointment.pk)
    first = clash.order_by("starts_at").first()
    if first is not None:
        raise ValidationError(
            {
                "starts_at": _(
                    "You already have an appointment at that time (%(when)s); choose another time."
                )
                % {"when": _when(first.starts_at)}
            }
        )


def _mail_appointment(appointment: Appointment, *, reason: str, key: str, to: User | None = None):
    """Essential, with the calendar file as the appointment is now. ``to`` the guide gets the
    same file; their mail names no candidate in the subject."""
    candidate = appointment.candidate
    mail_queue(
        recipient=to or candidate.user,
        reason=reason,
        key=key if to is None else f"{key}:guide",
        context={"appointment": appointment, "candidate": candidate, "for_guide": to is not None},
        region=candidate.region,
        essential=True,
        attachment=ics_attachment(
            f"appointment-{appointment.pk}.ics", appointment_ics(appointment)
        ),
    )


@transaction.atomic
def appointment_plan(
    *,
    actor: User,
    candidate: Candidate,
    kind: str,
    starts_at: datetime.datetime,
    location: str,
    note: str = "",
    minutes: int = PLANNED_MINUTES,
) -> Appointment:
    """Plan an intake or follow-up with a candidate of one of the actor's regions, in the
    future and not over another appointment of the actor (a booked slot included); the
    candidate gets an essential mail with the time, the place and the calendar file (one per
    appointment and start time). The change is written to the candidate's access log."""
    _check_region(actor, candidate.region, field=None)
    _check_start(starts_at, now=timezone.now())
    ends_at = starts_at + datetime.timedelta(minutes=minutes)
    _lock_guide(actor)
    _check_guide_free(actor, starts_at, ends_at)
    appointment = Appointment(
        candidate=candidate,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        note=note.strip(),
        with_user=actor,
        created_by=actor,
    )
    appointment.full_clean(exclude=["candidate", "with_user", "created_by", "slot"])
    appointment.save()
    _log_change(actor, candidate, "appointment planned")
    _mail_appointment(
        appointment,
        reason=MailReason.APPOINTMENT_PLANNED,
        key=f"appointment_planned:{appointment.pk}:{start_key(appointment.starts_at)}",
    )
    return appointment


def _lock_appointment(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("candidate__user", "candidate__region", "with_user")
        .get(pk=appointment.pk)
    )


def _cancel(locked: Appointment, *, now, notify_guide: bool) -> None:
    locked.cancelled_at = now
    locked.sequence += 1
    locked.save(update_fields=["cancelled_at", "sequence"])
    key = f"appointment_cancelled:{locked.pk}"
    _mail_appointment(locked, reason=MailReason.APPOINTMENT_CANCELLED, key=key)
    if notify_guide and locked.with_user is not None:
        _mail_appointment(
            locked, reason=MailReason.APPOINTMENT_CANCELLED, key=key, to=locked.with_user
        )


@transaction.atomic
def appointment_cancel(*, actor: User, appointment: Appointment) -> bool:
    """Cancel an appointment that has not started; the row stays with its cancellation time, a
    booked slot is free again, and the candidate is mailed once with a calendar file that
    removes the entry. Returns False when it was cancelled already."""
    locked = _lock_appointment(appointment)
    _check_region(actor, locked.candidate.region, field=None)
    if locked.cancelled_at is not None:
        return False
    now = timezone.now()
    if locked.starts_at <= now:
        raise ValidationError(_("This appointment has already started; it cannot be cancelled."))
    _cancel(locked, now=now, notify_guide=False)
    appointment.cancelled_at, appointment.sequence = locked.cancelled_at, locked.sequence
    _log_change(actor, locked.candidate, "appointment cancelled")
    return True


@transaction.atomic
def appointment_move(
    *, actor: User, appointment: Appointment, starts_at: datetime.datetime, location: str
) -> Appointment:
    """Move an appointment that has not started to a later moment or another place (the
    duration stays). A booked slot is let go: the guide chose another time. The candidate is
    mailed once per revision, with the updated calendar file; the reminder the day before
    follows the new start (its key holds the start)."""
    locked = _lock_appointment(appointment)
    _check_region(actor, locked.candidate.region, field=None)
    now = timezone.now()
    if locked.cancelled_at is not None:
        raise ValidationError(_("This appointment has been cancelled; plan a new one."))
    if locked.starts_at <= now:
        raise ValidationError(_("This appointment has already started; it cannot be moved."))
    _check_start(starts_at, now=now)
    ends_at = starts_at + (locked.ends_at - locked.starts_at)
    if locked.with_user is not None:
        _lock_guide(locked.with_user)
        _check_guide_free(locked.with_user, starts_at, ends_at, except_appointment=locked)
    if (starts_at, location.strip()) == (locked.starts_at, locked.location):
        return locked
    locked.starts_at, locked.ends_at = starts_at, ends_at
    locked.location = location.strip()
    locked.slot = None
    locked.sequence += 1
    locked.full_clean(exclude=["candidate", "with_user", "created_by", "slot"])
    locked.save()
    _log_change(actor, locked.candidate, "appointment moved")
    _mail_appointment(
        locked,
        reason=MailReason.APPOINTMENT_CHANGED,
        key=f"appointment_changed:{locked.pk}:{locked.sequence}",
    )
    return locked


# --- Slots the guides publish --------------------------------------------------------------------


@transaction.atomic
def intake_slots_publish(
    *,
    actor: User,
    region: Region,
    starts_at: datetime.datetime,
    minutes: int,
    weeks: int = 1,
    location: str = "",
    online_url: str = "",
) -> list[IntakeSlot]:
    """Publish one slot, or the same slot weekly for ``weeks`` weeks (same local time, also
    across a change of the clocks). Nothing is published when one of them is in the past, is
    over another slot or appointment of the guide, or has neither a place nor a link."""
    _check_region(actor, region)
    now = timezone.now()
    _check_start(starts_at, now=now)
    errors = {}
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        errors["minutes"] = _("Choose a duration from 15 minutes to 4 hours.")
    if not 1 <= weeks <= MAX_WEEKS:
        errors["weeks"] = _("Repeat for 1 to 12 weeks.")
    if not location.strip() and not online_url.strip():
        errors["location"] = _("Give a place, an online link, or both.")
    if errors:
        raise ValidationError(errors)
    _lock_guide(actor)
    local = timezone.localtime(starts_at)
    series = uuid.uuid4() if weeks > 1 else None
    slots = []
    for week in range(weeks):
        start = timezone.make_aware(
            datetime.datetime.combine(local.date() + datetime.timedelta(weeks=week), local.time())
        )
        end = start + datetime.timedelta(minutes=minutes)
        slot_clash = _overlapping(
            IntakeSlot.objects.filter(guide=actor, cancelled_at=None), start, end
        ).exists()
        if slot_clash or _overlapping(guide_appointments(actor), start, end).exists():
            raise ValidationError(
                {
                    "starts_at": _(
                        "On %(when)s you already have a slot or an appointment; nothing was "
                        "published. Choose another time."
                    )
                    % {"when": _when(start)}
                }
            )
        slots.append(
            IntakeSlot(
                guide=actor,
                region=region,
                starts_at=start,
                ends_at=end,
                location=location.strip(),
                online_url=online_url.strip(),
                series=series,
            )
        )
    for slot in slots:
        slot.full_clean(exclude=["guide", "region"])
    return IntakeSlot.objects.bulk_create(slots)


@transaction.atomic
def intake_slot_withdraw(*, actor: User, slot: IntakeSlot) -> bool:
    """Withdraw a free slot. A booked one stays: cancel the intake first (that mails the
    candidate). Returns False when it was withdrawn already."""
    _lock_guide(slot.guide)
    locked = IntakeSlot.objects.select_for_update().get(pk=slot.pk)
    _check_region(actor, locked.region)
    if locked.cancelled_at is not None:
        return False
    if Appointment.objects.filter(slot=locked, cancelled_at=None).exists():
        raise ValidationError(
            _("This time is booked; cancel the intake first (the candidate gets an email).")
        )
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["cancelled_at"])
    return True


TAKEN = _("Someone else has just booked this time. Choose one of the times still free.")


def _check_can_change(appointment: Appointment, *, now) -> None:
    if appointment.starts_at - now < datetime.timedelta(hours=CHANGE_UNTIL_HOURS):
        raise ValidationError(
            _(
                "Your intake is less than %(hours)s hours away; it can no longer be changed "
                "online. Call or email the desk."
            )
            % {"hours": CHANGE_UNTIL_HOURS}
        )


@transaction.atomic
def intake_book(*, candidate: Candidate, slot: IntakeSlot) -> tuple[Appointment, bool]:
    """Book a free slot for a candidate in orientation; when they have a booked intake already,
    it moves there (the same appointment, so the calendar entry is updated). Returns the
    appointment and whether it was moved. Refused with a clear message, and nothing booked, when
    the slot was just taken, has passed, is too close, or belongs to another region."""
    now = timezone.now()
    if candidate.phase != Phase.ORIENTATIE:
        raise ValidationError(
            _("Booking an intake is for candidates in orientation; the desk plans yours.")
        )
    _lock_guide(slot.guide)
    locked = IntakeSlot.objects.select_for_update().select_related("guide").get(pk=slot.pk)
    if locked.region_id != candidate.region_id or locked.cancelled_at is not None:
        raise ValidationError(
            _("This time is no longer offered. Choose one of the times still free.")
        )
    if locked.starts_at <= now:
        raise ValidationError(_("This time has passed. Choose one of the times still free."))
    if locked.starts_at - now < datetime.timedelta(hours=CHANGE_UNTIL_HOURS):
        raise ValidationError(
            _("This time is less than %(hours)s hours away. Choose a later one.")
            % {"hours": CHANGE_UNTIL_HOURS}
        )
    current = booked_intake_of(candidate, now=now)
    if current is not None and current.slot_id == locked.pk:
        return current, False
    taken = Appointment.objects.filter(slot=locked, cancelled_at=None).exists()
    busy = _overlapping(guide_appointments(locked.guide), locked.starts_at, locked.ends_at)
    if current is not None:
        busy = busy.exclude(pk=current.pk)
    if taken or busy.exists():
        raise ValidationError(TAKEN)
    fields = {
        "slot": locked,
        "starts_at": locked.starts_at,
        "ends_at": locked.ends_at,
        "location": locked.location or str(_("Online")),
        "online_url": locked.online_url,
        "with_user": locked.guide,
    }
    try:
        with transaction.atomic():
            if current is not None:
                _check_can_change(current, now=now)
                current = Appointment.objects.select_for_update().get(pk=current.pk)
                for name, value in fields.items():
                    setattr(current, name, value)
                current.sequence += 1
                current.save()
                appointment, moved = current, True
            else:
                appointment = Appointment.objects.create(
                    candidate=candidate,
                    kind=Appointment.Kind.INTAKE,
                    created_by=candidate.user,
                    **fields,
                )
                moved = False
    except IntegrityError as error:
        # The constraint is the last line; the locks above should have said so already.
        raise ValidationError(TAKEN) from error
    appointment.candidate = candidate
    if moved:
        key = f"appointment_changed:{appointment.pk}:{appointment.sequence}"
        reason = MailReason.APPOINTMENT_CHANGED
    else:
        key = f"appointment_planned:{appointment.pk}:{start_key(appointment.starts_at)}"
        reason = MailReason.APPOINTMENT_PLANNED
    _mail_appointment(appointment, reason=reason, key=key)
    _mail_appointment(appointment, reason=reason, key=key, to=locked.guide)
    return appointment, moved


@transaction.atomic
def intake_cancel_booking(*, candidate: Candidate, appointment: Appointment) -> bool:
    """The candidate cancels their booked intake, until ``CHANGE_UNTIL_HOURS`` before; the
    slot is free again, and the candidate and the guide are mailed once. Returns False when it
    was cancelled already."""
    locked = _lock_appointment(appointment)
    if locked.candidate_id != candidate.pk or locked.slot_id is None:
        raise ValidationError(_("This is not an intake you booked."))
    if locked.cancelled_at is not None:
        return False
    now = timezone.now()
    if locked.starts_at <= now:
        raise ValidationError(_("This intake has already taken place."))
    _check_can_change(locked, now=now)
    _cancel(locked, now=now, notify_guide=True)
    return True
