"""The desk's part of erasing a candidate (``kandidaten.hooks.candidate_erasing``), and the
desk's own door to it: a coordinator erases on a request made by phone or letter.

Open proposals are withdrawn and the school's HR officers told; a pending referral is withdrawn
and the other desk told. Neither message names the candidate. Contacts keep their kind and date
(the desk's figures), without the summary; notes are deleted; proposals, their steps, referrals
and assessments keep their statuses, outcomes and dates, without any free text.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models import Candidate, ErasureReason, ErasureRecord
from kandidaten.services.erasure import candidate_erase
from kandidaten.services.privacy import access_record
from loket.core.mail.outbox import mail_each
from loket.core.models import MailReason, Role, User
from loket.core.people import staff_of_region
from loket.core.selectors import role_regions_of
from loket.desk.models import (
    OPEN_PROPOSAL_STATUSES,
    Assessment,
    CandidateNote,
    Contact,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Referral,
)
from loket.desk.services.proposals import close_proposal, tell_schools

# The reasons a coordinator can record; a code, so the log holds no personal data.
DESK_ERASURE_REASONS = [
    ErasureReason.PHONE,
    ErasureReason.LETTER,
    ErasureReason.EMAIL,
    ErasureReason.IN_PERSON,
]


def desk_records_erase(*, candidate: Candidate, actor: User | None) -> None:
    """Connected to ``candidate_erasing``: runs inside the erasure's transaction."""
    for proposal in Proposal.objects.select_for_update().filter(
        candidate=candidate, status__in=OPEN_PROPOSAL_STATUSES
    ):
        close_proposal(proposal, status=ProposalStatus.WITHDRAWN, actor=actor)
        tell_schools(proposal, occasion="withdrawn")
    for referral in Referral.objects.select_for_update().filter(
        candidate=candidate, status=Referral.Status.PENDING
    ):
        referral.status = Referral.Status.WITHDRAWN
        referral.answered_by = actor
        referral.answered_at = timezone.now()
        referral.save(update_fields=["status", "answered_by", "answered_at"])
        mail_each(
            staff_of_region(referral.to_region),
            reason=MailReason.REFERRAL_UPDATE,
            region=referral.to_region,
            key=f"referral_update:{referral.pk}:erased",
            context={"referral": referral, "event": "erased"},
        )
    Contact.objects.filter(candidate=candidate).update(summary="")
    CandidateNote.objects.filter(candidate=candidate).delete()
    proposals = Proposal.objects.filter(candidate=candidate)
    proposals.update(
        motivation="",
        decline_note="",
        interview_location="",
        school_message="",
        candidate_reason="",
    )
    ProposalEvent.objects.filter(proposal__in=proposals).update(note="")
    Referral.objects.filter(candidate=candidate).update(note="", answer_note="")
    Assessment.objects.filter(candidate=candidate).update(question="", outcome_note="")


def can_erase(user: User, candidate: Candidate) -> bool:
    """Only a coordinator of the candidate's region erases from the file."""
    return (Role.COORDINATOR, candidate.region_id) in role_regions_of(user)


@transaction.atomic
def candidate_erase_by_desk(*, actor: User, candidate: Candidate, reason: str) -> ErasureRecord:
    """The coordinator erases a candidate who asked by phone, letter, email or in person; the
    reason is recorded as a code, with the coordinator as the one who did it."""
    if not can_erase(actor, candidate):
        raise ValidationError(_("Only a coordinator of the candidate's region can do this."))
    if reason not in DESK_ERASURE_REASONS:
        raise ValidationError(_("Choose how the candidate asked for it."), code="reason")
    access_record(user=actor, candidates=[candidate], action="change", what="erasure")
    return candidate_erase(candidate=candidate, actor=actor, reason=reason)
