"""Admin for the region's reference data.

Superusers manage everything. A regional coordinator (``is_staff`` plus a coordinator role) sees
and edits only the boards and schools of their own region(s); subjects (national) and training
institutes (shared between regions) are read-only for them.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loket.core.admin_media import PortalModelAdmin, PortalUserAdmin
from loket.core.mail.forms import ReminderSettingForm
from loket.core.models import (
    Board,
    Heartbeat,
    MailPreference,
    OutgoingMail,
    PostcodeArea,
    Region,
    ReminderSetting,
    RoleAssignment,
    School,
    Subject,
    TrainingInstitute,
    User,
)
from loket.core.selectors import coordinated_regions


def _is_coordinator(request) -> bool:
    return (
        request.user.is_active
        and request.user.is_staff
        and coordinated_regions(request.user).exists()
    )


class RegionScopedAdmin(PortalModelAdmin):
    """Limits a coordinator to rows of their own region; ``region_path`` says how to get there."""

    region_path = "region"
    coordinator_can_add = True
    coordinator_can_delete = True

    def _regions(self, request):
        return coordinated_regions(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.region_path}__in": self._regions(request)}).distinct()

    def has_module_permission(self, request):
        return request.user.is_superuser or _is_coordinator(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or _is_coordinator(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser or _is_coordinator(request)

    def has_add_permission(self, request):
        return request.user.is_superuser or (self.coordinator_can_add and _is_coordinator(request))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser or (
            self.coordinator_can_delete and _is_coordinator(request)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            regions = self._regions(request)
            if db_field.name == "region":
                kwargs["queryset"] = regions
            elif db_field.name == "board":
                kwargs["queryset"] = Board.objects.filter(region__in=regions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser and db_field.name == "regions":
            kwargs["queryset"] = self._regions(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Region)
class RegionAdmin(RegionScopedAdmin):
    region_path = "pk"
    coordinator_can_add = False
    coordinator_can_delete = False
    list_display = ["name", "desk_email", "desk_phone"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=self._regions(request).values("pk"))


@admin.register(Board)
class BoardAdmin(RegionScopedAdmin):
    list_display = ["name", "board_number", "region"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "board_number"]
    list_select_related = ["region"]


@admin.register(School)
class SchoolAdmin(RegionScopedAdmin):
    list_display = ["name", "branch_number", "municipality", "board", "accepts_career_switchers"]
    list_filter = [
        ("region", admin.RelatedOnlyFieldListFilter),
        "accepts_career_switchers",
        "municipality",
    ]
    search_fields = ["name", "branch_number", "municipality", "postcode"]
    list_select_related = ["board"]
    fieldsets = [
        (None, {"fields": ["name", "branch_number", "region", "board", "website"]}),
        (_("Education"), {"fields": ["sectors", "school_types", "accepts_career_switchers"]}),
        (
            _("Location"),
            {"fields": ["street_address", "postcode", "municipality", "latitude", "longitude"]},
        ),
    ]


@admin.register(TrainingInstitute)
class TrainingInstituteAdmin(RegionScopedAdmin):
    region_path = "regions"
    coordinator_can_add = False
    coordinator_can_delete = False
    list_display = ["name", "kind", "city"]
    list_filter = ["kind"]
    search_fields = ["name", "city"]
    filter_horizontal = ["regions"]

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Subject)
class SubjectAdmin(RegionScopedAdmin):
    list_display = ["name", "is_shortage", "sector_list"]
    list_filter = ["is_shortage"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["related"]

    @admin.display(description=_("sectors"))
    def sector_list(self, obj):
        return ", ".join(obj.sectors)

    def get_queryset(self, request):
        return admin.ModelAdmin.get_queryset(self, request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["region", "board", "school", "institute"]


@admin.register(User)
class UserAdmin(PortalUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal"), {"fields": ["full_name", "language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Heartbeat)
class HeartbeatAdmin(PortalModelAdmin):
    list_display = ["name", "last_run_at", "runs"]
    readonly_fields = ["name", "last_run_at", "runs"]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(PortalModelAdmin):
    list_display = ["digits", "municipality", "latitude", "longitude"]
    search_fields = ["digits", "municipality"]


# --- Outgoing mail and reminders (issue 6) ---------------------------------------------------


@admin.register(OutgoingMail)
class OutgoingMailAdmin(RegionScopedAdmin):
    """Every message and what happened to it; read-only, because the log is evidence.

    Coordinators see their region's mail, so a permanent failure is visible to the desk.
    """

    coordinator_can_add = False
    coordinator_can_delete = False
    list_display = ["created_at", "to_email", "reason", "status", "withheld_reason", "attempts"]
    list_filter = ["status", "reason", "essential", "region"]
    search_fields = ["to_email", "key"]
    list_select_related = ["region"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutgoingMail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderSetting)
class ReminderSettingAdmin(RegionScopedAdmin):
    """A region switches a reminder rule on or off and sets its numbers (JSON, e.g.
    ``{"days": [2, 7]}``); the rule ``cap`` sets the reminder cap (``{"days": 3}``)."""

    list_display = ["region", "rule", "enabled", "params"]
    list_filter = ["region", "rule", "enabled"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = ReminderSettingForm
        return super().get_form(request, obj, **kwargs)


@admin.register(MailPreference)
class MailPreferenceAdmin(PortalModelAdmin):
    list_display = ["user", "reminders_opt_out", "changed_at"]
    list_filter = ["reminders_opt_out"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
