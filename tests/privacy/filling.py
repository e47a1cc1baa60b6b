"""A candidate with data in every table that can hold theirs, each value unique to them, so a
test can look for it anywhere afterwards."""

import datetime

from allauth.mfa.models import Authenticator
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kandidaten.models import (
    Candidate,
    ConsentKind,
    DuplicateFlag,
    PhaseEvent,
    TeachingQualification,
)
from kandidaten.services.documents import document_upload
from kandidaten.services.privacy import access_record, consent_set, current_privacy_statement
from loket.core.mail.outbox import mail_queue, mail_queue_rendered
from loket.core.mail.preferences import mail_preference_set
from loket.core.models import MailReason, Role, TrainingInstitute
from loket.desk.models import (
    Assessment,
    CandidateNote,
    Contact,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Referral,
)
from tests.factories import RegionFactory, SchoolFactory, UserFactory, give_role
from tests.kandidaten.event_factories import AppointmentFactory
from tests.kandidaten.factories import CandidateFactory
from tests.privacy.conftest import PDF
from tests.vacatures.factories import VacancyFactory, desk_staff_of
from vacatures.models import Interest

POSTCODES = {"Erased": "9999 ZZ", "Mine": "9998 ZY", "Theirs": "9997 ZX"}
BIRTHDAYS = {"Erased": "1987-03-14", "Mine": "1990-11-02", "Theirs": "1979-06-23"}


def person(region, guide, subject, *, tag: str) -> tuple[Candidate, dict]:
    """A candidate whose every personal value contains ``tag``; returns the values too."""
    values = {
        "name": f"Noor {tag} El Amrani",
        "email": f"noor.{tag.lower()}@voorbeeld.example",
        "phone": f"06{abs(hash(tag)) % 10**8:08d}",
        "postcode": POSTCODES[tag],
        "date_of_birth": BIRTHDAYS[tag],
        "field_of_study": f"Zeevaartkunde {tag}",
        "occupation": f"Brugwachter {tag}",
        "source_detail": f"Krantje {tag}",
        "campaign": f"campagne-{tag.lower()}",
        "phase_note": f"Fasenotitie {tag}",
        "qualification_text": "",
        "appointment_note": f"Neem paspoort mee {tag}",
        "appointment_location": f"Kamer {tag} 12",
        "contact": f"Gebeld over {tag} en de opleiding",
        "note": f"Interne notitie {tag}: twijfelt",
        "motivation": f"Motivatie {tag}: sterke wiskundige met ervaring",
        "decline_note": f"Afwijzing {tag}: te weinig uren",
        "school_message": f"Schoolbericht {tag}: welkom in het team",
        "candidate_reason": f"Liever niet {tag}: te ver reizen",
        "step_note": f"Stapnotitie {tag}",
        "interview_location": f"Lokaal {tag} 3",
        "referral_note": f"Verwijsnotitie {tag}",
        "referral_answer": f"Verwijsantwoord {tag}",
        "question": f"Vraag {tag} aan het instituut",
        "outcome_note": f"Uitkomst {tag} toelichting",
        "document_name": f"cv-{tag.lower()}-noor.pdf",
    }
    user = UserFactory(email=values["email"], full_name=values["name"])
    candidate = CandidateFactory(
        user=user,
        region=region,
        guide=guide,
        full_name=values["name"],
        phone=values["phone"],
        postcode=values["postcode"],
        date_of_birth=datetime.date.fromisoformat(values["date_of_birth"]),
        field_of_study=values["field_of_study"],
        occupation=values["occupation"],
        source="social",
        source_detail=values["source_detail"],
        utm={"utm_campaign": values["campaign"]},
        consent_region_schools=True,
        consent_other_regions=True,
        next_action=f"Bellen {tag}",
    )
    candidate.subjects.set([subject])
    return candidate, values


def fill_everything(candidate: Candidate, values: dict, *, guide, hr, school, vacancy, event):
    """Rows in every table that can hold the candidate's data."""
    region = candidate.region
    statement = current_privacy_statement()
    for kind in ConsentKind:
        consent_set(candidate=candidate, kind=kind, given=True, statement=statement)
    TeachingQualification.objects.create(candidate=candidate, country="foreign", grade="first")
    PhaseEvent.objects.create(
        candidate=candidate,
        from_phase="interesse",
        to_phase="orientatie",
        actor=guide,
        note=values["phase_note"],
    )
    twin = CandidateFactory(region=region, full_name="Iemand Anders")
    DuplicateFlag.objects.create(candidate=twin, looks_like=candidate, reason="name_phone")
    AppointmentFactory(
        candidate=candidate,
        with_user=guide,
        created_by=guide,
        note=values["appointment_note"],
        location=values["appointment_location"],
    )
    event.registrations.create(candidate=candidate)
    Contact.objects.create(
        candidate=candidate,
        kind="phone",
        occurred_on=timezone.localdate(),
        summary=values["contact"],
        author=guide,
    )
    CandidateNote.objects.create(candidate=candidate, text=values["note"], author=guide)
    # A placement (kept), a declined proposal and an open one (withdrawn on erasure).
    placed = Proposal.objects.create(
        candidate=candidate,
        vacancy=None,
        school=school,
        motivation=values["motivation"],
        status=ProposalStatus.HIRED,
        proposed_by=guide,
        closed_at=timezone.now(),
        interview_at=timezone.now(),
        interview_location=values["interview_location"],
        school_message=values["school_message"],
    )
    ProposalEvent.objects.create(
        proposal=placed,
        actor=hr,
        from_status="invited",
        to_status="hired",
        note=values["step_note"],
    )
    Proposal.objects.create(
        candidate=candidate,
        vacancy=VacancyFactory(school=school, published=True),
        school=school,
        motivation=values["motivation"],
        status=ProposalStatus.DECLINED,
        decline_reason="other",
        decline_note=values["decline_note"],
        proposed_by=guide,
    )
    Proposal.objects.create(
        candidate=candidate,
        vacancy=VacancyFactory(school=school, published=True),
        school=school,
        motivation=values["motivation"],
        status=ProposalStatus.WITHDRAWN,
        withdrawn_by_candidate=True,
        candidate_reason=values["candidate_reason"],
        proposed_by=guide,
    )
    open_one = Proposal.objects.create(
        candidate=candidate,
        vacancy=vacancy,
        school=school,
        motivation=values["motivation"],
        proposed_by=guide,
    )
    ProposalEvent.objects.create(proposal=open_one, actor=guide, to_status="sent")
    other_region = RegionFactory()
    desk_staff_of(other_region, full_name="Olga Ander Loket")
    Referral.objects.create(
        candidate=candidate,
        from_region=region,
        to_region=other_region,
        note=values["referral_note"],
        from_phase="matching",
        referred_by=guide,
    )
    Referral.objects.create(
        candidate=candidate,
        from_region=region,
        to_region=RegionFactory(),
        note=values["referral_note"],
        from_phase="matching",
        referred_by=guide,
        status=Referral.Status.DECLINED,
        answer_note=values["referral_answer"],
    )
    institute, _new = TrainingInstitute.objects.get_or_create(
        name="Hogeschool Vul", defaults={"kind": "hbo", "city": "X"}
    )
    Assessment.objects.create(
        candidate=candidate,
        institute=institute,
        question=values["question"],
        referred_by=guide,
        outcome="admissible_job",
        outcome_note=values["outcome_note"],
        recorded_at=timezone.now(),
    )
    document_upload(
        candidate=candidate,
        kind="cv",
        upload=SimpleUploadedFile(values["document_name"], PDF, content_type="application/pdf"),
    )
    Interest.objects.create(user=candidate.user, vacancy=vacancy)
    mail_preference_set(user=candidate.user, reminders_opt_out=True)
    Authenticator.objects.create(
        user=candidate.user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    access_record(user=guide, candidates=[candidate], action="view", what="file")
    access_record(user=hr, candidates=[candidate], action="view", what="proposal")
    # Mail to them, and mail to others that names them (the guide's, HR's).
    mail_queue(
        recipient=candidate.user,
        reason=MailReason.PROPOSAL_UPDATE,
        key=f"fill:update:{candidate.pk}",
        context={"proposal": open_one, "candidate": candidate, "school": school},
        region=region,
        essential=True,
    )
    mail_queue_rendered(
        recipient=guide,
        reason=MailReason.GUIDE_DIGEST,
        key=f"fill:digest:{candidate.pk}",
        subject=f"Overzicht: {values['name']}",
        text=f"Bel {values['name']} ({values['phone']}) terug.",
        html=f"<p>Bel {values['name']} terug.</p>",
        essential=True,
        region=region,
    )
    LogEntry.objects.create(
        user=guide,
        content_type=ContentType.objects.get_for_model(Candidate),
        object_id=str(candidate.pk),
        object_repr=str(candidate),
        action_flag=CHANGE,
        change_message=values["name"],
    )
    coordinator = UserFactory(full_name="Coby Coordinator")
    give_role(coordinator, Role.COORDINATOR, region=region)
    return {
        "open_proposal": open_one,
        "placed": placed,
        "coordinator": coordinator,
        "other_school": SchoolFactory(),
    }
