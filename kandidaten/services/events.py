"""Workflows for the desk's events and the appointments it plans with a candidate.

The rules these services keep (each function is one transaction):

* an event ends after it starts, starts in the future when it is created or moved, and has at
  least one place (or no limit); only staff of the event's region create, change or cancel it;
* a place is taken under a row lock on the event, so two candidates racing for the last place
  cannot both get it; cancelling keeps the registration and frees the place, signing up again
  re-opens the same row;
* nobody signs up for (or cancels a place at) an event that started already, was cancelled or
  is not published, and nobody gets a place at a full event;
* a full event offers its waiting list: the first one waiting gets a place the moment one comes
  free (a cancellation, more places, no limit any more), in the same transaction and under the
  same lock, and is mailed once; they can give the place back like anyone;
* every mail about a place carries the event's calendar file; moving an event (time or place)
  or cancelling it raises its calendar revision and mails everyone with a place once per
  revision (a cancellation also those waiting).

Appointments and intake slots are in ``kandidaten.services.appointments``.
"""

import datetime

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kandidaten.ics import event_ics, ics_attachment
from kandidaten.models import (
    Appointment,
    Candidate,
    Event,
    EventRegistration,
    WaitingListEntry,
)
from loket.core.cache import bump
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


def waiting_of(event: Event):
    """Who is waiting for a place, first come first served."""
    return WaitingListEntry.objects.filter(event=event, placed_at=None, left_at=None).order_by(
        "created_at", "pk"
    )


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S%f")


def _mail_place(*, candidate: Candidate, event: Event, reason: str, key: str) -> None:
    """Essential: a place, its change or its cancellation reaches someone who turned reminders
    off. The calendar file is the event as it is now (a cancelled one removes the entry)."""
    mail_queue(
        recipient=candidate.user,
        reason=reason,
        key=key,
        context={"event": event, "candidate": candidate},
        region=event.region,
        essential=True,
        attachment=ics_attachment(f"event-{event.pk}.ics", event_ics(event)),
    )


def _holders(event: Event):
    return (
        EventRegistration.objects.filter(event=event, cancelled_at=None)
        .select_related("candidate__user")
        .order_by("created_at", "pk")
    )


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
    text of a past event is fine); the places cannot drop below the people who have one.

    A new time or place raises the calendar revision and mails everyone with a place (with the
    new calendar file); more places go to the waiting list at once."""
    locked = Event.objects.select_for_update().select_related("region").get(pk=event.pk)
    _check_region(actor, locked.region)
    _check_region(actor, region)
    if locked.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled; it cannot be changed any more."))
    moved = starts_at != locked.starts_at
    changed = moved or ends_at != locked.ends_at or location.strip() != locked.location
    locked.region = region
    locked.kind = kind
    locked.title = title.strip()
    locked.description = description.strip()
    locked.starts_at = starts_at
    locked.ends_at = ends_at
    locked.location = location.strip()
    locked.capacity = capacity
    locked.is_published = is_published
    now = timezone.now()
    _validate_event(locked, now=now, moved=moved, taken=places_taken(locked))
    if changed:
        locked.sequence += 1
    locked.save()
    if changed and locked.ends_at > now:
        for registration in _holders(locked):
            _mail_place(
                candidate=registration.candidate,
                event=locked,
                reason=MailReason.EVENT_CHANGED,
                key=f"event_changed:{registration.pk}:{locked.sequence}",
            )
    fill_from_waiting_list(locked, now=now)
    return locked


@transaction.atomic
def event_cancel(*, actor: User, event: Event) -> bool:
    """Cancel an event that has not started; the registrations stay (history) but no longer
    hold a place. Everyone with a place is mailed once, with a calendar file that removes the
    entry; those on the waiting list are told too. Returns False when it was cancelled
    already."""
    locked = Event.objects.select_for_update().select_related("region").get(pk=event.pk)
    _check_region(actor, locked.region)
    if locked.cancelled_at is not None:
        return False
    now = timezone.now()
    if locked.starts_at <= now:
        raise ValidationError(_("This event has already started; it cannot be cancelled."))
    locked.cancelled_at = now
    locked.sequence += 1
    locked.save(update_fields=["cancelled_at", "sequence"])
    event.cancelled_at, event.sequence = locked.cancelled_at, locked.sequence
    for registration in _holders(locked):
        _mail_place(
            candidate=registration.candidate,
            event=locked,
            reason=MailReason.EVENT_CANCELLED,
            key=f"event_cancelled:{registration.pk}",
        )
    for entry in waiting_of(locked).select_related("candidate__user"):
        mail_queue(
            recipient=entry.candidate.user,
            reason=MailReason.EVENT_CANCELLED,
            key=f"event_cancelled:waiting:{entry.pk}",
            context={"event": locked, "candidate": entry.candidate, "was_waiting": True},
            region=locked.region,
            essential=True,
        )
    waiting_of(locked).update(left_at=now)
    return True


def _open_for_candidates(event: Event, *, now: datetime.datetime) -> None:
    if event.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled."))
    if not event.is_published:
        raise ValidationError(_("This event is not open for sign-up."))
    if event.starts_at <= now:
        raise ValidationError(_("This event has already started or taken place."))


def _take_place(
    event: Event, candidate: Candidate, *, now: datetime.datetime, from_waiting_list: bool
) -> EventRegistration:
    registration = EventRegistration.objects.filter(event=event, candidate=candidate).first()
    moved_up = now if from_waiting_list else None
    if registration is None:
        return EventRegistration.objects.create(
            event=event, candidate=candidate, created_at=now, from_waiting_list_at=moved_up
        )
    registration.cancelled_at = None
    registration.created_at = now
    registration.from_waiting_list_at = moved_up
    registration.save(update_fields=["cancelled_at", "created_at", "from_waiting_list_at"])
    return registration


def fill_from_waiting_list(event: Event, *, now: datetime.datetime) -> list[EventRegistration]:
    """Give free places to those waiting, first come first served; each is mailed once (the key
    names the entry and the moment it was placed, and an entry is placed only once). The
    caller holds the lock on the event row, so a sign-up cannot take the place in between."""
    if event.cancelled_at is not None or event.starts_at <= now:
        return []
    free = None if event.capacity is None else event.capacity - places_taken(event)
    placed = []
    for entry in waiting_of(event).select_related("candidate__user"):
        if free is not None and free <= 0:
            break
        registration = _take_place(event, entry.candidate, now=now, from_waiting_list=True)
        entry.placed_at = now
        entry.save(update_fields=["placed_at"])
        _mail_place(
            candidate=entry.candidate,
            event=event,
            reason=MailReason.WAITING_LIST_PLACE,
            key=f"waiting_list_place:{entry.pk}:{_stamp(now)}",
        )
        placed.append(registration)
        if free is not None:
            free -= 1
    return placed


@transaction.atomic
def event_fill_from_waiting_list(*, event_id: int) -> int:
    """The task's door: places that are free go to those waiting. Running it twice gives and
    mails nothing twice. Returns how many moved up."""
    locked = Event.objects.select_for_update().select_related("region").filter(pk=event_id).first()
    if locked is None:
        return 0
    return len(fill_from_waiting_list(locked, now=timezone.now()))


def events_with_free_places_and_waiting(*, now: datetime.datetime):
    waiting = WaitingListEntry.objects.filter(event=OuterRef("pk"), placed_at=None, left_at=None)
    return (
        Event.objects.filter(cancelled_at=None, starts_at__gt=now)
        .filter(Exists(waiting))
        .annotate(taken=Count("registrations", filter=Q(registrations__cancelled_at=None)))
        .filter(Q(capacity=None) | Q(capacity__gt=F("taken")))
    )


@shared_task(
    name="kandidaten.tasks.fill_waiting_lists",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def fill_waiting_lists() -> int:
    """Periodic (beat): every upcoming event with a free place and someone waiting fills it.
    Each event in its own transaction; running twice moves up and mails nobody twice."""
    ids = list(events_with_free_places_and_waiting(now=timezone.now()).values_list("pk", flat=True))
    return sum(event_fill_from_waiting_list(event_id=pk) for pk in ids)


@transaction.atomic
def event_register(*, candidate: Candidate, event: Event) -> tuple[EventRegistration, bool]:
    """Give a registered candidate a place at a published, upcoming event with room left.

    The event row is locked while the places are counted, so concurrent sign-ups for the last
    place are served one after the other and only the first gets it. Signing up again after
    cancelling re-opens the same registration. Returns the registration and whether this was
    a new place (False when they had one already). A new place is confirmed by mail, with the
    calendar file. A full event says so; the page then offers the waiting list.
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
        raise ValidationError(_("This event is full. You can join the waiting list."))
    registration = _take_place(locked, candidate, now=now, from_waiting_list=False)
    WaitingListEntry.objects.filter(
        event=locked, candidate=candidate, placed_at=None, left_at=None
    ).update(placed_at=now)
    _mail_place(
        candidate=candidate,
        event=locked,
        reason=MailReason.EVENT_SIGNUP,
        key=f"event_signup:{registration.pk}:{now:%Y%m%d%H%M%S}",
    )
    return registration, True


@transaction.atomic
def event_unregister(*, candidate: Candidate, event: Event) -> bool:
    """Give up a place before the event starts; the row stays with its cancellation time, and
    the place goes to the first one waiting at once. Returns False when the candidate had no
    place."""
    locked = Event.objects.select_for_update().select_related("region").get(pk=event.pk)
    registration = (
        EventRegistration.objects.select_for_update()
        .filter(event=locked, candidate=candidate, cancelled_at=None)
        .first()
    )
    if registration is None:
        return False
    now = timezone.now()
    if locked.starts_at <= now:
        raise ValidationError(_("This event has already started; you cannot cancel any more."))
    registration.cancelled_at = now
    registration.save(update_fields=["cancelled_at"])
    fill_from_waiting_list(locked, now=now)
    return True


@transaction.atomic
def event_join_waiting_list(*, candidate: Candidate, event: Event) -> tuple[WaitingListEntry, int]:
    """Put a registered candidate on the waiting list of a full, upcoming event. Returns the
    entry and their place in the line. Refused, with a message, when they have a place or are
    waiting already, or when there is room (sign up instead)."""
    now = timezone.now()
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if not candidate.is_registered:
        raise ValidationError(_("Finish your registration before you sign up for an event."))
    _open_for_candidates(locked, now=now)
    if EventRegistration.objects.filter(event=locked, candidate=candidate, cancelled_at=None):
        raise ValidationError(_("You already have a place at this event."))
    if locked.capacity is None or places_taken(locked) < locked.capacity:
        raise ValidationError(_("There are places free at this event: sign up instead."))
    entry = WaitingListEntry.objects.filter(event=locked, candidate=candidate).first()
    if entry is not None and entry.is_waiting:
        raise ValidationError(_("You are already on the waiting list for this event."))
    if entry is None:
        entry = WaitingListEntry.objects.create(event=locked, candidate=candidate, created_at=now)
    else:
        entry.created_at, entry.placed_at, entry.left_at = now, None, None
        entry.save(update_fields=["created_at", "placed_at", "left_at"])
    return entry, waiting_position(entry)


def waiting_position(entry: WaitingListEntry) -> int:
    """1 for the first one waiting."""
    ahead = waiting_of(entry.event_id).filter(
        Q(created_at__lt=entry.created_at) | Q(created_at=entry.created_at, pk__lt=entry.pk)
    )
    return ahead.count() + 1


@transaction.atomic
def event_leave_waiting_list(*, candidate: Candidate, event: Event) -> bool:
    """Leave the waiting list; returns False when they were not on it."""
    Event.objects.select_for_update().get(pk=event.pk)
    left = WaitingListEntry.objects.filter(
        event=event, candidate=candidate, placed_at=None, left_at=None
    ).update(left_at=timezone.now())
    return bool(left)


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
    freed = EventRegistration.objects.filter(pk__in=[r.pk for r in places]).update(cancelled_at=now)
    if freed:
        # A bulk update sends no signal: the public agenda's places left change all the same.
        bump("events")
        transaction.on_commit(lambda: bump("events"))
    return closed
