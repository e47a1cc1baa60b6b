"""Proposals as the desk, HR and the candidate read them, and what the school may see of the
candidate."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from loket.core.models import PostcodeArea
from loket.core.selectors import hr_schools, staff_regions
from loket.desk.models import Proposal, ProposalEvent, ProposalStatus


def proposals_with_people():
    return Proposal.objects.select_related(
        "school", "vacancy", "candidate", "candidate__region", "candidate__user", "proposed_by"
    )


def hr_proposals(user) -> QuerySet[Proposal]:
    """Proposals to the schools an HR officer acts for, newest first."""
    return (
        proposals_with_people()
        # The ids as a list (one small query): with a subquery PostgreSQL guesses thousands of
        # schools where an officer has a few dozen, and scans every proposal in parallel.
        .filter(school_id__in=list(hr_schools(user).values_list("pk", flat=True)))
        # A candidate who withdrew "shown to schools" leaves HR's views at once; a hire stays
        # (the school employs them).
        .filter(Q(candidate__consent_region_schools=True) | Q(status=ProposalStatus.HIRED))
        .order_by("-created_at", "-pk")
    )


def desk_proposals(user) -> QuerySet[Proposal]:
    """Proposals of candidates of the user's desk regions, or to schools in them."""
    regions = staff_regions(user)
    return (
        proposals_with_people()
        .filter(Q(candidate__region__in=regions) | Q(school__region__in=regions))
        .order_by("-created_at", "-pk")
    )


def proposals_of_candidate(candidate) -> list[Proposal]:
    return list(
        Proposal.objects.filter(candidate=candidate)
        .select_related("school", "vacancy")
        .order_by("-created_at", "-pk")
    )


def proposal_steps(proposal: Proposal) -> list[ProposalEvent]:
    return list(proposal.events.select_related("actor").order_by("created_at", "pk"))


@dataclass(frozen=True)
class SchoolView:
    """What an HR officer sees of a proposed candidate. Until the school invites them: no name
    beyond the first name and initial, no contact details, no address."""

    display_name: str
    contact_visible: bool
    email: str
    phone: str
    municipality: str


def candidate_as_school_sees(proposal: Proposal, *, with_place: bool = False) -> SchoolView:
    """``with_place`` looks up where the candidate lives (one query): for the detail page."""
    candidate = proposal.candidate
    if proposal.contact_visible_to_school:
        return SchoolView(
            display_name=candidate.full_name,
            contact_visible=True,
            email=candidate.user.email,
            phone=candidate.phone,
            municipality=_municipality_of(candidate) if with_place else "",
        )
    parts = candidate.full_name.split()
    short = parts[0] + (f" {parts[-1][0]}." if len(parts) > 1 else "") if parts else "–"
    return SchoolView(
        display_name=short, contact_visible=False, email="", phone="", municipality=""
    )


def _municipality_of(candidate) -> str:
    if not candidate.postcode:
        return ""
    area = PostcodeArea.objects.filter(digits=candidate.postcode[:4]).first()
    return area.municipality if area else ""
