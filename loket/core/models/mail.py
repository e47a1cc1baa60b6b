"""Outgoing mail: every message recorded before it is sent, the opt-outs and the reminder
settings of a region."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loket.core.models.accounts import User
from loket.core.models.organisations import Region


class MailReason(models.TextChoices):
    """Why a message is sent. One reason, one pair of templates (``mail/<reason>.txt|html``).

    Reasons for rules that other apps add later are listed here already, so their mail log reads
    the same everywhere.
    """

    ACCOUNT = "account", _("Account (sign-in, verification, password)")
    ACCOUNT_UNVERIFIED = "account_unverified", _("Email address not confirmed yet")
    REGISTRATION_UNFINISHED = "registration_unfinished", _("Registration not finished")
    APPOINTMENT_TOMORROW = "appointment_tomorrow", _("Intake or event tomorrow")
    GUIDE_DIGEST = "guide_digest", _("Daily overview for the guide")
    PROPOSAL_UNANSWERED = "proposal_unanswered", _("Proposal not answered yet")
    PROPOSAL_ESCALATED = "proposal_escalated", _("Proposal unanswered for too long")
    PROPOSAL_UPDATE = "proposal_update", _("News about a proposal")
    PROPOSAL_RECEIVED = "proposal_received", _("A candidate proposed to your school")
    PROPOSAL_ANSWERED = "proposal_answered", _("A school answered a proposal")
    ASSESSMENT_REQUESTED = "assessment_requested", _("A candidate referred for an assessment")
    ASSESSMENT_OUTCOME = "assessment_outcome", _("Outcome of a suitability assessment")
    REFERRAL_UPDATE = "referral_update", _("A referral between regions")
    APPOINTMENT_PLANNED = "appointment_planned", _("An appointment was planned")
    EVENT_SIGNUP = "event_signup", _("Signed up for an event")
    EVENT_CHANGED = "event_changed", _("An event was moved or changed")
    EVENT_CANCELLED = "event_cancelled", _("An event was cancelled")
    EVENT_MISSED = "event_missed", _("Missed an event")
    WAITING_LIST_PLACE = "waiting_list_place", _("A place from the waiting list")
    APPOINTMENT_CHANGED = "appointment_changed", _("An appointment was moved")
    APPOINTMENT_CANCELLED = "appointment_cancelled", _("An appointment was cancelled")
    VACANCY_INTEREST = "vacancy_interest", _("A candidate is interested in a vacancy")
    VACANCY_CLOSING = "vacancy_closing", _("Vacancy closes soon")
    RETENTION_WARNING = "retention_warning", _("Your data will be removed soon")
    DATA_REMOVED = "data_removed", _("Your data has been removed")
    FAILED_MAIL_DIGEST = "failed_mail_digest", _("Daily overview of undeliverable mail")
    TEST = "test", _("Test message")


# Digests bundle many items into one message a day; the reminder cap does not count them.
DIGEST_REASONS = frozenset({MailReason.GUIDE_DIGEST, MailReason.FAILED_MAIL_DIGEST})
# Neither held back by the cap nor counted for it: digests, and the reminder of an appointment
# the person booked themselves (a registration reminder yesterday must not swallow it).
# Reminders about a school's own open work (a proposal waiting for its answer) are not nudges to
# a private person: each proposal is reminded once, so capping them would silently drop most.
CAP_EXEMPT_REASONS = DIGEST_REASONS | {
    MailReason.APPOINTMENT_TOMORROW,
    MailReason.EVENT_MISSED,
    MailReason.PROPOSAL_UNANSWERED,
    MailReason.PROPOSAL_ESCALATED,
}


class OutgoingMail(models.Model):
    """One message to one person, recorded before it is sent.

    The row is written in the same transaction as the thing that caused it and handed to Celery
    after commit. ``key`` is unique, so the same reason for the same object in the same period
    never produces a second message. A worker claims the row (queued → sending) with a conditional
    UPDATE before it talks to the mail server, so running the send task twice sends once; the
    claim names the worker and carries a lease that the living worker renews, so the sweep takes
    back only what a dead worker left.
    ``last_error`` holds the mail server's answer only, never message content.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        WITHHELD = "withheld", _("Withheld")

    class Withheld(models.TextChoices):
        CAP = "cap", _("The person already had a reminder recently")
        UNSUBSCRIBED = "unsubscribed", _("The person unsubscribed from reminders")
        INACTIVE = "inactive", _("The account is no longer active")
        FORGOTTEN = "forgotten", _("The person's data was removed")

    recipient = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_mail",
        verbose_name=_("recipient"),
    )
    to_email = models.EmailField(_("to"), max_length=254)
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_mail",
        verbose_name=_("region"),
    )
    reason = models.CharField(_("reason"), max_length=40, choices=MailReason.choices)
    key = models.CharField(_("unique key"), max_length=200, unique=True)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # A calendar file (.ics) goes with the message as it was when the message was queued: a
    # resend carries the same bytes, and a later change queues its own message with a higher
    # SEQUENCE, which calendars apply whatever the order of arrival.
    attachment_name = models.CharField(_("attachment"), max_length=100, blank=True)
    attachment_text = models.TextField(_("attachment content"), blank=True)
    # Codes and links that open an account are never stored readable: the bodies hold a
    # placeholder, and ``sealed`` the secrets, encrypted, until the message is sent (then empty).
    sealed = models.TextField(_("sealed secrets"), blank=True, editable=False)
    forget_after_send = models.BooleanField(
        _("forget after sending"),
        default=False,
        help_text=_(
            "For the last message to someone whose data was removed: address and text "
            "are blanked once it is sent."
        ),
    )
    essential = models.BooleanField(
        _("essential"),
        default=False,
        help_text=_("Account and proposal mail: sent even when the person unsubscribed."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    withheld_reason = models.CharField(
        _("withheld because"), max_length=20, choices=Withheld.choices, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    dispatched_at = models.DateTimeField(
        _("handed to the worker for"),
        null=True,
        blank=True,
        help_text=_("When the last hand-over to the worker was due to run."),
    )
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    claimed_by = models.CharField(
        _("sent by worker"),
        max_length=100,
        blank=True,
        help_text=_("The worker process that holds the message while it sends it."),
    )
    lease_until = models.DateTimeField(
        _("claim held until"),
        null=True,
        blank=True,
        help_text=_(
            "A living worker renews its claim; once this passes, the sweep queues it again."
        ),
    )
    retry_until = models.DateTimeField(
        _("retried until"),
        null=True,
        blank=True,
        help_text=_("Temporary failures are retried until then; after that the message fails."),
    )
    failure_reported_at = models.DateTimeField(
        _("failure reported"),
        null=True,
        blank=True,
        help_text=_("When the region's coordinators were told that this message failed."),
    )
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["-created_at"]
        indexes = [
            # The sweep looks only at unfinished rows; a partial index keeps that cheap forever.
            models.Index(
                fields=["status", "not_before"],
                condition=Q(status__in=["queued", "sending"]),
                name="outgoingmail_unfinished",
            ),
            # The reminder cap: recent non-essential mail to one address.
            models.Index(
                fields=["to_email", "created_at"],
                condition=Q(essential=False),
                name="outgoingmail_cap",
            ),
            models.Index(fields=["recipient", "-created_at"], name="outgoingmail_recipient"),
            models.Index(fields=["region", "status", "-created_at"], name="outgoingmail_region"),
            # The insight's reminder counts: a region's reminders in a period, read from the index
            # alone (a region's year of mail is tens of thousands of rows across the table).
            models.Index(
                fields=["region", "reason", "created_at"],
                include=["status", "withheld_reason"],
                name="outgoingmail_region_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} → {self.to_email} ({self.get_status_display()})"

    @property
    def is_digest(self) -> bool:
        return self.reason in DIGEST_REASONS


class MailPreference(models.Model):
    """What mail a person wants. Opting out of reminders never stops essential mail."""

    user = models.OneToOneField(
        User,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="mail_preference",
        verbose_name=_("user"),
    )
    reminders_opt_out = models.BooleanField(_("no reminders"), default=False)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("mail preference")
        verbose_name_plural = _("mail preferences")

    def __str__(self) -> str:
        return f"{self.user}: {'no reminders' if self.reminders_opt_out else 'reminders'}"


class ReminderSetting(models.Model):
    """A region's choice for one reminder rule: on or off, and its numbers (days, thresholds).

    Rules declare their defaults in code; a row here only overrides what the region changed.
    The rule name ``cap`` holds the region's reminder cap (``{"days": N}``).
    """

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("region"),
    )
    rule = models.CharField(_("rule"), max_length=60)
    enabled = models.BooleanField(_("enabled"), default=True)
    params = models.JSONField(_("settings"), default=dict, blank=True)

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.UniqueConstraint(fields=["region", "rule"], name="remindersetting_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.rule}"
