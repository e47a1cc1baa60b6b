"""How fast are the candidate and vacancy reminder rules on a realistic database?

    DATABASE_URL=postgres://... uv run python benchmarks/reminder_rules.py [--candidates 100000]

Seeds N candidates (with their users and a sent-mail history), and in proportion: guides,
schools with HR officers, vacancies, proposals, events with places and appointments. Then runs
each rule once (what is due now, as if the rule was just switched on), and once more (the
hourly run after it: everything is mailed already), printing the time and the number of
queries of each run, and the plans of the queries that must stay indexed.

Everything happens inside one transaction that is rolled back at the end, so the database is
left as it was (it must be migrated, and be the benchmark's own: its tables are compacted with
``VACUUM FULL`` first, so the dead rows of earlier runs do not slow this one). No broker is
needed: hand-overs wait for a commit that never comes.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, OuterRef  # noqa: E402

from kandidaten.models import Appointment, Candidate, Event, EventRegistration, Phase
from loket.core.mail.outbox import AMSTERDAM
from loket.core.mail.reminders import RuleRun, registered_rules, reminder_rule_run
from loket.core.models import (
    Board,
    MailReason,
    OutgoingMail,
    Region,
    Role,
    RoleAssignment,
    School,
    User,
)
from loket.desk.models import Proposal, ProposalStatus
from vacatures.models import Vacancy, VacancyStatus

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=AMSTERDAM)  # a Tuesday morning: no quiet hours
TODAY = NOW.date()
RULES = [
    "registration_unfinished",
    "appointment_tomorrow",
    "guide_digest",
    "retention_warning",
    "proposal_unanswered",
    "vacancy_closing",
]
ROWS: list[tuple] = []
BATCH = 5000


class Rollback(Exception):
    pass


def measure(label: str, function):
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    ROWS.append((label, result, seconds, count))
    return result


def explain(label: str, queryset) -> None:
    plan = queryset.explain()
    print(f"\n-- plan: {label}\n" + "\n".join("   " + line for line in plan.splitlines()[:8]))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def seed(candidates: int, regions: int) -> dict:
    rng = random.Random(6)
    started = time.perf_counter()
    region_rows = Region.objects.bulk_create(
        Region(name=f"Benchmarkregio {i}", slug=f"bench-{i}", desk_email=f"loket@bench{i}.example")
        for i in range(regions)
    )
    boards = Board.objects.bulk_create(
        Board(region=region, name=f"Bestuur {r}-{b}")
        for r, region in enumerate(region_rows)
        for b in range(3)
    )
    schools = School.objects.bulk_create(
        School(
            region=board.region,
            board=board,
            name=f"School {i}",
            branch_number=f"B{i:06d}",
            sectors=["vo"],
            street_address="Schoolstraat 1",
            postcode="3511 AA",
            municipality="Utrecht",
            latitude=52.09,
            longitude=5.12,
        )
        for i, board in enumerate(b for b in boards for _ in range(7))
    )

    def users(prefix: str, count: int) -> list[User]:
        return User.objects.bulk_create(
            (
                User(email=f"{prefix}{i}@bench.example", password="!", full_name=f"{prefix} {i}")
                for i in range(count)
            ),
            batch_size=BATCH,
        )

    guides_per_region = 10
    staff = users("loket", regions * guides_per_region)
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, role=Role.DESK_STAFF, region=region_rows[i % regions])
        for i, u in enumerate(staff)
    )
    guides_of = {
        r.pk: [u for i, u in enumerate(staff) if i % regions == n]
        for n, r in enumerate(region_rows)
    }
    hr = users("hr", len(schools) + len(boards))
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=hr[i], role=Role.HR_OFFICER, school=s) for i, s in enumerate(schools)]
        + [
            RoleAssignment(user=hr[len(schools) + i], role=Role.HR_OFFICER, board=b)
            for i, b in enumerate(boards)
        ]
    )
    hr_of_school = {s.pk: hr[i] for i, s in enumerate(schools)}

    people = users("kandidaat", candidates)
    phases = (
        [Phase.INTERESSE] * 15
        + [Phase.ORIENTATIE] * 40
        + [Phase.INTAKE] * 15
        + [Phase.GESCHIKTHEID] * 10
        + [Phase.MATCHING] * 10
        + [Phase.GESTART] * 5
        + [Phase.AFGEHAAKT] * 5
    )
    rows = []
    for i, user in enumerate(people):
        region = region_rows[i % regions]
        phase = phases[i % len(phases)]
        created = NOW - timedelta(minutes=rng.randrange(0, 720 * 24 * 60))
        guided = phase not in (Phase.INTERESSE, Phase.ORIENTATIE, Phase.AFGEHAAKT)
        rows.append(
            Candidate(
                user=user,
                full_name=user.full_name,
                region=region,
                phase=phase,
                registration_step=rng.choice([2, 3, 4]) if phase == Phase.INTERESSE else 6,
                guide=rng.choice(guides_of[region.pk]) if guided else None,
                created_at=created,
                phase_changed_at=max(created, NOW - timedelta(days=rng.randrange(0, 90))),
                last_contact_on=(TODAY - timedelta(days=rng.randrange(0, 40))) if guided else None,
                dropout_reason="other" if phase == Phase.AFGEHAAKT else "",
                consent_desk=True,
            )
        )
    candidate_rows = Candidate.objects.bulk_create(rows, batch_size=BATCH)
    # auto_now stamped every row with today; a record was last changed when it was created.
    sql("UPDATE kandidaten_candidate SET updated_at = created_at")

    published = []
    vacancy_rows = []
    for i, school in enumerate(schools):
        for v in range(3):
            is_published = (i + v) % 10 < 7
            vacancy_rows.append(
                Vacancy(
                    school=school,
                    title=f"Docent {i}-{v}",
                    qualification="second_grade",
                    hours_per_week=24,
                    contract_type="permanent",
                    closing_date=TODAY + timedelta(days=(i * 3 + v) % 60),
                    description="Benchmark",
                    contact_name="HR",
                    contact_email="hr@bench.example",
                    status=VacancyStatus.PUBLISHED if is_published else VacancyStatus.DRAFT,
                    published_at=NOW if is_published else None,
                    created_by=hr_of_school[school.pk] if v else None,
                )
            )
    vacancy_rows = Vacancy.objects.bulk_create(vacancy_rows, batch_size=BATCH)
    published = [v for v in vacancy_rows if v.status == VacancyStatus.PUBLISHED]

    in_matching = [c for c in candidate_rows if c.phase in (Phase.MATCHING, Phase.GESTART)]
    extra = rng.sample(candidate_rows, candidates // 20)
    proposal_rows = []
    for i, candidate in enumerate({c.pk: c for c in in_matching + extra}.values()):
        vacancy = published[i % len(published)]
        is_sent = i % 5 < 2
        proposal_rows.append(
            Proposal(
                candidate=candidate,
                vacancy=vacancy,
                school_id=vacancy.school_id,
                motivation="Benchmark",
                status=ProposalStatus.SENT if is_sent else ProposalStatus.DECLINED,
                decline_reason="" if is_sent else "profile",
                proposed_by=candidate.guide,
            )
        )
    Proposal.objects.bulk_create(proposal_rows, batch_size=BATCH)
    # Sent proposals are from the last four weeks; answered ones from the last four months.
    sql(
        "UPDATE vacatures_proposal SET created_at = %s - interval '1 hour' * "
        "CASE WHEN status = 'sent' THEN (id * 7919) %% (28 * 24) ELSE (id * 7919) %% (120 * 24)"
        " END",
        [NOW],
    )

    appointment_rows = []
    for i, candidate in enumerate(rng.sample(candidate_rows, candidates // 10)):
        day = TODAY + timedelta(days=(i * 37) % 121 - 60)
        appointment_rows.append(
            Appointment(
                candidate=candidate,
                starts_at=at(day, 9 + i % 8, 30 * (i % 2)),
                ends_at=at(day, 9 + i % 8, 30 * (i % 2)) + timedelta(minutes=45),
                location="Loket",
                cancelled_at=NOW if i % 10 == 0 else None,
            )
        )
    Appointment.objects.bulk_create(appointment_rows, batch_size=BATCH)

    event_rows = Event.objects.bulk_create(
        Event(
            region=region,
            kind=Event.Kind.INFO,
            title=f"Informatieavond {r}-{e}",
            starts_at=at(TODAY + timedelta(days=e * 6 - 12), 19),
            ends_at=at(TODAY + timedelta(days=e * 6 - 12), 21),
            location="Utrecht",
            capacity=None,
        )
        for r, region in enumerate(region_rows)
        for e in range(5)
    )
    registration_rows = []
    seen = set()
    for i, candidate in enumerate(rng.sample(candidate_rows, candidates // 10)):
        event = event_rows[(candidate.region_id * 5 + i) % len(event_rows)]
        if (event.pk, candidate.pk) not in seen:
            seen.add((event.pk, candidate.pk))
            registration_rows.append(EventRegistration(event=event, candidate=candidate))
    EventRegistration.objects.bulk_create(registration_rows, batch_size=BATCH)

    # A mail history: one sent message per candidate, so the key index has real work to do.
    OutgoingMail.objects.bulk_create(
        (
            OutgoingMail(
                recipient=u,
                to_email=u.email,
                region=region_rows[i % regions],
                reason=MailReason.TEST,
                key=f"history:{u.pk}",
                language="nl",
                subject="Eerder bericht",
                body_text="…",
                status=OutgoingMail.Status.SENT,
                attempts=1,
                sent_at=NOW - timedelta(days=10),
            )
            for i, u in enumerate(people)
        ),
        batch_size=BATCH,
    )
    sql(
        "UPDATE loket_outgoingmail SET created_at = %s WHERE key LIKE 'history:%%'",
        [NOW - timedelta(days=10)],
    )
    sql("ANALYZE")
    counts = {
        "candidates": len(candidate_rows),
        "guides": len(staff),
        "schools": len(schools),
        "HR officers": len(hr),
        "vacancies": len(vacancy_rows),
        "proposals": len(proposal_rows),
        "sent proposals": sum(p.status == ProposalStatus.SENT for p in proposal_rows),
        "appointments": len(appointment_rows),
        "events": len(event_rows),
        "event places": len(registration_rows),
        "mails": len(people),
    }
    print(
        "seeded "
        + ", ".join(f"{n} {what}" for what, n in counts.items())
        + f" in {time.perf_counter() - started:.1f} s"
    )
    return {"region": region_rows[0]}


def plans(region: Region) -> None:
    from kandidaten import reminders as kandidaten_rules
    from loket.desk import reminders as vacancy_rules

    rules = registered_rules()

    def run_for(name):
        rule = rules[name]
        return RuleRun(rule=rule, region=region, params=dict(rule.defaults), now=NOW)

    run = run_for("registration_unfinished")
    threshold = NOW - timedelta(days=2)
    explain(
        "registration_unfinished: started 2 days ago, not mailed",
        Candidate.objects.filter(
            region=region,
            phase=Phase.INTERESSE,
            registration_step__lt=5,
            created_at__lte=threshold,
            created_at__gt=threshold - timedelta(days=1),
        ).filter(run.not_mailed(":2d")),
    )
    run = run_for("retention_warning")
    cutoff = NOW - timedelta(days=region.retention_days - 30)
    explain(
        "retention_warning: inactive records of one region",
        Candidate.objects.filter(region=region, updated_at__lte=cutoff)
        .annotate(last_activity=kandidaten_rules.last_activity_expression())
        .filter(
            run.not_mailed_key(
                kandidaten_rules._pk_text(),
                ":",
                kandidaten_rules._utc_text(OuterRef("last_activity"), "YYYYMMDD"),
            )
        ),
    )
    explain(
        "proposal_unanswered: sent proposals of one region, 5 working days old, not reminded",
        vacancy_rules._sent_on_or_before(run_for("proposal_unanswered"), 5).filter(
            hr_reminded_at__isnull=True
        ),
    )


def run(candidates: int, regions: int, *, rules: list[str], profile: bool, tries: int) -> None:
    seeded = seed(candidates, regions)
    for name in rules:
        if profile:
            _profiled(name)
            continue
        for attempt in range(1, tries):
            # The same first run again from the same state: its queued mail rolled back.
            savepoint = transaction.savepoint()
            measure(
                f"{name}: first run, try {attempt}",
                lambda name=name: reminder_rule_run(name=name, now=NOW),
            )
            transaction.savepoint_rollback(savepoint)
        measure(f"{name}: first run", lambda name=name: reminder_rule_run(name=name, now=NOW))
        measure(
            f"{name}: next hourly run",
            lambda name=name: reminder_rule_run(name=name, now=NOW + timedelta(hours=1)),
        )
    by_status = dict(
        OutgoingMail.objects.exclude(key__startswith="history:")
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    plans(seeded["region"])
    print(f"\n{'rule run':<42} {'queued':>7} {'seconds':>8} {'queries':>8} {'per mail':>8}")
    for label, queued, seconds, count in ROWS:
        per_mail = f"{count / queued:.2f}" if queued else "-"
        print(f"{label:<42} {queued:>7} {seconds:>8.3f} {count:>8} {per_mail:>8}")
    print(f"\nmessages recorded by status: {by_status}")


def _profiled(name: str) -> None:
    """The first and the next run of one rule under cProfile: where the time goes."""
    import cProfile  # noqa: PLC0415  (only with --profile)
    import pstats  # noqa: PLC0415

    for label, now in (("first run", NOW), ("next hourly run", NOW + timedelta(hours=1))):
        profiler = cProfile.Profile()
        profiler.runcall(reminder_rule_run, name=name, now=now)
        print(f"\n-- profile: {name}: {label}")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def _vacuum() -> None:
    """Every run inserts its seed and rolls it back; the dead rows of earlier runs (a gigabyte
    after a few at 200,000 candidates) would slow whichever run comes later. The database is
    the benchmark's own, so the tables the seed fills are compacted first."""
    tables = [
        model._meta.db_table
        for model in (Candidate, User, OutgoingMail, Proposal, Vacancy, School, RoleAssignment)
    ]
    tables += [Appointment._meta.db_table, Event._meta.db_table, EventRegistration._meta.db_table]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (FULL, ANALYZE) {', '.join(tables)}")
    print(f"vacuumed {len(tables)} tables in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--regions", type=int, default=35)
    parser.add_argument("--rules", default=",".join(RULES), help="comma-separated rule names")
    parser.add_argument("--profile", action="store_true", help="profile each rule's first run")
    parser.add_argument(
        "--tries",
        type=int,
        default=1,
        help="measure each first run this often (the earlier tries rolled back); the first try "
        "of a process also pays for imports and compiling templates",
    )
    args = parser.parse_args()
    rules = [name for name in args.rules.split(",") if name]
    if unknown := set(rules) - set(RULES):
        parser.error(f"unknown rules: {', '.join(sorted(unknown))}")
    _vacuum()
    try:
        with transaction.atomic():
            run(
                args.candidates,
                args.regions,
                rules=rules,
                profile=args.profile,
                tries=max(args.tries, 1),
            )
            raise Rollback
    except Rollback:
        print("\n(rolled back: the database is as it was)")


if __name__ == "__main__":
    main()
