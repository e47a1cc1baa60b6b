"""Events the desk runs (information meetings, trial days, workshops), who signed up, and the
appointments planned with a candidate."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The sectors a candidate can choose and a route can lead to (special education is reached
# through the po and vo routes, so it is not offered separately here).
from kandidaten.models.candidate import Candidate
from loket.core.models import Region


class Event(models.Model):
    """An information event, trial day or workshop the desk runs; candidates sign up."""

    class Kind(models.TextChoices):
        INFO = "info", _("Information event")
        TRIAL_DAY = "trial_day", _("Trial day")
        WORKSHOP = "workshop", _("Workshop")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="events", verbose_name=_("region")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(
        _("location"), max_length=200, help_text=_("An address, or “Online”.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["region", "starts_at"], name="event_region_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EventRegistration(models.Model):
    """A candidate's place at an event; cancelling keeps the row (history) and frees the
    place. Signing up again after cancelling re-opens the same row."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("candidate"),
    )
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "candidate"], name="eventregistration_once")
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} @ {self.event_id}"


class Appointment(models.Model):
    """An intake (or another conversation) the desk planned with a candidate."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("Intake conversation")
        FOLLOW_UP = "follow_up", _("Follow-up conversation")

    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="appointments",
        verbose_name=_("candidate"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INTAKE)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(
        _("location"), max_length=200, help_text=_("An address, “By phone” or “Online”.")
    )
    with_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("with"),
    )
    note = models.CharField(_("note for the candidate"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    created_at = models.DateTimeField(_("planned at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"], name="appointment_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"
