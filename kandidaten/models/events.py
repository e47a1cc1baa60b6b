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
    # The calendar entry's revision (iCalendar SEQUENCE): raised on every move or cancellation,
    # so a calendar replaces the entry it has with the newer one.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)
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
    from_waiting_list_at = models.DateTimeField(
        _("moved up from the waiting list"), null=True, blank=True
    )
    # Attendance, recorded by the desk after the event: None until they say.
    attended = models.BooleanField(_("came"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attendance recorded by"),
    )

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "candidate"], name="eventregistration_once")
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} @ {self.event_id}"


class WaitingListEntry(models.Model):
    """A candidate waiting for a place at a full event, first come first served. The entry
    stays when it ends: ``placed_at`` when a place came free for them, ``left_at`` when they
    left the list (or the event was cancelled). Joining again re-opens the same row at the end
    of the list."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="waiting_list", verbose_name=_("event")
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="waiting_list_entries",
        verbose_name=_("candidate"),
    )
    created_at = models.DateTimeField(_("joined at"), default=timezone.now)
    placed_at = models.DateTimeField(_("given a place at"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    class Meta:
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list entries")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "candidate"], name="waitinglist_once")
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} waits for {self.event_id}"

    @property
    def is_waiting(self) -> bool:
        return self.placed_at is None and self.left_at is None


class Appointment(models.Model):
    """An intake (or another conversation) the desk planned with a candidate, or one the
    candidate booked in a guide's published slot. One slot holds at most one appointment that
    is not cancelled (a database constraint)."""

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
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(
        _("location"), max_length=200, help_text=_("An address, “By phone” or “Online”.")
    )
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    slot = models.ForeignKey(
        "kandidaten.IntakeSlot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("booked slot"),
    )
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)
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
        indexes = [
            models.Index(fields=["starts_at"], name="appointment_start"),
            models.Index(fields=["with_user", "starts_at"], name="appointment_with_start"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(cancelled_at__isnull=True, slot__isnull=False),
                name="appointment_slot_once",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"
