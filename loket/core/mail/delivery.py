"""Sending outgoing mail: claim, deliver, retry, sweep, and the Celery tasks that do it.

* a worker claims a row (queued → sending) with a conditional UPDATE before it sends, so the send
  task may run twice and the mail still goes out once;
* temporary SMTP trouble is retried with exponential backoff, a permanent refusal is failed;
* the sweep re-queues what a dead worker left in 'sending' and hands over due queued rows.
"""

import hashlib
import logging
import smtplib
from datetime import datetime, timedelta
from email.utils import formataddr, parseaddr

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
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


def dispatch(mail_id: int, *, countdown: float | None = None) -> None:
    """Hand one id to the worker. If the broker is down the row stays queued and the sweep
    hands it over later: a request that already committed must not fail because of mail."""
    try:
        send_mail.apply_async((mail_id,), countdown=countdown, retry=False)
    except Exception:
        logger.exception(
            "Outgoing mail %s: hand-over to the worker failed; the sweep retries", mail_id
        )


# --- Sending -------------------------------------------------------------------------------------


def mail_claim(*, mail_id: int, now: datetime | None = None) -> bool:
    """queued → sending for one due row; False when another worker has it or it is not due."""
    now = now or timezone.now()
    return bool(
        OutgoingMail.objects.filter(pk=mail_id, status=Status.QUEUED)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .update(
            status=Status.SENDING,
            attempts=F("attempts") + 1,
            claimed_at=now,
            last_attempt_at=now,
        )
    )


def mail_deliver(*, mail_id: int) -> str | None:
    """Claim one message and hand it to the mail server; the outcome is written on the row.

    Returns the new status, or None when the message was not ours to send (already claimed,
    already sent, or not due yet).
    """
    if not mail_claim(mail_id=mail_id):
        return None
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
    try:
        build_message(mail).send()
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
    return _finish(mail, Status.SENT, sent_at=timezone.now())


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
    if status != Status.QUEUED:
        # Final: the sealed secrets are not needed any more, and the last message to someone
        # whose data was removed keeps no address or text (issue 11).
        fields["sealed"] = ""
        if mail.forget_after_send:
            fields.update(to_email="", subject="", body_text="", body_html="", last_error="")
    OutgoingMail.objects.filter(pk=mail.pk, status=Status.SENDING).update(status=status, **fields)
    return status


def retry_delay(attempts: int) -> int:
    """Seconds before the next attempt: base, 2×base, 4×base … capped at six hours."""
    return min(settings.LOKET_MAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), 6 * 3600)


def _retry_later(mail: OutgoingMail, error: str) -> str:
    if mail.attempts >= settings.LOKET_MAIL_MAX_ATTEMPTS:
        return _finish(mail, Status.FAILED, last_error=error)
    delay = retry_delay(mail.attempts)
    due = timezone.now() + timedelta(seconds=delay)
    _finish(mail, Status.QUEUED, last_error=error, not_before=due, dispatched_at=due)
    dispatch(mail.pk, countdown=delay)
    return Status.QUEUED


def build_message(mail: OutgoingMail) -> EmailMultiAlternatives:
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
    )
    if mail.body_html:
        message.attach_alternative(restore(mail.body_html, secrets, html=True), "text/html")
    return message


# --- The sweep -----------------------------------------------------------------------------------


def outbox_sweep(*, now: datetime | None = None) -> list[int]:
    """Hand over again what no worker is handling; returns the ids handed over.

    * ``sending`` for longer than the timeout: the worker died mid-send, so queue it again (the
      attempt counted; the Message-ID stays the same should the server have accepted it);
    * ``queued`` and due, but its hand-over was due long ago (lost after commit, broker down) or
      never happened (deferred until morning).
    """
    now = now or timezone.now()
    stuck_before = now - timedelta(seconds=settings.LOKET_MAIL_SENDING_TIMEOUT_SECONDS)
    redispatch_before = now - timedelta(seconds=settings.LOKET_MAIL_REDISPATCH_SECONDS)
    with transaction.atomic():
        OutgoingMail.objects.filter(status=Status.SENDING, claimed_at__lt=stuck_before).update(
            status=Status.QUEUED, not_before=None, dispatched_at=None
        )
        due = (
            OutgoingMail.objects.filter(status=Status.QUEUED)
            .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
            .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=redispatch_before))
        )
        ids = list(due.order_by("pk").values_list("pk", flat=True)[:5000])
        if ids:
            OutgoingMail.objects.filter(pk__in=ids).update(dispatched_at=now)
            transaction.on_commit(lambda: [dispatch(pk) for pk in ids])
    return ids


# --- Privacy -------------------------------------------------------------------------------------


def outbox_prune_bodies(*, now: datetime | None = None) -> int:
    """Mail bodies are personal data: after ``LOKET_MAIL_KEEP_BODIES_DAYS`` only the log stays
    (who, why, when, what happened), without the text. Returns how many rows were pruned."""
    now = now or timezone.now()
    before = now - timedelta(days=settings.LOKET_MAIL_KEEP_BODIES_DAYS)
    return (
        OutgoingMail.objects.filter(created_at__lt=before)
        .exclude(status__in=[Status.QUEUED, Status.SENDING])
        .exclude(body_text="", body_html="")
        .update(body_text="", body_html="")
    )


# --- Tasks (names kept from loket.tasks, so queued messages and beat entries still match) -----


@shared_task(name="loket.tasks.send_mail")
def send_mail(mail_id: int) -> str | None:
    """Send one recorded message. Safe to run twice: the row is claimed before sending, and a
    retry after a temporary SMTP failure is queued by the service with its own backoff."""
    return mail_deliver(mail_id=mail_id)


@shared_task(name="loket.tasks.sweep_outbox")
def sweep_outbox() -> int:
    """Re-queue messages a dead worker left in 'sending' and hand over due queued ones."""
    return len(outbox_sweep())


@shared_task(name="loket.tasks.prune_outbox")
def prune_outbox() -> int:
    """Daily: drop the text of old messages; the log of what was sent stays."""
    return outbox_prune_bodies()
