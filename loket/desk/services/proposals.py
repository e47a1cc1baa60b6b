"""Proposals: desk → school HR → answer → interview → hired or not, and withdrawal.

Every change locks the proposal row, checks the transition, writes a ProposalEvent and tells the
people who wait for it. A proposal is closed in one place (``close_proposal``): withdrawn, declined
because the post was filled, or withdrawn because the candidate started elsewhere."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models import Candidate, Phase
from kandidaten.services.events import candidate_close_after_start
from kandidaten.services.journey import candidate_change_phase, system_note
from loket.core.mail.outbox import mail_queue
from loket.core.models import MailReason, School, User
from loket.core.people import school_hr_officers, staff_of_region
from loket.core.selectors import hr_schools
from loket.desk.models import (
    MATCHABLE_PHASES,
    OPEN_PROPOSAL_STATUSES,
    DeclineReason,
    Proposal,
    ProposalEvent,
    ProposalStatus,
)
from loket.desk.services.guidance import check_staff
from vacatures.models import ContractType, Vacancy, VacancyStatus
from vacatures.services.vacancies import vacancy_change_status


def _proposal_event(proposal: Proposal, *, actor, from_status: str, note: str = "") -> None:
    ProposalEvent.objects.create(
        proposal=proposal,
        actor=actor,
        from_status=from_status,
        to_status=proposal.status,
        note=note.strip(),
    )


def _proposal_mail(proposal: Proposal, *, to, reason: str, occasion: str, **extra) -> None:
    """One mail about a proposal. ``to`` is a user, or the region's desk address (a string)."""
    candidate = proposal.candidate
    address = to if isinstance(to, str) else None
    mail_queue(
        recipient=to,
        reason=reason,
        key=f"{reason}:{proposal.pk}:{occasion}:{address or to.pk}",
        context={
            "proposal": proposal,
            "candidate": candidate,
            "school": proposal.school,
            # The desk follows the candidate on its own pages; HR on the proposal page.
            "for_desk": address is not None or to.pk in _desk_user_ids(proposal),
            "has_guide": bool(candidate.guide_id),
            **extra,
        },
        region=candidate.region,
        essential=True,
    )


def _desk_user_ids(proposal: Proposal) -> set[int]:
    return {pk for pk in (proposal.candidate.guide_id, proposal.proposed_by_id) if pk}


def _desk_recipient(proposal: Proposal):
    """Who at the desk hears of the school's (or the candidate's) answer: the guide; without
    one, whoever made the proposal while they still work for the region; else the region's
    desk address. None when the region has no address either."""
    candidate = proposal.candidate
    if candidate.guide_id:
        return candidate.guide
    proposer = proposal.proposed_by
    if proposer is not None and staff_of_region(candidate.region).filter(pk=proposer.pk).exists():
        return proposer
    return candidate.region.desk_email or None


def _tell_candidate_and_desk(proposal: Proposal, occasion: str, *, desk_too: bool, **extra) -> None:
    _proposal_mail(
        proposal,
        to=proposal.candidate.user,
        reason=MailReason.PROPOSAL_UPDATE,
        occasion=occasion,
        **extra,
    )
    desk = _desk_recipient(proposal) if desk_too else None
    if desk is not None:
        _proposal_mail(
            proposal, to=desk, reason=MailReason.PROPOSAL_ANSWERED, occasion=occasion, **extra
        )


def _lock(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("candidate", "candidate__user", "candidate__guide", "candidate__region")
        .select_related("school", "vacancy", "proposed_by")
        .get(pk=proposal.pk)
    )


def _refuse_transition(proposal: Proposal) -> None:
    raise ValidationError(
        _("This proposal is “%(status)s” and cannot be changed that way any more."),
        params={"status": ProposalStatus(proposal.status).label},
        code="transition",
    )


@transaction.atomic
def proposal_send(
    *,
    actor: User,
    candidate,
    motivation: str,
    vacancy: Vacancy | None = None,
    school: School | None = None,
) -> Proposal:
    """Propose a candidate to a school of their region, for a published vacancy or as an
    introduction to a school without one.

    Refused when the candidate has not agreed to be shown to schools, is not in a phase where
    matching makes sense, or already has an open proposal for the same vacancy (or school). A
    candidate before the matching phase moves to it. The school's HR officers and the
    candidate get a mail.
    """
    candidate = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("region", "user")
        .get(pk=candidate.pk)
    )
    check_staff(actor, candidate)
    if (vacancy is None) == (school is None):
        raise ValidationError(_("Choose either a vacancy or a school."), code="target")
    if vacancy is not None:
        if not vacancy.is_public:
            raise ValidationError(_("This vacancy is not open."), code="not_open")
        school = vacancy.school
    if school.region_id != candidate.region_id:
        raise ValidationError(
            _(
                "Propose candidates to schools of their own region; refer them to the other "
                "region first."
            ),
            code="region",
        )
    if not candidate.consent_region_schools:
        raise ValidationError(
            _("The candidate has not agreed to be shown to schools."), code="consent"
        )
    if candidate.phase not in MATCHABLE_PHASES:
        raise ValidationError(
            _("A candidate who is “%(phase)s” cannot be proposed."),
            params={"phase": Phase(candidate.phase).label},
            code="phase",
        )
    motivation = motivation.strip()
    if len(motivation) < 20:
        raise ValidationError(
            _("Write a motivation of at least 20 characters for the school."), code="motivation"
        )
    open_ones = Proposal.objects.filter(candidate=candidate, status__in=OPEN_PROPOSAL_STATUSES)
    duplicate = (
        open_ones.filter(vacancy=vacancy)
        if vacancy is not None
        else open_ones.filter(vacancy=None, school=school)
    )
    if duplicate.exists():
        raise ValidationError(
            _("The candidate has already been proposed here and is waiting for an answer."),
            code="duplicate",
        )
    proposal = Proposal.objects.create(
        candidate=candidate,
        vacancy=vacancy,
        school=school,
        motivation=motivation,
        proposed_by=actor,
    )
    _proposal_event(proposal, actor=actor, from_status="")
    if candidate.phase != Phase.MATCHING:
        candidate_change_phase(candidate=candidate, to_phase=Phase.MATCHING, actor=actor, note="")
    for officer in school_hr_officers(school):
        _proposal_mail(proposal, to=officer, reason=MailReason.PROPOSAL_RECEIVED, occasion="sent")
    _tell_candidate_and_desk(proposal, "sent", desk_too=False)
    return proposal


def _check_hr(actor: User, proposal: Proposal) -> None:
    if not hr_schools(actor).filter(pk=proposal.school_id).exists():
        raise ValidationError(_("Only the school's HR officers can answer this proposal."))


@transaction.atomic
def proposal_accept(
    *,
    actor: User,
    proposal: Proposal,
    interview_at: datetime.datetime,
    interview_location: str,
    note: str = "",
) -> Proposal:
    """The school invites the candidate for an interview, at a time in the future. From now on
    the school sees the candidate's contact details. The candidate and the desk (their guide,
    or whoever proposed them, or the desk's address) hear of it, with the school's message."""
    locked = _lock(proposal)
    _check_hr(actor, locked)
    if locked.status != ProposalStatus.SENT:
        _refuse_transition(locked)
    if interview_at <= timezone.now():
        raise ValidationError(_("Choose a moment in the future for the interview."))
    if not interview_location.strip():
        raise ValidationError(_("Say where the interview takes place (or “online”)."))
    locked.status = ProposalStatus.INVITED
    locked.answered_at = timezone.now()
    locked.interview_at = interview_at
    locked.interview_location = interview_location.strip()
    locked.school_message = note.strip()
    locked.save()
    _proposal_event(locked, actor=actor, from_status=ProposalStatus.SENT, note=note)
    _tell_candidate_and_desk(locked, "invited", desk_too=True)
    return locked


@transaction.atomic
def proposal_decline(*, actor: User, proposal: Proposal, reason: str, note: str = "") -> Proposal:
    """The school declines, always with a reason; the candidate and the desk hear of it, with
    the school's explanation."""
    locked = _lock(proposal)
    _check_hr(actor, locked)
    if locked.status != ProposalStatus.SENT:
        _refuse_transition(locked)
    if reason not in DeclineReason.values:
        raise ValidationError(_("Choose a reason."))
    if reason == DeclineReason.OTHER and not note.strip():
        raise ValidationError(_("Explain the reason in a few words."))
    locked.status = ProposalStatus.DECLINED
    locked.answered_at = locked.closed_at = timezone.now()
    locked.decline_reason = reason
    locked.decline_note = note.strip()
    locked.save()
    _proposal_event(locked, actor=actor, from_status=ProposalStatus.SENT, note=note)
    _tell_candidate_and_desk(locked, "declined", desk_too=True)
    return locked


@transaction.atomic
def proposal_record_outcome(
    *,
    actor: User,
    proposal: Proposal,
    hired: bool,
    reason: str = "",
    note: str = "",
    start_date: datetime.date | None = None,
    hours_per_week: int | None = None,
    contract_type: str = "",
) -> Proposal:
    """After the interview: hired (a placement) or not hired, with a reason.

    A hire records the start date, the hours and the contract type. The candidate has started:
    the vacancy is filled, their other open proposals are withdrawn, and intakes and
    orientation events that no longer apply are closed. The candidate and the desk hear of it;
    the mail says who will be in touch about the start (the guide only when there is one).
    """
    locked = _lock(proposal)
    _check_hr(actor, locked)
    if locked.status != ProposalStatus.INVITED:
        _refuse_transition(locked)
    now = timezone.now()
    if hired:
        _check_hire(start_date=start_date, hours=hours_per_week, contract_type=contract_type)
        locked.status = ProposalStatus.HIRED
        locked.start_date = start_date
        locked.hours_per_week = hours_per_week
        locked.contract_type = contract_type
        locked.school_message = note.strip()
    else:
        if reason not in DeclineReason.values:
            raise ValidationError(_("Choose a reason."))
        if reason == DeclineReason.OTHER and not note.strip():
            raise ValidationError(_("Explain the reason in a few words."))
        locked.status = ProposalStatus.NOT_HIRED
        locked.decline_reason = reason
        locked.decline_note = note.strip()
    locked.closed_at = now
    locked.save()
    _proposal_event(locked, actor=actor, from_status=ProposalStatus.INVITED, note=note)
    candidate = locked.candidate
    closed = []
    if hired:
        if candidate.phase != Phase.GESTART:
            candidate_change_phase(
                candidate=candidate,
                to_phase=Phase.GESTART,
                actor=actor,
                note=system_note(_("Hired by %(school)s."), school=locked.school),
            )
        if locked.vacancy is not None and locked.vacancy.status == VacancyStatus.PUBLISHED:
            vacancy_change_status(actor=actor, vacancy=locked.vacancy, to_status="filled")
        others = Proposal.objects.select_for_update().filter(
            candidate=candidate, status__in=OPEN_PROPOSAL_STATUSES
        )
        for other in others.exclude(pk=locked.pk):
            close_proposal(
                other,
                status=ProposalStatus.WITHDRAWN,
                actor=actor,
                note=system_note(_("The candidate started at another school.")),
            )
            tell_schools(other, occasion="withdrawn")
        closed = candidate_close_after_start(candidate=candidate)
    _tell_candidate_and_desk(locked, locked.status, desk_too=True, closed=closed)
    return locked


def _check_hire(*, start_date, hours, contract_type) -> None:
    errors = {}
    today = timezone.localdate()
    if start_date is None:
        errors["start_date"] = _("Give the start date.")
    elif (
        not today - datetime.timedelta(days=365)
        <= start_date
        <= today + datetime.timedelta(days=365)
    ):
        errors["start_date"] = _("Choose a start date within a year from today.")
    if hours is None or not 1 <= hours <= 40:
        errors["hours_per_week"] = _("Give the hours per week (1 to 40).")
    if contract_type not in ContractType.values:
        errors["contract_type"] = _("Choose the type of contract.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def proposal_withdraw(
    *, actor: User, proposal: Proposal, note: str = "", reason: str = ""
) -> Proposal:
    """The candidate (who would rather not be proposed, with an optional ``reason``) or the
    desk withdraws an open proposal. The school's HR officers hear of it; when it is the
    candidate, the desk does too. The candidate may undo it while the school has not answered
    (``proposal_undo_withdrawal``)."""
    locked = _lock(proposal)
    candidate = locked.candidate
    by_candidate = actor.pk == candidate.user_id
    if not by_candidate and not staff_of_region(candidate.region).filter(pk=actor.pk).exists():
        raise ValidationError(_("Only the candidate or their desk can withdraw a proposal."))
    if not locked.is_open:
        _refuse_transition(locked)
    reason = reason.strip()[:500]
    locked.withdrawn_by_candidate = by_candidate
    locked.candidate_reason = reason if by_candidate else ""
    close_proposal(locked, status=ProposalStatus.WITHDRAWN, actor=actor, note=reason or note)
    occasion = f"withdrawn:{locked.events.count()}"
    tell_schools(locked, occasion=occasion)
    desk = _desk_recipient(locked) if by_candidate else None
    if desk is not None:
        _proposal_mail(locked, to=desk, reason=MailReason.PROPOSAL_ANSWERED, occasion=occasion)
    return locked


@transaction.atomic
def proposal_undo_withdrawal(*, actor: User, proposal: Proposal) -> Proposal:
    """The candidate takes back their "I'd rather not": the proposal waits for the school's
    answer again. Only their own withdrawal, only while the school had not answered, only while
    the post is open, they may still be proposed, and the desk has not proposed them there
    again meanwhile. The school and the desk hear of it."""
    locked = _lock(proposal)
    candidate = locked.candidate
    if actor.pk != candidate.user_id:
        raise ValidationError(_("Only the candidate can take back their own answer."))
    if not locked.can_be_undone_by_candidate:
        raise ValidationError(
            _("This can no longer be undone: ask the desk to propose you again."), code="undo"
        )
    if locked.vacancy is not None and not locked.vacancy.is_public:
        raise ValidationError(_("This vacancy is no longer open."), code="not_open")
    if not candidate.consent_region_schools or candidate.phase not in MATCHABLE_PHASES:
        raise ValidationError(
            _("You cannot be proposed at the moment; contact the desk."), code="phase"
        )
    open_ones = Proposal.objects.filter(candidate=candidate, status__in=OPEN_PROPOSAL_STATUSES)
    target = (
        open_ones.filter(vacancy=locked.vacancy)
        if locked.vacancy_id
        else open_ones.filter(vacancy=None, school=locked.school)
    )
    if target.exists():
        raise ValidationError(_("The desk has proposed you here again already."), code="duplicate")
    locked.status = ProposalStatus.SENT
    locked.closed_at = None
    locked.withdrawn_by_candidate = False
    locked.candidate_reason = ""
    locked.save()
    _proposal_event(locked, actor=actor, from_status=ProposalStatus.WITHDRAWN)
    occasion = f"reopened:{locked.events.count()}"
    tell_schools(locked, occasion=occasion)
    desk = _desk_recipient(locked)
    if desk is not None:
        _proposal_mail(locked, to=desk, reason=MailReason.PROPOSAL_ANSWERED, occasion=occasion)
    return locked


def close_proposal(
    proposal: Proposal, *, status: str, actor: User | None, note: str = "", reason: str = ""
) -> None:
    """Close an open proposal (withdrawn, or declined with ``reason``) and write its event: the
    one way an open proposal ends without an answer of its own."""
    previous = proposal.status
    now = timezone.now()
    proposal.status = status
    proposal.closed_at = now
    if reason:
        proposal.decline_reason = reason
        proposal.answered_at = proposal.answered_at or now
    proposal.save()
    _proposal_event(proposal, actor=actor, from_status=previous, note=note)


def tell_schools(proposal: Proposal, *, occasion: str) -> None:
    for officer in school_hr_officers(proposal.school):
        _proposal_mail(proposal, to=officer, reason=MailReason.PROPOSAL_ANSWERED, occasion=occasion)


# --- What the candidate and vacancy apps set off (connected in loket.desk.hooks) --------------


def proposals_answer_filled_vacancy(*, vacancy: Vacancy, actor: User | None) -> None:
    """A filled post answers the proposals still waiting for it: declined because it is filled,
    so nobody keeps waiting (or keeps being reminded). Candidates and guides hear of it."""
    for proposal in Proposal.objects.select_for_update().filter(
        vacancy=vacancy, status__in=OPEN_PROPOSAL_STATUSES
    ):
        close_proposal(
            proposal, status=ProposalStatus.DECLINED, actor=actor, reason=DeclineReason.FILLED
        )
        _tell_candidate_and_desk(proposal, "declined", desk_too=True)


def proposals_withdraw_all(*, candidate: Candidate, actor: User) -> None:
    """A candidate who withdrew consent for the desk: no school keeps waiting for them."""
    for proposal in candidate.proposals.filter(status__in=OPEN_PROPOSAL_STATUSES):
        proposal_withdraw(actor=actor, proposal=proposal)
