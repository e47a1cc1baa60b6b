"""The desk's work with one candidate (or a selection): contacts, notes, the guide, the next
action and the phase. Only the desk of the candidate's region may do it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models import (
    MAIN_PHASES,
    Candidate,
    Phase,
    PhaseEvent,
)
from kandidaten.services.journey import candidate_change_phase
from kandidaten.services.privacy import access_record
from loket.core.mail.outbox import mail_each
from loket.core.models import (
    MailReason,
    User,
)
from loket.core.people import staff_of_region
from loket.desk.models import (
    CandidateNote,
    Contact,
    ContactKind,
    Referral,
)

# --- The desk's work with a candidate -------------------------------------------------------------

# Phases before the suitability assessment and before matching: referring for an assessment or
# proposing to a school moves a candidate who is still earlier on to that phase.
BEFORE_ASSESSMENT = {Phase.INTERESSE, Phase.ORIENTATIE, Phase.INTAKE}
BEFORE_MATCHING = BEFORE_ASSESSMENT | {Phase.GESCHIKTHEID}


def check_staff(actor: User, candidate: Candidate) -> None:
    # Views scope by region already; the service refuses too, so no other door can bypass it.
    if not staff_of_region(candidate.region).filter(pk=actor.pk).exists():
        raise ValidationError(_("Only the desk of the candidate's region can do this."))
    if candidate.registration_step >= 5 and not candidate.consent_desk:
        # A registered candidate who withdrew this consent: the desk no longer works with them.
        raise ValidationError(
            _("The candidate has withdrawn consent for the desk to use their data.")
        )


def check_no_pending_referral(candidate: Candidate) -> None:
    pending = candidate.referrals.filter(status=Referral.Status.PENDING).select_related("to_region")
    if pending:
        raise ValidationError(
            _("A referral to %(region)s is waiting for an answer; withdraw it first."),
            params={"region": pending[0].to_region},
        )


def touch(candidate: Candidate, **fields) -> None:
    fields["updated_at"] = timezone.now()
    Candidate.objects.filter(pk=candidate.pk).update(**fields)
    for name, value in fields.items():
        setattr(candidate, name, value)


@transaction.atomic
def candidate_log_contact(
    *, actor: User, candidate: Candidate, kind: str, occurred_on: datetime.date, summary: str
) -> Contact:
    """Log one contact with the candidate. It cannot lie in the future; the candidate's last
    contact date follows the latest contact logged (an older one logged late changes nothing)."""
    check_staff(actor, candidate)
    if kind not in ContactKind.values:
        raise ValidationError(_("Choose the kind of contact."))
    if occurred_on > timezone.localdate():
        raise ValidationError(_("A contact cannot take place in the future."))
    if not summary.strip():
        raise ValidationError(_("Write a short summary of the contact."))
    contact = Contact.objects.create(
        candidate=candidate,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary.strip(),
        author=actor,
    )
    if candidate.last_contact_on is None or occurred_on > candidate.last_contact_on:
        touch(candidate, last_contact_on=occurred_on)
    access_record(user=actor, candidates=[candidate], action="change", what="contact")
    return contact


@transaction.atomic
def candidate_add_note(*, actor: User, candidate: Candidate, text: str) -> CandidateNote:
    """An internal note of the desk; the candidate never sees notes."""
    check_staff(actor, candidate)
    if not text.strip():
        raise ValidationError(_("Write the note."))
    note = CandidateNote.objects.create(candidate=candidate, text=text.strip(), author=actor)
    access_record(user=actor, candidates=[candidate], action="change", what="note")
    return note


@transaction.atomic
def candidate_assign_guide(*, actor: User, candidate: Candidate, guide: User | None) -> None:
    """Make someone of the region's desk the candidate's personal guide (or nobody)."""
    check_staff(actor, candidate)
    if guide is not None and not staff_of_region(candidate.region).filter(pk=guide.pk).exists():
        raise ValidationError(_("The guide must work for the desk of the candidate's region."))
    touch(candidate, guide=guide)
    access_record(user=actor, candidates=[candidate], action="change", what="guide")


@transaction.atomic
def candidate_set_next_action(
    *, actor: User, candidate: Candidate, text: str, on: datetime.date | None
) -> None:
    """The next thing the desk will do for the candidate, with the date it is due. A date needs
    an action; clearing the action clears the date."""
    check_staff(actor, candidate)
    text = text.strip()
    if on is not None and not text:
        raise ValidationError(_("Say what the next action is."))
    if on is not None and on < timezone.localdate():
        raise ValidationError(_("Choose today or a later date for the next action."))
    touch(candidate, next_action=text, next_action_on=on if text else None)
    access_record(user=actor, candidates=[candidate], action="change", what="next action")


@transaction.atomic
def candidates_bulk_assign_guide(*, actor: User, candidates: list[Candidate], guide: User) -> int:
    """Assign one guide to many candidates at once; every candidate must be of a region the
    guide and the actor work for, or nothing changes."""
    for candidate in candidates:
        candidate_assign_guide(actor=actor, candidate=candidate, guide=guide)
    return len(candidates)


@transaction.atomic
def candidates_bulk_change_phase(
    *, actor: User, candidates: list[Candidate], to_phase: str, note: str
) -> int:
    """Move many candidates to one main phase; one that cannot move (already there) is skipped,
    so the count says how many moved."""
    if to_phase not in MAIN_PHASES:
        raise ValidationError(_("Bulk changes move candidates to a main phase only."))
    moved = 0
    for candidate in candidates:
        check_staff(actor, candidate)
        if candidate.phase == to_phase:
            continue
        check_no_pending_referral(candidate)
        candidate_change_phase(candidate=candidate, to_phase=to_phase, actor=actor, note=note)
        moved += 1
    access_record(user=actor, candidates=candidates, action="change", what="phase (bulk)")
    return moved


@transaction.atomic
def candidate_staff_change_phase(
    *,
    actor: User,
    candidate: Candidate,
    to_phase: str,
    note: str = "",
    paused_until: datetime.date | None = None,
    dropout_reason: str = "",
) -> PhaseEvent:
    """A member of the desk moves the candidate; a referral to another region goes through
    ``referral_send`` instead, so that the other desk gets the candidate."""
    check_staff(actor, candidate)
    check_no_pending_referral(candidate)
    event = candidate_change_phase(
        candidate=candidate,
        to_phase=to_phase,
        actor=actor,
        note=note,
        paused_until=paused_until,
        dropout_reason=dropout_reason,
    )
    access_record(user=actor, candidates=[candidate], action="change", what="phase")
    return event


def interest_tell_desk(*, interest) -> None:
    """A candidate said they are interested in a vacancy: the desk follows up. Their guide hears
    of it, or without a guide yet every member of the desk of the candidate's region."""
    candidate = (
        Candidate.objects.select_related("guide", "region").filter(user=interest.user).first()
    )
    if candidate is None or candidate.region is None:
        return
    mail_each(
        [candidate.guide] if candidate.guide_id else staff_of_region(candidate.region),
        reason=MailReason.VACANCY_INTEREST,
        key=f"vacancy_interest:{interest.pk}",
        context={"candidate": candidate, "vacancy": interest.vacancy},
        region=candidate.region,
    )
