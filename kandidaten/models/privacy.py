"""The candidate's privacy record: consent with the statement's version, and the access log of
who opened or changed their file."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The sectors a candidate can choose and a route can lead to (special education is reached
# through the po and vo routes, so it is not offered separately here).
from kandidaten.models.candidate import Candidate


class PrivacyStatement(models.Model):
    """A published version of the privacy statement; consent always names the version."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    summary = models.TextField(_("summary (Dutch)"))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("privacy statement")
        verbose_name_plural = _("privacy statements")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.version

    @property
    def localized_summary(self) -> str:
        return self.summary_en if get_language() == "en" and self.summary_en else self.summary


class ConsentKind(models.TextChoices):
    DESK = "desk", _("Processing of my data by the desk")
    REGION_SCHOOLS = "region_schools", _("Being shown to schools in my region")
    OTHER_REGIONS = "other_regions", _("Being shown to desks and schools in other regions")


class ConsentRecord(models.Model):
    """One act of giving or withdrawing one kind of consent, with the statement version.

    Records are only added, never changed: the latest record of each kind is the current state.
    """

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="consents", verbose_name=_("candidate")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ConsentKind.choices)
    given = models.BooleanField(_("given"))
    statement = models.ForeignKey(
        PrivacyStatement, on_delete=models.PROTECT, verbose_name=_("privacy statement")
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["candidate", "kind", "-created_at"], name="consent_latest")]

    def __str__(self) -> str:
        state = _("given") if self.given else _("withdrawn")
        return f"{self.get_kind_display()}: {state} ({self.statement})"


class CandidateAccess(models.Model):
    """Every time a member of staff, an HR officer or a study adviser opens or changes a
    candidate's record (AVG: who saw whose data). Rows are only added."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        CHANGE = "change", _("Changed")
        EXPORT = "export", _("Exported")

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="+", verbose_name=_("candidate")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    what = models.CharField(_("what"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("access to a candidate record")
        verbose_name_plural = _("access log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["candidate", "-created_at"], name="candidateaccess_latest")]

    # What was opened or changed: a code in the row, words for the reader.
    WHAT = {
        "file": _("the file"),
        "contact": _("contact log"),
        "note": _("notes"),
        "guide": _("guide"),
        "next action": _("next action"),
        "phase": _("phase"),
        "phase (bulk)": _("phase (several at once)"),
        "assessment": _("suitability assessment"),
        "assessment outcome": _("outcome of the assessment"),
        "referral": _("referral"),
        "referral answer": _("answer to a referral"),
        "matching": _("matching vacancies"),
        "matching vacancy": _("matching candidates for a vacancy"),
        "proposal": _("proposal (school)"),
        "csv": _("export to a spreadsheet"),
        "appointments": _("appointments"),
        "appointment planned": _("appointment planned"),
        "appointment cancelled": _("appointment cancelled"),
        "event registrations": _("list of an event's registrations"),
        "export": _("download of all their data"),
        "document": _("a document (CV or diploma)"),
        "erasure": _("removal of the data"),
    }

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.candidate_id}"

    def get_what_display(self) -> str:
        return str(self.WHAT.get(self.what, self.what))


class ErasureReason(models.TextChoices):
    """Why a record was anonymised; a code, never free text, so the log holds no personal data."""

    CANDIDATE = "candidate", _("The candidate removed their data themselves")
    PHONE = "phone", _("Asked by phone")
    LETTER = "letter", _("Asked by letter")
    EMAIL = "email", _("Asked by email")
    IN_PERSON = "in_person", _("Asked in person")
    RETENTION = "retention", _("Inactive past the retention period")


class ErasureRecord(models.Model):
    """That a candidate's record was anonymised: when, why and by whom (a member of staff, or
    nobody for the candidate themselves and the retention task). No personal data."""

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="erasure", verbose_name=_("candidate")
    )
    reason = models.CharField(_("reason"), max_length=12, choices=ErasureReason.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.reason} {self.created_at:%Y-%m-%d}"


class RetentionRun(models.Model):
    """One run of the retention task: how many records were anonymised and which (ids only)."""

    ran_at = models.DateTimeField(_("ran at"), default=timezone.now)
    acted_on = models.DateField(_("for the day"))
    anonymised = models.PositiveIntegerField(_("anonymised"), default=0)
    candidate_ids = models.JSONField(_("record numbers"), default=list, blank=True)
    failed_ids = models.JSONField(_("record numbers that failed"), default=list, blank=True)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.acted_on}: {self.anonymised}"
