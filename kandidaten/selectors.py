"""Reads about candidates that several views share, and the one access helper."""

from django.db.models import Prefetch, Q
from django.http import Http404

from kandidaten.models import Candidate, ConsentKind, PhaseEvent, Route, TeachingQualification
from loket.models import Role, RoleAssignment, Subject


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
        Route.objects.filter(is_active=True).only(
            "slug", "name", "name_en", "explanation", "explanation_en", "order"
        )
    )
