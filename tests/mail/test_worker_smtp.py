"""End to end: a real Celery worker on Redis sends through a real SMTP server on loopback."""

import os
import signal
import subprocess
import sys
import uuid
from contextlib import ExitStack
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from loket.core.health import heartbeat
from loket.core.mail.delivery import send_mail
from loket.core.mail.outbox import mail_queue
from loket.core.mail.reminders import run_reminder_rule
from loket.core.models import Heartbeat, MailReason, OutgoingMail
from tests import worker as worker_helpers
from tests.factories import RegionFactory, UserFactory
from tests.mail.smtp import smtp_server
from tests.worker import ROOT, require_redis, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

Status = OutgoingMail.Status


def _start(kind: str, queue: str, env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "loket", kind, "--loglevel", "WARNING"]
    if kind == "worker":
        # No -Q: it serves {queue} and {queue}-housekeeping (CELERY_TASK_QUEUES).
        command += ["--pool", "solo", "--without-heartbeat", "--without-mingle"]
        command += ["--without-gossip"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


class MailRig:
    """One SMTP server, one queue, and workers (and beat) started and killed on demand."""

    def __init__(self, stack: ExitStack, tmp_path, monkeypatch):
        require_redis()
        self.stack = stack
        self.queue = f"test-{uuid.uuid4().hex[:10]}"
        controller, self.smtp = stack.enter_context(smtp_server())
        self.env = {
            **os.environ,
            "DATABASE_URL": worker_helpers.test_database_url(),
            "CELERY_QUEUE": self.queue,
            "CELERY_BEAT_SCHEDULE_FILENAME": str(tmp_path / "beat-schedule"),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": controller.hostname,
            "EMAIL_PORT": str(controller.port),
            "EMAIL_TIMEOUT": "30",
            "LOKET_MAIL_RETRY_BASE_SECONDS": "1",
            # Tests run at any hour; the quiet hours have their own time-travel tests.
            "LOKET_MAIL_QUIET_START_HOUR": "0",
            "LOKET_MAIL_QUIET_END_HOUR": "0",
        }
        # The test process hands ids over on the test's own queue.
        original = send_mail.apply_async
        monkeypatch.setattr(
            send_mail,
            "apply_async",
            lambda *args, **kwargs: original(*args, **{**kwargs, "queue": self.queue}),
        )

    def start(self, kind: str = "worker", **env) -> subprocess.Popen:
        process = _start(kind, self.queue, {**self.env, **env})
        self.stack.callback(_stop, process)
        return process

    def barrier(self) -> None:
        """Wait until the (solo, one-at-a-time) worker has worked through what came before."""
        runs = _runs()
        heartbeat.apply_async(queue=self.queue)
        wait_for(lambda: _runs() > runs)

    def delivered_to(self, address: str) -> list:
        return [m for m in self.smtp.messages if m["To"] == address]


def _runs() -> int:
    beat = Heartbeat.objects.filter(name="heartbeat").first()
    return beat.runs if beat else 0


@pytest.fixture
def rig(tmp_path, monkeypatch, settings):
    settings.LOKET_MAIL_QUIET_START_HOUR = settings.LOKET_MAIL_QUIET_END_HOUR = 0
    with ExitStack() as stack:
        yield MailRig(stack, tmp_path, monkeypatch)


def _status(mail) -> str:
    return OutgoingMail.objects.values_list("status", flat=True).get(pk=mail.pk)


def _queue(person, key="test:1", **kwargs):
    with transaction.atomic():
        return mail_queue(recipient=person, reason=MailReason.TEST, key=key, **kwargs)


def test_a_reminder_is_delivered_once_even_when_queued_and_sent_twice(rig):
    rig.start()
    person = UserFactory(full_name="Sanne de Vries")
    region = RegionFactory(name="Domstad", desk_email="loket@domstad.example")
    mail = _queue(person, region=region)
    wait_for(lambda: _status(mail) == Status.SENT)
    assert _queue(person, region=region) is None  # the same reason again: nothing new
    send_mail.apply_async((mail.pk,))
    send_mail.apply_async((mail.pk,))
    rig.barrier()
    [message] = rig.delivered_to(person.email)
    assert message["Reply-To"] == "loket@domstad.example"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/e-mail/afmelden/" in message["List-Unsubscribe"]
    assert message["Subject"] == "Een testbericht van het regioloket"
    assert sorted(part.get_content_type() for part in message.walk()) == [
        "multipart/alternative",
        "text/html",
        "text/plain",
    ]
    record = OutgoingMail.objects.get(pk=mail.pk)
    assert (record.attempts, record.last_error) == (1, "")


def test_running_the_rule_twice_in_the_worker_delivers_one_reminder(rig):
    rig.start()
    person = UserFactory()
    EmailAddress.objects.filter(user=person).update(verified=False)
    type(person).objects.filter(pk=person.pk).update(
        date_joined=timezone.now() - timedelta(days=2, hours=1)
    )
    run_reminder_rule.apply_async(("account_unverified",), queue=rig.queue)
    run_reminder_rule.apply_async(("account_unverified",), queue=rig.queue)
    wait_for(lambda: len(rig.delivered_to(person.email)) == 1)
    rig.barrier()
    rig.barrier()  # the hand-overs the rule made come after the rule: wait for those too
    assert len(rig.delivered_to(person.email)) == 1
    assert OutgoingMail.objects.get().key == f"account_unverified:{person.pk}:2d"


def test_a_temporary_smtp_failure_is_retried_and_then_delivered(rig):
    rig.smtp.answers = ["451 4.7.1 Greylisted, please try again"]
    rig.start()
    person = UserFactory()
    mail = _queue(person)
    wait_for(lambda: _status(mail) == Status.SENT)
    record = OutgoingMail.objects.get(pk=mail.pk)
    assert record.attempts == 2
    assert record.last_error == ""  # sent: the greylisting no longer applies
    assert len(rig.delivered_to(person.email)) == 1


def test_a_permanent_smtp_failure_is_marked_failed_with_the_servers_answer(rig):
    rig.smtp.answers = ["550 5.1.1 Mailbox does not exist"]
    rig.start()
    person = UserFactory()
    mail = _queue(person)
    wait_for(lambda: _status(mail) == Status.FAILED)
    record = OutgoingMail.objects.get(pk=mail.pk)
    assert (record.attempts, record.last_error) == (1, "SMTP 550: 5.1.1 Mailbox does not exist")
    assert rig.smtp.messages == []


def test_a_worker_killed_mid_send_does_not_lose_the_message(rig):
    rig.smtp.block_next = 1
    worker = rig.start(LOKET_MAIL_LEASE_SECONDS="3")
    person = UserFactory()
    mail = _queue(person)
    assert rig.smtp.blocked.wait(timeout=60)
    assert _status(mail) == Status.SENDING
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=20)
    rig.smtp.release.set()  # the server gives up on the dead connection; nothing was accepted
    assert _status(mail) == Status.SENDING
    rig.start(LOKET_MAIL_LEASE_SECONDS="3")
    rig.start("beat", LOKET_MAIL_LEASE_SECONDS="3", LOKET_MAIL_SWEEP_SECONDS="1")
    wait_for(lambda: _status(mail) == Status.SENT)
    rig.barrier()
    assert len(rig.delivered_to(person.email)) == 1
    assert OutgoingMail.objects.get(pk=mail.pk).attempts == 2
