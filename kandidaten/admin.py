"""Admin for the routes (coordinators edit the advice rules) and a read-mostly candidate view."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kandidaten.models import (
    Candidate,
    ConsentRecord,
    DuplicateFlag,
    PhaseEvent,
    PrivacyStatement,
    Route,
    TeachingQualification,
)
from loket.models import Role
from loket.selectors import roles_of


def _is_coordinator(request) -> bool:
    return request.user.is_active and (
        request.user.is_superuser or Role.COORDINATOR in roles_of(request.user)
    )


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    """Regional coordinators keep the route advice up to date, so their role (not a Django
    permission someone has to remember to grant) lets them edit routes."""

    list_display = ["name", "sectors", "min_education", "leads_to", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "leads_to", "min_education"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["slug", "name", "name_en", "explanation", "explanation_en"]}),
        (
            _("Requirements"),
            {
                "fields": [
                    "sectors",
                    "min_education",
                    "max_education",
                    "requires_related_field",
                    "requires_school_job",
                    "qualification_needed",
                    "situations",
                    "max_hours_per_week",
                ]
            },
        ),
        (
            _("Outcome"),
            {
                "fields": [
                    "leads_to",
                    "duration",
                    "duration_en",
                    "cost_indication",
                    "cost_indication_en",
                    "where_to_study",
                    "order",
                    "is_active",
                ]
            },
        ),
    ]

    def has_module_permission(self, request):
        return _is_coordinator(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _is_coordinator(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return _is_coordinator(request) or super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return _is_coordinator(request) or super().has_change_permission(request, obj)


@admin.register(PrivacyStatement)
class PrivacyStatementAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at"]


class QualificationInline(admin.TabularInline):
    model = TeachingQualification
    extra = 0


class PhaseEventInline(admin.TabularInline):
    model = PhaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_phase", "to_phase", "actor", "note", "created_at"]

    def has_add_permission(self, request, obj=None):
        # Phase changes go through candidate_change_phase so they are always complete.
        return False


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["full_name", "region", "phase", "guide", "registration_step", "updated_at"]
    list_filter = ["phase", "region"]
    search_fields = ["full_name", "user__email"]
    raw_id_fields = ["user", "guide"]
    readonly_fields = [
        "phase",
        "consent_desk",
        "consent_region_schools",
        "consent_other_regions",
        "created_at",
        "updated_at",
    ]
    inlines = [QualificationInline, PhaseEventInline]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["candidate", "kind", "given", "statement", "created_at"]
    list_filter = ["kind", "given"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DuplicateFlag)
class DuplicateFlagAdmin(admin.ModelAdmin):
    list_display = ["candidate", "looks_like", "get_reason_display", "created_at", "resolved_at"]
    raw_id_fields = ["candidate", "looks_like"]
