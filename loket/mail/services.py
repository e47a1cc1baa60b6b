"""Queueing, sending and sweeping outgoing mail, and the unsubscribe preference.

The rules these services keep:

* one row per message, written in the caller's transaction; the unique key means the same
  reason for the same object in the same period is never queued twice;
* a worker claims a row (queued → sending) with a conditional UPDATE before it sends, so the send
  task may run twice and the mail still goes out once;
* temporary SMTP trouble is retried with exponential backoff, a permanent refusal is failed;
* reminders respect the person: at most one per N days (digests and essential mail exempt), none
  after unsubscribing, none at night (they wait until morning, Europe/Amsterdam).
"""

import hashlib
import logging
import smtplib
from datetime import datetime, time, timedelta
from email.utils import formataddr, parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import F, Q
from django.template import Context, Engine
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from loket.models import (
    CAP_EXEMPT_REASONS,
    MailPreference,
    MailReason,
    OutgoingMail,
    Region,
    ReminderSetting,
    User,
)

logger = logging.getLogger(__name__)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UNSUBSCRIBE_SALT = "loket.mail.unsubscribe"
CAP_SETTING = "cap"

# SMTP answers and errors that mean "try again later": the 4xx range and a lost connection.
TEMPORARY_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError)

Status = OutgoingMail.Status


# --- Queueing ------------------------------------------------------------------------------------


def mail_queue(
    *,
    recipient: User | str,
    reason: str,
    key: str,
    template: str | None = None,
    context: dict | None = None,
    subject: str | None = None,
    essential: bool = False,
    region: Region | None = None,
    language: str | None = None,
    now: datetime | None = None,
) -> OutgoingMail | None:
    """Record one message and hand it to a worker after the caller's transaction commits.

    Renders ``mail/<template or reason>.txt`` and ``.html`` (the subject from ``subject`` or
    ``mail/<template>_subject.txt``) in the recipient's language. Returns the new row, or None
    when a message with this key exists already (no mail twice for the same reason). A reminder
    that the cap or an unsubscribe stops is recorded as withheld, with the reason, and not sent.
    """
    MailReason(reason)  # raises ValueError on a reason nobody declared
    if not essential and not isinstance(recipient, User):
        raise ValueError("Reminders go to users, so that they can unsubscribe.")
    if OutgoingMail.objects.filter(key=key).exists():
        return None
    template = template or reason
    user = recipient if isinstance(recipient, User) else None
    language = language or (user.language if user else settings.LANGUAGE_CODE)
    context = {
        "recipient": user,
        "region": region,
        "portal_name": settings.LOKET_PORTAL_NAME,
        "site_url": settings.LOKET_SITE_URL,
        "unsubscribe_url": None if essential else unsubscribe_url(user),
        **(context or {}),
    }
    with translation.override(language):
        if subject is None:
            subject = _render_text(f"mail/{template}_subject.txt", context)
        subject = " ".join(str(subject).split())
        text = _render_text(f"mail/{template}.txt", context)
        try:
            html = render_to_string(f"mail/{template}.html", context)
        except TemplateDoesNotExist:
            html = ""
    return mail_queue_rendered(
        recipient=recipient,
        reason=reason,
        key=key,
        subject=subject,
        text=text,
        html=html,
        essential=essential,
        region=region,
        language=language,
        now=now,
    )


def _render_text(name: str, context: dict) -> str:
    """Plain text is not HTML: "&" in a name must stay "&" in the subject and the text body."""
    template = Engine.get_default().get_template(name)
    return template.render(Context(context, autoescape=False))


def mail_queue_rendered(
    *,
    recipient: User | str,
    reason: str,
    key: str,
    subject: str,
    text: str,
    html: str = "",
    essential: bool = False,
    region: Region | None = None,
    language: str = "",
    now: datetime | None = None,
    send_now: bool = False,
) -> OutgoingMail | None:
    """Record a message whose text is already rendered (``mail_queue`` renders; allauth too).

    ``send_now`` delivers in this process right away instead of through the worker: for account
    mail a person is waiting for on screen. It is still recorded, and retried by the worker if
    the mail server is unavailable. (Inside a transaction that later rolls back, such a message
    is sent but its record is gone: acceptable for a sign-in code, not for a reminder.)
    """
    if len(key) > OutgoingMail._meta.get_field("key").max_length:
        raise ValueError("A mail key is at most 200 characters.")
    now = now or timezone.now()
    user = recipient if isinstance(recipient, User) else None
    to_email = user.email if user else recipient
    mail = OutgoingMail(
        recipient=user,
        to_email=to_email,
        region=region,
        reason=reason,
        key=key,
        language=language or settings.LANGUAGE_CODE,
        subject=subject[:255],
        body_text=text,
        body_html=html,
        essential=essential,
    )
    with transaction.atomic():
        if not essential:
            _apply_reminder_rules(mail, user=user, now=now)
        if mail.status == Status.QUEUED and not send_now and mail.not_before is None:
            mail.dispatched_at = now
        if not _insert_unless_exists(mail):
            return None
    if mail.status == Status.QUEUED:
        if send_now:
            mail_deliver(mail_id=mail.pk)
        elif mail.not_before is None:
            # A deferred message waits for the sweep, which hands it over once it is due.
            transaction.on_commit(lambda: _dispatch(mail.pk))
    return mail


def _apply_reminder_rules(mail: OutgoingMail, *, user: User | None, now: datetime) -> None:
    """Withhold or defer a non-essential message; essential mail never passes here."""
    if user is not None and not user.is_active:
        _withhold(mail, OutgoingMail.Withheld.INACTIVE)
        return
    if user is not None and reminders_opted_out(user):
        _withhold(mail, OutgoingMail.Withheld.UNSUBSCRIBED)
        return
    if mail.reason not in CAP_EXEMPT_REASONS:
        # Serialise reminders per address, so two rules running at once cannot both slip under
        # the cap; the lock ends with the transaction.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [mail.to_email])
        days = reminder_cap_days(mail.region)
        if days and _reminded_since(mail.to_email, now - timedelta(days=days)):
            _withhold(mail, OutgoingMail.Withheld.CAP)
            return
    mail.not_before = after_quiet_hours(now)


def _withhold(mail: OutgoingMail, why: str) -> None:
    mail.status = Status.WITHHELD
    mail.withheld_reason = why


def _reminded_since(to_email: str, since: datetime) -> bool:
    return (
        OutgoingMail.objects.filter(
            to_email=to_email,
            essential=False,
            created_at__gte=since,
            status__in=[Status.QUEUED, Status.SENDING, Status.SENT],
        )
        .exclude(reason__in=CAP_EXEMPT_REASONS)
        .exists()
    )


def reminder_cap_days(region: Region | None) -> int:
    """Days between two reminders to one person: the region's choice, else the setting."""
    if region is not None:
        setting = ReminderSetting.objects.filter(region=region, rule=CAP_SETTING).first()
        if setting is not None and "days" in setting.params:
            return 0 if not setting.enabled else int(setting.params["days"])
    return settings.LOKET_MAIL_REMINDER_CAP_DAYS


def after_quiet_hours(now: datetime) -> datetime | None:
    """None during the day; the next end of the quiet hours (Amsterdam time) at night."""
    start, end = settings.LOKET_MAIL_QUIET_START_HOUR, settings.LOKET_MAIL_QUIET_END_HOUR
    local = now.astimezone(AMSTERDAM)
    if start == end:
        return None
    quiet = local.hour >= start or local.hour < end if start > end else start <= local.hour < end
    if not quiet:
        return None
    day = local.date() if local.hour < end else local.date() + timedelta(days=1)
    return datetime.combine(day, time(hour=end), tzinfo=AMSTERDAM)


def _insert_unless_exists(mail: OutgoingMail) -> bool:
    """INSERT … ON CONFLICT (key) DO NOTHING: a concurrent twin with the same key wins quietly,
    and the caller's transaction is not broken by an IntegrityError."""
    fields = [f for f in OutgoingMail._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = [f.get_db_prep_save(f.pre_save(mail, add=True), connection) for f in fields]
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(OutgoingMail._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608 - names from _meta
            "ON CONFLICT (key) DO NOTHING RETURNING id",
            values,
        )
        row = cursor.fetchone()
    if row is None:
        return False
    mail.pk = row[0]
    mail._state.adding = False
    return True


def _dispatch(mail_id: int, *, countdown: float | None = None) -> None:
    """Hand one id to the worker. If the broker is down the row stays queued and the sweep
    hands it over later: a request that already committed must not fail because of mail."""
    from loket.tasks import send_mail

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
    _dispatch(mail.pk, countdown=delay)
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
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=from_email,
        to=[mail.to_email],
        reply_to=reply_to,
        headers=headers,
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
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
            transaction.on_commit(lambda: [_dispatch(pk) for pk in ids])
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


@transaction.atomic
def outbox_forget_person(*, user: User) -> int:
    """When a person's data is removed, their mail log keeps only what statistics need (reason,
    status, dates, region); address, subject and text go, and nothing still queued is sent."""
    mails = OutgoingMail.objects.filter(Q(recipient=user) | Q(to_email__iexact=user.email))
    mails.filter(status__in=[Status.QUEUED, Status.SENDING]).update(
        status=Status.WITHHELD, withheld_reason=OutgoingMail.Withheld.FORGOTTEN
    )
    return mails.update(
        recipient=None, to_email="", subject="", body_text="", body_html="", last_error=""
    )


# --- Unsubscribe ---------------------------------------------------------------------------------


def unsubscribe_token(user_id: int) -> str:
    """A signed token that names the user: no login needed, and it does not expire, because an
    unsubscribe link in an old mail must keep working."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(user_id))


def unsubscribe_user_id(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def unsubscribe_url_for_id(user_id: int) -> str:
    path = reverse("mail:unsubscribe", kwargs={"token": unsubscribe_token(user_id)})
    return f"{settings.LOKET_SITE_URL}{path}"


def unsubscribe_url(user: User | None) -> str | None:
    return unsubscribe_url_for_id(user.pk) if user is not None else None


def reminders_opted_out(user: User) -> bool:
    return MailPreference.objects.filter(user=user, reminders_opt_out=True).exists()


@transaction.atomic
def mail_preference_set(*, user: User, reminders_opt_out: bool) -> MailPreference:
    """Record whether a person wants reminders. Essential mail is not affected either way."""
    preference, _created = MailPreference.objects.update_or_create(
        user=user, defaults={"reminders_opt_out": reminders_opt_out}
    )
    return preference
