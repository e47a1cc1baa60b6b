"""The desk's core: people and their roles, and the region's reference data."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    PO = "po", _("Primary education (po)")
    VO = "vo", _("Secondary education (vo)")
    MBO = "mbo", _("Vocational education (mbo)")
    SO = "so", _("Special education (so/vso)")


class SchoolType(models.TextChoices):
    BASISSCHOOL = "basisschool", _("Primary school")
    SBO = "sbo", _("Special primary school (sbo)")
    PRAKTIJKONDERWIJS = "praktijkonderwijs", _("Practical education")
    VMBO = "vmbo", _("vmbo")
    HAVO = "havo", _("havo")
    VWO = "vwo", _("vwo")
    MBO = "mbo", _("mbo college")
    SO = "so", _("Special school (so/vso)")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email: str):
        # The admin's login must accept "Anna@Example.org" just like allauth does.
        return self.get(email__iexact=email)

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. The email address is the login; it is unique regardless of case.

    What someone may do comes from their roles (``RoleAssignment``), not from flags on the user;
    ``is_staff`` only opens the Django admin.
    """

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="nl",
        choices=[("nl", "Nederlands"), ("en", "English")],
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Region(models.Model):
    """An onderwijsregio: boards, institutes and unions that run one regional desk together."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    desk_email = models.EmailField(_("desk email address"), blank=True)
    desk_phone = models.CharField(_("desk phone number"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    no_contact_days = models.PositiveSmallIntegerField(
        _("days without contact before a case is flagged"),
        default=14,
        validators=[MinValueValidator(1)],
        help_text=_("Candidates without a logged contact for this long show up as stalled."),
    )
    retention_days = models.PositiveIntegerField(
        _("days an inactive record is kept"),
        default=730,
        validators=[MinValueValidator(30)],
        help_text=_("After this long without activity a candidate's data is removed."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Board(models.Model):
    """A school board (schoolbestuur, the bevoegd gezag) that employs staff in its schools."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="boards", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200)
    board_number = models.CharField(
        _("board number"), max_length=10, blank=True, help_text=_("Bevoegd gezag number (DUO).")
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("school board")
        verbose_name_plural = _("school boards")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="board_unique_name_per_region")
        ]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    """A school branch (vestiging) with a location, so distances can be computed."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="schools", verbose_name=_("region")
    )
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="schools", verbose_name=_("board")
    )
    name = models.CharField(_("name"), max_length=200)
    branch_number = models.CharField(
        _("branch number"), max_length=8, unique=True, help_text=_("BRIN and branch, e.g. 12AB00.")
    )
    sectors = ArrayField(
        models.CharField(max_length=4, choices=Sector.choices), verbose_name=_("sectors")
    )
    school_types = ArrayField(
        models.CharField(max_length=20, choices=SchoolType.choices),
        verbose_name=_("school types"),
        default=list,
        blank=True,
    )
    street_address = models.CharField(_("street address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=7)
    municipality = models.CharField(_("municipality"), max_length=100)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    accepts_career_switchers = models.BooleanField(
        _("takes career switchers"),
        default=True,
        help_text=_("Whether the school employs zij-instromers who work while they train."),
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        indexes = [models.Index(fields=["region", "municipality"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="school_coordinates_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"

    def clean(self):
        super().clean()
        if self.board_id and self.region_id and self.board.region_id != self.region_id:
            raise ValidationError({"board": _("This board belongs to another region.")})


class Subject(models.Model):
    """A school subject as taught in one or more sectors; shortage subjects are flagged.

    Subjects are national reference data: every region uses the same list so the shortage
    picture can be compared across regions.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    sectors = ArrayField(
        models.CharField(max_length=4, choices=Sector.choices), verbose_name=_("sectors")
    )
    is_shortage = models.BooleanField(_("shortage subject"), default=False)
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("related subjects")
    )

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TrainingInstitute(models.Model):
    """A teacher-training institute (lerarenopleiding) that runs suitability assessments."""

    class Kind(models.TextChoices):
        HBO = "hbo", _("University of applied sciences (hbo)")
        WO = "wo", _("University (wo)")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100)
    regions = models.ManyToManyField(
        Region, related_name="institutes", verbose_name=_("regions"), blank=True
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("training institute")
        verbose_name_plural = _("training institutes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    DESK_STAFF = "desk_staff", _("Desk staff")
    COORDINATOR = "coordinator", _("Regional coordinator")
    HR_OFFICER = "hr_officer", _("HR officer")
    STUDY_ADVISER = "study_adviser", _("Study adviser")
    CANDIDATE = "candidate", _("Candidate")


class RoleAssignment(models.Model):
    """One role a user holds, with the scope it holds it in.

    Desk staff and coordinators work for a region; an HR officer for one school or a whole board;
    a study adviser for a training institute; a candidate role has no scope. A user can hold
    several roles. The database refuses a role without its scope.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("region")
    )
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("board")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("school")
    )
    institute = models.ForeignKey(
        TrainingInstitute,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("training institute"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                name="role_has_its_scope",
                condition=(
                    Q(
                        role__in=["desk_staff", "coordinator"],
                        region__isnull=False,
                        board__isnull=True,
                        school__isnull=True,
                        institute__isnull=True,
                    )
                    | Q(
                        role="hr_officer",
                        region__isnull=True,
                        institute__isnull=True,
                    )
                    & (
                        Q(board__isnull=False, school__isnull=True)
                        | Q(board__isnull=True, school__isnull=False)
                    )
                    | Q(
                        role="study_adviser",
                        institute__isnull=False,
                        region__isnull=True,
                        board__isnull=True,
                        school__isnull=True,
                    )
                    | Q(
                        role="candidate",
                        region__isnull=True,
                        board__isnull=True,
                        school__isnull=True,
                        institute__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region", "board", "school", "institute"],
                nulls_distinct=False,
                name="role_assignment_unique",
            ),
        ]

    def __str__(self) -> str:
        scope = self.region or self.board or self.school or self.institute
        return f"{self.get_role_display()} – {scope}" if scope else self.get_role_display()


class Heartbeat(models.Model):
    """The last run of a periodic task, proving that beat, broker and worker work together."""

    name = models.CharField(max_length=60, unique=True)
    last_run_at = models.DateTimeField()
    runs = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_run_at:%Y-%m-%d %H:%M:%S}"


class PostcodeArea(models.Model):
    """The centre of a four-digit postcode area (PC4), for distances without an online service.

    Loaded from the open CBS/PDOK PC4 data with ``manage.py import_postcode_areas``; the demo
    ships the areas of its own regions.
    """

    digits = models.CharField(_("postcode digits"), max_length=4, primary_key=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")

    def __str__(self) -> str:
        return f"{self.digits} {self.municipality}".strip()


# --- Outgoing mail and reminders ------------------------------------------------------------------


class MailReason(models.TextChoices):
    """Why a message is sent. One reason, one pair of templates (``mail/<reason>.txt|html``).

    Reasons for rules that other apps add later are listed here already, so their mail log reads
    the same everywhere.
    """

    ACCOUNT = "account", _("Account (sign-in, verification, password)")
    ACCOUNT_UNVERIFIED = "account_unverified", _("Email address not confirmed yet")
    REGISTRATION_UNFINISHED = "registration_unfinished", _("Registration not finished")
    APPOINTMENT_TOMORROW = "appointment_tomorrow", _("Intake or event tomorrow")
    GUIDE_DIGEST = "guide_digest", _("Daily overview for the guide")
    PROPOSAL_UNANSWERED = "proposal_unanswered", _("Proposal not answered yet")
    PROPOSAL_ESCALATED = "proposal_escalated", _("Proposal unanswered for too long")
    PROPOSAL_UPDATE = "proposal_update", _("News about a proposal")
    PROPOSAL_RECEIVED = "proposal_received", _("A candidate proposed to your school")
    PROPOSAL_ANSWERED = "proposal_answered", _("A school answered a proposal")
    ASSESSMENT_REQUESTED = "assessment_requested", _("A candidate referred for an assessment")
    ASSESSMENT_OUTCOME = "assessment_outcome", _("Outcome of a suitability assessment")
    REFERRAL_UPDATE = "referral_update", _("A referral between regions")
    APPOINTMENT_PLANNED = "appointment_planned", _("An appointment was planned")
    EVENT_SIGNUP = "event_signup", _("Signed up for an event")
    VACANCY_INTEREST = "vacancy_interest", _("A candidate is interested in a vacancy")
    VACANCY_CLOSING = "vacancy_closing", _("Vacancy closes soon")
    RETENTION_WARNING = "retention_warning", _("Your data will be removed soon")
    FAILED_MAIL_DIGEST = "failed_mail_digest", _("Daily overview of undeliverable mail")
    TEST = "test", _("Test message")


# Digests bundle many items into one message a day; the reminder cap does not count them.
DIGEST_REASONS = frozenset({MailReason.GUIDE_DIGEST, MailReason.FAILED_MAIL_DIGEST})
# Neither held back by the cap nor counted for it: digests, and the reminder of an appointment
# the person booked themselves (a registration reminder yesterday must not swallow it).
# Reminders about a school's own open work (a proposal waiting for its answer) are not nudges to
# a private person: each proposal is reminded once, so capping them would silently drop most.
CAP_EXEMPT_REASONS = DIGEST_REASONS | {
    MailReason.APPOINTMENT_TOMORROW,
    MailReason.PROPOSAL_UNANSWERED,
    MailReason.PROPOSAL_ESCALATED,
}


class OutgoingMail(models.Model):
    """One message to one person, recorded before it is sent.

    The row is written in the same transaction as the thing that caused it and handed to Celery
    after commit. ``key`` is unique, so the same reason for the same object in the same period
    never produces a second message. A worker claims the row (queued → sending) with a conditional
    UPDATE before it talks to the mail server, so running the send task twice sends once.
    ``last_error`` holds the mail server's answer only, never message content.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        WITHHELD = "withheld", _("Withheld")

    class Withheld(models.TextChoices):
        CAP = "cap", _("The person already had a reminder recently")
        UNSUBSCRIBED = "unsubscribed", _("The person unsubscribed from reminders")
        INACTIVE = "inactive", _("The account is no longer active")
        FORGOTTEN = "forgotten", _("The person's data was removed")

    recipient = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_mail",
        verbose_name=_("recipient"),
    )
    to_email = models.EmailField(_("to"), max_length=254)
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_mail",
        verbose_name=_("region"),
    )
    reason = models.CharField(_("reason"), max_length=40, choices=MailReason.choices)
    key = models.CharField(_("unique key"), max_length=200, unique=True)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    essential = models.BooleanField(
        _("essential"),
        default=False,
        help_text=_("Account and proposal mail: sent even when the person unsubscribed."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    withheld_reason = models.CharField(
        _("withheld because"), max_length=20, choices=Withheld.choices, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    dispatched_at = models.DateTimeField(
        _("handed to the worker for"),
        null=True,
        blank=True,
        help_text=_("When the last hand-over to the worker was due to run."),
    )
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["-created_at"]
        indexes = [
            # The sweep looks only at unfinished rows; a partial index keeps that cheap forever.
            models.Index(
                fields=["status", "not_before"],
                condition=Q(status__in=["queued", "sending"]),
                name="outgoingmail_unfinished",
            ),
            # The reminder cap: recent non-essential mail to one address.
            models.Index(
                fields=["to_email", "created_at"],
                condition=Q(essential=False),
                name="outgoingmail_cap",
            ),
            models.Index(fields=["recipient", "-created_at"], name="outgoingmail_recipient"),
            models.Index(fields=["region", "status", "-created_at"], name="outgoingmail_region"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} → {self.to_email} ({self.get_status_display()})"

    @property
    def is_digest(self) -> bool:
        return self.reason in DIGEST_REASONS


class MailPreference(models.Model):
    """What mail a person wants. Opting out of reminders never stops essential mail."""

    user = models.OneToOneField(
        User,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="mail_preference",
        verbose_name=_("user"),
    )
    reminders_opt_out = models.BooleanField(_("no reminders"), default=False)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("mail preference")
        verbose_name_plural = _("mail preferences")

    def __str__(self) -> str:
        return f"{self.user}: {'no reminders' if self.reminders_opt_out else 'reminders'}"


class ReminderSetting(models.Model):
    """A region's choice for one reminder rule: on or off, and its numbers (days, thresholds).

    Rules declare their defaults in code; a row here only overrides what the region changed.
    The rule name ``cap`` holds the region's reminder cap (``{"days": N}``).
    """

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("region"),
    )
    rule = models.CharField(_("rule"), max_length=60)
    enabled = models.BooleanField(_("enabled"), default=True)
    params = models.JSONField(_("settings"), default=dict, blank=True)

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.UniqueConstraint(fields=["region", "rule"], name="remindersetting_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.rule}"
