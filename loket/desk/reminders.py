"""The desk's reminder rules: the guide's daily overview of stalled cases, and proposals that a
school has not answered (HR after 5 working days, the guide after 10)."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models import Candidate
from loket.core.mail.outbox import AMSTERDAM
from loket.core.mail.reminders import RuleRun, reminder_rule
from loket.core.models import MailReason, Role, RoleAssignment, User

# The step after which a registration counts as finished (consent given: see Candidate).
from loket.core.people import hr_officers_by_school, staff_of_region
from loket.core.workdays import is_working_day, working_days_before
from loket.desk.models import Proposal, ProposalStatus
from loket.desk.selectors.stalled import with_stall_flags


@reminder_rule(
    "guide_digest",
    reason=MailReason.GUIDE_DIGEST,
    label=_("Daily overview for each guide: candidates without contact and stalled cases"),
)
def guide_digest(run: RuleRun) -> None:
    """Each guide gets one overview a day of their candidates who had no contact for their
    region's ``no_contact_days`` or are longer in their phase than its norm (the flags of
    ``with_stall_flags``), and none on a day without such candidates.

    The overview lists the guide's candidates in every region the guide works for, so a guide of
    two regions still gets one mail a day: the run of the first of their regions sends it, the
    key (guide and day) makes the other runs quiet. A digest is exempt from the cap and waits
    for the morning like any reminder.
    """
    day = run.today.isoformat()
    guides = staff_of_region(run.region).order_by().filter(run.not_mailed(f":{day}"))
    works_there = RoleAssignment.objects.filter(
        user=OuterRef("guide"),
        role__in=[Role.DESK_STAFF, Role.COORDINATOR],
        region=OuterRef("region"),
    )
    candidates = (
        with_stall_flags(
            Candidate.objects.filter(guide__in=guides.values("pk")).filter(Exists(works_there)),
            now=run.now,
        )
        .filter(is_stalled=True)
        .select_related("region", "guide")
        .order_by("guide_id", "region__name", "last_contact_on", "full_name", "pk")
    )
    by_guide: dict[int, list[Candidate]] = defaultdict(list)
    guide_of: dict[int, User] = {}
    for candidate in candidates:
        since = candidate.last_contact_on or timezone.localdate(candidate.created_at)
        candidate.days_without_contact = (run.today - since).days
        candidate.days_in_phase = (run.now - candidate.phase_changed_at).days
        # Once here, not in each of the digest's two bodies.
        candidate.file_url = reverse("desk:candidate", args=[candidate.pk])
        by_guide[candidate.guide_id].append(candidate)
        guide_of[candidate.guide_id] = candidate.guide
    for guide_id, items in by_guide.items():
        run.queue_later(
            recipient=guide_of[guide_id],
            key=f"{guide_id}:{day}",
            context={
                "candidates": items,
                "without_contact": sum(1 for c in items if c.without_contact),
                "overdue": sum(1 for c in items if c.overdue_in_phase),
                "day": run.today,
            },
        )


def _sent_on_or_before(run: RuleRun, working_days: int):
    """Proposals of the run's region still waiting for the school's answer, sent on or before
    the day ``working_days`` working days ago (Amsterdam dates; the partial index on sent
    proposals finds them)."""
    last_day = working_days_before(run.today, working_days)
    before = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=AMSTERDAM)
    return Proposal.objects.filter(
        status=ProposalStatus.SENT, created_at__lt=before, school__region=run.region
    )


@reminder_rule(
    "proposal_unanswered",
    reason=MailReason.PROPOSAL_UNANSWERED,
    label=_("Proposal unanswered: reminder to HR after 5 working days, to the guide after 10"),
    defaults={"remind_after": 5, "escalate_after": 10},
)
def proposal_unanswered(run: RuleRun) -> None:
    """A proposal the school has not answered is brought to its HR officers (of the school and
    of its board) once it is ``remind_after`` working days old, and to the candidate's guide
    (else the person who proposed) at ``escalate_after``; after that nothing more. Working days
    are Monday to Friday without Dutch public holidays. Schools work on working days, so
    the rule is quiet at the weekend and on holidays: what falls due then arrives on the next
    working day in the morning. The HR reminder is an ordinary reminder: the cap and an
    unsubscribe hold it back, and the escalation follows regardless.
    """
    if not is_working_day(run.today):
        return
    remind = int(run.params["remind_after"])
    escalate = int(run.params["escalate_after"])

    due = list(
        _sent_on_or_before(run, remind)
        .select_related("school", "vacancy")
        .order_by("created_at", "pk")
    )
    officers = hr_officers_by_school(p.school for p in due)
    pairs = [
        (proposal, officer, f"{proposal.pk}:{remind}wd:{officer.pk}")
        for proposal in due
        for officer in officers.get(proposal.school_id, [])
    ]
    done = run.mailed_occasions([key for _p, _o, key in pairs])
    for proposal, officer, key in pairs:
        if key not in done:
            run.queue_later(
                recipient=officer,
                key=key,
                context={"proposal": proposal, "working_days": remind},
            )

    overdue = (
        _sent_on_or_before(run, escalate)
        .filter(run.not_mailed(f":{escalate}wd"))
        .select_related("school", "vacancy", "candidate__guide", "proposed_by")
        .order_by("created_at", "pk")
    )
    for proposal in overdue:
        guide = proposal.candidate.guide or proposal.proposed_by
        if guide is None:
            continue
        run.queue_later(
            recipient=guide,
            key=f"{proposal.pk}:{escalate}wd",
            reason=MailReason.PROPOSAL_ESCALATED,
            context={
                "proposal": proposal,
                "candidate": proposal.candidate,
                "working_days": escalate,
                "hr_officers": officers.get(proposal.school_id, []),
            },
        )
