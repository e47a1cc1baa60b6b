"""The candidate: the profile they build while registering, what they can teach, every change of
phase as an event, and the records that may be the same person."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The sectors a candidate can choose and a route can lead to (special education is reached
# through the po and vo routes, so it is not offered separately here).
from kandidaten.models.choices import (
    DEGREE_IN_PROGRESS_CHOICES,
    MAIN_PHASES,
    SECTOR_CHOICES,
    DropoutReason,
    DutchLevel,
    Education,
    FieldRelation,
    Phase,
    SecondaryLevel,
    Situation,
    Source,
    TeachingLevel,
)
from loket.core.models import Region, Subject


class Candidate(models.Model):
    """Someone on their way into teaching, with the profile the route advice and matching read.

    One per user. The phase only changes through ``services.candidate_change_phase`` so that
    every change leaves a ``PhaseEvent``. ``registration_step`` is the last completed step of the
    sign-up journey; a step can only be opened when the one before it is done.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="candidate",
        verbose_name=_("user"),
    )
    # Contact and location
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    lives_abroad = models.BooleanField(_("lives abroad"), default=False)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("region"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # Background
    education = models.CharField(
        _("highest education"), max_length=12, choices=Education.choices, blank=True
    )
    degree_in_progress = models.CharField(
        _("degree still in progress"),
        max_length=12,
        choices=DEGREE_IN_PROGRESS_CHOICES,
        blank=True,
        help_text=_("The degree someone is studying for now; empty when not studying."),
    )
    field_of_study = models.CharField(_("field of study"), max_length=120, blank=True)
    field_related = models.CharField(
        _("field related to the subject you want to teach"),
        max_length=8,
        choices=FieldRelation.choices,
        blank=True,
    )
    situation = models.CharField(
        _("current situation"), max_length=16, choices=Situation.choices, blank=True
    )
    occupation = models.CharField(_("current occupation"), max_length=120, blank=True)
    years_experience = models.PositiveSmallIntegerField(
        _("years of work experience"), null=True, blank=True
    )
    dutch_level = models.CharField(
        _("Dutch language level"), max_length=8, choices=DutchLevel.choices, blank=True
    )
    has_school_job = models.BooleanField(_("already has a job offer at a school"), default=False)
    # Wishes
    sectors = ArrayField(
        models.CharField(max_length=4, choices=SECTOR_CHOICES),
        verbose_name=_("sectors"),
        default=list,
        blank=True,
    )
    subjects = models.ManyToManyField(
        Subject, blank=True, related_name="candidates", verbose_name=_("subjects")
    )
    secondary_level = models.CharField(
        _("years of secondary school"),
        max_length=8,
        choices=SecondaryLevel.choices,
        blank=True,
        help_text=_("Only for secondary education; empty when not sure."),
    )
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    earliest_start = models.DateField(_("earliest start"), null=True, blank=True)
    max_travel_km = models.PositiveSmallIntegerField(
        _("maximum travel distance (km)"), null=True, blank=True
    )
    trial_day_interest = models.BooleanField(_("interested in a trial day"), default=False)
    # Consent, mirrored from the latest ConsentRecord of each kind so matching can filter on it.
    consent_desk = models.BooleanField(_("consent: processing by the desk"), default=False)
    consent_region_schools = models.BooleanField(
        _("consent: shown to schools in the region"), default=False
    )
    consent_other_regions = models.BooleanField(_("consent: shown to other regions"), default=False)
    # Where they came from
    source = models.CharField(
        _("how they heard of the desk"), max_length=10, choices=Source.choices, blank=True
    )
    source_detail = models.CharField(_("source, details"), max_length=200, blank=True)
    utm = models.JSONField(_("campaign parameters"), default=dict, blank=True)
    # Journey
    phase = models.CharField(
        _("phase"), max_length=14, choices=Phase.choices, default=Phase.INTERESSE
    )
    guide = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guided_candidates",
        verbose_name=_("guide"),
    )
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    dropout_reason = models.CharField(
        _("reason for dropping out"), max_length=10, choices=DropoutReason.choices, blank=True
    )
    registration_step = models.PositiveSmallIntegerField(_("registration step done"), default=1)
    intake_requested_at = models.DateTimeField(_("intake requested"), null=True, blank=True)
    # Kept by the services so the pipeline, matching and reminders filter with plain indexes.
    teaching_level = models.CharField(
        _("teaching level"),
        max_length=20,
        choices=TeachingLevel.choices,
        default=TeachingLevel.NO_DEGREE,
    )
    phase_changed_at = models.DateTimeField(_("in this phase since"), default=timezone.now)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    next_action = models.CharField(_("next action"), max_length=200, blank=True)
    next_action_on = models.DateField(_("next action on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Privacy (issue 11): the retention warning names the day the record will be anonymised;
    # any activity after ``retention_warned_at`` cancels it. An anonymised record keeps only
    # what the region's figures need (region, phases, sectors, subjects, source, placement).
    retention_warned_at = models.DateTimeField(_("warned before removal at"), null=True, blank=True)
    removal_due_on = models.DateField(_("to be removed on"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["region", "phase"], name="candidate_region_phase"),
            models.Index(fields=["phase"], name="candidate_phase"),
            models.Index(fields=["guide", "phase"], name="candidate_guide_phase"),
            models.Index(fields=["-updated_at"], name="candidate_updated"),
            models.Index(
                fields=["region", "guide", "last_contact_on"], name="candidate_guide_contact"
            ),
            models.Index(fields=["region", "phase_changed_at"], name="candidate_phase_since"),
            # The pipeline's name search is ``icontains`` (UPPER(...) LIKE '%...%'): a
            # trigram index on the same expression serves it (pg_trgm, migration loket 0008).
            GinIndex(OpClass(Upper("full_name"), name="gin_trgm_ops"), name="candidate_name_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_step__gte=1, registration_step__lte=6),
                name="candidate_registration_step_range",
            ),
            models.CheckConstraint(
                condition=~Q(phase="gepauzeerd") | Q(paused_until__isnull=False),
                name="candidate_paused_has_resume_date",
            ),
        ]

    def __str__(self) -> str:
        if self.anonymised_at:
            return _("Anonymised candidate %(number)s") % {"number": self.pk}
        return self.full_name or str(self.user)

    @property
    def phase_label(self) -> str:
        """The phase's name, as ``get_phase_display`` but without rebuilding the choices on
        each call (a digest or a list shows it for every row)."""
        return Phase(self.phase).label if self.phase in Phase.values else self.phase

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def is_registered(self) -> bool:
        return self.registration_step >= 5

    @property
    def is_active(self) -> bool:
        return self.phase in MAIN_PHASES


class TeachingQualification(models.Model):
    """A teaching qualification the candidate already holds (Dutch or foreign). A foreign one
    counts as a Dutch one of its grade once DUO recognised it (``recognised``)."""

    class Country(models.TextChoices):
        DUTCH = "nl", _("Dutch")
        FOREIGN = "foreign", _("Foreign")

    class Grade(models.TextChoices):
        FIRST = "first", _("First grade (all of secondary)")
        SECOND = "second", _("Second grade (lower secondary, mbo)")
        PRIMARY = "primary", _("Primary school (pabo)")
        OTHER = "other", _("Other or not sure")

    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="qualifications",
        verbose_name=_("candidate"),
    )
    country = models.CharField(_("obtained in"), max_length=8, choices=Country.choices)
    grade = models.CharField(_("grade"), max_length=8, choices=Grade.choices)
    subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("subject"),
    )
    recognised = models.BooleanField(
        _("recognised by DUO"),
        default=False,
        help_text=_("Only for a qualification from abroad: DUO declared it equivalent."),
    )
    still_teaching = models.BooleanField(_("still teaching"), default=False)

    class Meta:
        verbose_name = _("teaching qualification")
        verbose_name_plural = _("teaching qualifications")

    def __str__(self) -> str:
        subject = f" – {self.subject}" if self.subject_id else ""
        return f"{self.get_country_display()} {self.get_grade_display()}{subject}"

    @property
    def counts_as_dutch(self) -> bool:
        return self.country == self.Country.DUTCH or self.recognised


class PhaseEvent(models.Model):
    """One change of phase: who, when, from what to what, and why. Never edited."""

    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="phase_events",
        verbose_name=_("candidate"),
    )
    from_phase = models.CharField(_("from phase"), max_length=14, choices=Phase.choices, blank=True)
    to_phase = models.CharField(_("to phase"), max_length=14, choices=Phase.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["to_phase", "created_at"], name="phaseevent_to_time")]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.from_phase or '–'} → {self.to_phase}"


class DuplicateFlag(models.Model):
    """Two candidates that look like the same person; the desk decides, nothing is merged."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="+", verbose_name=_("candidate")
    )
    looks_like = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="+", verbose_name=_("looks like")
    )
    reason = models.CharField(_("reason"), max_length=200)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "looks_like"], name="duplicateflag_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} ≈ {self.looks_like}"

    REASONS = {
        "name_phone": _("same name and phone number"),
        "name_birth": _("same name and date of birth"),
    }

    def get_reason_display(self) -> str:
        """The stored codes in the reader's language (rows of older versions: as stored)."""
        return ", ".join(str(self.REASONS.get(code, code)) for code in self.reason.split(","))
