"""The desk's reminder rules: the guide's daily overview of stalled cases, and proposals that a
school has not answered (HR after 5 working days, the guide after 10)."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import chain

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models import Candidate
from loket.core.http import reverse_one
from loket.core.mail.outbox import AMSTERDAM
from loket.core.mail.reminders import RuleRun, reminder_rule
from loket.core.models import MailReason, Role, RoleAssignment, User
from loket.core.people import hr_officers_by_school, staff_of_region
from loket.core.workdays import is_working_day, working_days_before
from loket.desk.digest import Stalled
from loket.desk.models import Proposal, ProposalStatus
from loket.desk.overview import Overview, Waiting
from loket.desk.selectors.stalled import with_stall_flags

# How many stalled candidates the guide's daily overview names; it counts all of them.
DIGEST_LIST_LENGTH = 30


@reminder_rule(
    "guide_digest",
    reason=MailReason.GUIDE_DIGEST,
    label=_("Daily overview for each guide: candidates without contact and stalled cases"),
)
def guide_digest(run: RuleRun) -> None:
    """Each guide gets one overview a day of their candidates who had no contact for their
    region's ``no_contact_days`` or are longer in their phase than its norm (the flags of
    ``with_stall_flags``), and none on a day without such candidates.

    The overview counts all of them and lists the ``DIGEST_LIST_LENGTH`` longest without contact
    (by region), with a link to the rest in the pipeline: a mail of hundreds
    of names is read by nobody, and rendered slowly for every guide each morning.

    The overview lists the guide's candidates in every region the guide works for, so a guide of
    two regions still gets one mail a day: the run of the first of their regions sends it, the
    key (guide and day) makes the other runs quiet. A digest is exempt from the cap and waits
    for the morning like any reminder.
    """
    day = run.today.isoformat()
    guides = staff_of_region(run.region).order_by().filter(run.not_mailed(f":{day}"))
    if not guides.exists():  # the hourly runs after the morning's: building the query costs more
        return
    works_there = RoleAssignment.objects.filter(
        user=OuterRef("guide"),
        role__in=[Role.DESK_STAFF, Role.COORDINATOR],
        region=OuterRef("region"),
    )
    per_guide = {"partition_by": [F("guide_id")]}
    candidates = (
        with_stall_flags(
            Candidate.objects.filter(guide__in=guides.values("pk")).filter(Exists(works_there)),
            now=run.now,
        )
        .filter(is_stalled=True)
        .annotate(
            # The longest without contact first (never contacted: since registering), so the
            # cut keeps the most neglected; shown by region below.
            place=Window(
                RowNumber(),
                order_by=[F("contact_due_on").asc(), F("phase_deadline").asc(), "pk"],
                **per_guide,
            ),
            stalled_count=Window(Count("pk"), **per_guide),
        )
        .filter(place__lte=DIGEST_LIST_LENGTH)
        .select_related("region", "guide")
        .order_by("guide_id", "place")
    )
    by_guide: dict[int, list[Stalled]] = defaultdict(list)
    guide_of: dict[int, User] = {}
    for candidate in candidates:
        since = candidate.last_contact_on or timezone.localdate(candidate.created_at)
        by_guide[candidate.guide_id].append(
            Stalled(
                candidate,
                days_without_contact=(run.today - since).days,
                days_in_phase=(run.now - candidate.phase_changed_at).days,
                file_url=reverse_one("desk:candidate", candidate.pk),
            )
        )
        guide_of[candidate.guide_id] = candidate.guide
    pipeline_url = reverse("desk:pipeline") + "?guide=me&stalled=on"
    for guide_id, items in by_guide.items():
        first = items[0].candidate
        items.sort(
            key=lambda row: (
                row.candidate.region.name,
                row.candidate.contact_due_on,
                row.candidate.full_name,
                row.candidate.pk,
            )
        )
        run.queue_later(
            recipient=guide_of[guide_id],
            key=f"{guide_id}:{day}",
            context={
                "rows": items,
                "total": first.stalled_count,
                "more": first.stalled_count - len(items),
                "pipeline_url": pipeline_url,
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
    working day in the morning.

    Each person gets one overview a day per region of what fell due for them there, not a mail
    per proposal (an HR officer of a board with forty open proposals gets one mail, not forty;
    the overview is signed by the region's desk, so a board in two regions gets two). The
    proposal records that it was dealt with (``hr_reminded_at``, ``escalated_at``) in the
    transaction that records the mail, so the next run looks only at what is still due (see
    ``_covered`` for what is left for it). An unsubscribe holds the HR overview back (recorded
    as withheld); the cap does not, and the escalation follows regardless.
    """
    if not is_working_day(run.today):
        return
    remind = int(run.params["remind_after"])
    escalate = int(run.params["escalate_after"])
    # One transaction, one run per region at a time: the overviews and the marks on their
    # proposals are recorded together, and a second run waits and then finds them marked.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [run.key(str(run.region.pk))]
            )
        due, overdue = _still_due(run, remind), _still_to_escalate(run, escalate)
        if not due and not overdue:
            return
        officers = hr_officers_by_school(p.school for p in chain(due, overdue))
        waited = _working_days_waited(run.today)
        reminded = _queue_hr_overviews(run, due, officers, waited, working_days=remind)
        escalated = _queue_guide_overviews(run, overdue, officers, waited, working_days=escalate)
        recorded = set(run.flush())
        Proposal.objects.filter(pk__in=reminded(recorded), hr_reminded_at__isnull=True).update(
            hr_reminded_at=run.now
        )
        Proposal.objects.filter(pk__in=escalated(recorded), escalated_at__isnull=True).update(
            escalated_at=run.now
        )


# Only what the overviews show: a vacancy's description is kilobytes a row.
_SHOWN = ["created_at", "school__name", "school__board_id", "vacancy__title"]


def _still_due(run: RuleRun, working_days: int) -> list[Proposal]:
    return list(
        _sent_on_or_before(run, working_days)
        .filter(hr_reminded_at__isnull=True)
        .select_related("school", "vacancy")
        .only(*_SHOWN)
        .order_by("created_at", "pk")
    )


def _still_to_escalate(run: RuleRun, working_days: int) -> list[Proposal]:
    return list(
        _sent_on_or_before(run, working_days)
        .filter(escalated_at__isnull=True)
        .select_related("school", "vacancy", "candidate__guide", "proposed_by")
        .only(*_SHOWN, "candidate__full_name", "candidate__guide", "proposed_by")
        .order_by("created_at", "pk")
    )


def _covered(covers: dict[str, list[int]]):
    """The proposals dealt with, once the run knows which overview keys it recorded: those in
    no overview left out (nobody to tell yet: the next run looks again), and those listed in
    an overview that was not recorded (it could not be rendered, or that person's overview of
    the day was sent already) kept for the next run, even if another overview listed them."""

    def dealt_with(recorded: set[str]) -> list[int]:
        missed = {pk for key, pks in covers.items() if key not in recorded for pk in pks}
        return [pk for key in recorded & covers.keys() for pk in covers[key] if pk not in missed]

    return dealt_with


def _queue_hr_overviews(run: RuleRun, due, officers, waited, *, working_days: int):
    """One overview per HR officer of the proposals that fell due for them. A school without
    HR officers in the portal is looked at again each run, so one who joins still hears."""
    for_officer: dict[int, list[Waiting]] = defaultdict(list)
    officer_of: dict[int, User] = {}
    for proposal in due:
        if not officers.get(proposal.school_id):
            continue
        url = reverse_one("vacatures:hr_proposal", proposal.pk)
        item = Waiting(proposal, waited(proposal.created_at), url)
        for officer in officers[proposal.school_id]:
            for_officer[officer.pk].append(item)
            officer_of[officer.pk] = officer
    return _queue_overviews(run, "hr", for_officer, officer_of, working_days=working_days)


def _queue_guide_overviews(run: RuleRun, overdue, officers, waited, *, working_days: int):
    """One overview per guide (else whoever proposed) of the proposals past the escalation; a
    proposal with neither waits for a guide."""
    for_guide: dict[int, list[Waiting]] = defaultdict(list)
    guide_of: dict[int, User] = {}
    for proposal in overdue:
        guide = proposal.candidate.guide or proposal.proposed_by
        if guide is None:
            continue
        url = reverse_one("desk:candidate", proposal.candidate_id)
        hr = officers.get(proposal.school_id, [])
        for_guide[guide.pk].append(
            Waiting(proposal, waited(proposal.created_at), url, for_guide=True, hr_officers=hr)
        )
        guide_of[guide.pk] = guide
    return _queue_overviews(
        run,
        "guide",
        for_guide,
        guide_of,
        working_days=working_days,
        reason=MailReason.PROPOSAL_ESCALATED,
    )


def _queue_overviews(run: RuleRun, kind, items_of, person_of, *, working_days, reason=None):
    """Queue each person's overview of the day (key ``<kind>:<person>:<region>:<day>``) and
    return what ``_covered`` makes of the keys recorded."""
    day = run.today.isoformat()
    covers: dict[str, list[int]] = {}
    for person_id, items in items_of.items():
        key = f"{kind}:{person_id}:{run.region.pk}:{day}"
        covers[run.key(key)] = [item.proposal.pk for item in items]
        run.queue_later(
            recipient=person_of[person_id],
            key=key,
            reason=reason,
            context={"waiting": Overview(items), "working_days": working_days},
        )
    return _covered(covers)


@lru_cache(maxsize=4)
def _working_days_waited(today: date) -> "_WorkingDaysWaited":
    """One counter a day, shared by the regions' runs."""
    return _WorkingDaysWaited(today)


class _WorkingDaysWaited:
    """Working days a proposal has waited: from its day (Amsterdam) up to but not including
    today, the count ``working_days_before`` makes it due by (sent on Saturday or Monday, it is
    5 on the Monday after next). Counted back from today once, day by day, however many
    proposals ask (a count per proposal went over two million days at national size)."""

    def __init__(self, today: date):
        self.earliest = today
        self.counted = 0
        self.known: dict[date, int] = {}

    def __call__(self, moment: datetime) -> int:
        since = moment.astimezone(AMSTERDAM).date()
        while self.earliest > since:
            self.earliest -= timedelta(days=1)
            self.counted += is_working_day(self.earliest)
            self.known[self.earliest] = self.counted
        return self.known.get(since, 0)
