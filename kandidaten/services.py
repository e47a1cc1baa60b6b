"""Workflows for candidates. Each runs in one transaction: a step is saved whole or not at all."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kandidaten.advice import teaching_level_of
from kandidaten.models import (
    MAIN_PHASES,
    Assessment,
    AssessmentOutcome,
    Candidate,
    CandidateAccess,
    CandidateNote,
    ConsentKind,
    ConsentRecord,
    Contact,
    ContactKind,
    DropoutReason,
    DuplicateFlag,
    Phase,
    PhaseEvent,
    PrivacyStatement,
    Referral,
    TeachingQualification,
)
from loket.geo import distance_km_expression, locate_postcode, normalise_postcode
from loket.models import (
    MailReason,
    Region,
    Role,
    RoleAssignment,
    School,
    Subject,
    TrainingInstitute,
    User,
)

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


def normalise_phone(value: str) -> str:
    """'+31 (0)6-1234 5678' and '06 12345678' both become '0612345678' for comparison."""
    digits = re.sub(r"[^\d+]", "", value or "")
    digits = digits.replace("+31(0)", "0").replace("(0)", "")
    if digits.startswith("+31"):
        digits = "0" + digits[3:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    return digits


def nearest_region(latitude: float, longitude: float) -> Region | None:
    """The region of the school nearest to a point: the desk that is closest to the candidate."""
    school = (
        School.objects.annotate(
            distance=distance_km_expression(
                latitude, longitude, lat_field="latitude", lon_field="longitude"
            )
        )
        .select_related("region")
        .order_by("distance")
        .first()
    )
    return school.region if school else None


def _flag_duplicates(candidate: Candidate) -> None:
    """Flag other candidates with the same name and the same phone or date of birth.

    The desk decides whether they are the same person; records are never merged here.
    """
    same_name = Candidate.objects.exclude(pk=candidate.pk).annotate(name=Lower("full_name"))
    same_name = same_name.filter(name=candidate.full_name.strip().lower())
    for other in same_name:
        reasons = []
        if candidate.phone and normalise_phone(other.phone) == normalise_phone(candidate.phone):
            reasons.append("name_phone")
        if candidate.date_of_birth and other.date_of_birth == candidate.date_of_birth:
            reasons.append("name_birth")
        if reasons:
            DuplicateFlag.objects.get_or_create(
                candidate=candidate, looks_like=other, defaults={"reason": ",".join(reasons)}
            )


def _advance(candidate: Candidate, step: int) -> None:
    candidate.registration_step = max(candidate.registration_step, step)


@transaction.atomic
def candidate_save_contact(
    *,
    user: User,
    full_name: str,
    phone: str,
    date_of_birth: datetime.date | None,
    postcode: str,
    lives_abroad: bool,
    region: Region | None,
    utm: dict | None = None,
    language: str = "nl",
) -> Candidate:
    """Step 2. The first save creates the candidate, gives the user the candidate role and
    records the start of the journey (phase *interesse*). The region is the one chosen, else the
    region of the nearest school to the postcode. Likely duplicates are flagged for the desk."""
    candidate = Candidate.objects.select_for_update().filter(user=user).first()
    created = candidate is None
    if created:
        candidate = Candidate(user=user, utm={k: v for k, v in (utm or {}).items() if v})
    candidate.full_name = full_name.strip()
    candidate.phone = phone.strip()
    candidate.date_of_birth = date_of_birth
    candidate.lives_abroad = lives_abroad
    if lives_abroad:
        candidate.postcode, candidate.latitude, candidate.longitude = "", None, None
    else:
        normalised = normalise_postcode(postcode)
        if not normalised:
            raise ValidationError(_("Enter a Dutch postcode such as 3511 AB."))
        candidate.postcode = normalised
        point = locate_postcode(normalised)
        candidate.latitude, candidate.longitude = point if point else (None, None)
    if region is None and candidate.latitude is not None:
        region = nearest_region(candidate.latitude, candidate.longitude)
    if region is None:
        raise ValidationError(_("Choose the region where you would like to work."))
    candidate.region = region
    _advance(candidate, 2)
    candidate.save()
    if created:
        RoleAssignment.objects.get_or_create(user=user, role=Role.CANDIDATE)
        PhaseEvent.objects.create(
            candidate=candidate, from_phase="", to_phase=Phase.INTERESSE, actor=user
        )
    # The name and language on the account follow the profile: mail goes out in this language.
    User.objects.filter(pk=user.pk).update(full_name=candidate.full_name, language=language)
    _flag_duplicates(candidate)
    return candidate


@transaction.atomic
def candidate_save_background(
    *,
    candidate: Candidate,
    education: str,
    field_of_study: str,
    field_related: str,
    situation: str,
    occupation: str,
    years_experience: int | None,
    dutch_level: str,
    has_school_job: bool,
    qualifications: list[dict],
) -> Candidate:
    """Step 3. The qualifications given replace the ones stored (the form shows them all)."""
    for name, value in {
        "education": education,
        "field_of_study": field_of_study.strip(),
        "field_related": field_related,
        "situation": situation,
        "occupation": occupation.strip(),
        "years_experience": years_experience,
        "dutch_level": dutch_level,
        "has_school_job": has_school_job,
    }.items():
        setattr(candidate, name, value)
    candidate.teaching_level = teaching_level_of(
        education=education,
        field_related=field_related,
        qualifications=[(q["country"], q["grade"]) for q in qualifications],
    )
    _advance(candidate, 3)
    candidate.save()
    candidate.qualifications.all().delete()
    TeachingQualification.objects.bulk_create(
        TeachingQualification(
            candidate=candidate, country=q["country"], grade=q["grade"], subject=q.get("subject")
        )
        for q in qualifications
    )
    return candidate


@transaction.atomic
def candidate_save_wishes(
    *,
    candidate: Candidate,
    sectors: list[str],
    subjects: list[Subject],
    hours_per_week: int,
    earliest_start: datetime.date | None,
    max_travel_km: int,
    trial_day_interest: bool,
) -> Candidate:
    """Step 4."""
    candidate.sectors = sorted(set(sectors))
    candidate.hours_per_week = hours_per_week
    candidate.earliest_start = earliest_start
    candidate.max_travel_km = max_travel_km
    candidate.trial_day_interest = trial_day_interest
    _advance(candidate, 4)
    candidate.save()
    candidate.subjects.set(subjects)
    return candidate


_CONSENT_FIELD = {
    ConsentKind.DESK: "consent_desk",
    ConsentKind.REGION_SCHOOLS: "consent_region_schools",
    ConsentKind.OTHER_REGIONS: "consent_other_regions",
}


def current_privacy_statement() -> PrivacyStatement:
    return PrivacyStatement.objects.order_by("-published_at").first()


@transaction.atomic
def consent_set(
    *, candidate: Candidate, kind: str, given: bool, statement: PrivacyStatement
) -> ConsentRecord | None:
    """Record giving or withdrawing one kind of consent against a statement version.

    Nothing is recorded when the state and version do not change; the candidate's mirror field
    always equals the latest record, so matching can filter on it.
    """
    latest = candidate.consents.filter(kind=kind).order_by("-created_at", "-pk").first()
    if latest and latest.given == given and latest.statement_id == statement.pk:
        return None
    if latest is None and not given:
        # Never given: nothing to record, but the mirror must say so too.
        Candidate.objects.filter(pk=candidate.pk).update(**{_CONSENT_FIELD[kind]: False})
        setattr(candidate, _CONSENT_FIELD[kind], False)
        return None
    record = ConsentRecord.objects.create(
        candidate=candidate, kind=kind, given=given, statement=statement
    )
    Candidate.objects.filter(pk=candidate.pk).update(
        **{_CONSENT_FIELD[kind]: given, "updated_at": timezone.now()}
    )
    setattr(candidate, _CONSENT_FIELD[kind], given)
    return record


@transaction.atomic
def candidate_save_consent(
    *,
    candidate: Candidate,
    statement: PrivacyStatement,
    desk: bool,
    region_schools: bool,
    other_regions: bool,
    source: str,
    source_detail: str,
) -> Candidate:
    """Step 5. Processing by the desk is required to register; the other two are free choices.
    Completing this step completes the profile: the candidate moves to *oriëntatie*."""
    if not desk:
        raise ValidationError(
            _("The desk can only help you if you agree to it processing your data.")
        )
    candidate.source = source
    candidate.source_detail = source_detail.strip()
    _advance(candidate, 5)
    candidate.save()
    consent_set(candidate=candidate, kind=ConsentKind.DESK, given=desk, statement=statement)
    consent_set(
        candidate=candidate,
        kind=ConsentKind.REGION_SCHOOLS,
        given=region_schools,
        statement=statement,
    )
    consent_set(
        candidate=candidate,
        kind=ConsentKind.OTHER_REGIONS,
        given=other_regions,
        statement=statement,
    )
    if candidate.phase == Phase.INTERESSE:
        candidate_change_phase(
            candidate=candidate,
            to_phase=Phase.ORIENTATIE,
            actor=candidate.user,
            note=system_note(_("Registration complete; route advice given.")),
        )
    return candidate


@transaction.atomic
def candidate_withdraw_desk_consent(*, candidate: Candidate, statement: PrivacyStatement) -> None:
    """Withdrawing consent for processing by the desk ends the desk's work: the candidate's
    journey stops (with that as the reason) and they are no longer shown to schools or other
    regions. Their open proposals are withdrawn, so no school keeps waiting for them."""
    from vacatures.models import OPEN_PROPOSAL_STATUSES
    from vacatures.services import proposal_withdraw

    consent_set(candidate=candidate, kind=ConsentKind.DESK, given=False, statement=statement)
    for kind in (ConsentKind.REGION_SCHOOLS, ConsentKind.OTHER_REGIONS):
        consent_set(candidate=candidate, kind=kind, given=False, statement=statement)
    for proposal in candidate.proposals.filter(status__in=OPEN_PROPOSAL_STATUSES):
        proposal_withdraw(actor=candidate.user, proposal=proposal)
    candidate.refresh_from_db()
    if candidate.phase != Phase.AFGEHAAKT:
        candidate_change_phase(
            candidate=candidate,
            to_phase=Phase.AFGEHAAKT,
            actor=candidate.user,
            dropout_reason=DropoutReason.OTHER,
            note=system_note(_("Withdrew consent for processing by the desk.")),
        )


@transaction.atomic
def candidate_request_intake(*, candidate: Candidate) -> bool:
    """Ask the desk for an intake conversation. Asking twice changes nothing; returns whether
    this was a new request."""
    updated = Candidate.objects.filter(pk=candidate.pk, intake_requested_at=None).update(
        intake_requested_at=timezone.now(), updated_at=timezone.now()
    )
    candidate.refresh_from_db(fields=["intake_requested_at"])
    return bool(updated)


@transaction.atomic
def candidate_change_phase(
    *,
    candidate: Candidate,
    to_phase: str,
    actor: User | None,
    note: str = "",
    paused_until: datetime.date | None = None,
    dropout_reason: str = "",
) -> PhaseEvent:
    """The one way a candidate's phase changes; every change leaves a PhaseEvent.

    Side exits carry their reason: a pause needs a future resume date, dropping out a reason,
    a referral a note. Leaving a pause clears the resume date.
    """
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    from_phase = locked.phase
    if to_phase not in Phase.values:
        raise ValidationError(_("Unknown phase."))
    if to_phase == from_phase:
        raise ValidationError(_("The candidate is already in this phase."))
    now = timezone.now()
    fields = {"phase": to_phase, "updated_at": now, "phase_changed_at": now}
    if to_phase == Phase.GEPAUZEERD:
        if paused_until is None or paused_until <= timezone.localdate():
            raise ValidationError(_("Choose a date in the future to resume."))
        fields["paused_until"] = paused_until
    else:
        fields["paused_until"] = None
    if to_phase == Phase.AFGEHAAKT:
        if dropout_reason not in DropoutReason.values:
            raise ValidationError(_("Choose a reason."))
        fields["dropout_reason"] = dropout_reason
    elif to_phase in MAIN_PHASES:
        fields["dropout_reason"] = ""
    if to_phase == Phase.DOORVERWEZEN and not note.strip():
        raise ValidationError(_("Say where the candidate was referred to."))
    Candidate.objects.filter(pk=locked.pk).update(**fields)
    for name, value in fields.items():
        setattr(candidate, name, value)
    return PhaseEvent.objects.create(
        candidate=candidate,
        from_phase=from_phase,
        to_phase=to_phase,
        actor=actor,
        note=note.strip(),
    )


def phase_before_side_exit(candidate: Candidate) -> str:
    """The phase to return to after a pause or a stop: the last main phase the candidate was
    in, however many side exits followed it (paused, then stopped, then back)."""
    event = (
        candidate.phase_events.filter(to_phase__in=MAIN_PHASES)
        .order_by("-created_at", "-pk")
        .first()
    )
    return event.to_phase if event else Phase.ORIENTATIE


# --- The desk's work with a candidate -------------------------------------------------------------

# Phases before the suitability assessment and before matching: referring for an assessment or
# proposing to a school moves a candidate who is still earlier on to that phase.
_BEFORE_ASSESSMENT = {Phase.INTERESSE, Phase.ORIENTATIE, Phase.INTAKE}
_BEFORE_MATCHING = _BEFORE_ASSESSMENT | {Phase.GESCHIKTHEID}


def system_note(text, **params) -> str:
    """A note the portal writes itself on an event, in the desk's language (the default), since
    it is stored once and read by the desk."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text) % {k: str(v) for k, v in params.items()} if params else str(text)


def staff_of_region(region: Region):
    """Active desk staff and coordinators of a region (the people who can guide candidates)."""
    return (
        User.objects.filter(
            is_active=True,
            roles__role__in=[Role.DESK_STAFF, Role.COORDINATOR],
            roles__region=region,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def _check_staff(actor: User, candidate: Candidate) -> None:
    # Views scope by region already; the service refuses too, so no other door can bypass it.
    if not staff_of_region(candidate.region).filter(pk=actor.pk).exists():
        raise ValidationError(_("Only the desk of the candidate's region can do this."))
    if candidate.registration_step >= 5 and not candidate.consent_desk:
        # A registered candidate who withdrew this consent: the desk no longer works with them.
        raise ValidationError(
            _("The candidate has withdrawn consent for the desk to use their data.")
        )


def _check_no_pending_referral(candidate: Candidate) -> None:
    pending = candidate.referrals.filter(status=Referral.Status.PENDING).select_related("to_region")
    if pending:
        raise ValidationError(
            _("A referral to %(region)s is waiting for an answer; withdraw it first."),
            params={"region": pending[0].to_region},
        )


def access_record(*, user: User, candidates, action: str, what: str = "") -> None:
    """Log that a person opened, changed or exported candidate records (AVG access log)."""
    CandidateAccess.objects.bulk_create(
        CandidateAccess(candidate_id=getattr(c, "pk", c), user=user, action=action, what=what)
        for c in candidates
    )


def _touch(candidate: Candidate, **fields) -> None:
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
    _check_staff(actor, candidate)
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
        _touch(candidate, last_contact_on=occurred_on)
    access_record(user=actor, candidates=[candidate], action="change", what="contact")
    return contact


@transaction.atomic
def candidate_add_note(*, actor: User, candidate: Candidate, text: str) -> CandidateNote:
    """An internal note of the desk; the candidate never sees notes."""
    _check_staff(actor, candidate)
    if not text.strip():
        raise ValidationError(_("Write the note."))
    note = CandidateNote.objects.create(candidate=candidate, text=text.strip(), author=actor)
    access_record(user=actor, candidates=[candidate], action="change", what="note")
    return note


@transaction.atomic
def candidate_assign_guide(*, actor: User, candidate: Candidate, guide: User | None) -> None:
    """Make someone of the region's desk the candidate's personal guide (or nobody)."""
    _check_staff(actor, candidate)
    if guide is not None and not staff_of_region(candidate.region).filter(pk=guide.pk).exists():
        raise ValidationError(_("The guide must work for the desk of the candidate's region."))
    _touch(candidate, guide=guide)
    access_record(user=actor, candidates=[candidate], action="change", what="guide")


@transaction.atomic
def candidate_set_next_action(
    *, actor: User, candidate: Candidate, text: str, on: datetime.date | None
) -> None:
    """The next thing the desk will do for the candidate, with the date it is due. A date needs
    an action; clearing the action clears the date."""
    _check_staff(actor, candidate)
    text = text.strip()
    if on is not None and not text:
        raise ValidationError(_("Say what the next action is."))
    if on is not None and on < timezone.localdate():
        raise ValidationError(_("Choose today or a later date for the next action."))
    _touch(candidate, next_action=text, next_action_on=on if text else None)
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
        _check_staff(actor, candidate)
        if candidate.phase == to_phase:
            continue
        _check_no_pending_referral(candidate)
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
    _check_staff(actor, candidate)
    _check_no_pending_referral(candidate)
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


# --- Suitability assessments ------------------------------------------------------------------


def _advisers_of(institute: TrainingInstitute):
    return User.objects.filter(
        is_active=True, roles__role=Role.STUDY_ADVISER, roles__institute=institute
    ).distinct()


@transaction.atomic
def assessment_refer(
    *, actor: User, candidate: Candidate, institute: TrainingInstitute, question: str = ""
) -> Assessment:
    """Refer the candidate to a training institute of the region for a suitability assessment.

    One open referral per institute. A candidate still before the assessment phase moves to
    it. The institute's study advisers get a mail (without personal details: they sign in).
    """
    from loket.mail.services import mail_queue

    _check_staff(actor, candidate)
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
    if candidate.phase in _BEFORE_ASSESSMENT:
        candidate_change_phase(
            candidate=candidate,
            to_phase=Phase.GESCHIKTHEID,
            actor=actor,
            note=system_note(
                _("Referred to %(institute)s for a suitability assessment."),
                institute=institute,
            ),
        )
    for adviser in _advisers_of(institute):
        mail_queue(
            recipient=adviser,
            reason=MailReason.ASSESSMENT_REQUESTED,
            key=f"assessment_requested:{assessment.pk}:{adviser.pk}",
            context={"assessment": assessment, "institute": institute},
            region=candidate.region,
            essential=True,
        )
    access_record(user=actor, candidates=[candidate], action="change", what="assessment")
    return assessment


@transaction.atomic
def assessment_record_outcome(
    *, actor: User, assessment: Assessment, outcome: str, note: str = ""
) -> Assessment:
    """The study adviser records the outcome of an open assessment, once. The candidate and
    their guide (else the region's desk address) hear of it by mail."""
    from loket.mail.services import mail_queue

    locked = (
        Assessment.objects.select_for_update().select_related("candidate").get(pk=assessment.pk)
    )
    if not _advisers_of(locked.institute).filter(pk=actor.pk).exists():
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
    recipients = [candidate.user]
    if candidate.guide_id:
        recipients.append(candidate.guide)
    for person in recipients:
        mail_queue(
            recipient=person,
            reason=MailReason.ASSESSMENT_OUTCOME,
            key=f"assessment_outcome:{locked.pk}:{person.pk}",
            context={"assessment": locked, "candidate": candidate},
            region=candidate.region,
            essential=True,
        )
    access_record(user=actor, candidates=[candidate], action="change", what="assessment outcome")
    return locked


# --- Referrals to other regions -----------------------------------------------------------------


def _mail_desk(region: Region, *, key: str, context: dict) -> None:
    from loket.mail.services import mail_queue

    for person in staff_of_region(region):
        mail_queue(
            recipient=person,
            reason=MailReason.REFERRAL_UPDATE,
            key=f"{key}:{person.pk}",
            context=context,
            region=region,
            essential=True,
        )


@transaction.atomic
def referral_send(*, actor: User, candidate: Candidate, to_region: Region, note: str) -> Referral:
    """Hand the candidate to the desk of another region, with their consent to be shown to
    other regions. The candidate is *doorverwezen* until the other desk answers; the sending
    desk keeps a read-only view of the history."""
    _check_staff(actor, candidate)
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
    from vacatures.models import OPEN_PROPOSAL_STATUSES

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
    _mail_desk(
        to_region,
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
        _touch(candidate, region=locked.to_region, guide=None)
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
    _mail_desk(
        locked.from_region,
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
