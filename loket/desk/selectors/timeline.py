"""The candidate file's timeline (phases, contacts, notes, proposals, assessments, referrals,
appointments, events) and the access log in words."""

import datetime
import functools
from dataclasses import dataclass

from django.db.models import OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from kandidaten.models import (
    Appointment,
    Candidate,
    CandidateAccess,
    CandidateDocument,
    ConsentRecord,
    DuplicateFlag,
    EventRegistration,
    PhaseEvent,
)
from loket.core.models import Subject
from loket.desk.models import (
    Assessment,
    CandidateNote,
    Contact,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Referral,
)
from loket.desk.selectors.rows import ListsQuery, Rows

ACCESS_LOG_LENGTH = 20


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str  # phase, contact, note, proposal, referral, assessment, appointment, mail
    title: str
    detail: str = ""
    actor: object = None


@dataclass(frozen=True)
class FileRows:
    """The rows of the candidate file's sections and of its timeline, read in one query (a
    section and the timeline read the same rows)."""

    contacts: list
    notes: list
    referrals: list
    assessments: list
    phase_events: list
    proposal_steps: list
    attendance: list
    proposals: list
    subjects: list
    consents: list
    documents: list
    duplicates: list
    access_log: list
    appointments: list

    @classmethod
    def of(cls, candidate: Candidate) -> "FileRows":
        return cls(**_file_lists().of(candidate.pk))


@functools.cache
def _file_lists() -> ListsQuery:
    """The file's lists, the same query for every candidate (compiled once per process)."""
    mine = OuterRef("pk")
    return ListsQuery(
        Candidate,
        contacts=Rows(Contact.objects.filter(candidate=mine), {"author": {}}),
        notes=Rows(CandidateNote.objects.filter(candidate=mine), {"author": {}}),
        referrals=Rows(
            Referral.objects.filter(candidate=mine),
            {"from_region": {}, "to_region": {}, "referred_by": {}, "answered_by": {}},
        ),
        assessments=Rows(
            Assessment.objects.filter(candidate=mine),
            {"institute": {}, "referred_by": {}, "recorded_by": {}},
        ),
        phase_events=Rows(PhaseEvent.objects.filter(candidate=mine), {"actor": {}}),
        proposal_steps=Rows(
            ProposalEvent.objects.filter(proposal__candidate=mine),
            {"actor": {}, "proposal": {"school": {}, "vacancy": {}}},
        ),
        attendance=Rows(
            EventRegistration.objects.filter(candidate=mine).exclude(attended=None),
            {"event": {}, "attendance_recorded_by": {}},
        ),
        proposals=Rows(
            Proposal.objects.filter(candidate=mine).order_by("-created_at"),
            {"school": {}, "vacancy": {}, "proposed_by": {}},
        ),
        subjects=Rows(Subject.objects.filter(candidates=mine).order_by("name")),
        consents=Rows(
            ConsentRecord.objects.filter(candidate=mine).order_by("created_at", "pk"),
            {"statement": {}},
        ),
        documents=Rows(CandidateDocument.objects.filter(candidate=mine)),
        duplicates=Rows(
            DuplicateFlag.objects.filter(candidate=mine, resolved_at=None),
            {"looks_like": {}},
        ),
        access_log=Rows(
            CandidateAccess.objects.filter(candidate=mine).order_by("-created_at", "-pk")[
                :ACCESS_LOG_LENGTH
            ],
            {"user": {}},
        ),
        appointments=Rows(
            Appointment.objects.filter(candidate=mine).order_by("-starts_at", "-pk"),
            {"with_user": {}},
        ),
    )


def candidate_timeline(candidate: Candidate, rows: FileRows | None = None) -> list[TimelineEntry]:
    """Everything that happened with a candidate, newest first: phase changes, contacts, notes,
    proposal steps, referrals and assessments (a fixed number of queries). ``rows``: the ones
    the caller already loaded."""
    rows = rows or FileRows.of(candidate)
    entries: list[TimelineEntry] = []
    for event in rows.phase_events:
        title = (
            _("Phase: %(from)s → %(to)s")
            % {"from": event.get_from_phase_display(), "to": event.get_to_phase_display()}
            if event.from_phase
            else _("Registered: %(to)s") % {"to": event.get_to_phase_display()}
        )
        entries.append(TimelineEntry(event.created_at, "phase", title, event.note, event.actor))
    for contact in rows.contacts:
        entries.append(
            TimelineEntry(
                _day_start(contact.occurred_on, contact.created_at),
                "contact",
                _("Contact: %(kind)s") % {"kind": contact.get_kind_display()},
                contact.summary,
                contact.author,
            )
        )
    for note in rows.notes:
        entries.append(TimelineEntry(note.created_at, "note", _("Note"), note.text, note.author))
    for step in rows.proposal_steps:
        target = step.proposal.vacancy or step.proposal.school
        entries.append(
            TimelineEntry(
                step.created_at,
                "proposal",
                _("Proposal %(target)s: %(status)s")
                % {"target": target, "status": ProposalStatus(step.to_status).label},
                step.note,
                step.actor,
            )
        )
    for referral in rows.referrals:
        entries.append(
            TimelineEntry(
                referral.created_at,
                "referral",
                _("Referred from %(from)s to %(to)s")
                % {"from": referral.from_region, "to": referral.to_region},
                referral.note,
                referral.referred_by,
            )
        )
        if referral.answered_at:
            entries.append(
                TimelineEntry(
                    referral.answered_at,
                    "referral",
                    _("Referral to %(to)s: %(status)s")
                    % {"to": referral.to_region, "status": referral.get_status_display()},
                    referral.answer_note,
                )
            )
    for assessment in rows.assessments:
        entries.append(
            TimelineEntry(
                assessment.referred_at,
                "assessment",
                _("Referred for an assessment at %(institute)s")
                % {"institute": assessment.institute},
                assessment.question,
                assessment.referred_by,
            )
        )
        if assessment.recorded_at:
            entries.append(
                TimelineEntry(
                    assessment.recorded_at,
                    "assessment",
                    _("Assessment outcome: %(outcome)s")
                    % {"outcome": assessment.get_outcome_display()},
                    assessment.outcome_note,
                )
            )
    for registration in rows.attendance:
        title = (
            _("Came to “%(title)s”") if registration.attended else _("Did not come to “%(title)s”")
        )
        entries.append(
            TimelineEntry(
                registration.attendance_recorded_at or registration.event.starts_at,
                "event",
                title % {"title": registration.event.title},
                "",
                registration.attendance_recorded_by,
            )
        )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def _day_start(day: datetime.date, logged_at: datetime.datetime) -> datetime.datetime:
    """A contact took place on a day; on the timeline it sits at the time it was logged when
    that was the same day, else at noon of its day."""
    local = timezone.localtime(logged_at)
    if local.date() == day:
        return logged_at
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
