"""The desk's records in the admin: coordinators edit their own region's phase norms."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loket.core.admin import RegionScopedAdmin
from loket.desk.models import DEFAULT_PHASE_NORM_DAYS, PhaseNorm


@admin.register(PhaseNorm)
class PhaseNormAdmin(RegionScopedAdmin):
    """Coordinators set how long a candidate may stay in a phase before the case is stalled;
    without a row the default of the code applies (shown in the help text)."""

    list_display = ["region", "phase", "days"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "phase"]
    list_select_related = ["region"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        defaults = ", ".join(
            f"{phase.label}: {days}" for phase, days in DEFAULT_PHASE_NORM_DAYS.items()
        )
        form.base_fields["days"].help_text = _("Defaults: %(defaults)s.") % {"defaults": defaults}
        return form
