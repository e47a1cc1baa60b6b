"""Reads about candidates, their events and appointments that several views share."""

import datetime

from django.db.models import (
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
)

from kandidaten.models import (
    Appointment,
    Candidate,
    ConsentKind,
    Event,
    EventRegistration,
    PhaseEvent,
    Route,
    TeachingQualification,
)
from loket.core.models import Subject
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


def consent_state(candidate: Candidate) -> list[dict]:
    """For each kind of consent: whether it is given now and when it last changed."""
    latest = {}
    for record in candidate.consents.select_related("statement").order_by("created_at", "pk"):
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
