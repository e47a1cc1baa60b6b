"""Demo work of the desk: contacts, a proposal waiting for the school, an assessment waiting for
the institute, a referral waiting for the other region, a placement to count on the insight
pages. Made through the services, after the
candidates and vacancies exist; whatever exists already is left alone (idempotent)."""

import datetime

from django.db import transaction
from django.utils import timezone

from kandidaten.models import Candidate, Phase
from loket.core.models import Region, School, TrainingInstitute, User
from loket.core.people import staff_of_region
from loket.desk.models import (
    MATCHABLE_PHASES,
    Assessment,
    Contact,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Referral,
)
from loket.desk.services import proposals as proposal_services
from loket.desk.services.assessments import assessment_refer
from loket.desk.services.guidance import candidate_log_contact
from loket.desk.services.referrals import referral_send
from vacatures.models import Vacancy

GUIDE = "loket@demo.regioloket.example"
CONTACTS = [
    (
        "kandidaat@demo.regioloket.example",
        "phone",
        3,
        "Kennismaking: wil graag scheikunde geven in de bovenbouw.",
    ),
    (
        "omar.haddad@demo.regioloket.example",
        "meeting",
        20,
        "Intake: diploma wiskunde uit Syrië, erkenning bij DUO loopt.",
    ),
    ("omar.haddad@demo.regioloket.example", "phone", 6, "Besproken: voorstel bij Domstad College."),
    (
        "femke.jansen@demo.regioloket.example",
        "advice",
        12,
        "Route zij-instroom techniek doorgenomen.",
    ),
]


def _candidate(email: str) -> Candidate | None:
    return Candidate.objects.filter(user__email=email).select_related("region").first()


@transaction.atomic
def seed() -> None:
    guide = User.objects.filter(email=GUIDE).first()
    if guide is None:
        return
    today = timezone.localdate()
    for email, kind, days_ago, summary in CONTACTS:
        candidate = _candidate(email)
        if (
            candidate is None
            or Contact.objects.filter(candidate=candidate, summary=summary).exists()
        ):
            continue
        candidate_log_contact(
            actor=guide,
            candidate=candidate,
            kind=kind,
            occurred_on=today - datetime.timedelta(days=days_ago),
            summary=summary,
        )

    omar = _candidate("omar.haddad@demo.regioloket.example")
    vacancy = Vacancy.objects.filter(
        title="Docent wiskunde bovenbouw havo/vwo", status="published"
    ).first()
    if (
        omar
        and vacancy
        and omar.phase in MATCHABLE_PHASES
        and not Proposal.objects.filter(candidate=omar, vacancy=vacancy).exists()
    ):
        proposal_services.proposal_send(
            actor=guide,
            candidate=omar,
            vacancy=vacancy,
            motivation=(
                "Omar was tien jaar wiskundeleraar in Aleppo en spreekt goed Nederlands (B2). "
                "Hij zoekt een school die hem begeleidt bij de erkenning van zijn diploma."
            ),
        )

    femke = _candidate("femke.jansen@demo.regioloket.example")
    institute = TrainingInstitute.objects.filter(name__startswith="Hogeschool Domstad").first()
    if (
        femke
        and institute
        and femke.region.institutes.filter(pk=institute.pk).exists()
        and not Assessment.objects.filter(candidate=femke).exists()
    ):
        assessment_refer(
            actor=guide,
            candidate=femke,
            institute=institute,
            question="Past haar hbo werktuigbouwkunde bij de tweedegraads opleiding techniek?",
        )

    ana = _candidate("ana.costa@demo.regioloket.example")
    other = Region.objects.exclude(pk=ana.region_id).order_by("name").first() if ana else None
    if (
        ana
        and other
        and ana.consent_other_regions
        and ana.phase in (Phase.ORIENTATIE, Phase.INTAKE, Phase.MATCHING)
        and not Referral.objects.filter(candidate=ana).exists()
    ):
        staff = staff_of_region(ana.region).first()
        if staff is not None:
            referral_send(
                actor=staff,
                candidate=ana,
                to_region=other,
                note="Ana zoekt Engels in het vo; in haar eigen regio is geen passende vacature.",
            )

    _seed_placement()


def _seed_placement() -> None:
    """Lisa's journey ends in *gestart*: the proposal that got her there, as the school answered
    it, so the insight pages have a placement to count. Her phases were walked before there was
    a proposal, so the steps are recorded here rather than replayed through the services."""
    lisa = _candidate("lisa.bakker@demo.regioloket.example")
    if lisa is None or lisa.phase != Phase.GESTART or lisa.proposals.exists():
        return
    school = School.objects.filter(region=lisa.region, sectors__contains=["po"]).first()
    if school is None:
        return
    now = timezone.now()
    proposal = Proposal.objects.create(
        candidate=lisa,
        school=school,
        motivation="Lisa werkte zes jaar met jongeren en wil groepsleerkracht worden.",
        status=ProposalStatus.HIRED,
        answered_at=now - datetime.timedelta(days=12),
        interview_at=now - datetime.timedelta(days=7),
        interview_location=school.street_address,
        closed_at=now,
    )
    steps = [
        ("", ProposalStatus.SENT),
        (ProposalStatus.SENT, ProposalStatus.INVITED),
        (ProposalStatus.INVITED, ProposalStatus.HIRED),
    ]
    for from_status, to_status in steps:
        ProposalEvent.objects.create(
            proposal=proposal, from_status=from_status, to_status=to_status
        )
