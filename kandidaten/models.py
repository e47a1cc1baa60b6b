"""Candidates and their journey: the profile they build while registering, their consents,
the route advice rules, and every change of phase as an event."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from loket.models import Region, Subject

# The sectors a candidate can choose and a route can lead to (special education is reached
# through the po and vo routes, so it is not offered separately here).
SECTOR_CHOICES = [
    ("po", _("Primary education (po)")),
    ("vo", _("Secondary education (vo)")),
    ("mbo", _("Vocational education (mbo)")),
]


class Education(models.TextChoices):
    """Highest completed education, from low to high; ``rank`` compares them."""

    NONE = "none", _("No completed mbo, hbo or wo degree")
    MBO = "mbo", _("mbo")
    HBO = "hbo", _("hbo bachelor")
    WO_BACHELOR = "wo_bachelor", _("wo bachelor")
    WO_MASTER = "wo_master", _("wo master")

    @classmethod
    def rank(cls, value: str) -> int:
        return [c.value for c in cls].index(value)


class Situation(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    STUDENT = "student", _("Student")
    JOB_SEEKER = "job_seeker", _("Looking for work")
    OTHER = "other", _("Something else")


class FieldRelation(models.TextChoices):
    YES = "yes", _("Yes, closely related")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class DutchLevel(models.TextChoices):
    NATIVE = "native", _("Native speaker")
    C2 = "c2", _("C2 (proficient)")
    C1 = "c1", _("C1 (advanced)")
    B2 = "b2", _("B2 (upper intermediate)")
    B1 = "b1", _("B1 (intermediate)")
    A2 = "a2", _("A2 or lower")


class Phase(models.TextChoices):
    """The journey from DOMAIN.md: seven phases in order, then three side exits."""

    INTERESSE = "interesse", _("Interest")
    ORIENTATIE = "orientatie", _("Orientation")
    INTAKE = "intake", _("Intake")
    GESCHIKTHEID = "geschiktheid", _("Suitability assessment")
    MATCHING = "matching", _("Matching")
    GESTART = "gestart", _("Started")
    BEGELEIDING = "begeleiding", _("Induction")
    GEPAUZEERD = "gepauzeerd", _("Paused")
    AFGEHAAKT = "afgehaakt", _("Dropped out")
    DOORVERWEZEN = "doorverwezen", _("Referred elsewhere")


MAIN_PHASES = [
    Phase.INTERESSE,
    Phase.ORIENTATIE,
    Phase.INTAKE,
    Phase.GESCHIKTHEID,
    Phase.MATCHING,
    Phase.GESTART,
    Phase.BEGELEIDING,
]
SIDE_EXITS = [Phase.GEPAUZEERD, Phase.AFGEHAAKT, Phase.DOORVERWEZEN]


class DropoutReason(models.TextChoices):
    OTHER_JOB = "other_job", _("I chose another job or career")
    NOT_FOR_ME = "not_for_me", _("Teaching is not for me after all")
    ROUTE_TOO_LONG = "route", _("The route is too long or too expensive")
    PERSONAL = "personal", _("Personal circumstances")
    NO_SCHOOL = "no_school", _("No suitable school or vacancy")
    OTHER = "other", _("Another reason")


class Source(models.TextChoices):
    SEARCH = "search", _("Search engine")
    SOCIAL = "social", _("Social media")
    FRIEND = "friend", _("Friends, family or colleagues")
    EVENT = "event", _("An event or information evening")
    SCHOOL = "school", _("A school or training institute")
    UWV = "uwv", _("UWV or the municipality")
    OTHER = "other", _("Other")


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
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["region", "phase"], name="candidate_region_phase"),
            models.Index(fields=["phase"], name="candidate_phase"),
            models.Index(fields=["guide", "phase"], name="candidate_guide_phase"),
            models.Index(fields=["-updated_at"], name="candidate_updated"),
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
        return self.full_name or str(self.user)

    @property
    def is_registered(self) -> bool:
        return self.registration_step >= 5

    @property
    def is_active(self) -> bool:
        return self.phase in MAIN_PHASES


class TeachingQualification(models.Model):
    """A teaching qualification the candidate already holds (Dutch or foreign)."""

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

    class Meta:
        verbose_name = _("teaching qualification")
        verbose_name_plural = _("teaching qualifications")

    def __str__(self) -> str:
        subject = f" – {self.subject}" if self.subject_id else ""
        return f"{self.get_country_display()} {self.get_grade_display()}{subject}"


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


class Route(models.Model):
    """A route into teaching with its requirements, kept as data so the region can edit it.

    ``services.route_advice`` reads these rows: a route fits when every requirement is met, and
    is a close miss when exactly one is not. Sector is a filter, not a requirement: routes to a
    sector the candidate did not choose are not shown at all.
    """

    class Leads(models.TextChoices):
        FIRST_GRADE = "first", _("First-grade teaching qualification")
        SECOND_GRADE = "second", _("Second-grade teaching qualification")
        PRIMARY = "primary", _("Primary school teaching qualification")
        PDG = "pdg", _("Pedagogical-didactic certificate (PDG) for mbo")
        RECOGNITION = "recognition", _("Recognition of your qualification")
        DEGREE = "degree", _("A degree that opens the teacher routes")
        ROLE = "role", _("A role in the school without a teaching qualification")
        BACK = "back", _("Back in the classroom with your qualification")

    class QualificationNeeded(models.TextChoices):
        NONE = "", _("None")
        FOREIGN = "foreign", _("A foreign teaching qualification")
        DUTCH = "nl", _("A Dutch teaching qualification")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    explanation = models.TextField(_("explanation (Dutch)"))
    explanation_en = models.TextField(_("explanation (English)"), blank=True)
    sectors = ArrayField(
        models.CharField(max_length=4, choices=SECTOR_CHOICES), verbose_name=_("sectors")
    )
    min_education = models.CharField(
        _("minimum education"), max_length=12, choices=Education.choices, default=Education.NONE
    )
    max_education = models.CharField(
        _("maximum education"),
        max_length=12,
        choices=Education.choices,
        blank=True,
        help_text=_("For routes meant for people without a degree; empty means no maximum."),
    )
    requires_related_field = models.BooleanField(_("needs a related field of study"), default=False)
    requires_school_job = models.BooleanField(
        _("needs a job at a school"),
        default=False,
        help_text=_("Not a barrier: the advice says the desk helps find the job first."),
    )
    qualification_needed = models.CharField(
        _("needs an existing teaching qualification"),
        max_length=8,
        choices=QualificationNeeded.choices,
        blank=True,
    )
    situations = ArrayField(
        models.CharField(max_length=16, choices=Situation.choices),
        verbose_name=_("only for people who are"),
        default=list,
        blank=True,
        help_text=_("Empty means everyone."),
    )
    max_hours_per_week = models.PositiveSmallIntegerField(
        _("at most hours per week"), null=True, blank=True
    )
    leads_to = models.CharField(_("leads to"), max_length=12, choices=Leads.choices)
    duration = models.CharField(_("duration (Dutch)"), max_length=120)
    duration_en = models.CharField(_("duration (English)"), max_length=120, blank=True)
    cost_indication = models.CharField(_("cost indication (Dutch)"), max_length=200)
    cost_indication_en = models.CharField(
        _("cost indication (English)"), max_length=200, blank=True
    )
    where_to_study = models.CharField(_("where to study"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("shown in advice"), default=True)

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def _localized(self, field: str) -> str:
        english = getattr(self, f"{field}_en")
        return english if get_language() == "en" and english else getattr(self, field)

    @property
    def title(self) -> str:
        return self._localized("name")

    @property
    def text(self) -> str:
        return self._localized("explanation")

    @property
    def localized_duration(self) -> str:
        return self._localized("duration")

    @property
    def localized_cost(self) -> str:
        return self._localized("cost_indication")
