"""Fictional demo candidates in different phases of the journey, and the desk's events.

Built through the same services the pages use, so the demo rows are exactly what a real
registration leaves behind (phase events, consent records, the candidate role). A candidate whose
user already has a record is left alone, so seeding twice creates nothing new.
"""

import datetime
import importlib
import pkgutil

from allauth.account.models import EmailAddress
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from kandidaten.models import Appointment, Candidate, Event, IntakeSlot, Phase
from kandidaten.services import appointments, events
from kandidaten.services.journey import candidate_change_phase
from kandidaten.services.privacy import current_privacy_statement
from kandidaten.services.registration import (
    candidate_save_background,
    candidate_save_consent,
    candidate_save_contact,
    candidate_save_wishes,
)
from loket.core.models import Region, Role, RoleAssignment, Subject, User
from loket.demo_constants import DEMO_PASSWORD

# (email, name, postcode, region slug if abroad, education, field, related, situation, occupation,
#  years, dutch, sectors, subject slugs, hours, qualifications, phases to walk through, guide)
CANDIDATES = [
    (
        "kandidaat@demo.regioloket.example",
        "Karim Kandidaat",
        "3512 AB",
        None,
        "wo_master",
        "Scheikunde",
        "yes",
        "employed",
        "Analist in een laboratorium",
        9,
        "native",
        ["vo"],
        ["scheikunde", "nask"],
        32,
        [],
        [],
        None,
    ),
    (
        "femke.jansen@demo.regioloket.example",
        "Femke Jansen",
        "3581 KD",
        None,
        "hbo",
        "Werktuigbouwkunde",
        "yes",
        "employed",
        "Onderhoudsmonteur bij een installatiebedrijf",
        14,
        "native",
        ["vo", "mbo"],
        ["techniek-mt", "werktuigbouwkunde"],
        36,
        [],
        [Phase.INTAKE, Phase.GESCHIKTHEID],
        "loket@demo.regioloket.example",
    ),
    (
        "omar.haddad@demo.regioloket.example",
        "Omar Haddad",
        "3431 AA",
        None,
        "wo_bachelor",
        "Wiskunde",
        "yes",
        "job_seeker",
        "",
        12,
        "b1",
        ["vo"],
        ["wiskunde"],
        28,
        [("foreign", "first", "wiskunde")],
        [Phase.INTAKE, Phase.MATCHING],
        "loket@demo.regioloket.example",
    ),
    (
        "lisa.bakker@demo.regioloket.example",
        "Lisa Bakker",
        "3811 AB",
        None,
        "hbo",
        "Sociaal werk",
        "partly",
        "employed",
        "Jongerenwerker",
        6,
        "native",
        ["po"],
        ["groepsleerkracht"],
        32,
        [],
        [Phase.INTAKE, Phase.GESCHIKTHEID, Phase.MATCHING, Phase.GESTART],
        "loket.eemland@demo.regioloket.example",
    ),
    (
        "daan.visser@demo.regioloket.example",
        "Daan Visser",
        "3551 AB",
        None,
        "mbo",
        "Elektrotechniek",
        "yes",
        "employed",
        "Elektricien",
        20,
        "native",
        ["mbo"],
        ["elektrotechniek"],
        16,
        [],
        [Phase.GEPAUZEERD],
        None,
    ),
    (
        "ana.costa@demo.regioloket.example",
        "Ana Costa",
        "",
        "domstad",
        "wo_master",
        "Engelse taal en cultuur",
        "yes",
        "other",
        "Vertaler",
        7,
        "b2",
        ["vo"],
        ["engels"],
        24,
        [],
        [],
        None,
    ),
    (
        "ruben.smit@demo.regioloket.example",
        "Ruben Smit",
        "3701 AA",
        None,
        "hbo",
        "Bedrijfskunde",
        "no",
        "employed",
        "Accountmanager",
        11,
        "native",
        ["po"],
        [],
        40,
        [],
        [Phase.AFGEHAAKT],
        None,
    ),
]


def _user(email: str, name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def ensure_reference_data() -> None:
    """The routes and privacy statement normally come from the data migration; a database that
    was flushed (as test runs do) gets them back here. Existing rows are left as edited."""
    migration = importlib.import_module("kandidaten.migrations.0002_routes_and_privacy_statement")
    migration.seed(apps, None)
    # The later data migration that brings the national routes up to date (found by its name,
    # which survives a renumbering at merge).
    import kandidaten.migrations as route_migrations

    later = next(
        m.name
        for m in pkgutil.iter_modules(route_migrations.__path__)
        if m.name.endswith("_advice_profile")
    )
    importlib.import_module(f"kandidaten.migrations.{later}").forwards(apps, None)


@transaction.atomic
def seed() -> None:
    ensure_reference_data()
    statement = current_privacy_statement()
    today = timezone.localdate()
    for (
        email,
        name,
        postcode,
        abroad_region,
        education,
        field,
        related,
        situation,
        occupation,
        years,
        dutch,
        sectors,
        subject_slugs,
        hours,
        qualifications,
        phases,
        guide_email,
    ) in CANDIDATES:
        user = _user(email, name)
        RoleAssignment.objects.get_or_create(user=user, role=Role.CANDIDATE)
        if Candidate.objects.filter(user=user).exists():
            continue
        candidate = candidate_save_contact(
            user=user,
            full_name=name,
            phone="",
            date_of_birth=None,
            postcode=postcode,
            lives_abroad=bool(abroad_region),
            region=Region.objects.get(slug=abroad_region) if abroad_region else None,
            utm={"utm_source": "demo"},
        )
        subjects = {s.slug: s for s in Subject.objects.all()}
        candidate_save_background(
            candidate=candidate,
            education=education,
            field_of_study=field,
            field_related=related,
            situation=situation,
            occupation=occupation,
            years_experience=years,
            dutch_level=dutch,
            has_school_job=False,
            qualifications=[
                {"country": c, "grade": g, "subject": subjects.get(s)} for c, g, s in qualifications
            ],
        )
        candidate_save_wishes(
            candidate=candidate,
            sectors=sectors,
            subjects=[subjects[s] for s in subject_slugs if s in subjects],
            hours_per_week=hours,
            earliest_start=today + datetime.timedelta(days=90),
            max_travel_km=30,
            trial_day_interest=True,
        )
        candidate_save_consent(
            candidate=candidate,
            statement=statement,
            desk=True,
            region_schools=True,
            other_regions=email.startswith(("omar", "ana")),
            source="social",
            source_detail="",
        )
        if guide_email:
            candidate.guide = User.objects.get(email=guide_email)
            candidate.save(update_fields=["guide"])
        guide = candidate.guide
        for phase in phases:
            candidate_change_phase(
                candidate=candidate,
                to_phase=phase,
                actor=guide or user,
                note="Demo",
                paused_until=today + datetime.timedelta(days=45)
                if phase == Phase.GEPAUZEERD
                else None,
                dropout_reason="other_job" if phase == Phase.AFGEHAAKT else "",
            )
    seed_events()


# (region slug, staff email, kind, title, days from today, start, end, location, places)
EVENTS = [
    (
        "domstad",
        "loket@demo.regioloket.example",
        Event.Kind.INFO,
        "Informatieavond zij-instroom",
        9,
        (19, 0),
        (21, 0),
        "Stadskantoor, Stadsplateau 1, Utrecht",
        40,
    ),
    (
        "domstad",
        "loket@demo.regioloket.example",
        Event.Kind.TRIAL_DAY,
        "Meeloopdag op een vmbo-school",
        16,
        (8, 30),
        (15, 30),
        "Utrecht (het adres krijg je na je aanmelding)",
        8,
    ),
    (
        "eemland",
        "loket.eemland@demo.regioloket.example",
        Event.Kind.WORKSHOP,
        "Workshop: je cv voor het onderwijs",
        12,
        (19, 30),
        (21, 0),
        "Online",
        25,
    ),
    (
        "domstad",
        "loket@demo.regioloket.example",
        Event.Kind.INFO,
        "Informatieavond over de pabo-routes",
        -30,
        (19, 0),
        (21, 0),
        "Stadskantoor, Stadsplateau 1, Utrecht",
        None,
    ),
    (
        "eemland",
        "loket.eemland@demo.regioloket.example",
        Event.Kind.TRIAL_DAY,
        "Meeloopdag techniek in Amersfoort",
        -14,
        (9, 0),
        (15, 0),
        "Amersfoort",
        10,
    ),
]


def _at(day: datetime.date, hour_minute: tuple[int, int]) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(*hour_minute)))


@transaction.atomic
def seed_events() -> None:
    """A few events per region, past and upcoming, and a planned intake for the demo candidate
    (who also has a place at the first event). An event that exists (same region and title) is
    left as it is, so seeding twice adds nothing."""
    today = timezone.localdate()
    created = {}
    for slug, staff_email, kind, title, days, start, end, location, places in EVENTS:
        region = Region.objects.get(slug=slug)
        event = Event.objects.filter(region=region, title=title).first()
        if event is None:
            staff = User.objects.get(email=staff_email)
            day = today + datetime.timedelta(days=days)
            fields = {
                "region": region,
                "kind": kind,
                "title": title,
                "description": "Een demo-evenement van het regioloket.",
                "starts_at": _at(day, start),
                "ends_at": _at(day, end),
                "location": location,
                "capacity": places,
            }
            if days > 0:
                event = events.event_create(actor=staff, **fields)
            else:
                # The service refuses a start in the past, rightly; history is seeded directly.
                event = Event.objects.create(created_by=staff, **fields)
        created[title] = event
    karim = Candidate.objects.filter(user__email="kandidaat@demo.regioloket.example").first()
    if karim is None:
        return
    first = created["Informatieavond zij-instroom"]
    if first.starts_at > timezone.now() and first.cancelled_at is None:
        events.event_register(candidate=karim, event=first)
    if not Appointment.objects.filter(candidate=karim, cancelled_at=None).exists():
        appointments.appointment_plan(
            actor=User.objects.get(email="loket@demo.regioloket.example"),
            candidate=karim,
            kind=Appointment.Kind.INTAKE,
            starts_at=_at(today + datetime.timedelta(days=5), (10, 0)),
            location="Regioloket Domstad, Utrecht",
            note="Neem je diploma en je cv mee.",
        )
    guide = User.objects.get(email="loket@demo.regioloket.example")
    if not IntakeSlot.objects.filter(guide=guide).exists():
        # Weekly times the demo guide keeps for intakes that candidates book themselves.
        appointments.intake_slots_publish(
            actor=guide,
            region=karim.region,
            starts_at=_at(today + datetime.timedelta(days=3), (14, 0)),
            minutes=45,
            weeks=4,
            location="Regioloket Domstad, Utrecht",
        )
