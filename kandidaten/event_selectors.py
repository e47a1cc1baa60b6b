"""Reads about events and appointments that several pages share, and their access helpers."""

import datetime

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from kandidaten.models import Appointment, Candidate, Event, EventRegistration
from loket.selectors import staff_regions


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


def get_public_event(pk: int) -> Event:
    """A published event (also a past or cancelled one, so old links keep working); 404 else."""
    event = with_places(Event.objects.select_related("region")).filter(pk=pk, is_published=True)
    found = event.first()
    if found is None:
        raise Http404("No such event.")
    return found


def desk_events(user) -> QuerySet[Event]:
    """The events of the regions the user works for as desk staff or coordinator."""
    return with_places(
        Event.objects.filter(region__in=staff_regions(user)).select_related("region")
    )


def get_event_for_staff(user, pk: int) -> Event:
    """An event of one of the user's regions; 404 for everyone else (also when it exists)."""
    event = desk_events(user).filter(pk=pk).first()
    if event is None:
        raise Http404("No such event.")
    return event


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


def get_appointment_for_staff(user, candidate: Candidate, pk: int) -> Appointment:
    """One appointment of a candidate the caller may change (checked by the caller through
    ``get_candidate_for_staff``); 404 for an id of another candidate."""
    appointment = candidate.appointments.filter(pk=pk).first()
    if appointment is None:
        raise Http404("No such appointment.")
    return appointment
