"""The vacancy app's reminder rules (the framework: ``loket.mail.reminders`` and its README).

Both rules can have several recipients for one occasion (every HR officer of a school), so their
keys end in the recipient: ``{proposal}:5wd:{user}``. A second run finds the same keys and
queues nothing; which keys exist is read in one query, not one per message.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loket.mail.reminders import RuleRun, reminder_rule, working_days_before
from loket.mail.services import AMSTERDAM
from loket.models import MailReason, OutgoingMail, Role, RoleAssignment, School, User
from vacatures.models import Proposal, ProposalStatus, Vacancy, VacancyStatus
from vacatures.selectors import manageable_schools

KEY_CHUNK = 1000


def hr_officers_by_school(schools: Iterable[School]) -> dict[int, list[User]]:
    """The active HR officers of each school: those of the school itself and of its board,
    in two queries for any number of schools."""
    schools = list({school.pk: school for school in schools}.values())
    if not schools:
        return {}
    assignments = (
        RoleAssignment.objects.filter(role=Role.HR_OFFICER, user__is_active=True)
        .filter(Q(school__in=[s.pk for s in schools]) | Q(board__in={s.board_id for s in schools}))
        .select_related("user")
        .order_by("user_id")
    )
    by_pk = {school.pk: school for school in schools}
    by_board: dict[int, list[School]] = defaultdict(list)
    for school in schools:
        by_board[school.board_id].append(school)
    by_school: dict[int, list[User]] = defaultdict(list)
    for assignment in assignments:
        targets = (
            [by_pk[assignment.school_id]]
            if assignment.school_id in by_pk
            else by_board.get(assignment.board_id, [])
        )
        for school in targets:
            if assignment.user not in by_school[school.pk]:
                by_school[school.pk].append(assignment.user)
    return by_school


def existing_keys(run: RuleRun, occasions: list[str]) -> set[str]:
    """Which of these occasions of the rule have a message already (one query per thousand)."""
    found = set()
    keys = [run.key(occasion) for occasion in occasions]
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        found.update(OutgoingMail.objects.filter(key__in=chunk).values_list("key", flat=True))
    prefix = len(run.key(""))
    return {key[prefix:] for key in found}


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
    are Monday to Friday; public holidays are not counted out. Schools work on working days,
    so the rule is quiet at the weekend: what falls due then arrives on Monday morning. The HR
    reminder is an ordinary reminder: the cap and an unsubscribe hold it back, and the
    escalation follows regardless.
    """
    if run.today.weekday() >= 5:
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
    done = existing_keys(run, [key for _p, _o, key in pairs])
    for proposal, officer, key in pairs:
        if key not in done:
            run.queue(
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
        run.queue(
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


def _still_manages(user: User | None, school: School) -> bool:
    return (
        user is not None
        and user.is_active
        and manageable_schools(user).filter(pk=school.pk).exists()
    )


@reminder_rule(
    "vacancy_closing",
    reason=MailReason.VACANCY_CLOSING,
    label=_("Vacancy closes in 3 days: a notice to the HR officer"),
    defaults={"days_before": 3},
)
def vacancy_closing(run: RuleRun) -> None:
    """A published vacancy whose closing date is ``days_before`` days away (in Amsterdam) is
    announced to the person who posted it, if they still manage vacancies of that school (as its
    HR officer or as desk staff of its region); otherwise to the school's HR officers. A new
    closing date is a new occasion, so moving the date gives a new notice."""
    closes_on = run.today + timedelta(days=int(run.params["days_before"]))
    vacancies = list(
        Vacancy.objects.filter(
            status=VacancyStatus.PUBLISHED, closing_date=closes_on, school__region=run.region
        )
        .select_related("school", "created_by")
        .order_by("pk")
    )
    orphans = {v.pk for v in vacancies if not _still_manages(v.created_by, v.school)}
    officers = hr_officers_by_school(v.school for v in vacancies if v.pk in orphans)
    pairs = []
    for vacancy in vacancies:
        recipients = (
            officers.get(vacancy.school_id, []) if vacancy.pk in orphans else [vacancy.created_by]
        )
        pairs += [
            (vacancy, user, f"{vacancy.pk}:{closes_on.isoformat()}:{user.pk}")
            for user in recipients
        ]
    done = existing_keys(run, [key for _v, _u, key in pairs])
    for vacancy, user, key in pairs:
        if key not in done:
            run.queue(
                recipient=user,
                key=key,
                context={"vacancy": vacancy, "days": int(run.params["days_before"])},
            )
