"""The desk's sections of a candidate's data export (``kandidaten.hooks.export_sections``):
contacts, the desk's internal notes, proposals with every step, referrals and assessments.

Internal notes are included: they are personal data about the candidate (AVG art. 15), and
the desk writes them knowing that (README, "Privacy"). Who wrote them is not: other people
appear as their role, the guide by name and work address only.
"""

from django.utils.translation import gettext_lazy as _

from kandidaten.models import Candidate
from kandidaten.services.export import COMMON_LABELS, People, section
from loket.desk.models import ProposalEvent

LABELS = {
    **COMMON_LABELS,
    "school": _("school"),
    "vacancy": _("vacancy"),
    "motivation": _("motivation"),
    "steps": _("steps"),
    "interview_at": _("interview"),
    "interview_location": _("interview location"),
    "decline_reason": _("reason"),
    "decline_note": _("explanation"),
    "school_message": _("message from the school"),
    "candidate_reason": _("your reason"),
    "start_date": _("start date"),
    "hours_per_week": _("hours per week"),
    "contract_type": _("contract"),
    "from_region": _("from region"),
    "to_region": _("to region"),
    "answer": _("answer"),
    "institute": _("training institute"),
    "question": _("question for the institute"),
    "outcome": _("outcome"),
    "outcome_note": _("explanation of the outcome"),
    "occurred_on": _("date"),
    "summary": _("summary"),
}


def export_sections(*, candidate: Candidate) -> list[dict]:
    contacts = list(candidate.contacts.order_by("occurred_on", "pk"))
    notes = list(candidate.notes.order_by("created_at", "pk"))
    proposals = list(
        candidate.proposals.select_related("school", "vacancy").order_by("created_at", "pk")
    )
    steps = list(
        ProposalEvent.objects.filter(proposal__candidate=candidate).order_by("created_at", "pk")
    )
    referrals = list(
        candidate.referrals.select_related("from_region", "to_region").order_by("created_at")
    )
    assessments = list(candidate.assessments.select_related("institute").order_by("referred_at"))
    people = People(
        candidate,
        [c.author_id for c in contacts]
        + [n.author_id for n in notes]
        + [s.actor_id for s in steps]
        + [r.referred_by_id for r in referrals],
    )
    steps_of = {}
    for step in steps:
        steps_of.setdefault(step.proposal_id, []).append(
            {
                "at": step.created_at,
                "status": step.get_to_status_display(),
                "by": people.name(step.actor_id),
                "note": step.note,
            }
        )
    return [
        section(
            "contacts",
            _("Contacts with the desk"),
            [
                {
                    "occurred_on": c.occurred_on,
                    "kind": c.get_kind_display(),
                    "summary": c.summary,
                    "by": people.name(c.author_id),
                }
                for c in contacts
            ],
            LABELS,
        ),
        section(
            "desk_notes",
            _("The desk's internal notes about you"),
            [{"at": n.created_at, "text": n.text} for n in notes],
            LABELS,
        ),
        section(
            "proposals",
            _("Proposals to schools"),
            [
                {
                    "at": p.created_at,
                    "school": p.school.name,
                    "vacancy": p.vacancy.title if p.vacancy else "",
                    "status": p.get_status_display(),
                    "motivation": p.motivation,
                    "interview_at": p.interview_at,
                    "interview_location": p.interview_location,
                    "decline_reason": p.get_decline_reason_display(),
                    "decline_note": p.decline_note,
                    "school_message": p.school_message,
                    "candidate_reason": p.candidate_reason,
                    "start_date": p.start_date,
                    "hours_per_week": p.hours_per_week,
                    "contract_type": p.get_contract_type_display() if p.contract_type else "",
                    "steps": steps_of.get(p.pk, []),
                }
                for p in proposals
            ],
            LABELS,
        ),
        section(
            "referrals",
            _("Referrals to other regions"),
            [
                {
                    "at": r.created_at,
                    "from_region": r.from_region.name,
                    "to_region": r.to_region.name,
                    "status": r.get_status_display(),
                    "note": r.note,
                    "answer": r.answer_note,
                }
                for r in referrals
            ],
            LABELS,
        ),
        section(
            "assessments",
            _("Suitability assessments"),
            [
                {
                    "at": a.referred_at,
                    "institute": a.institute.name,
                    "question": a.question,
                    "outcome": a.get_outcome_display(),
                    "outcome_note": a.outcome_note,
                }
                for a in assessments
            ],
            LABELS,
        ),
    ]
