"""Mail under faults, without a worker: the send is recorded before QUIT, claims carry a lease
that the sweep respects, the hand-over to a dead broker fails fast, housekeeping has its own
queue, and the claim timeout stays above the longest send (issue 12, items 13, 14, 17)."""

import os
import smtplib
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse

from loket.celery import app as celery_app
from loket.core.mail import delivery
from loket.core.mail.delivery import (
    lease_renew,
    mail_claim,
    mail_deliver,
    outbox_sweep,
)
from loket.core.mail.outbox import mail_queue
from loket.core.models import MailReason, OutgoingMail
from tests.mail.smtp import free_port, smtp_server
from tests.mail.test_outbox import DAYTIME
from tests.worker import ROOT

Status = OutgoingMail.Status


def queue(recipient, key="test:1", **kwargs):
    return mail_queue(recipient=recipient, reason=MailReason.TEST, key=key, **kwargs)


@pytest.fixture
def daytime():
    with time_machine.travel(DAYTIME, tick=False) as traveller:
        yield traveller


@pytest.fixture
def dispatched(monkeypatch):
    ids = []
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: ids.append(pk))
    monkeypatch.setattr(delivery, "dispatch_many", lambda pks, countdown=None: ids.extend(pks))
    return ids


def _status(pk) -> str:
    return OutgoingMail.objects.values_list("status", flat=True).get(pk=pk)


# --- Item 13: the send is recorded the moment the server answers ---------------------------------


def test_the_send_is_recorded_before_the_connection_is_closed(
    person, daytime, dispatched, settings, monkeypatch
):
    """A worker killed while it says QUIT must leave a sent row, not one to send again."""
    with smtp_server() as (controller, handler):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
        created = queue(person)
        at_quit = []
        original_quit = smtplib.SMTP.quit

        def quit(self):
            at_quit.append(_status(created.pk))
            return original_quit(self)

        monkeypatch.setattr(smtplib.SMTP, "quit", quit)
        assert mail_deliver(mail_id=created.pk) == Status.SENT
    assert at_quit == [Status.SENT]
    assert len(handler.messages) == 1


def test_a_failing_quit_after_the_server_accepted_changes_nothing(
    person, daytime, dispatched, settings, monkeypatch
):
    with smtp_server() as (controller, handler):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
        created = queue(person)

        def broken_quit(self):
            raise smtplib.SMTPServerDisconnected("gone")

        monkeypatch.setattr(smtplib.SMTP, "quit", broken_quit)
        assert mail_deliver(mail_id=created.pk) == Status.SENT
    assert len(handler.messages) == 1


# --- Item 13: claims carry a worker and a lease; the sweep leaves living workers' rows -----------


def test_a_claim_names_the_worker_process(person, daytime, dispatched):
    created = queue(person)
    assert mail_claim(mail_id=created.pk, renewed=True)
    created.refresh_from_db()
    host, pid, _boot = created.claimed_by.rsplit(":", 2)
    assert int(pid) == os.getpid() and host
    assert created.lease_until == DAYTIME + timedelta(seconds=60)


def test_a_dead_workers_claim_is_taken_back_after_its_lease_not_after_ten_minutes(
    person, daytime, dispatched, settings
):
    settings.LOKET_MAIL_LEASE_SECONDS = 60
    settings.LOKET_MAIL_SENDING_TIMEOUT_SECONDS = 600
    created = queue(person)
    assert mail_claim(mail_id=created.pk, renewed=True)  # …and the worker died: no renewal
    daytime.shift(timedelta(seconds=59))
    assert outbox_sweep() == []
    daytime.shift(timedelta(seconds=2))
    assert outbox_sweep() == [created.pk]
    created.refresh_from_db()
    assert (created.status, created.claimed_by, created.lease_until) == (Status.QUEUED, "", None)


def test_the_sweep_leaves_a_message_whose_worker_renews_its_lease(
    person, daytime, dispatched, settings
):
    settings.LOKET_MAIL_LEASE_SECONDS = 60
    settings.LOKET_MAIL_SENDING_TIMEOUT_SECONDS = 600
    created = queue(person)
    assert mail_claim(mail_id=created.pk, renewed=True)
    worker = OutgoingMail.objects.get(pk=created.pk).claimed_by
    for _ in range(25):  # a slow send, renewed every 20 seconds for over eight minutes
        daytime.shift(timedelta(seconds=20))
        assert lease_renew(mail_ids=[created.pk], worker=worker) == 1
        assert outbox_sweep() == []
    assert _status(created.pk) == Status.SENDING
    # No send takes longer than the claim timeout: past it a living worker stops renewing.
    daytime.shift(timedelta(seconds=110))
    assert lease_renew(mail_ids=[created.pk], worker=worker) == 0
    daytime.shift(timedelta(seconds=61))
    assert outbox_sweep() == [created.pk]


def test_a_worker_whose_claim_was_taken_back_does_not_overwrite_the_new_one(
    person, daytime, dispatched, settings, monkeypatch
):
    """The first worker stalled past its lease; the sweep gave the message to a second one. The
    first one's late answer must not turn the second one's claim into "queued"."""
    created = queue(person)
    assert mail_claim(mail_id=created.pk, renewed=True)
    stalled = OutgoingMail.objects.get(pk=created.pk)
    daytime.shift(timedelta(seconds=61))
    assert outbox_sweep() == [created.pk]
    monkeypatch.setattr(delivery._lease, "worker", "other-host:1:abcdef01")
    assert mail_claim(mail_id=created.pk, renewed=True)
    delivery._retry_later(stalled, "SMTP 451: late")
    fresh = OutgoingMail.objects.get(pk=created.pk)
    assert (fresh.status, fresh.claimed_by) == (Status.SENDING, "other-host:1:abcdef01")


class SlowBackend(BaseEmailBackend):
    """Sends slowly; halfway through, the sweep runs (as beat would, in another process)."""

    seconds = 3.0
    swept: list = []

    def send_messages(self, messages):
        time.sleep(self.seconds)
        SlowBackend.swept.append(outbox_sweep())
        return len(messages)


@pytest.mark.django_db(transaction=True)
def test_a_living_worker_keeps_renewing_its_lease_during_a_slow_send(person, settings):
    settings.LOKET_MAIL_LEASE_SECONDS = 2  # renewed every ~0.7 s by the worker's thread
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    settings.LOKET_MAIL_QUIET_START_HOUR = settings.LOKET_MAIL_QUIET_END_HOUR = 0
    SlowBackend.swept = []
    with transaction.atomic():
        created = queue(person, essential=True)
    # The broker is not needed: deliver as the worker's task does.
    OutgoingMail.objects.filter(pk=created.pk).update(dispatched_at=None)
    assert mail_deliver(mail_id=created.pk, renewed=True) == Status.SENT
    assert SlowBackend.swept == [[]]  # after 3 s, past two leases, the sweep left it alone


# --- Item 17: a dead broker does not hold up a page -----------------------------------------------


@pytest.fixture
def broker_down(monkeypatch):
    """The broker URL points at a port where nothing listens."""
    monkeypatch.setattr(celery_app.conf, "broker_url", f"redis://127.0.0.1:{free_port()}/0")
    monkeypatch.setattr(delivery, "_broker_down_until", 0.0)


# (No frozen clock here: kombu's retry loop would never time out.)
def test_the_hand_over_to_a_dead_broker_fails_fast_and_leaves_the_row_to_the_sweep(
    person, broker_down
):
    created = queue(person, essential=True)
    assert created.dispatched_at is not None
    started = time.monotonic()
    delivery.dispatch(created.pk)
    assert time.monotonic() - started < 1.0
    created.refresh_from_db()
    assert (created.status, created.dispatched_at) == (Status.QUEUED, None)
    assert outbox_sweep() == [created.pk]  # the next sweep hands it over, not in ten minutes


@pytest.mark.django_db(transaction=True)
def test_a_page_that_queues_a_mail_answers_fast_while_the_broker_is_down(client, broker_down):
    from tests.kandidaten.event_factories import EventFactory
    from tests.kandidaten.factories import CandidateFactory

    candidate = CandidateFactory()
    event = EventFactory(region=candidate.region, capacity=3)
    client.force_login(candidate.user)
    client.get(f"/evenementen/{event.pk}/")  # warm up: templates, imports
    started = time.monotonic()
    response = client.post(f"/evenementen/{event.pk}/aanmelden/")
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 1.0, f"the sign-up took {elapsed:.2f} s"
    mail = OutgoingMail.objects.get(reason=MailReason.EVENT_SIGNUP)
    assert (mail.status, mail.dispatched_at) == (Status.QUEUED, None)


def test_after_a_failed_hand_over_the_process_does_not_wait_for_the_broker_again(
    person, broker_down
):
    mails = [queue(person, key=f"test:{n}", essential=True) for n in range(10)]
    started = time.monotonic()
    for mail in mails:
        delivery.dispatch(mail.pk)
    assert time.monotonic() - started < 1.0
    assert OutgoingMail.objects.filter(dispatched_at=None).count() == 10


# --- Item 14: housekeeping has its own queue ------------------------------------------------------


@pytest.mark.parametrize(
    "task",
    [
        "loket.tasks.heartbeat",
        "loket.tasks.sweep_outbox",
        "loket.tasks.prune_outbox",
        "loket.tasks.run_reminder_rules",
        "loket.tasks.run_reminder_rule",
        "vacatures.tasks.close_expired_vacancies",
    ],
)
def test_housekeeping_goes_to_its_own_queue_and_mail_to_the_mail_queue(task, settings):
    router = celery_app.amqp.router
    assert router.route({}, task)["queue"].name == settings.CELERY_HOUSEKEEPING_QUEUE
    assert router.route({}, "loket.tasks.send_mail")["queue"].name == "loket"
    assert settings.CELERY_HOUSEKEEPING_QUEUE != "loket"


def test_a_worker_without_q_serves_the_mail_and_the_housekeeping_queue(settings):
    from loket.launcher import worker_command

    assert "-Q" not in worker_command()
    queues = celery_app.amqp.queues
    assert {"loket", settings.CELERY_HOUSEKEEPING_QUEUE} <= set(queues)
    # Separate bindings: a message for one queue never lands in the other.
    assert queues["loket"].routing_key != queues[settings.CELERY_HOUSEKEEPING_QUEUE].routing_key


# --- Item 12 and 13: settings that keep a send under way safe -------------------------------------


def test_a_worker_does_not_cancel_sends_under_way_when_it_loses_the_broker(settings):
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert celery_app.conf.worker_cancel_long_running_tasks_on_connection_loss is False


def test_the_claim_timeout_must_be_above_the_longest_send():
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "CELERY_TASK_TIME_LIMIT": "300",
        "LOKET_MAIL_SENDING_TIMEOUT_SECONDS": "300",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import loket.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "LOKET_MAIL_SENDING_TIMEOUT_SECONDS must be above CELERY_TASK_TIME_LIMIT" in (
        result.stderr
    )


def test_the_health_page_is_reachable_while_the_broker_is_down(client, db, broker_down):
    started = time.monotonic()
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert time.monotonic() - started < 1.0
