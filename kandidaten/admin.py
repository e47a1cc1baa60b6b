"""Admin for the routes (coordinators edit the advice rules) and a read-mostly candidate view."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kandidaten.models import (
    Candidate,
    ConsentRecord,
    DuplicateFlag,
    ErasureRecord,
    PhaseEvent,
    PrivacyStatement,
    RetentionRun,
    Route,
    TeachingQualification,
)
from loket.core.admin_media import PortalModelAdmin
from loket.core.models import Role
from loket.core.selectors import coordinated_regions, roles_of


def _is_coordinator(request) -> bool:
    return request.user.is_active and (
        request.user.is_superuser or Role.COORDINATOR in roles_of(request.user)
    )


@admin.register(Route)
class RouteAdmin(PortalModelAdmin):
    """Regional coordinators keep their region's route advice up to date, so their role (not a
    Django permission someone has to remember to grant) lets them edit routes: their region's
    own rows. The national defaults they read, and adapt with "Adapt for my region", which
    makes an own copy that replaces the national route for their candidates."""

    list_display = ["name", "region", "sectors", "min_education", "leads_to", "order", "is_active"]
    list_filter = ["region", "is_active", "leads_to", "min_education"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["adapt_for_my_region"]
    fieldsets = [
        (None, {"fields": ["region", "slug", "name", "name_en", "explanation", "explanation_en"]}),
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
                    "requires_degree_in_progress",
                    "bridge",
                    "bridge_en",
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

    def _regions(self, request):
        return coordinated_regions(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("region")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(Q(region=None) | Q(region__in=self._regions(request)))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region" and not request.user.is_superuser:
            kwargs["queryset"] = self._regions(request)
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return _is_coordinator(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _is_coordinator(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return _is_coordinator(request) or super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        if obj is not None:
            # National routes are read-only for coordinators: they adapt a copy instead.
            return (
                obj.region_id is not None
                and self._regions(request).filter(pk=obj.region_id).exists()
            )
        return _is_coordinator(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and (
            request.user.is_superuser or obj is None or obj.region_id is not None
        )

    @admin.action(description=_("Adapt for my region (make an own copy)"))
    def adapt_for_my_region(self, request, queryset):
        made = 0
        for region in self._regions(request):
            for route in queryset.filter(region=None):
                if Route.objects.filter(region=region, slug=route.slug).exists():
                    continue
                route.pk = None
                route.region = region
                route.save()
                made += 1
        self.message_user(
            request,
            _("%(count)s route(s) copied; edit the copies to change your region's advice.")
            % {"count": made},
        )


@admin.register(PrivacyStatement)
class PrivacyStatementAdmin(PortalModelAdmin):
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
class CandidateAdmin(PortalModelAdmin):
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
class ConsentRecordAdmin(PortalModelAdmin):
    list_display = ["candidate", "kind", "given", "statement", "created_at"]
    list_filter = ["kind", "given"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DuplicateFlag)
class DuplicateFlagAdmin(PortalModelAdmin):
    list_display = ["candidate", "looks_like", "get_reason_display", "created_at", "resolved_at"]
    raw_id_fields = ["candidate", "looks_like"]


class ReadOnlyLogAdmin(PortalModelAdmin):
    """A log is read, never written by hand (privacy: who was erased when, and why)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyLogAdmin):
    list_display = ["ran_at", "acted_on", "anonymised", "candidate_ids", "failed_ids"]
    date_hierarchy = "ran_at"


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyLogAdmin):
    list_display = ["created_at", "candidate_id", "reason", "by"]
    list_filter = ["reason"]
    list_select_related = ["by"]
