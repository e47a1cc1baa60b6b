"""The region's reference data: regions, boards, schools, subjects, training institutes and
postcode areas."""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
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
    privacy_statement = models.TextField(
        _("full privacy statement (Dutch)"),
        blank=True,
        help_text=_("Shown on the privacy page and linked from every page's footer (Markdown)."),
    )
    privacy_statement_en = models.TextField(_("full privacy statement (English)"), blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def localized_privacy_statement(self) -> str:
        english = self.privacy_statement_en
        return english if get_language() == "en" and english else self.privacy_statement


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
