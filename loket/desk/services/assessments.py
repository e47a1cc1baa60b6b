"""Suitability assessments: the desk refers a candidate to a training institute, the study
adviser records the outcome, and the candidate and their guide hear of it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models import Candidate, Phase
from kandidaten.services.journey import candidate_change_phase, system_note
from kandidaten.services.privacy import access_record
from loket.core.mail.outbox import mail_each
from loket.core.models import MailReason, TrainingInstitute, User
from loket.core.people import advisers_of
from loket.desk.models import Assessment, AssessmentOutcome
from loket.desk.services.guidance import BEFORE_ASSESSMENT, check_staff


@transaction.atomic
def assessment_refer(
    *, actor: User, candidate: Candidate, institute: TrainingInstitute, question: str = ""
) -> Assessment:
    """Refer the candidate to a training institute of the region for a suitability assessment.

    One open referral per institute. A candidate still before the assessment phase moves to
    it. The institute's study advisers get a mail (without personal details: they sign in).
    """
    check_staff(actor, candidate)
    # The lock makes a double click wait for the first, which then finds the open referral.
    candidate = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=candidate.pk)
    )
    if not candidate.region.institutes.filter(pk=institute.pk).exists():
        raise ValidationError(_("Choose a training institute that works with this region."))
    if candidate.assessments.filter(institute=institute, outcome="").exists():
        raise ValidationError(
            _("The candidate is already waiting for an assessment at this institute.")
        )
    assessment = Assessment.objects.create(
        candidate=candidate, institute=institute, question=question.strip(), referred_by=actor
    )
    if candidate.phase in BEFORE_ASSESSMENT:
        candidate_change_phase(
            candidate=candidate,
            to_phase=Phase.GESCHIKTHEID,
            actor=actor,
            note=system_note(
                _("Referred to %(institute)s for a suitability assessment."),
                institute=institute,
            ),
        )
    mail_each(
        advisers_of(institute),
        reason=MailReason.ASSESSMENT_REQUESTED,
        key=f"assessment_requested:{assessment.pk}",
        context={"assessment": assessment, "institute": institute},
        region=candidate.region,
    )
    access_record(user=actor, candidates=[candidate], action="change", what="assessment")
    return assessment


@transaction.atomic
def assessment_record_outcome(
    *, actor: User, assessment: Assessment, outcome: str, note: str = ""
) -> Assessment:
    """The study adviser records the outcome of an open assessment, once. The candidate and
    their guide (else the region's desk address) hear of it by mail."""
    locked = (
        Assessment.objects.select_for_update().select_related("candidate").get(pk=assessment.pk)
    )
    if not advisers_of(locked.institute).filter(pk=actor.pk).exists():
        raise ValidationError(_("Only a study adviser of this institute can record the outcome."))
    if locked.outcome:
        raise ValidationError(_("The outcome of this assessment has already been recorded."))
    if outcome not in AssessmentOutcome.values:
        raise ValidationError(_("Choose an outcome."))
    locked.outcome = outcome
    locked.outcome_note = note.strip()
    locked.recorded_by = actor
    locked.recorded_at = timezone.now()
    locked.save(update_fields=["outcome", "outcome_note", "recorded_by", "recorded_at"])
    candidate = locked.candidate
    mail_each(
        [candidate.user, candidate.guide if candidate.guide_id else None],
        reason=MailReason.ASSESSMENT_OUTCOME,
        key=f"assessment_outcome:{locked.pk}",
        context={"assessment": locked, "candidate": candidate},
        region=candidate.region,
    )
    access_record(user=actor, candidates=[candidate], action="change", what="assessment outcome")
    return locked
