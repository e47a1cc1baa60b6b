"""Access to the desk's objects: one helper per object kind (``get_<thing>_for``), all here.

Each takes the signed-in user and an id that the URL converter parsed (an int), scopes it by
role and region (or school, or institute) and raises 404 for everyone else, so an id reveals
nothing. Every object view has tests as owner, as colleague in another region and as outsider
(``tests/desk/test_access.py``)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Q,
    QuerySet,
)
from django.http import Http404

from kandidaten.models import Candidate, CandidateDocument
from loket.core.models import Role, RoleAssignment
from loket.core.selectors import hr_schools, roles_of, staff_region_ids, staff_regions
from loket.desk.models import Assessment, Proposal, ProposalStatus, Referral
from loket.desk.selectors.proposals import desk_proposals, hr_proposals, proposals_with_people
from loket.desk.selectors.stalled import with_stall_flags
from vacatures.models import Vacancy


@dataclass(frozen=True)
class StaffAccess:
    """How a member of desk staff may treat one candidate record.

    ``can_edit``: the candidate belongs to one of their regions. ``incoming``: a referral from
    another region waits for their desk (they may read the file and accept or decline).
    Otherwise they only read the history of a candidate their region referred elsewhere.
    """

    candidate: Candidate
    can_edit: bool
    incoming: Referral | None = None
    # For the sending desk after the transfer: what happened later is the new desk's business.
    history_until: datetime.datetime | None = None


def get_candidate_for_staff(
    user, pk: int, *, for_change: bool = False, flags_at: datetime.datetime | None = None
) -> StaffAccess:
    """A candidate for a staff page, scoped by region; 404 for everyone else.

    Staff of the candidate's region may read and change; staff of a region with a pending
    referral for the candidate may read (and answer the referral); staff of a region that
    referred the candidate away keep a read-only view. ``for_change`` asks for the first kind.
    ``flags_at``: annotate the stalled-case flags at that moment (in the same query).
    """
    if not user.is_authenticated:
        raise Http404
    region_ids = staff_region_ids(user)
    candidates = Candidate.objects.select_related("region", "guide", "user")
    if flags_at is not None:
        candidates = with_stall_flags(candidates, now=flags_at)
    candidate = (
        candidates.filter(
            Q(region__in=region_ids)
            | Q(referrals__to_region__in=region_ids, referrals__status=Referral.Status.PENDING)
            | Q(referrals__from_region__in=region_ids),
            pk=pk,
        )
        .distinct()
        .first()
    )
    if candidate is None:
        raise Http404
    can_edit = candidate.region_id in region_ids
    if for_change and not can_edit:
        raise Http404
    incoming = history_until = None
    if not can_edit:
        incoming = candidate.referrals.filter(
            status=Referral.Status.PENDING, to_region__in=region_ids
        ).first()
        if incoming is None:
            history_until = (
                candidate.referrals.filter(
                    status=Referral.Status.ACCEPTED, from_region__in=region_ids
                )
                .order_by("-answered_at")
                .values_list("answered_at", flat=True)
                .first()
            ) or candidate.created_at
    return StaffAccess(
        candidate=candidate, can_edit=can_edit, incoming=incoming, history_until=history_until
    )


def get_proposal_for_hr(user, pk: int) -> Proposal:
    """A proposal to one of the HR officer's schools; 404 for everyone else."""
    proposal = hr_proposals(user).filter(pk=pk).first() if user.is_authenticated else None
    if proposal is None:
        raise Http404("No such proposal.")
    return proposal


def get_proposal_for_staff(user, pk: int) -> Proposal:
    proposal = desk_proposals(user).filter(pk=pk).first() if user.is_authenticated else None
    if proposal is None:
        raise Http404("No such proposal.")
    return proposal


def get_proposal_for_candidate(user, pk: int) -> Proposal:
    """One of the signed-in candidate's own proposals; 404 for every other one."""
    proposal = (
        proposals_with_people().filter(pk=pk, candidate__user=user).first()
        if user.is_authenticated
        else None
    )
    if proposal is None:
        raise Http404("No such proposal.")
    return proposal


def require_desk(user) -> None:
    """Desk pages are for desk staff and coordinators; everyone else gets 403."""
    if not roles_of(user) & {Role.DESK_STAFF, Role.COORDINATOR}:
        raise PermissionDenied


def get_referral_for(user, pk: int, *, side: str) -> Referral:
    """A referral the user's desk received (``side="to"``) or sent (``side="from"``)."""
    regions = staff_regions(user)
    lookup = {"to_region__in": regions} if side == "to" else {"from_region__in": regions}
    referral = Referral.objects.filter(pk=pk, **lookup).select_related("candidate").first()
    if referral is None:
        raise Http404
    return referral


def get_vacancy_for_desk(user, pk: int) -> Vacancy:
    """An open or closed vacancy of a school in one of the user's desk regions."""
    vacancy = (
        Vacancy.objects.filter(pk=pk, school__region__in=staff_regions(user))
        .select_related("school", "school__region")
        .prefetch_related("subjects")
        .first()
    )
    if vacancy is None:
        raise Http404
    return vacancy


def adviser_assessments(user) -> QuerySet[Assessment]:
    """The assessments of the training institutes the user is a study adviser of."""
    institutes = RoleAssignment.objects.filter(user=user, role=Role.STUDY_ADVISER).values(
        "institute"
    )
    return Assessment.objects.filter(institute__in=institutes).select_related(
        "candidate", "candidate__region", "institute", "referred_by", "recorded_by"
    )


def get_assessment_for_adviser(user, pk: int) -> Assessment:
    assessment = adviser_assessments(user).filter(pk=pk).first() if user.is_authenticated else None
    if assessment is None:
        raise Http404
    return assessment


# Proposal statuses after which the school has invited the candidate (and sees their documents).
INVITED_STATUSES = [ProposalStatus.INVITED, ProposalStatus.HIRED, ProposalStatus.NOT_HIRED]


def documents_hr_may_see(user, candidate: Candidate) -> bool:
    """An HR officer sees a candidate's documents once one of their schools has invited them,
    as long as the candidate still agrees to be shown to schools."""
    if not candidate.consent_region_schools:
        return False
    return Proposal.objects.filter(
        candidate=candidate, school__in=hr_schools(user), status__in=INVITED_STATUSES
    ).exists()


def get_document_for(user, pk: int) -> tuple[CandidateDocument, str]:
    """A document, with who asks: "own" (the candidate), "desk" (staff of the candidate's
    region) or "school" (an HR officer whose school invited them). 404 for everyone else."""
    if not user.is_authenticated:
        raise Http404
    document = CandidateDocument.objects.select_related("candidate").filter(pk=pk).first()
    if document is None or document.candidate.is_anonymised:
        raise Http404
    candidate = document.candidate
    if candidate.user_id == user.pk:
        return document, "own"
    if staff_regions(user).filter(pk=candidate.region_id).exists():
        return document, "desk"
    if documents_hr_may_see(user, candidate):
        return document, "school"
    raise Http404
