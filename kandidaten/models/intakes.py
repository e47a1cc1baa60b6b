"""Intake slots a guide publishes for candidates to book, and each guide's private calendar
feed."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.models import Region

# Until this many hours before an intake the candidate can book, move or cancel it online.
CHANGE_UNTIL_HOURS = 24


class IntakeSlot(models.Model):
    """A time a guide keeps free for an intake, at a place or online. A weekly series is one
    row per week, sharing ``series``; each week is booked (and cancelled) on its own. A slot
    is free while it is not cancelled and holds no appointment (see ``Appointment.slot``)."""

    guide = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="intake_slots",
        verbose_name=_("guide"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="intake_slots", verbose_name=_("region")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    series = models.UUIDField(_("weekly series"), null=True, blank=True)
    created_at = models.DateTimeField(_("published at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("intake slot")
        verbose_name_plural = _("intake slots")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["region", "starts_at"], name="intakeslot_region_start"),
            models.Index(fields=["guide", "starts_at"], name="intakeslot_guide_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="intakeslot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(location="") | ~Q(online_url=""), name="intakeslot_has_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guide_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A guide's private calendar address (their intakes and their regions' events). The token
    is the only key, so it is long and random; renewing it makes the old address stop."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user_id}"
