"""Queueing many messages at once, for reminder rules that find thousands of people due.

The same rules as ``outbox.mail_queue`` for each message (a key queued once, no reminder after an
unsubscribe, the cap per address, the quiet hours), checked in a few queries for the whole batch
instead of several per message, and written with one INSERT … ON CONFLICT (key) DO NOTHING per
chunk: a message another run queued meanwhile is left out quietly, so a rule run twice, or two
runs at once, mail nobody twice.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from loket.core.mail import delivery
from loket.core.mail.outbox import after_quiet_hours, mail_render, reminder_cap_days
from loket.core.models import (
    CAP_EXEMPT_REASONS,
    MailPreference,
    MailReason,
    OutgoingMail,
    Region,
    User,
)

logger = logging.getLogger(__name__)

CHUNK = 1000
Status = OutgoingMail.Status
SENT_OR_SENDING = [Status.QUEUED, Status.SENDING, Status.SENT]


@dataclass
class Message:
    """One message to queue: what ``mail_queue`` takes, for a batch."""

    recipient: User
    reason: str
    key: str
    template: str | None = None
    context: dict = field(default_factory=dict)
    essential: bool = False
    region: Region | None = None


def mail_queue_many(messages: Iterable[Message], *, now: datetime | None = None) -> list:
    """Record each message whose key is new; returns the rows recorded (queued or withheld).

    A message that cannot be rendered is logged and left out; the others are recorded."""
    now = now or timezone.now()
    pending: dict[str, Message] = {}
    for message in messages:
        MailReason(message.reason)  # raises ValueError on a reason nobody declared
        if not message.essential and not isinstance(message.recipient, User):
            raise ValueError("Reminders go to users, so that they can unsubscribe.")
        if len(message.key) > OutgoingMail._meta.get_field("key").max_length:
            raise ValueError("A mail key is at most 200 characters.")
        pending.setdefault(message.key, message)
    recorded = []
    batch = list(pending.values())
    for start in range(0, len(batch), CHUNK):
        recorded += _queue_chunk(batch[start : start + CHUNK], now=now)
    return recorded


def _queue_chunk(messages: list[Message], *, now: datetime) -> list:
    existing = set(
        OutgoingMail.objects.filter(key__in=[m.key for m in messages]).values_list("key", flat=True)
    )
    messages = [m for m in messages if m.key not in existing]
    if not messages:
        return []
    with transaction.atomic():
        mails = _decide(messages, now=now)
        recorded = _insert_many(mails)
    queued = [
        mail.pk
        for mail in recorded
        if mail.status == Status.QUEUED and mail.not_before is None and mail.pk
    ]
    if queued:
        transaction.on_commit(lambda: delivery.dispatch_many(queued))
    return recorded


def _decide(messages: list[Message], *, now: datetime) -> list[OutgoingMail]:
    """The rows to write, rendered, each queued, deferred or withheld as ``mail_queue`` would."""
    reminders = [m for m in messages if not m.essential]
    opted_out = set(
        MailPreference.objects.filter(
            user_id__in={m.recipient.pk for m in reminders}, reminders_opt_out=True
        ).values_list("user_id", flat=True)
    )
    capped = [
        m
        for m in reminders
        if m.recipient.is_active
        and m.recipient.pk not in opted_out
        and m.reason not in CAP_EXEMPT_REASONS
    ]
    reminded = _reminded_addresses(capped, now=now)
    not_before = after_quiet_hours(now)
    mails = []
    for message in messages:
        try:
            language, subject, text, html = mail_render(
                recipient=message.recipient,
                template=message.template or message.reason,
                context=message.context,
                essential=message.essential,
                region=message.region,
            )
        except Exception:
            logger.exception("Mail %s could not be rendered; the others are queued", message.key)
            continue
        user = message.recipient if isinstance(message.recipient, User) else None
        mail = OutgoingMail(
            recipient=user,
            to_email=user.email if user else message.recipient,
            region=message.region,
            reason=message.reason,
            key=message.key,
            language=language,
            subject=subject[:255],
            body_text=text,
            body_html=html,
            essential=message.essential,
        )
        if not message.essential:
            if not user.is_active:
                _withhold(mail, OutgoingMail.Withheld.INACTIVE)
            elif user.pk in opted_out:
                _withhold(mail, OutgoingMail.Withheld.UNSUBSCRIBED)
            elif message.reason not in CAP_EXEMPT_REASONS and mail.to_email in reminded:
                _withhold(mail, OutgoingMail.Withheld.CAP)
            else:
                if message.reason not in CAP_EXEMPT_REASONS:
                    reminded.add(mail.to_email)  # the next one to this address waits
                mail.not_before = not_before
        if mail.status == Status.QUEUED and mail.not_before is None:
            mail.dispatched_at = now
        mails.append(mail)
    return mails


def _withhold(mail: OutgoingMail, why: str) -> None:
    mail.status = Status.WITHHELD
    mail.withheld_reason = why


def _reminded_addresses(messages: list[Message], *, now: datetime) -> set[str]:
    """The addresses among these that had a capped reminder within their region's cap: locked
    first (in one order, so two runs cannot deadlock), so two rules running at once cannot both
    slip under the cap; the locks end with the transaction."""
    if not messages:
        return set()
    emails = sorted({m.recipient.email for m in messages})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(h)) FROM "
            "(SELECT hashtext(e) AS h FROM unnest(%s::text[]) AS e ORDER BY 1) AS locks",
            [emails],
        )
    by_days: dict[int, set[str]] = {}
    days_of: dict[int | None, int] = {}
    for message in messages:
        region_id = message.region.pk if message.region else None
        if region_id not in days_of:
            days_of[region_id] = reminder_cap_days(message.region)
        if days_of[region_id]:
            by_days.setdefault(days_of[region_id], set()).add(message.recipient.email)
    reminded = set()
    for days, addresses in by_days.items():
        reminded.update(
            OutgoingMail.objects.filter(
                to_email__in=addresses,
                essential=False,
                created_at__gte=now - timedelta(days=days),
                status__in=SENT_OR_SENDING,
            )
            .exclude(reason__in=CAP_EXEMPT_REASONS)
            .values_list("to_email", flat=True)
            .distinct()
        )
    return reminded


def _insert_many(mails: list[OutgoingMail]) -> list[OutgoingMail]:
    """One INSERT … ON CONFLICT (key) DO NOTHING RETURNING for the chunk: rows a concurrent run
    wrote first are left out, and the caller's transaction is not broken."""
    if not mails:
        return []
    fields = [f for f in OutgoingMail._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    values = []
    for mail in mails:
        values += [f.get_db_prep_save(f.pre_save(mail, add=True), connection) for f in fields]
    table = connection.ops.quote_name(OutgoingMail._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(mails))} "  # noqa: S608 - names from _meta
            "ON CONFLICT (key) DO NOTHING RETURNING id, key",
            values,
        )
        ids = {key: pk for pk, key in cursor.fetchall()}
    recorded = []
    for mail in mails:
        if mail.key in ids:
            mail.pk = ids[mail.key]
            mail._state.adding = False
            recorded.append(mail)
    return recorded
