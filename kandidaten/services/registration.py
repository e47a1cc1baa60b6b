"""Registration, step by step: each step is saved whole or not at all, and possible duplicates
are flagged for the desk."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kandidaten.advice import teaching_level_of
from kandidaten.models import (
    Candidate,
    ConsentKind,
    DuplicateFlag,
    Phase,
    PhaseEvent,
    PrivacyStatement,
    TeachingQualification,
)
from kandidaten.services.journey import candidate_change_phase, system_note
from kandidaten.services.privacy import consent_set
from loket.core.geo import distance_km_expression, locate_postcode, normalise_postcode
from loket.core.models import (
    Region,
    Role,
    RoleAssignment,
    School,
    Subject,
    User,
)
from loket.core.selectors import is_desk_user

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


def is_staff_account(user: User) -> bool:
    """Accounts that work with other people's data (admin, desk, HR, advisers)."""
    return bool(user.is_staff or user.is_superuser or is_desk_user(user))


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
    if created and is_staff_account(user):
        raise ValidationError(
            _("A staff account cannot register as a candidate."), code="staff_account"
        )
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
    degree_in_progress: str = "",
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
        "degree_in_progress": degree_in_progress,
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
        qualifications=[
            # A foreign qualification DUO recognised counts as a Dutch one of its grade.
            ("nl" if q.get("recognised") else q["country"], q["grade"])
            for q in qualifications
        ],
    )
    _advance(candidate, 3)
    candidate.save()
    candidate.qualifications.all().delete()
    TeachingQualification.objects.bulk_create(
        TeachingQualification(
            candidate=candidate,
            country=q["country"],
            grade=q["grade"],
            subject=q.get("subject"),
            recognised=bool(q.get("recognised")) and q["country"] == "foreign",
            still_teaching=bool(q.get("still_teaching")),
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
    secondary_level: str = "",
) -> Candidate:
    """Step 4. The years of secondary school only count when secondary was chosen."""
    candidate.sectors = sorted(set(sectors))
    candidate.secondary_level = secondary_level if "vo" in candidate.sectors else ""
    candidate.hours_per_week = hours_per_week
    candidate.earliest_start = earliest_start
    candidate.max_travel_km = max_travel_km
    candidate.trial_day_interest = trial_day_interest
    _advance(candidate, 4)
    candidate.save()
    candidate.subjects.set(subjects)
    return candidate


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
