"""The desk's own record of its work with a candidate: contacts and internal notes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The sectors a candidate can choose and a route can lead to (special education is reached
# through the po and vo routes, so it is not offered separately here).
from kandidaten.models import Candidate


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone call")
    # A context of its own: the plain "Email" is Django's and allauth's "E-mailadres" label.
    EMAIL = "email", pgettext_lazy("contact kind", "Email")
    MEETING = "meeting", _("Meeting")
    REFERRAL = "referral", _("Referral")
    ADVICE = "advice", _("Advice conversation")
    TRIAL_DAY = "trial_day", _("Trial day")


class Contact(models.Model):
    """One contact between the desk and the candidate, logged by staff. Never edited; the
    candidate's ``last_contact_on`` follows the latest one."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("candidate")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    occurred_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(_("logged at"), default=timezone.now)

    class Meta:
        db_table = "kandidaten_contact"  # the table it had in kandidaten
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-occurred_on", "-created_at"]
        indexes = [models.Index(fields=["candidate", "-occurred_on"], name="contact_latest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class CandidateNote(models.Model):
    """An internal note of the desk about a candidate; the candidate does not see it."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="notes", verbose_name=_("candidate")
    )
    text = models.TextField(_("note"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        db_table = "kandidaten_candidatenote"  # the table it had in kandidaten
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.created_at:%Y-%m-%d}"
