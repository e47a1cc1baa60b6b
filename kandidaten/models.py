"""Candidates and their journey: the profile they build while registering, their consents,
the route advice rules, and every change of phase as an event."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from loket.models import Region, Subject, TrainingInstitute

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


class TeachingLevel(models.TextChoices):
    """What the candidate can teach now or can reach, read by matching against the level a
    post needs. Derived from education, field and qualifications by ``teaching_level_of``."""

    QUALIFIED_FIRST = "qualified_first", _("Qualified: first grade")
    QUALIFIED_SECOND = "qualified_second", _("Qualified: second grade")
    QUALIFIED_PRIMARY = "qualified_primary", _("Qualified: primary school")
    ROUTE_FIRST = "route_first", _("Can train for first grade")
    ROUTE_SECOND = "route_second", _("Can train for second grade or primary")
    NO_DEGREE = "no_degree", _("Needs a degree first")


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

    REASONS = {
        "name_phone": _("same name and phone number"),
        "name_birth": _("same name and date of birth"),
    }

    def get_reason_display(self) -> str:
        """The stored codes in the reader's language (rows of older versions: as stored)."""
        return ", ".join(str(self.REASONS.get(code, code)) for code in self.reason.split(","))


class Route(models.Model):
    """A route into teaching with its requirements, kept as data so the region can edit it.

    ``advice.route_advice`` reads these rows: a route fits when every requirement is met, and
    is a close miss when exactly one is not. Sector is a filter, not a requirement: routes to a
    sector the candidate did not choose are not shown at all.

    Routes without a region are the national defaults (shipped by a data migration). A region
    adapts one by keeping its own row with the same slug, which replaces the national one for
    its candidates (an inactive regional row hides it); it can also add routes of its own.
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

    slug = models.SlugField(_("slug"), max_length=60)
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routes",
        verbose_name=_("region"),
        help_text=_("Empty for the national default; a region's own row replaces it."),
    )
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
        constraints = [
            models.UniqueConstraint(
                fields=["region", "slug"], nulls_distinct=False, name="route_slug_per_region"
            )
        ]

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


# --- The desk's work with a candidate -------------------------------------------------------------

# How long a candidate may stay in a phase before the case counts as stalled, unless the region
# sets its own norm (``PhaseNorm``). The last two phases are not a waiting room: no norm.
DEFAULT_PHASE_NORM_DAYS = {
    Phase.INTERESSE: 14,
    Phase.ORIENTATIE: 42,
    Phase.INTAKE: 21,
    Phase.GESCHIKTHEID: 56,
    Phase.MATCHING: 56,
}


class PhaseNorm(models.Model):
    """A region's norm for one phase: after this many days in it, the case is stalled."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="phase_norms", verbose_name=_("region")
    )
    phase = models.CharField(
        _("phase"),
        max_length=14,
        choices=[(p.value, p.label) for p in DEFAULT_PHASE_NORM_DAYS],
    )
    days = models.PositiveSmallIntegerField(_("days"))

    class Meta:
        verbose_name = _("phase norm")
        verbose_name_plural = _("phase norms")
        ordering = ["region", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["region", "phase"], name="phasenorm_unique"),
            models.CheckConstraint(condition=Q(days__gte=1), name="phasenorm_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.get_phase_display()} ({self.days})"


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("Email")
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
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.created_at:%Y-%m-%d}"


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
    }

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.candidate_id}"

    def get_what_display(self) -> str:
        return str(self.WHAT.get(self.what, self.what))


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


# --- Events and appointments ----------------------------------------------------------------------


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
