"""Access to candidates for the candidate's own pages: one helper per object kind, each scoped by
role and answering 404 to everyone else (so an id reveals nothing)."""

from django.db.models import Q
from django.http import Http404

from kandidaten.models import Appointment, Candidate, Event, IntakeSlot
from kandidaten.selectors import desk_events, with_places
from loket.core.models import Role, RoleAssignment


def get_candidate_for(user, pk: int) -> Candidate:
    """A candidate the user may see: their own record, or one in a region they work for as desk
    staff or coordinator. Everyone else gets a 404, so ids reveal nothing."""
    if not user.is_authenticated:
        raise Http404
    staff_regions = RoleAssignment.objects.filter(
        user=user, role__in=[Role.DESK_STAFF, Role.COORDINATOR]
    ).values("region")
    candidate = (
        Candidate.objects.select_related("region", "guide", "user")
        .filter(Q(user=user) | Q(region__in=staff_regions), pk=pk)
        .first()
    )
    if candidate is None:
        raise Http404
    return candidate


def get_public_event(pk: int) -> Event:
    """A published event (also a past or cancelled one, so old links keep working); 404 else."""
    event = with_places(Event.objects.select_related("region")).filter(pk=pk, is_published=True)
    found = event.first()
    if found is None:
        raise Http404("No such event.")
    return found


def get_event_for_staff(user, pk: int) -> Event:
    """An event of one of the user's regions; 404 for everyone else (also when it exists)."""
    event = desk_events(user).filter(pk=pk).first()
    if event is None:
        raise Http404("No such event.")
    return event


def get_appointment_for_staff(user, candidate: Candidate, pk: int) -> Appointment:
    """One appointment of a candidate the caller may change (checked by the caller through
    ``get_candidate_for_staff``); 404 for an id of another candidate."""
    appointment = candidate.appointments.filter(pk=pk).first()
    if appointment is None:
        raise Http404("No such appointment.")
    return appointment


def get_bookable_slot(candidate: Candidate, pk: int) -> IntakeSlot:
    """A slot of the candidate's region (the service says whether it is still free); 404 for a
    slot of another region."""
    slot = IntakeSlot.objects.select_related("guide").filter(pk=pk, region=candidate.region_id)
    found = slot.first()
    if found is None:
        raise Http404("No such time.")
    return found


def get_slot_for_staff(user, pk: int) -> IntakeSlot:
    """A slot of one of the user's regions; 404 for everyone else."""
    staff_regions = RoleAssignment.objects.filter(
        user=user, role__in=[Role.DESK_STAFF, Role.COORDINATOR]
    ).values("region")
    found = IntakeSlot.objects.filter(pk=pk, region__in=staff_regions).select_related("guide")
    slot = found.first()
    if slot is None:
        raise Http404("No such time.")
    return slot
