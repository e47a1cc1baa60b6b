"""Reads about candidates, their events and appointments that several views share."""

import datetime

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from kandidaten.models import (
    Appointment,
    Candidate,
    ConsentKind,
    Event,
    EventRegistration,
    IntakeSlot,
    PhaseEvent,
    Route,
    TeachingQualification,
    WaitingListEntry,
)
from kandidaten.models.intakes import CHANGE_UNTIL_HOURS
from loket.core.models import Region, Subject, User
from loket.core.selectors import staff_regions


def candidate_of(user) -> Candidate | None:
    """The user's own candidate record, or None when they have not registered yet."""
    if not user.is_authenticated:
        return None
    return (
        Candidate.objects.select_related("region", "guide")
        .prefetch_related(
            Prefetch(
                "qualifications",
                queryset=TeachingQualification.objects.select_related("subject").order_by("pk"),
            ),
            Prefetch("subjects", queryset=Subject.objects.order_by("name")),
        )
        .filter(user=user)
        .first()
    )


def phase_events_of(candidate: Candidate) -> list[PhaseEvent]:
    return list(candidate.phase_events.select_related("actor").order_by("created_at", "pk"))


def consent_state(candidate: Candidate, records: list | None = None) -> list[dict]:
    """For each kind of consent: whether it is given now and when it last changed (from
    ``records``, oldest first, when the caller loaded them)."""
    if records is None:
        records = candidate.consents.select_related("statement").order_by("created_at", "pk")
    latest = {}
    for record in records:
        latest[record.kind] = record
    return [
        {"kind": kind, "label": kind.label, "record": latest.get(kind.value)}
        for kind in ConsentKind
    ]


def public_routes() -> list[Route]:
    """The routes the region advises on, for public pages (names and explanations only)."""
    return list(
        Route.objects.filter(is_active=True, region=None).only(
            "slug", "name", "name_en", "explanation", "explanation_en", "order"
        )
    )


# --- The desk's view of candidates ----------------------------------------------------------------


# --- Events and appointments ----------------------------------------------------------------


def with_places(events: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate ``taken`` (the places held; cancelled registrations do not count) and
    ``places_left`` (None when there is no limit)."""
    return events.annotate(
        taken=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True))
    ).annotate(places_left=F("capacity") - F("taken"))


def upcoming_events(*, now: datetime.datetime, region=None) -> QuerySet[Event]:
    """Published events that have not started and are not cancelled, soonest first."""
    events = Event.objects.filter(is_published=True, cancelled_at=None, starts_at__gt=now)
    if region is not None:
        events = events.filter(region=region)
    return with_places(events.select_related("region")).order_by("starts_at", "pk")


def desk_events(user) -> QuerySet[Event]:
    """The events of the regions the user works for as desk staff or coordinator."""
    return with_places(
        Event.objects.filter(region__in=staff_regions(user)).select_related("region")
    )


def registrations_of(event: Event) -> QuerySet[EventRegistration]:
    """Everyone who signed up, the ones who cancelled last, for the desk's list."""
    return event.registrations.select_related("candidate", "candidate__user").order_by(
        F("cancelled_at").asc(nulls_first=True), "created_at", "pk"
    )


def registration_of(candidate: Candidate | None, event: Event) -> EventRegistration | None:
    """The candidate's place at the event, if they hold one now."""
    if candidate is None:
        return None
    return EventRegistration.objects.filter(
        candidate=candidate, event=event, cancelled_at=None
    ).first()


def waiting_entry_of(candidate: Candidate | None, event: Event) -> dict | None:
    """The candidate's entry on the event's waiting list with their place in line, if they
    are waiting now."""
    if candidate is None:
        return None
    entry = WaitingListEntry.objects.filter(
        candidate=candidate, event=event, placed_at=None, left_at=None
    ).first()
    if entry is None:
        return None
    ahead = WaitingListEntry.objects.filter(event=event, placed_at=None, left_at=None).filter(
        Q(created_at__lt=entry.created_at) | Q(created_at=entry.created_at, pk__lt=entry.pk)
    )
    return {"entry": entry, "position": ahead.count() + 1}


def waiting_list_of(event: Event) -> QuerySet[WaitingListEntry]:
    """Who waits, in order, for the desk's list."""
    return (
        event.waiting_list.filter(placed_at=None, left_at=None)
        .select_related("candidate", "candidate__user")
        .order_by("created_at", "pk")
    )


def appointments_of(candidate: Candidate) -> QuerySet[Appointment]:
    """All of a candidate's appointments for the desk, the latest first (cancelled ones too)."""
    return candidate.appointments.select_related("with_user").order_by("-starts_at", "-pk")


def upcoming_appointments_of(
    candidate: Candidate, *, now: datetime.datetime
) -> QuerySet[Appointment]:
    return (
        candidate.appointments.filter(cancelled_at=None, starts_at__gt=now)
        .select_related("with_user")
        .order_by("starts_at", "pk")
    )


def upcoming_registrations_of(
    candidate: Candidate, *, now: datetime.datetime
) -> QuerySet[EventRegistration]:
    """The candidate's places at events still to come (also cancelled events: they should
    hear about that on their own page)."""
    return (
        candidate.event_registrations.filter(cancelled_at=None, event__starts_at__gt=now)
        .select_related("event", "event__region")
        .order_by("event__starts_at", "pk")
    )


# --- Intakes --------------------------------------------------------------------------------------


def guide_appointments(guide: User):
    return Appointment.objects.filter(with_user=guide, cancelled_at=None)


def bookable_slots(*, region: Region, now: datetime.datetime):
    """Free slots of a region that can still be booked: not withdrawn, at least
    ``CHANGE_UNTIL_HOURS`` ahead, without an appointment in them and without another
    appointment of the guide at that time."""
    booked = Appointment.objects.filter(slot=OuterRef("pk"), cancelled_at=None)
    guide_busy = Appointment.objects.filter(
        with_user=OuterRef("guide"),
        cancelled_at=None,
        starts_at__lt=OuterRef("ends_at"),
        ends_at__gt=OuterRef("starts_at"),
    )
    return (
        IntakeSlot.objects.filter(
            region=region,
            cancelled_at=None,
            starts_at__gt=now + datetime.timedelta(hours=CHANGE_UNTIL_HOURS),
        )
        .filter(~Exists(booked), ~Exists(guide_busy))
        .select_related("guide")
        .order_by("starts_at", "pk")
    )


def booked_intake_of(candidate: Candidate, *, now: datetime.datetime) -> Appointment | None:
    """The candidate's own booked intake that has not started, if any."""
    return (
        candidate.appointments.filter(slot__isnull=False, cancelled_at=None, starts_at__gt=now)
        .select_related("slot", "with_user")
        .first()
    )


def guide_day(guide: User, day: datetime.date):
    """A guide's day: their slots (free or booked) and their appointments, in order."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    appointments = list(
        guide_appointments(guide)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("candidate", "slot")
        .order_by("starts_at", "pk")
    )
    booked_slots = {a.slot_id for a in appointments if a.slot_id}
    free = list(
        IntakeSlot.objects.filter(
            guide=guide, cancelled_at=None, starts_at__gte=start, starts_at__lt=end
        )
        .exclude(pk__in=booked_slots)
        .order_by("starts_at", "pk")
    )
    rows = [("appointment", a.starts_at, a) for a in appointments]
    rows += [("slot", s.starts_at, s) for s in free]
    return sorted(rows, key=lambda row: (row[1], row[0]))


def feed_appointments(guide: User, *, now: datetime.datetime):
    return (
        guide_appointments(guide)
        .filter(starts_at__gte=now - datetime.timedelta(days=30))
        .filter(Q(ends_at__gt=now - datetime.timedelta(days=30)))
        .order_by("starts_at", "pk")
    )
