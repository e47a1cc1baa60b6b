"""Workflows for the desk's events and the appointments it plans with a candidate.

The rules these services keep (each function is one transaction):

* an event ends after it starts, starts in the future when it is created or moved, and has at
  least one place (or no limit); only staff of the event's region create, change or cancel it;
* a place is taken under a row lock on the event, so two candidates racing for the last place
  cannot both get it; cancelling keeps the registration and frees the place, signing up again
  re-opens the same row;
* nobody signs up for (or cancels a place at) an event that started already, was cancelled or
  is not published, and nobody gets a place at a full event;
* an appointment starts in the future and is planned by staff of the candidate's region; the
  candidate is mailed about it (essential: they need it even when they turned reminders off),
  once per appointment and start time.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kandidaten.models import Appointment, Candidate, CandidateAccess, Event, EventRegistration
from kandidaten.services.privacy import access_record
from loket.core.mail.outbox import mail_queue
from loket.core.models import MailReason, Region, User
from loket.core.selectors import staff_regions

# How far ahead the desk plans: a typo in the year must not put an intake in 2062.
MAX_DAYS_AHEAD = 2 * 365


def _check_region(actor: User, region: Region | None, *, field: str | None = "region") -> None:
    # Views only offer the actor's regions; the service refuses others too, so no other door
    # (a task, a script, a future API) can touch another region's events or candidates.
    if region is None or not staff_regions(actor).filter(pk=region.pk).exists():
        message = _("Choose one of the regions you work for.")
        if field is None:
            message = _("This candidate belongs to a region you do not work for.")
        raise ValidationError({field: message} if field else message)


def start_key(starts_at: datetime.datetime) -> str:
    """A start time as it appears in mail keys (UTC, to the minute): a moved appointment or
    event gets a new key, the same one never two."""
    return starts_at.astimezone(datetime.UTC).strftime("%Y%m%d%H%M")


def _check_start(starts_at: datetime.datetime, *, now: datetime.datetime) -> None:
    if starts_at <= now:
        raise ValidationError({"starts_at": _("The start has passed; choose a moment later.")})
    if starts_at > now + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError({"starts_at": _("Choose a start within the next two years.")})


def _validate_event(event: Event, *, now: datetime.datetime, moved: bool, taken: int = 0) -> None:
    errors: dict[str, list] = {}
    if moved:
        try:
            _check_start(event.starts_at, now=now)
        except ValidationError as error:
            errors.update(error.message_dict)
    if event.ends_at <= event.starts_at:
        errors["ends_at"] = [_("The end is before the start; choose an end after the start.")]
    if event.capacity is not None and event.capacity < 1:
        errors["capacity"] = [
            _("An event needs at least one place; leave the field empty for no limit.")
        ]
    elif event.capacity is not None and event.capacity < taken:
        errors["capacity"] = [
            ngettext_lazy(
                "%(count)s person has a place already; choose at least %(count)s places.",
                "%(count)s people have a place already; choose at least %(count)s places.",
                taken,
            )
            % {"count": taken}
        ]
    if errors:
        raise ValidationError(errors)
    # Lengths and choices, with Django's own messages (the constraints were checked above).
    event.full_clean(exclude=["created_by"], validate_unique=False, validate_constraints=False)


def places_taken(event: Event) -> int:
    return EventRegistration.objects.filter(event=event, cancelled_at=None).count()


@transaction.atomic
def event_create(
    *,
    actor: User,
    region: Region,
    kind: str,
    title: str,
    description: str = "",
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str,
    capacity: int | None = None,
    is_published: bool = True,
) -> Event:
    """A new event of one of the actor's regions, in the future, ending after it starts."""
    _check_region(actor, region)
    event = Event(
        region=region,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        capacity=capacity,
        is_published=is_published,
        created_by=actor,
    )
    _validate_event(event, now=timezone.now(), moved=True)
    event.save()
    return event


@transaction.atomic
def event_update(
    *,
    actor: User,
    event: Event,
    region: Region,
    kind: str,
    title: str,
    description: str = "",
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str,
    capacity: int | None = None,
    is_published: bool = True,
) -> Event:
    """Change an event that is not cancelled. A new start must lie in the future (fixing the
    text of a past event is fine); the places cannot drop below the people who have one."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    _check_region(actor, locked.region)
    _check_region(actor, region)
    if locked.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled; it cannot be changed any more."))
    moved = starts_at != locked.starts_at
    locked.region = region
    locked.kind = kind
    locked.title = title.strip()
    locked.description = description.strip()
    locked.starts_at = starts_at
    locked.ends_at = ends_at
    locked.location = location.strip()
    locked.capacity = capacity
    locked.is_published = is_published
    _validate_event(locked, now=timezone.now(), moved=moved, taken=places_taken(locked))
    locked.save()
    return locked


@transaction.atomic
def event_cancel(*, actor: User, event: Event) -> bool:
    """Cancel an event that has not started; the registrations stay (history) but no longer
    hold a place. Returns False when it was cancelled already."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    _check_region(actor, locked.region)
    if locked.cancelled_at is not None:
        return False
    if locked.starts_at <= timezone.now():
        raise ValidationError(_("This event has already started; it cannot be cancelled."))
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["cancelled_at"])
    event.cancelled_at = locked.cancelled_at
    return True


def _open_for_candidates(event: Event, *, now: datetime.datetime) -> None:
    if event.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled."))
    if not event.is_published:
        raise ValidationError(_("This event is not open for sign-up."))
    if event.starts_at <= now:
        raise ValidationError(_("This event has already started or taken place."))


@transaction.atomic
def event_register(*, candidate: Candidate, event: Event) -> tuple[EventRegistration, bool]:
    """Give a registered candidate a place at a published, upcoming event with room left.

    The event row is locked while the places are counted, so concurrent sign-ups for the last
    place are served one after the other and only the first gets it. Signing up again after
    cancelling re-opens the same registration. Returns the registration and whether this was
    a new place (False when they had one already). A new place is confirmed by mail.
    """
    now = timezone.now()
    locked = Event.objects.select_for_update().select_related("region").get(pk=event.pk)
    if not candidate.is_registered:
        raise ValidationError(_("Finish your registration before you sign up for an event."))
    _open_for_candidates(locked, now=now)
    registration = EventRegistration.objects.filter(event=locked, candidate=candidate).first()
    if registration is not None and registration.cancelled_at is None:
        return registration, False
    if locked.capacity is not None and places_taken(locked) >= locked.capacity:
        raise ValidationError(_("This event is full."))
    if registration is None:
        registration = EventRegistration.objects.create(
            event=locked, candidate=candidate, created_at=now
        )
    else:
        registration.cancelled_at = None
        registration.created_at = now
        registration.save(update_fields=["cancelled_at", "created_at"])
    mail_queue(
        recipient=candidate.user,
        reason=MailReason.EVENT_SIGNUP,
        key=f"event_signup:{registration.pk}:{now:%Y%m%d%H%M%S}",
        context={"event": locked, "candidate": candidate},
        region=locked.region,
        essential=True,
    )
    return registration, True


@transaction.atomic
def event_unregister(*, candidate: Candidate, event: Event) -> bool:
    """Give up a place before the event starts; the row stays with its cancellation time.
    Returns False when the candidate had no place."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    registration = (
        EventRegistration.objects.select_for_update()
        .filter(event=locked, candidate=candidate, cancelled_at=None)
        .first()
    )
    if registration is None:
        return False
    if locked.starts_at <= timezone.now():
        raise ValidationError(_("This event has already started; you cannot cancel any more."))
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["cancelled_at"])
    return True


def _log_change(actor: User, candidate: Candidate, what: str) -> None:
    access_record(
        user=actor, candidates=[candidate], action=CandidateAccess.Action.CHANGE, what=what
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
) -> Appointment:
    """Plan an intake or follow-up with a candidate of one of the actor's regions, in the
    future; the candidate gets an essential mail with the time and place (one per appointment
    and start time). The change is written to the candidate's access log."""
    _check_region(actor, candidate.region, field=None)
    _check_start(starts_at, now=timezone.now())
    appointment = Appointment(
        candidate=candidate,
        kind=kind,
        starts_at=starts_at,
        location=location.strip(),
        note=note.strip(),
        with_user=actor,
        created_by=actor,
    )
    appointment.full_clean(exclude=["candidate", "with_user", "created_by"])
    appointment.save()
    _log_change(actor, candidate, "appointment planned")
    mail_queue(
        recipient=candidate.user,
        reason=MailReason.APPOINTMENT_PLANNED,
        key=f"appointment_planned:{appointment.pk}:{start_key(appointment.starts_at)}",
        context={"appointment": appointment, "candidate": candidate},
        region=candidate.region,
        essential=True,
    )
    return appointment


@transaction.atomic
def appointment_cancel(*, actor: User, appointment: Appointment) -> bool:
    """Cancel an appointment that has not started; the row stays with its cancellation time.
    Returns False when it was cancelled already."""
    locked = (
        Appointment.objects.select_for_update().select_related("candidate").get(pk=appointment.pk)
    )
    _check_region(actor, locked.candidate.region, field=None)
    if locked.cancelled_at is not None:
        return False
    if locked.starts_at <= timezone.now():
        raise ValidationError(_("This appointment has already started; it cannot be cancelled."))
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["cancelled_at"])
    appointment.cancelled_at = locked.cancelled_at
    _log_change(actor, locked.candidate, "appointment cancelled")
    return True


# Orientation belongs before a job: after a hire these no longer apply.
ORIENTATION_EVENT_KINDS = [Event.Kind.INFO, Event.Kind.TRIAL_DAY]


@transaction.atomic
def candidate_close_after_start(*, candidate: Candidate) -> list:
    """A candidate who has been hired needs no intake and no orientation any more: planned
    intakes that have not started are cancelled, an open intake request is cleared, and places
    at information events and trial days to come are given up (which frees them). Follow-up
    conversations and workshops stay. Returns what was closed, in words, for the mails."""
    now = timezone.now()
    closed: list[str] = []
    intakes = Appointment.objects.select_for_update().filter(
        candidate=candidate,
        kind=Appointment.Kind.INTAKE,
        cancelled_at=None,
        starts_at__gt=now,
    )
    for appointment in intakes:
        closed.append(
            format_lazy(
                _("the intake on {when}"),
                when=date_format(timezone.localtime(appointment.starts_at), "j F Y H:i"),
            )
        )
    intakes.update(cancelled_at=now)
    Candidate.objects.filter(pk=candidate.pk).exclude(intake_requested_at=None).update(
        intake_requested_at=None, updated_at=now
    )
    candidate.intake_requested_at = None
    places = EventRegistration.objects.select_for_update(of=("self",)).filter(
        candidate=candidate,
        cancelled_at=None,
        event__kind__in=ORIENTATION_EVENT_KINDS,
        event__starts_at__gt=now,
    )
    for registration in places.select_related("event"):
        closed.append(
            format_lazy(
                _("your place at “{title}” on {when}"),
                title=registration.event.title,
                when=date_format(timezone.localtime(registration.event.starts_at), "j F Y"),
            )
        )
    EventRegistration.objects.filter(pk__in=[r.pk for r in places]).update(cancelled_at=now)
    return closed
