"""Referrals between regions: the desk hands a candidate to another region's desk, which accepts
or declines; the sending desk may withdraw while it waits."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models import MAIN_PHASES, Candidate, Phase
from kandidaten.services.journey import candidate_change_phase, system_note
from kandidaten.services.privacy import access_record
from loket.core.mail.outbox import mail_each
from loket.core.models import MailReason, Region, User
from loket.core.people import staff_of_region
from loket.desk.models import OPEN_PROPOSAL_STATUSES, Referral
from loket.desk.services.guidance import check_staff, touch


@transaction.atomic
def referral_send(*, actor: User, candidate: Candidate, to_region: Region, note: str) -> Referral:
    """Hand the candidate to the desk of another region, with their consent to be shown to
    other regions. The candidate is *doorverwezen* until the other desk answers; the sending
    desk keeps a read-only view of the history."""
    check_staff(actor, candidate)
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if not candidate.consent_other_regions:
        raise ValidationError(
            _("The candidate has not agreed to be shown to other regions; ask them first.")
        )
    if to_region.pk == candidate.region_id:
        raise ValidationError(_("Choose another region than the candidate's own."))
    if candidate.referrals.filter(status=Referral.Status.PENDING).exists():
        raise ValidationError(_("A referral for this candidate is already waiting for an answer."))
    if not note.strip():
        raise ValidationError(_("Say why this region suits the candidate."))
    if candidate.proposals.filter(status__in=OPEN_PROPOSAL_STATUSES).exists():
        raise ValidationError(
            _("The candidate has open proposals to schools here; withdraw them before referring.")
        )
    from_phase = candidate.phase
    if from_phase not in MAIN_PHASES:
        raise ValidationError(_("Resume the candidate's journey before referring them."))
    referral = Referral.objects.create(
        candidate=candidate,
        from_region=candidate.region,
        to_region=to_region,
        note=note.strip(),
        from_phase=from_phase,
        referred_by=actor,
    )
    candidate_change_phase(
        candidate=candidate,
        to_phase=Phase.DOORVERWEZEN,
        actor=actor,
        note=system_note(_("Referred to the desk of %(region)s."), region=to_region),
    )
    mail_each(
        staff_of_region(to_region),
        reason=MailReason.REFERRAL_UPDATE,
        region=to_region,
        key=f"referral_update:{referral.pk}:received",
        context={"referral": referral, "event": "received"},
    )
    access_record(user=actor, candidates=[candidate], action="change", what="referral")
    return referral


@transaction.atomic
def referral_answer(*, actor: User, referral: Referral, accept: bool, note: str = "") -> Referral:
    """The receiving desk accepts (the candidate moves to its region, back in the phase they
    were referred from, without a guide yet) or declines (the candidate goes back to the
    sending desk, in that same phase). Answered once."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if not staff_of_region(locked.to_region).filter(pk=actor.pk).exists():
        raise ValidationError(_("Only the desk the candidate was referred to can answer."))
    if locked.status != Referral.Status.PENDING:
        raise ValidationError(_("This referral has already been answered."))
    if not accept and not note.strip():
        raise ValidationError(_("Say why your desk cannot take the candidate."))
    locked.status = Referral.Status.ACCEPTED if accept else Referral.Status.DECLINED
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked.answer_note = note.strip()
    locked.save(update_fields=["status", "answered_by", "answered_at", "answer_note"])
    candidate = locked.candidate
    if accept:
        touch(candidate, region=locked.to_region, guide=None)
    candidate_change_phase(
        candidate=candidate,
        to_phase=locked.from_phase,
        actor=actor,
        note=system_note(
            _("Accepted by the desk of %(to)s.")
            if accept
            else _("Declined by the desk of %(to)s; back with %(from)s."),
            to=locked.to_region,
            **{"from": locked.from_region},
        ),
    )
    mail_each(
        staff_of_region(locked.from_region),
        reason=MailReason.REFERRAL_UPDATE,
        region=locked.from_region,
        key=f"referral_update:{locked.pk}:{locked.status}",
        context={"referral": locked, "event": locked.status},
    )
    access_record(user=actor, candidates=[candidate], action="change", what="referral answer")
    return locked


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral) -> Referral:
    """The sending desk takes back a referral that was not answered yet."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if not staff_of_region(locked.from_region).filter(pk=actor.pk).exists():
        raise ValidationError(_("Only the desk that referred the candidate can withdraw."))
    if locked.status != Referral.Status.PENDING:
        raise ValidationError(_("This referral has already been answered."))
    locked.status = Referral.Status.WITHDRAWN
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_by", "answered_at"])
    candidate_change_phase(
        candidate=locked.candidate,
        to_phase=locked.from_phase,
        actor=actor,
        note=system_note(_("Referral withdrawn.")),
    )
    return locked
