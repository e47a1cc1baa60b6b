"""How fast is the outbox? Queueing N mails, one sweep, and one run of each reminder rule.

    DATABASE_URL=postgres://... uv run python benchmarks/outbox.py [--users 100000] [--mails 1000]

Everything happens inside one transaction that is rolled back at the end, so the database is
left as it was (it must be migrated). No broker is needed: hand-overs wait for a commit that
never comes. Prints, per operation, the rows involved, the time, the number of queries and the
queries per row, and the plans of the queries that must stay indexed.
"""

import argparse
import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from loket.core.mail.delivery import outbox_sweep
from loket.core.mail.outbox import AMSTERDAM, mail_queue
from loket.core.mail.reminders import reminder_rule_run
from loket.core.models import MailReason, OutgoingMail, Region, Role, RoleAssignment, User

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=AMSTERDAM)  # a Tuesday morning: no quiet hours
ROWS: list[tuple] = []


class Rollback(Exception):
    pass


def measure(label: str, rows: int, function):
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    ROWS.append((label, rows, seconds, count, count / rows if rows else float(count)))
    return result


def explain(label: str, queryset) -> None:
    plan = queryset.explain()
    print(f"\n-- plan: {label}\n" + "\n".join("   " + line for line in plan.splitlines()[:6]))


def seed(users: int, regions: int) -> tuple[list[Region], list[User]]:
    started = time.perf_counter()
    region_rows = Region.objects.bulk_create(
        Region(name=f"Benchmarkregio {i}", slug=f"bench-{i}", desk_email=f"loket@bench{i}.example")
        for i in range(regions)
    )
    span = timedelta(days=60).total_seconds()
    user_rows = User.objects.bulk_create(
        (
            User(
                email=f"bench{i}@bench.example",
                password="!",  # unusable: no hashing for a benchmark
                full_name=f"Kandidaat {i}",
                date_joined=NOW - timedelta(seconds=span * i / users),
            )
            for i in range(users)
        ),
        batch_size=5000,
    )
    EmailAddress.objects.bulk_create(
        (
            EmailAddress(user=u, email=u.email, primary=True, verified=i % 7 != 0)
            for i, u in enumerate(user_rows)
        ),
        batch_size=5000,
    )
    coordinators = user_rows[: 2 * regions]
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, role=Role.COORDINATOR, region=region_rows[i % regions])
        for i, u in enumerate(coordinators)
    )
    # A mail history: one sent message per user, so every index has real work to do.
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
                last_attempt_at=NOW - timedelta(days=10),
                sent_at=NOW - timedelta(days=10),
            )
            for i, u in enumerate(user_rows)
        ),
        batch_size=5000,
    )
    OutgoingMail.objects.filter(key__startswith="history:").update(
        created_at=NOW - timedelta(days=10)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"seeded {users} users, {regions} regions, {users} sent mails in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return region_rows, user_rows


def run(users: int, mails: int, regions: int) -> None:
    region_rows, user_rows = seed(users, regions)
    recipients = user_rows[-mails:]  # people with no recent reminder

    def queue_all(prefix):
        for i, user in enumerate(recipients):
            mail_queue(
                recipient=user,
                reason=MailReason.TEST,
                key=f"{prefix}:{user.pk}",
                region=region_rows[i % regions],
                now=NOW,
            )

    measure(f"queue {mails} reminders (rendered nl, cap checked)", mails, lambda: queue_all("b"))
    measure(f"queue the same {mails} keys again (nothing new)", mails, lambda: queue_all("b"))
    measure(
        f"queue {mails} more to the same people (withheld by the cap)",
        mails,
        lambda: queue_all("c"),
    )

    # The sweep: stuck 'sending' rows and queued rows whose hand-over got lost.
    stuck = list(OutgoingMail.objects.filter(key__startswith="b:").values_list("pk", flat=True))
    half = len(stuck) // 2
    OutgoingMail.objects.filter(pk__in=stuck[:half]).update(
        status=OutgoingMail.Status.SENDING, claimed_at=NOW - timedelta(hours=1)
    )
    OutgoingMail.objects.filter(pk__in=stuck[half:]).update(dispatched_at=NOW - timedelta(hours=1))
    handed = measure(
        f"one sweep ({half} stuck sending, {len(stuck) - half} lost hand-overs)",
        len(stuck),
        lambda: outbox_sweep(now=NOW),
    )
    assert len(handed) == len(stuck)
    measure("one sweep with nothing to do", 1, lambda: outbox_sweep(now=NOW))

    due = measure(
        f"rule account_unverified over {users} users",
        1,
        lambda: reminder_rule_run(name="account_unverified", now=NOW),
    )
    ROWS[-1] = (ROWS[-1][0] + f" → {due} queued", *ROWS[-1][1:])
    measure(
        "rule account_unverified again (all done)",
        1,
        lambda: reminder_rule_run(name="account_unverified", now=NOW),
    )

    failed_day = NOW - timedelta(days=1)
    OutgoingMail.objects.filter(pk__in=stuck[:3000]).update(
        status=OutgoingMail.Status.FAILED, last_attempt_at=failed_day, last_error="SMTP 550"
    )
    digests = measure(
        f"rule failed_mail_digest ({regions} regions, 3000 failures)",
        1,
        lambda: reminder_rule_run(name="failed_mail_digest", now=NOW),
    )
    ROWS[-1] = (ROWS[-1][0] + f" → {digests} queued", *ROWS[-1][1:])

    explain(
        "sweep: due queued rows",
        OutgoingMail.objects.filter(status="queued", dispatched_at__isnull=True)
        .order_by("pk")
        .values("pk"),
    )
    explain(
        "cap: recent reminders to one address",
        OutgoingMail.objects.filter(
            to_email=recipients[0].email, essential=False, created_at__gte=NOW - timedelta(days=3)
        ),
    )

    print(f"\n{'operation':<72} {'rows':>6} {'seconds':>8} {'queries':>8} {'q/row':>6}")
    for label, rows, seconds, count, per_row in ROWS:
        print(f"{label:<72} {rows:>6} {seconds:>8.3f} {count:>8} {per_row:>6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--regions", type=int, default=35)
    args = parser.parse_args()
    try:
        with transaction.atomic():
            run(args.users, args.mails, args.regions)
            raise Rollback
    except Rollback:
        print("\n(rolled back: the database is as it was)")


if __name__ == "__main__":
    main()
