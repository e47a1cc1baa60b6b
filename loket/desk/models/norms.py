"""How long a candidate may stay in a phase before the case counts as stalled."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The sectors a candidate can choose and a route can lead to (special education is reached
# through the po and vo routes, so it is not offered separately here).
from kandidaten.models import Phase
from loket.core.models import Region

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
        db_table = "kandidaten_phasenorm"  # the table it had in kandidaten
        verbose_name = _("phase norm")
        verbose_name_plural = _("phase norms")
        ordering = ["region", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["region", "phase"], name="phasenorm_unique"),
            models.CheckConstraint(condition=Q(days__gte=1), name="phasenorm_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.get_phase_display()} ({self.days})"
