"""Mail under faults with real processes: a private redis-server (restarted and its clients
dropped), real Celery workers (killed with SIGKILL), beat, and an SMTP server (aiosmtpd).

Each test starts its own redis-server, so dropping every client or restarting it touches no
other test and nobody else's Redis; the workers use the default queue names on it.
"""

import os
import sys
import time
from collections import Counter
from contextlib import ExitStack

import pytest
from django.db import transaction

from loket.celery import app as celery_app
from loket.core.health import heartbeat
from loket.core.mail import delivery
from loket.core.mail.outbox import mail_queue
from loket.core.models import Heartbeat, MailReason, OutgoingMail
from loket.launcher import worker_command
from tests import worker as worker_helpers
from tests.mail.smtp import smtp_server
from tests.worker import kill_group, private_redis, start_group, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

Status = OutgoingMail.Status
QUIET = ["--without-heartbeat", "--without-mingle", "--without-gossip"]


class Rig:
    """A private broker, an SMTP server, and the environment of the worker and beat processes."""

    def __init__(self, stack: ExitStack, tmp_path, monkeypatch):
        self.stack = stack
        self.redis = stack.enter_context(private_redis(tmp_path))
        controller, self.smtp = stack.enter_context(smtp_server())
        # The test process hands mail over to the private broker too.
        monkeypatch.setattr(celery_app.conf, "broker_url", self.redis.url)
        monkeypatch.setattr(delivery, "_broker_down_until", 0.0)
        self.env = {
            **os.environ,
            "DATABASE_URL": worker_helpers.test_database_url(),
            "REDIS_URL": self.redis.url,
            "CELERY_BROKER_URL": self.redis.url,
            "CELERY_QUEUE": "loket",
            "CELERY_BEAT_SCHEDULE_FILENAME": str(tmp_path / "beat-schedule"),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": controller.hostname,
            "EMAIL_PORT": str(controller.port),
            "EMAIL_TIMEOUT": "30",
            "LOKET_MAIL_RETRY_BASE_SECONDS": "1",
            "LOKET_MAIL_QUIET_START_HOUR": "0",
            "LOKET_MAIL_QUIET_END_HOUR": "0",
            "LOKET_MAIL_LEASE_SECONDS": "4",
            "LOKET_MAIL_SWEEP_SECONDS": "1",
            "LOKET_MAIL_REDISPATCH_SECONDS": "10",
            "LOKET_HEARTBEAT_SECONDS": "3600",
            "LOKET_REMINDER_RULES_SECONDS": "3600",
        }
        self.env.pop("CELERY_HOUSEKEEPING_QUEUE", None)

    def worker(self, concurrency: int = 2):
        """The worker exactly as ``./portal up`` starts it (prefork, no -Q)."""
        command = worker_command(loglevel="WARNING", concurrency=concurrency)
        process = start_group([*command, *QUIET], self.env)
        self.stack.callback(kill_group, process)
        return process

    def beat(self):
        command = [sys.executable, "-m", "celery", "-A", "loket", "beat", "--loglevel", "WARNING"]
        process = start_group(command, self.env)
        self.stack.callback(kill_group, process)
        return process


@pytest.fixture
def rig(tmp_path, monkeypatch, settings):
    settings.LOKET_MAIL_QUIET_START_HOUR = settings.LOKET_MAIL_QUIET_END_HOUR = 0
    with ExitStack() as stack:
        yield Rig(stack, tmp_path, monkeypatch)


def _queue_batch(count: int, prefix: str) -> list[OutgoingMail]:
    """``count`` essential mails, handed to the broker when the transaction commits."""
    with transaction.atomic():
        return [
            mail_queue(
                recipient=f"{prefix}-{n}@example.org",
                reason=MailReason.TEST,
                key=f"{prefix}:{n}",
                essential=True,
            )
            for n in range(count)
        ]


def _status(mail) -> str:
    return OutgoingMail.objects.values_list("status", flat=True).get(pk=mail.pk)


def _runs() -> int:
    beat = Heartbeat.objects.filter(name="heartbeat").first()
    return beat.runs if beat else 0


# --- Item 12: a send under way survives the broker dropping the worker's connection --------------


def test_a_send_under_way_is_finished_when_the_worker_loses_the_broker(rig):
    rig.smtp.hold_next = 1
    rig.worker(concurrency=1)
    [mail] = _queue_batch(1, "held")
    assert rig.smtp.blocked.wait(timeout=60)
    assert _status(mail) == Status.SENDING
    assert rig.redis.drop_connections() >= 1  # the worker (and its pool) lose Redis mid-send
    time.sleep(1.5)  # the worker notices and reconnects while the server still holds the mail
    rig.smtp.release.set()  # …and then the server accepts it
    wait_for(lambda: _status(mail) == Status.SENT, timeout=30)
    rig.beat()  # a sweep now would send it again had the worker left it in 'sending'
    time.sleep(5)
    assert len(rig.smtp.messages) == 1
    assert OutgoingMail.objects.get(pk=mail.pk).attempts == 1


# --- Item 14: the heartbeat does not wait behind a backlog of mail -------------------------------


def test_the_heartbeat_is_served_beside_a_backlog_of_mail(rig):
    rig.smtp.delay = 0.1
    mails = _queue_batch(60, "backlog")
    # Routed to the housekeeping queue, after the 60 mails. (Its own connection: the app's
    # pool would stay bound to this test's broker.)
    with celery_app.connection_for_write() as connection:
        heartbeat.apply_async(connection=connection)
    rig.worker()
    wait_for(lambda: _runs() >= 1, timeout=60)
    unsent = OutgoingMail.objects.filter(pk__in=[m.pk for m in mails]).exclude(status=Status.SENT)
    assert unsent.count() >= 30, "the heartbeat waited for the mail"
    wait_for(lambda: not unsent.exists(), timeout=90)


# --- The fault test: a batch through kills and broker drops ---------------------------------------


def _message_ids(pks) -> dict[str, int]:
    mails = OutgoingMail.objects.filter(pk__in=pks).select_related("region")
    return {delivery.build_message(m).extra_headers["Message-ID"]: m.pk for m in mails}


def test_a_batch_survives_kills_of_the_worker_and_drops_of_the_broker(rig):
    """At least 100 mails; the worker is killed with SIGKILL four times (pool and all) and the
    broker drops every connection three times and restarts once, all during the batch. Every
    mail arrives. A copy can only come from a kill while the message was in flight (the server
    accepted it, the row did not say so yet); none may come from the broker."""
    total = 120
    rig.smtp.delay = 0.03
    started = time.monotonic()
    mails = _queue_batch(total, "batch")
    pks = [m.pk for m in mails]
    processes = {"beat": rig.beat(), "worker": rig.worker()}
    timeline = []
    in_flight = {"kill": set(), "broker": set()}
    exits = Counter()

    def supervise() -> None:
        """Like a process supervisor (compose ``restart: unless-stopped``): a worker or beat
        that exited by itself is started again. (kombu 5.7 gives up when Redis is still down
        while it reconnects.)"""
        for name, process in processes.items():
            if process.poll() is not None:
                exits[name] += 1
                timeline.append(f"{time.monotonic() - started:5.1f}s {name} exited; restarted")
                processes[name] = rig.worker() if name == "worker" else rig.beat()

    def delivered() -> int:
        supervise()
        return len({message_id for _t, message_id in rig.smtp.accepted})

    def note(event: str, kind: str) -> None:
        # What is being sent at this moment; the only messages a fault could send twice.
        sending = OutgoingMail.objects.filter(pk__in=pks, status=Status.SENDING)
        in_flight[kind] |= set(sending.values_list("pk", flat=True))
        timeline.append(f"{time.monotonic() - started:5.1f}s {event} at {delivered()} delivered")

    def kill_and_restart():
        note("SIGKILL", "kill")
        kill_group(processes["worker"])
        processes["worker"] = rig.worker()

    def drop():
        note("CLIENT KILL", "broker")
        rig.redis.drop_connections()

    def restart_broker():
        note("redis restart", "broker")
        rig.redis.restart()

    plan = [
        (10, drop),
        (20, kill_and_restart),
        (35, drop),
        (50, kill_and_restart),
        (60, restart_broker),
        (75, kill_and_restart),
        (90, drop),
        (100, kill_and_restart),
    ]
    for threshold, fault in plan:
        wait_for(lambda threshold=threshold: delivered() >= threshold, timeout=60, interval=0.01)
        fault()
    sent = OutgoingMail.objects.filter(pk__in=pks, status=Status.SENT)
    wait_for(lambda: delivered() >= 0 and sent.count() == total, timeout=60)
    timeline.append(f"{time.monotonic() - started:5.1f}s all {total} rows sent")
    time.sleep(6)  # longer than a lease and a sweep: a late copy would show now
    elapsed = time.monotonic() - started

    ids = _message_ids(pks)
    copies = Counter(message_id for _t, message_id in rig.smtp.accepted)
    duplicates = {ids[m]: n - 1 for m, n in copies.items() if n > 1}
    by_kill = set(duplicates) & in_flight["kill"]
    other = set(duplicates) - by_kill
    print(
        "\n".join(
            [
                "",
                *timeline,
                f"fault test: {total} mails, 4 SIGKILLs of the worker, 4 broker drops (3 client "
                f"kills, 1 restart), {elapsed:.1f} s: {len(copies)} delivered, "
                f"{sum(duplicates.values())} duplicates ({len(by_kill)} of messages in flight "
                f"at a kill, {len(other)} otherwise); in flight at a kill: "
                f"{len(in_flight['kill'])}, at a broker drop: {len(in_flight['broker'])}; "
                f"exited by themselves and restarted: {dict(exits) or 'none'}",
            ]
        )
    )
    assert set(copies) == set(ids)  # every mail arrived
    assert not other, f"duplicates not caused by a kill: {sorted(other)}"
    assert OutgoingMail.objects.filter(pk__in=pks).exclude(status=Status.SENT).count() == 0
