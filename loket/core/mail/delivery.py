"""Sending outgoing mail: claim, deliver, retry, sweep, and the Celery tasks that do it.

* a worker claims a row (queued → sending) with a conditional UPDATE before it sends, so the send
  task may run twice and the mail still goes out once; the claim names the worker process and
  holds a lease that a thread of the living process renews;
* the row is marked sent the moment the mail server accepts the message (before QUIT), so a
  worker killed afterwards leaves nothing to send again;
* temporary SMTP trouble is retried with exponential backoff for ``LOKET_MAIL_RETRY_HOURS``, a
  permanent refusal is failed at once; failed mail can be queued again from the outbox page;
* the sweep re-queues what a dead worker left in 'sending' (its lease ran out) and hands over
  due queued rows whose hand-over was lost.

The broker is not the record: a task delivered twice (Redis restarted, a worker lost its
connection) finds the row claimed or sent and does nothing.
"""

import contextlib
import hashlib
import logging
import os
import smtplib
import socket
import threading
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import formataddr, parseaddr

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from loket.core.mail.preferences import unsubscribe_url_for_id
from loket.core.mail.secrets import restore, unseal
from loket.core.models import (
    OutgoingMail,
)

logger = logging.getLogger(__name__)


# SMTP answers and errors that mean "try again later": the 4xx range and a lost connection.
TEMPORARY_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError)


Status = OutgoingMail.Status


# --- Hand-over to the broker ----------------------------------------------------------------------

# After a failed hand-over this process does not try the broker again for a few seconds: a page
# that queues ten mails while Redis is down must not wait ten times.
BROKER_PAUSE_SECONDS = 5.0
_broker_down_until = 0.0


def dispatch(mail_id: int, *, countdown: float | None = None) -> None:
    """Hand one id to the worker. If the broker is down the row stays queued and the sweep
    hands it over later: a request that already committed must not fail because of mail."""
    dispatch_many([mail_id], countdown=countdown)


def dispatch_many(mail_ids: Iterable[int], *, countdown: float | None = None) -> int:
    """Hand ids to the worker over one broker connection that gives up fast (well under a
    second) when the broker does not answer. What could not be handed over is marked so that the
    next sweep hands it over; returns how many were handed over."""
    global _broker_down_until  # noqa: PLW0603 - a per-process pause, nothing to share
    mail_ids = list(mail_ids)
    handed = 0
    if mail_ids and time.monotonic() >= _broker_down_until:
        timeout = settings.LOKET_BROKER_HANDOVER_TIMEOUT
        try:
            with send_mail.app.connection_for_write(
                connect_timeout=timeout,
                transport_options={
                    "max_retries": 0,  # kombu otherwise retries the connection for ~6 s
                    "socket_connect_timeout": timeout,
                    # A broker that answers but stalls: a little longer, or load alone would
                    # leave mail to the sweep.
                    "socket_timeout": 2 * timeout,
                },
            ) as connection:
                for mail_id in mail_ids:
                    send_mail.apply_async(
                        (mail_id,), countdown=countdown, retry=False, connection=connection
                    )
                    handed += 1
        except Exception as error:
            _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
            logger.warning(
                "Outgoing mail: hand-over to the worker failed (%s); the sweep retries",
                error.__class__.__name__,
            )
    if handed < len(mail_ids):
        # Not handed over: the next sweep must not wait for the redispatch time.
        OutgoingMail.objects.filter(pk__in=mail_ids[handed:], status=Status.QUEUED).update(
            dispatched_at=None
        )
    return handed


# --- The lease of a claim ------------------------------------------------------------------------


class _Lease:
    """The messages this worker process is sending now, and the thread that renews their lease
    while the process lives. A process that dies (kill -9, out of memory, a lost machine) stops
    renewing, and the sweep queues its messages again once the lease has run out."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pid = None
        self.worker = ""
        self.held: set[int] = set()
        self.thread: threading.Thread | None = None

    def worker_id(self) -> str:
        with self.lock:
            if self.pid != os.getpid():  # first use, or a forked child: a name of its own
                self.pid = os.getpid()
                self.worker = f"{socket.gethostname()[:60]}:{self.pid}:{uuid.uuid4().hex[:8]}"
                self.held = set()
                self.thread = None
            return self.worker

    def hold(self, mail_id: int) -> None:
        self.worker_id()
        with self.lock:
            self.held.add(mail_id)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._renew_forever, name="mail-lease", daemon=True
                )
                self.thread.start()

    def release(self, mail_id: int) -> None:
        with self.lock:
            self.held.discard(mail_id)

    def _renew_forever(self) -> None:
        while True:
            time.sleep(max(settings.LOKET_MAIL_LEASE_SECONDS / 3, 0.5))
            with self.lock:
                held, worker = list(self.held), self.worker
            if not held:
                continue
            try:
                lease_renew(mail_ids=held, worker=worker)
            except Exception:  # the next round tries again; the lease has room for two misses
                logger.warning("Outgoing mail: renewing the lease failed", exc_info=True)
            finally:
                connections.close_all()  # this thread's own connections


_lease = _Lease()


def lease_renew(*, mail_ids: list[int], worker: str, now: datetime | None = None) -> int:
    """Extend the lease on what this worker is still sending, but never past the claim timeout:
    no send lasts that long (it is above the task time limit), so such a claim is stuck."""
    now = now or timezone.now()
    return OutgoingMail.objects.filter(
        pk__in=mail_ids,
        status=Status.SENDING,
        claimed_by=worker,
        claimed_at__gt=now - timedelta(seconds=settings.LOKET_MAIL_SENDING_TIMEOUT_SECONDS),
    ).update(lease_until=now + timedelta(seconds=settings.LOKET_MAIL_LEASE_SECONDS))


# --- Sending -------------------------------------------------------------------------------------


def mail_claim(*, mail_id: int, now: datetime | None = None, renewed: bool = False) -> bool:
    """queued → sending for one due row; False when another worker has it or it is not due.

    The claim names this process. ``renewed``: a thread renews the lease while the process
    lives (a worker), so it can be short; otherwise (a web process sending at once) the lease
    covers the longest send."""
    now = now or timezone.now()
    lease = (
        settings.LOKET_MAIL_LEASE_SECONDS
        if renewed
        else settings.LOKET_MAIL_SENDING_TIMEOUT_SECONDS
    )
    return bool(
        OutgoingMail.objects.filter(pk=mail_id, status=Status.QUEUED)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .update(
            status=Status.SENDING,
            attempts=F("attempts") + 1,
            claimed_at=now,
            claimed_by=_lease.worker_id(),
            lease_until=now + timedelta(seconds=lease),
            last_attempt_at=now,
        )
    )


def mail_deliver(*, mail_id: int, renewed: bool = False) -> str | None:
    """Claim one message and hand it to the mail server; the outcome is written on the row.

    Returns the new status, or None when the message was not ours to send (already claimed,
    already sent, or not due yet). ``renewed``: see ``mail_claim``.
    """
    if renewed:
        _lease.hold(mail_id)  # renewing starts before the claim, so no lease can lapse
    try:
        if not mail_claim(mail_id=mail_id, renewed=renewed):
            return None
        return _deliver_claimed(mail_id)
    finally:
        if renewed:
            _lease.release(mail_id)


def _deliver_claimed(mail_id: int) -> str:
    mail = OutgoingMail.objects.select_related("region", "recipient__mail_preference").get(
        pk=mail_id
    )
    if not mail.essential and mail.recipient is not None:
        preference = getattr(mail.recipient, "mail_preference", None)
        if preference is not None and preference.reminders_opt_out:
            # They unsubscribed between queueing (perhaps last night) and now.
            return _finish(
                mail, Status.WITHHELD, withheld_reason=OutgoingMail.Withheld.UNSUBSCRIBED
            )
    connection = get_connection(fail_silently=False)
    try:
        if hasattr(connection, "open"):  # opened here, so that send_messages leaves it open
            connection.open()
        connection.send_messages([build_message(mail, connection=connection)])
    except SoftTimeLimitExceeded:
        return _retry_later(mail, "The send took too long")
    except smtplib.SMTPAuthenticationError as error:
        # Our credentials, not this message: retry, so mail survives a fixed configuration.
        return _retry_later(mail, _describe(error))
    except smtplib.SMTPResponseException as error:
        if 400 <= error.smtp_code < 500:
            return _retry_later(mail, _describe(error))
        return _finish(mail, Status.FAILED, last_error=_describe(error))
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _message in error.recipients.values()]
        if codes and all(400 <= code < 500 for code in codes):
            return _retry_later(mail, _describe(error))
        return _finish(mail, Status.FAILED, last_error=_describe(error))
    except TEMPORARY_ERRORS as error:
        return _retry_later(mail, _describe(error))
    except Exception as error:
        # Anything else (a bad address, a bug) will not get better by retrying.
        logger.exception("Outgoing mail %s could not be sent", mail_id)
        return _finish(mail, Status.FAILED, last_error=_describe(error))
    else:
        # The server has answered 250: record it now, before QUIT, so a worker killed while it
        # says goodbye leaves no message to send again. An old error no longer applies.
        return _finish(mail, Status.SENT, sent_at=timezone.now(), last_error="")
    finally:
        _close_quietly(connection)


def _close_quietly(connection) -> None:
    """QUIT after the message was accepted (or refused) changes nothing about it."""
    with contextlib.suppress(Exception):  # the outcome is already on the row
        connection.close()


def _describe(error: Exception) -> str:
    """The server's answer or the error class: never the message content."""
    if isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        return f"SMTP {error.smtp_code}: {detail}"[:500]
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = "; ".join(
            f"{code} {msg.decode('utf-8', 'replace') if isinstance(msg, bytes) else msg}"
            for code, msg in error.recipients.values()
        )
        return f"SMTP recipient refused: {answers}"[:500]
    return f"{error.__class__.__name__}: {error}"[:500]


def _finish(mail: OutgoingMail, status: str, **fields) -> str:
    """Write the outcome, only while the claim is still ours (a worker whose lease ran out must
    not overwrite what another worker is doing with the message)."""
    if status != Status.QUEUED:
        # Final: the sealed secrets are not needed any more, and the last message to someone
        # whose data was removed keeps no address or text (issue 11).
        fields["sealed"] = ""
        if mail.forget_after_send:
            fields.update(
                to_email="",
                subject="",
                body_text="",
                body_html="",
                attachment_text="",
                last_error="",
            )
    OutgoingMail.objects.filter(
        pk=mail.pk, status=Status.SENDING, claimed_by=mail.claimed_by
    ).update(status=status, lease_until=None, **fields)
    return status


def retry_delay(attempts: int) -> int:
    """Seconds before the next attempt: base, 2×base, 4×base … at most the maximum apart."""
    base, most = settings.LOKET_MAIL_RETRY_BASE_SECONDS, settings.LOKET_MAIL_RETRY_MAX_SECONDS
    return min(base * 2 ** min(max(attempts - 1, 0), 30), most)


def _retry_later(mail: OutgoingMail, error: str) -> str:
    """Temporary trouble (the server down, greylisting, our credentials): try again with
    backoff for ``LOKET_MAIL_RETRY_HOURS`` after the first failure; fail only after that."""
    now = timezone.now()
    retry_until = mail.retry_until or now + timedelta(hours=settings.LOKET_MAIL_RETRY_HOURS)
    if now >= retry_until:
        return _finish(mail, Status.FAILED, last_error=error)
    delay = retry_delay(mail.attempts)
    due = now + timedelta(seconds=delay)
    _finish(
        mail,
        Status.QUEUED,
        last_error=error,
        not_before=due,
        dispatched_at=due,
        retry_until=retry_until,
    )
    dispatch(mail.pk, countdown=delay)
    return Status.QUEUED


def build_message(mail: OutgoingMail, *, connection=None) -> EmailMultiAlternatives:
    """The message as the mail server sees it: the region's desk as sender name and reply-to,
    a Message-ID derived from the key, and one-click unsubscribe headers on reminders."""
    default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    from_email = settings.DEFAULT_FROM_EMAIL
    reply_to = []
    if mail.region is not None:
        # The portal's own address keeps SPF/DMARC intact; replies reach the region's desk.
        from_email = formataddr(
            (f"{default_name or 'Regioloket'} {mail.region.name}", default_address)
        )
        if mail.region.desk_email:
            reply_to = [mail.region.desk_email]
    domain = default_address.rpartition("@")[2] or "regioloket.example"
    digest = hashlib.sha256(mail.key.encode()).hexdigest()[:40]
    headers = {"Message-ID": f"<{digest}@{domain}>"}
    if not mail.essential and mail.recipient_id is not None:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url_for_id(mail.recipient_id)}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    secrets = unseal(mail.sealed)
    message = EmailMultiAlternatives(
        subject=restore(mail.subject, secrets),
        body=restore(mail.body_text, secrets),
        from_email=from_email,
        to=[mail.to_email],
        reply_to=reply_to,
        headers=headers,
        connection=connection,
    )
    if mail.body_html:
        message.attach_alternative(restore(mail.body_html, secrets, html=True), "text/html")
    if mail.attachment_name:
        message.attach(mail.attachment_name, mail.attachment_text, "text/calendar")
    return message


# --- The sweep -----------------------------------------------------------------------------------


def outbox_sweep(*, now: datetime | None = None) -> list[int]:
    """Hand over again what no worker is handling; returns the ids handed over.

    * ``sending`` whose lease ran out: its worker died mid-send (a living one renews the lease),
      so queue it again (the attempt counted; the Message-ID stays the same should the server
      have accepted it). A message whose worker is alive is left alone;
    * ``queued`` and due, but its hand-over was due long ago (lost after commit, broker down) or
      never happened (deferred until morning, or the broker did not answer).
    """
    now = now or timezone.now()
    stuck_before = now - timedelta(seconds=settings.LOKET_MAIL_SENDING_TIMEOUT_SECONDS)
    redispatch_before = now - timedelta(seconds=settings.LOKET_MAIL_REDISPATCH_SECONDS)
    with transaction.atomic():
        OutgoingMail.objects.filter(status=Status.SENDING).filter(
            Q(lease_until__lt=now) | Q(lease_until__isnull=True, claimed_at__lt=stuck_before)
        ).update(
            status=Status.QUEUED,
            not_before=None,
            dispatched_at=None,
            claimed_by="",
            lease_until=None,
        )
        due = (
            OutgoingMail.objects.filter(status=Status.QUEUED)
            .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
            .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=redispatch_before))
        )
        ids = list(due.order_by("pk").values_list("pk", flat=True)[:5000])
        if ids:
            OutgoingMail.objects.filter(pk__in=ids).update(dispatched_at=now)
            transaction.on_commit(lambda: dispatch_many(ids))
    return ids


# --- Failed mail ----------------------------------------------------------------------------------


def outbox_requeue_failed(*, mails: QuerySet[OutgoingMail], now: datetime | None = None) -> int:
    """Queue failed messages again (one, or all a coordinator may act on): a fresh retry window,
    and the coordinators are told again should they fail again. The caller scopes ``mails`` to
    what the person may act on. Returns how many were queued."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            mails.filter(status=Status.FAILED)
            .select_for_update(of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        OutgoingMail.objects.filter(pk__in=ids, status=Status.FAILED).update(
            status=Status.QUEUED,
            not_before=None,
            retry_until=None,
            failure_reported_at=None,
            dispatched_at=now,
        )
        if ids:
            transaction.on_commit(lambda: dispatch_many(ids))
    return len(ids)


# --- Privacy -------------------------------------------------------------------------------------


def outbox_prune_bodies(*, now: datetime | None = None) -> int:
    """Mail bodies are personal data: after ``LOKET_MAIL_KEEP_BODIES_DAYS`` only the log stays
    (who, why, when, what happened), without the text. Returns how many rows were pruned."""
    now = now or timezone.now()
    before = now - timedelta(days=settings.LOKET_MAIL_KEEP_BODIES_DAYS)
    return (
        OutgoingMail.objects.filter(created_at__lt=before)
        .exclude(status__in=[Status.QUEUED, Status.SENDING])
        .exclude(body_text="", body_html="", attachment_text="")
        .update(body_text="", body_html="", attachment_text="")
    )


# --- Tasks (names kept from loket.tasks, so queued messages and beat entries still match) -----


@shared_task(name="loket.tasks.send_mail", bind=True)
def send_mail(self, mail_id: int) -> str | None:
    """Send one recorded message. Safe to run twice: the row is claimed before sending, and a
    retry after a temporary SMTP failure is queued by the service with its own backoff. In a
    worker the claim's lease is renewed while the process lives."""
    in_worker = not (self.request.called_directly or self.request.is_eager)
    return mail_deliver(mail_id=mail_id, renewed=in_worker)


@shared_task(name="loket.tasks.sweep_outbox")
def sweep_outbox() -> int:
    """Re-queue messages a dead worker left in 'sending' and hand over due queued ones."""
    return len(outbox_sweep())


@shared_task(name="loket.tasks.prune_outbox")
def prune_outbox() -> int:
    """Daily: drop the text of old messages; the log of what was sent stays."""
    return outbox_prune_bodies()
