"""Queueing outgoing mail: one row per message in the caller's transaction, never twice.

* the unique key means the same reason for the same object in the same period is never queued
  twice (INSERT … ON CONFLICT DO NOTHING);
* reminders respect the person: at most one per N days (digests and essential mail exempt), none
  after unsubscribing, none at night (they wait until morning, Europe/Amsterdam);
* the row is handed to the worker after commit (``loket.core.mail.delivery``).
"""

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.template import Context, Engine
from django.template.exceptions import TemplateDoesNotExist
from django.utils import timezone, translation

from loket.core.mail import delivery
from loket.core.mail.frame import render_framed
from loket.core.mail.preferences import reminders_opted_out, unsubscribe_url
from loket.core.mail.secrets import redact, seal, usable_secrets
from loket.core.models import (
    CAP_EXEMPT_REASONS,
    MailReason,
    OutgoingMail,
    Region,
    ReminderSetting,
    User,
)

logger = logging.getLogger(__name__)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CAP_SETTING = "cap"


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
    secrets: list[str] | None = None,
    forget_after_send: bool = False,
    send_now: bool = False,
    attachment: tuple[str, str] | None = None,
) -> OutgoingMail | None:
    """Record one message and hand it to a worker after the caller's transaction commits.

    Renders ``mail/<template or reason>.txt`` and ``.html`` (the subject from ``subject`` or
    ``mail/<template>_subject.txt``) in the recipient's language. Returns the new row, or None
    when a message with this key exists already (no mail twice for the same reason). A reminder
    that the cap or an unsubscribe stops is recorded as withheld, with the reason, and not sent.
    ``secrets`` (a link or code that opens an account) are stored redacted: see ``secrets``.
    ``attachment`` is a calendar file (name, text) stored with the row and sent with it.
    """
    MailReason(reason)  # raises ValueError on a reason nobody declared
    if not essential and not isinstance(recipient, User):
        raise ValueError("Reminders go to users, so that they can unsubscribe.")
    if OutgoingMail.objects.filter(key=key).exists():
        return None
    language, subject, text, html = mail_render(
        recipient=recipient,
        template=template or reason,
        context=context,
        subject=subject,
        essential=essential,
        region=region,
        language=language,
    )
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
        secrets=secrets,
        forget_after_send=forget_after_send,
        send_now=send_now,
        attachment=attachment,
    )


def mail_render(
    *,
    recipient: User | str,
    template: str,
    context: dict | None,
    subject: str | None = None,
    essential: bool = False,
    region: Region | None = None,
    language: str | None = None,
) -> tuple[str, str, str, str]:
    """Language, subject, text and HTML of one message, rendered in the recipient's language
    (no queries of its own: the context must hold what the templates show)."""
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
        text = render_framed(f"mail/{template}.txt", context, autoescape=False)
        try:
            html = render_framed(f"mail/{template}.html", context, autoescape=True)
        except TemplateDoesNotExist:
            html = ""
    return language, subject, text, html


def _render_text(name: str, context: dict) -> str:
    """Plain text is not HTML: "&" in a name must stay "&" in the subject and the text body."""
    template = Engine.get_default().get_template(name)
    return template.render(Context(context, autoescape=False))


def mail_each(
    recipients,
    *,
    reason: str,
    key: str,
    context: dict,
    region: Region | None = None,
    essential: bool = True,
) -> int:
    """The same message to each of ``recipients``, once per person: the key ends in the
    person's id, so a person listed twice, or a second run, queues nothing new. Returns how many
    messages were recorded."""
    queued = 0
    seen = set()
    for person in recipients:
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        mail = mail_queue(
            recipient=person,
            reason=reason,
            key=f"{key}:{person.pk}",
            context=context,
            region=region,
            essential=essential,
        )
        queued += mail is not None
    return queued


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
    secrets: list[str] | None = None,
    forget_after_send: bool = False,
    attachment: tuple[str, str] | None = None,
) -> OutgoingMail | None:
    """Record a message whose text is already rendered (``mail_queue`` renders; allauth too).

    ``send_now`` delivers in this process right away instead of through the worker: for account
    mail a person is waiting for on screen. It is still recorded, and retried by the worker if
    the mail server is unavailable. (Inside a transaction that later rolls back, such a message
    is sent but its record is gone: acceptable for a sign-in code, not for a reminder.)

    ``secrets`` are replaced by placeholders in the stored text and kept encrypted until the
    message is sent; ``forget_after_send`` blanks address and text once it is.
    """
    if len(key) > OutgoingMail._meta.get_field("key").max_length:
        raise ValueError("A mail key is at most 200 characters.")
    now = now or timezone.now()
    user = recipient if isinstance(recipient, User) else None
    to_email = user.email if user else recipient
    secrets = usable_secrets(secrets or [])
    if secrets:
        subject, text, html = (redact(part, secrets) for part in (subject, text, html))
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
        sealed=seal(secrets),
        forget_after_send=forget_after_send,
        attachment_name=attachment[0] if attachment else "",
        attachment_text=attachment[1] if attachment else "",
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
            delivery.mail_deliver(mail_id=mail.pk)
        elif mail.not_before is None:
            # A deferred message waits for the sweep, which hands it over once it is due.
            transaction.on_commit(lambda: delivery.dispatch(mail.pk))
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
