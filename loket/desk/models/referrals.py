"""Referrals of a candidate to the desk of another region."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The sectors a candidate can choose and a route can lead to (special education is reached
# through the po and vo routes, so it is not offered separately here).
from kandidaten.models import Candidate
from loket.core.models import Region


class Referral(models.Model):
    """A candidate handed to the desk of another region (with their consent to be shown to
    other regions). The receiving desk accepts or declines; the sending desk keeps a read-only
    view of the history. Accepting moves the candidate to the receiving region."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the other desk")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("candidate")
    )
    from_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("from region")
    )
    to_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="incoming_referrals",
        verbose_name=_("to region"),
    )
    note = models.TextField(_("why this region"), max_length=2000)
    from_phase = models.CharField(_("phase before the referral"), max_length=14)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("referred by"),
    )
    created_at = models.DateTimeField(_("referred at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_note = models.TextField(_("answer"), max_length=2000, blank=True)

    class Meta:
        db_table = "kandidaten_referral"  # the table it had in kandidaten
        verbose_name = _("referral to another region")
        verbose_name_plural = _("referrals to other regions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["to_region", "status"], name="referral_incoming")]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate"],
                condition=Q(status="pending"),
                name="referral_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(from_region=models.F("to_region")),
                name="referral_other_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.from_region} → {self.to_region}"
