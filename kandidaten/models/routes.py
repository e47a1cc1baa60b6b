"""The routes to the classroom that the route advice explains; national, and regional copies."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The sectors a candidate can choose and a route can lead to (special education is reached
# through the po and vo routes, so it is not offered separately here).
from kandidaten.models.choices import SECTOR_CHOICES, Education, Situation
from loket.core.models import Region


class Route(models.Model):
    """A route into teaching with its requirements, kept as data so the region can edit it.

    ``advice.route_advice`` reads these rows: a route fits when every requirement is met, and
    is a close miss ("almost") when exactly one is not; ``bridge`` says in plain words what it
    takes to meet a missing education requirement. Sector is a filter, not a requirement: routes
    to a sector the candidate did not choose are not shown at all.

    Routes without a region are the national defaults (shipped by a data migration). A region
    adapts one by keeping its own row with the same slug, which replaces the national one for
    its candidates (an inactive regional row hides it); it can also add routes of its own.
    """

    class Leads(models.TextChoices):
        FIRST_GRADE = "first", _("First-grade teaching qualification")
        SECOND_GRADE = "second", _("Second-grade teaching qualification")
        # Zij-instroom vo: which grade depends on the degree and the post (see ``leads_label``).
        FIRST_OR_SECOND = "first_second", _("Second-grade, or first-grade teaching qualification")
        LIMITED_SECOND = "limited", _("A limited second-grade teaching qualification")
        PRIMARY = "primary", _("Primary school teaching qualification")
        PDG = "pdg", _("Pedagogical-didactic certificate (PDG) for mbo")
        RECOGNITION = "recognition", _("Recognition of your qualification")
        DEGREE = "degree", _("A degree that opens the teacher routes")
        ROLE = "role", _("A role in the school without a teaching qualification")
        BACK = "back", _("Back in the classroom with your qualification")

    class QualificationNeeded(models.TextChoices):
        NONE = "", _("None")
        FOREIGN = "foreign", _("A foreign teaching qualification DUO has not recognised yet")
        DUTCH = "nl", _("A Dutch teaching qualification")
        QUALIFIED = (
            "qualified",
            _("A Dutch teaching qualification, or a foreign one DUO recognised"),
        )

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
        max_length=10,
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
    requires_degree_in_progress = models.BooleanField(
        _("only while studying for a bachelor"),
        default=False,
        help_text=_("For routes inside a bachelor, such as the educational minor."),
    )
    bridge = models.TextField(
        _("the way there (Dutch)"),
        blank=True,
        help_text=_(
            "Shown when the education this route asks for is missing: what it takes to get it, "
            "with duration and cost, in plain words."
        ),
    )
    bridge_en = models.TextField(_("the way there (English)"), blank=True)
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

    @property
    def localized_bridge(self) -> str:
        return self._localized("bridge")
