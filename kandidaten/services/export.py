"""The candidate's own data, all of it (AVG art. 15 and 20): a readable page and a JSON file.

Sections hold plain, JSON-ready values: text, numbers, booleans, ISO dates. Other people appear
only as roles ("you", "the desk", "the school"), except the candidate's guide, whose name and
work address the candidate knows already. The desk adds its own sections (contacts, its internal
notes, proposals and their steps, referrals, assessments) through ``hooks.export_sections``.

The desk's internal notes are personal data about the candidate, so they are included, with
their date and without the name of the member of staff who wrote them (README, "Privacy").
Every export is written to the access log.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kandidaten import hooks
from kandidaten.advice import Profile, route_advice
from kandidaten.models import Candidate, CandidateAccess
from kandidaten.services.privacy import access_record
from loket.core.models import OutgoingMail, Role, RoleAssignment, User

EXPORT_FORMAT_VERSION = 1
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$")


def plain(value):
    """A value as JSON writes it: dates in ISO 8601, lazy strings as text, lists kept."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


class People:
    """Names other people by their role: the candidate sees who did what, not who they are."""

    ROLE_WORDS = {
        Role.DESK_STAFF: _("the desk"),
        Role.COORDINATOR: _("the desk"),
        Role.HR_OFFICER: _("the school"),
        Role.STUDY_ADVISER: _("the training institute"),
    }

    def __init__(self, candidate: Candidate, user_ids) -> None:
        self.candidate = candidate
        self.roles = {}
        for user_id, role in RoleAssignment.objects.filter(
            user_id__in={pk for pk in user_ids if pk}
        ).values_list("user_id", "role"):
            self.roles.setdefault(user_id, role)

    def name(self, user_id: int | None) -> str:
        candidate = self.candidate
        if user_id is None:
            return str(_("the portal"))
        if user_id == candidate.user_id:
            return str(_("you"))
        if user_id == candidate.guide_id and candidate.guide is not None:
            return f"{candidate.guide.get_full_name()} ({candidate.guide.email})"
        return str(self.ROLE_WORDS.get(self.roles.get(user_id), _("the desk")))


def section(key: str, title, items: list[dict], labels: dict) -> dict:
    return {"key": key, "title": title, "labels": labels, "items": plain(items)}


def _profile(candidate: Candidate) -> dict:
    user = candidate.user
    return {
        "full_name": candidate.full_name,
        "email": user.email,
        "language": user.get_language_display(),
        "phone": candidate.phone,
        "date_of_birth": candidate.date_of_birth,
        "postcode": candidate.postcode,
        "lives_abroad": candidate.lives_abroad,
        "region": candidate.region.name if candidate.region else "",
        "education": candidate.get_education_display(),
        "field_of_study": candidate.field_of_study,
        "field_related": candidate.get_field_related_display(),
        "situation": candidate.get_situation_display(),
        "occupation": candidate.occupation,
        "years_experience": candidate.years_experience,
        "dutch_level": candidate.get_dutch_level_display(),
        "has_school_job": candidate.has_school_job,
        "sectors": [s.upper() for s in candidate.sectors],
        "subjects": [s.name for s in candidate.subjects.order_by("name")],
        "qualifications": [str(q) for q in candidate.qualifications.select_related("subject")],
        "hours_per_week": candidate.hours_per_week,
        "earliest_start": candidate.earliest_start,
        "max_travel_km": candidate.max_travel_km,
        "trial_day_interest": candidate.trial_day_interest,
        "source": candidate.get_source_display(),
        "source_detail": candidate.source_detail,
        "campaign": candidate.utm,
        "phase": candidate.get_phase_display(),
        "paused_until": candidate.paused_until,
        "registered_at": candidate.created_at,
        "last_sign_in": user.last_login,
    }


PROFILE_LABELS = {
    "full_name": _("full name"),
    "email": _("email address"),
    "language": _("language"),
    "phone": _("phone number"),
    "date_of_birth": _("date of birth"),
    "postcode": _("postcode"),
    "lives_abroad": _("lives abroad"),
    "region": _("region"),
    "education": _("highest education"),
    "field_of_study": _("field of study"),
    "field_related": _("field related to the subject"),
    "situation": _("current situation"),
    "occupation": _("current occupation"),
    "years_experience": _("years of work experience"),
    "dutch_level": _("Dutch language level"),
    "has_school_job": _("already has a job offer at a school"),
    "sectors": _("sectors"),
    "subjects": _("subjects"),
    "qualifications": _("teaching qualifications"),
    "hours_per_week": _("hours per week"),
    "earliest_start": _("earliest start"),
    "max_travel_km": _("maximum travel distance (km)"),
    "trial_day_interest": _("interested in a trial day"),
    "source": _("how you heard of the desk"),
    "source_detail": _("source, details"),
    "campaign": _("campaign parameters"),
    "phase": _("phase"),
    "paused_until": _("paused until"),
    "registered_at": _("registered"),
    "last_sign_in": _("last sign-in"),
}

COMMON_LABELS = {
    "at": _("when"),
    "by": _("by"),
    "what": _("what"),
    "kind": _("kind"),
    "title": _("title"),
    "status": _("status"),
    "note": _("note"),
    "text": _("text"),
    "subject": _("subject"),
    "location": _("location"),
    "starts_at": _("starts at"),
    "cancelled_at": _("cancelled at"),
    "statement_version": _("privacy statement"),
    "given": _("given"),
    "from_phase": _("from phase"),
    "to_phase": _("to phase"),
    "reasons": _("why it fits"),
    "missing": _("what is missing"),
    "duration": _("duration"),
    "costs": _("costs"),
    "file_name": _("file name"),
    "reason": _("reason"),
    "with": _("with"),
}


def _sections(candidate: Candidate) -> list[dict]:
    advice = route_advice(Profile.of(candidate))
    phase_events = list(candidate.phase_events.order_by("created_at", "pk"))
    access = list(CandidateAccess.objects.filter(candidate=candidate).order_by("created_at", "pk"))
    appointments = list(candidate.appointments.order_by("starts_at", "pk"))
    people = People(
        candidate,
        [e.actor_id for e in phase_events]
        + [a.user_id for a in access]
        + [a.with_user_id for a in appointments],
    )
    mails = OutgoingMail.objects.filter(recipient=candidate.user).order_by("created_at", "pk")
    registrations = candidate.event_registrations.select_related("event").order_by("created_at")
    return [
        section("profile", _("Your profile and answers"), [_profile(candidate)], PROFILE_LABELS),
        section(
            "route_advice",
            _("Your route advice"),
            [
                {
                    "title": item.route.title,
                    "fits": fits,
                    "reasons": [str(r) for r in item.reasons + item.notes],
                    "missing": [str(r) for r in item.why_not],
                    "duration": item.route.localized_duration,
                    "costs": item.route.localized_cost,
                }
                for fits, items in ((True, advice.fitting), (False, advice.close_misses))
                for item in items
            ],
            {**COMMON_LABELS, "fits": _("fits you")},
        ),
        section(
            "consents",
            _("Your consent"),
            [
                {
                    "kind": record.get_kind_display(),
                    "given": record.given,
                    "statement_version": record.statement.version,
                    "at": record.created_at,
                }
                for record in candidate.consents.select_related("statement")
            ],
            COMMON_LABELS,
        ),
        section(
            "phase_history",
            _("Your journey: every change of phase"),
            [
                {
                    "at": event.created_at,
                    "from_phase": event.get_from_phase_display(),
                    "to_phase": event.get_to_phase_display(),
                    "by": people.name(event.actor_id),
                    "note": event.note,
                }
                for event in phase_events
            ],
            COMMON_LABELS,
        ),
        section(
            "appointments",
            _("Appointments"),
            [
                {
                    "kind": a.get_kind_display(),
                    "starts_at": a.starts_at,
                    "location": a.location,
                    "with": people.name(a.with_user_id) if a.with_user_id else "",
                    "note": a.note,
                    "cancelled_at": a.cancelled_at,
                }
                for a in appointments
            ],
            COMMON_LABELS,
        ),
        section(
            "event_registrations",
            _("Events you signed up for"),
            [
                {
                    "title": r.event.title,
                    "starts_at": r.event.starts_at,
                    "location": r.event.location,
                    "at": r.created_at,
                    "cancelled_at": r.cancelled_at,
                }
                for r in registrations
            ],
            COMMON_LABELS,
        ),
        section(
            "documents",
            _("Your documents"),
            [
                {"kind": d.get_kind_display(), "file_name": d.original_name, "at": d.uploaded_at}
                for d in candidate.documents.all()
            ],
            COMMON_LABELS,
        ),
        section(
            "mail",
            _("Mail we sent you"),
            [
                {
                    "at": m.sent_at or m.created_at,
                    "subject": m.subject,
                    "status": m.get_status_display(),
                    "text": m.body_text,
                }
                for m in mails
            ],
            COMMON_LABELS,
        ),
        section(
            "access_log",
            _("Who opened your file"),
            [
                {
                    "at": a.created_at,
                    "by": people.name(a.user_id),
                    "kind": a.get_action_display(),
                    "what": a.get_what_display(),
                }
                for a in access
            ],
            COMMON_LABELS,
        ),
    ]


@transaction.atomic
def candidate_export(*, candidate: Candidate, by: User) -> dict:
    """Everything the portal holds about the candidate, for them (or for the desk on their
    behalf); written to the access log. Refused for an anonymised record (nothing is left)."""
    if candidate.is_anonymised:
        raise ValidationError(
            _("This record has been anonymised: there is no personal data left to export."),
            code="anonymised",
        )
    sections = _sections(candidate)
    for extra in hooks.export_sections.call(candidate=candidate):
        sections.extend(extra)
    access_record(
        user=by, candidates=[candidate], action=CandidateAccess.Action.EXPORT, what="export"
    )
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": plain(timezone.now()),
        "controller": candidate.region.name if candidate.region else "",
        "sections": sections,
    }


def export_as_json(export: dict) -> dict:
    """The file to download: one key per section, its records as a list."""
    return {
        "format_version": export["format_version"],
        "exported_at": export["exported_at"],
        "controller": export["controller"],
        **{s["key"]: s["items"] for s in export["sections"]},
    }


def _readable(value) -> str:
    if isinstance(value, str) and ISO_DATE.match(value):
        moment = datetime.datetime.fromisoformat(value)
        if len(value) == 10:
            return date_format(moment.date(), "j F Y")
        return date_format(timezone.localtime(moment), "j F Y, H:i")
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, list):
        return "\n".join(_readable(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def export_as_rows(export: dict) -> list[dict]:
    """The page: per section its title and, per record, (label, text) pairs in order."""
    return [
        {
            "key": s["key"],
            "title": s["title"],
            "rows": [
                [(s["labels"].get(k, k.replace("_", " ")), _readable(v)) for k, v in item.items()]
                for item in s["items"]
            ],
        }
        for s in export["sections"]
    ]
