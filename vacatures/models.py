"""Vacancies that school HR officers post, with their audit trail and candidates' interest."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.models import School, SchoolType, Sector, Subject

MIN_HOURS, MAX_HOURS = 1, 40
# In Dutch education a full-time post (1 FTE) is 40 hours a week (CAO: 1659 hours a year).
HOURS_PER_FTE = 40


class Qualification(models.TextChoices):
    FIRST_GRADE = "first_grade", _("First-grade qualification (eerstegraads)")
    SECOND_GRADE = "second_grade", _("Second-grade qualification (tweedegraads)")
    IN_TRAINING = "in_training", _("Open to someone still in training")


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    TEMPORARY = "temporary", _("Temporary")
    REPLACEMENT = "replacement", _("Replacement")


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


def open_vacancy_q(prefix: str = "") -> Q:
    """Published and not past the closing date: public, and open to interest and proposals,
    also in the hour before the expiry task closes it."""
    return Q(
        **{
            f"{prefix}status": VacancyStatus.PUBLISHED,
            f"{prefix}closing_date__gte": timezone.localdate(),
        }
    )


class Vacancy(models.Model):
    """A post at one school.

    Rules kept here and in ``vacatures.services``: hours lie within 1–40; the closing date is
    never before the start date (the database refuses it too); only published vacancies are
    public; the description is Markdown-flavoured plain text, never HTML, and is sanitised again
    when rendered; ``search_vector`` is rebuilt by the services on every save (Dutch stemming).
    """

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("school")
    )
    title = models.CharField(_("title"), max_length=160)
    subjects = models.ManyToManyField(
        Subject, related_name="vacancies", verbose_name=_("subjects"), blank=True
    )
    sectors = ArrayField(
        models.CharField(max_length=4, choices=Sector.choices),
        verbose_name=_("sectors"),
        default=list,
        blank=True,
    )
    school_types = ArrayField(
        models.CharField(max_length=20, choices=SchoolType.choices),
        verbose_name=_("school types"),
        default=list,
        blank=True,
    )
    qualification = models.CharField(
        _("qualification needed"), max_length=20, choices=Qualification.choices
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"),
        validators=[MinValueValidator(MIN_HOURS), MaxValueValidator(MAX_HOURS)],
    )
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices
    )
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("Leave empty for “as soon as possible”."),
    )
    closing_date = models.DateField(_("closing date"))
    open_to_career_switchers = models.BooleanField(_("open to career switchers"), default=True)
    salary_scale = models.CharField(
        _("salary scale"), max_length=40, blank=True, help_text=_("For example LB, LC or LD.")
    )
    salary_min = models.PositiveIntegerField(
        _("minimum gross monthly salary (€)"), null=True, blank=True
    )
    salary_max = models.PositiveIntegerField(
        _("maximum gross monthly salary (€)"), null=True, blank=True
    )
    description = models.TextField(
        _("description"),
        help_text=_(
            "Plain text. Empty lines separate paragraphs; *italic*, **bold** and lists "
            "starting with “-” are allowed. HTML is not allowed."
        ),
    )
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_email = models.EmailField(_("contact email address"))
    contact_phone = models.CharField(_("contact phone number"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            GinIndex(fields=["search_vector"], name="vacancy_search_gin"),
            models.Index(fields=["status", "-published_at"], name="vacancy_status_published"),
            models.Index(fields=["status", "closing_date"], name="vacancy_status_closing"),
            models.Index(fields=["school", "status"], name="vacancy_school_status"),
            GinIndex(fields=["sectors"], name="vacancy_sectors_gin"),
            GinIndex(fields=["school_types"], name="vacancy_school_types_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=MIN_HOURS, hours_per_week__lte=MAX_HOURS),
                name="vacancy_hours_in_range",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(closing_date__gte=models.F("start_date")),
                name="vacancy_closing_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_max__gte=models.F("salary_min")),
                name="vacancy_salary_range_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="vacancy_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def fte(self) -> float:
        return round(self.hours_per_week / HOURS_PER_FTE, 2)

    @property
    def is_public(self) -> bool:
        """Published and not past its closing date (the hourly task closes it for good)."""
        return self.status == VacancyStatus.PUBLISHED and self.closing_date >= timezone.localdate()


class VacancyEvent(models.Model):
    """One change to a vacancy: who did it, when, the status move and the fields it changed.

    Rows are only ever added (by the services), so the history cannot be rewritten in the app.
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Changed")
        STATUS = "status", _("Status changed")
        EXPIRED = "expired", _("Closed automatically after the closing date")

    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="events", verbose_name=_("vacancy")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    from_status = models.CharField(
        _("from status"), max_length=12, choices=VacancyStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=12, choices=VacancyStatus.choices, blank=True
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("vacancy event")
        verbose_name_plural = _("vacancy events")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.vacancy_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class Interest(models.Model):
    """A signed-in candidate said “I am interested” in a vacancy; once per person and vacancy.

    The desk picks these up to follow the candidate up; the school does not see them directly.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="vacancy_interests",
        verbose_name=_("candidate"),
    )
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="interests", verbose_name=_("vacancy")
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.UniqueConstraint(fields=["user", "vacancy"], name="interest_once_per_vacancy")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.vacancy_id}"


# --- Proposals (voorstellen) ----------------------------------------------------------------------


class HrInvitation(models.Model):
    """An invitation to act as HR officer for one school or one board.

    Nothing changes for the invited address until its owner accepts: a new person chooses a
    password on the invitation page, an existing account signs in and says yes. The link's
    token is kept only as a hash; it works once and expires after ``EXPIRY_DAYS``.
    """

    EXPIRY_DAYS = 7

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("school")
    )
    board = models.ForeignKey(
        "loket.Board", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("board")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("HR invitation")
        verbose_name_plural = _("HR invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(school__isnull=True) ^ Q(board__isnull=True),
                name="hrinvitation_one_scope",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.scope}"

    @property
    def scope(self):
        return self.school or self.board

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None or self.declined_at is not None

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at
