"""Suitability assessments: the desk refers, the training institute records the outcome."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The sectors a candidate can choose and a route can lead to (special education is reached
# through the po and vo routes, so it is not offered separately here).
from kandidaten.models import Candidate
from loket.core.models import TrainingInstitute


class AssessmentOutcome(models.TextChoices):
    """The outcomes of a suitability assessment as training institutes record them."""

    ADMISSIBLE_WITH_JOB = "admissible_job", _("Admissible, with a job: start zij-instroom")
    ADMISSIBLE_NO_JOB = "admissible_no_job", _("Admissible, no job yet: matching first")
    ADMISSIBLE_REGULAR = "admissible_regular", _("Admissible, chooses a regular programme")
    ADMISSIBLE_POSTPONES = "admissible_later", _("Admissible, but postpones")
    PREMASTER = "premaster", _("Not directly admissible: pre-master and master needed")
    HBO_PROGRAMME = "hbo_programme", _("Not directly admissible: referred to an hbo programme")
    SUBJECT_TEST = "subject_test", _("Not directly admissible: subject test needed first")
    DEFICIENCIES = "deficiencies", _("Not directly admissible: deficiencies to clear first")


ADMISSIBLE_OUTCOMES = {
    AssessmentOutcome.ADMISSIBLE_WITH_JOB,
    AssessmentOutcome.ADMISSIBLE_NO_JOB,
    AssessmentOutcome.ADMISSIBLE_REGULAR,
    AssessmentOutcome.ADMISSIBLE_POSTPONES,
}


class Assessment(models.Model):
    """The desk refers a candidate to a training institute for a suitability assessment; the
    institute's study adviser records the outcome, which the desk and the candidate see.

    One open referral per candidate and institute; the study adviser sees only candidates
    referred to their institute.
    """

    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("candidate"),
    )
    institute = models.ForeignKey(
        TrainingInstitute,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("training institute"),
    )
    question = models.TextField(_("question for the institute"), max_length=1000, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("referred by"),
    )
    referred_at = models.DateTimeField(_("referred at"), default=timezone.now)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=AssessmentOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("explanation of the outcome"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        db_table = "kandidaten_assessment"  # the table it had in kandidaten
        verbose_name = _("suitability assessment")
        verbose_name_plural = _("suitability assessments")
        ordering = ["-referred_at", "-pk"]
        indexes = [models.Index(fields=["institute", "outcome"], name="assessment_institute")]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "institute"],
                condition=Q(outcome=""),
                name="assessment_one_open_per_institute",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", recorded_at__isnull=True)
                | (~Q(outcome="") & Q(recorded_at__isnull=False)),
                name="assessment_outcome_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.institute}"

    @property
    def is_open(self) -> bool:
        return not self.outcome

    @property
    def is_admissible(self) -> bool:
        return self.outcome in ADMISSIBLE_OUTCOMES
