"""People who sign in and the roles they hold, each with its scope."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.models.organisations import Board, Region, School, TrainingInstitute


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
        # The pipeline searches candidates by part of their email address (``icontains``).
        indexes = [GinIndex(OpClass(Upper("email"), name="gin_trgm_ops"), name="user_email_trgm")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


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
