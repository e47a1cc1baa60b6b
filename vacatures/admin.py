from django.contrib import admin

from loket.core.admin_media import PortalModelAdmin
from vacatures.models import Interest, Vacancy, VacancyEvent


class VacancyEventInline(admin.TabularInline):
    model = VacancyEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "kind", "from_status", "to_status", "changes"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Vacancy)
class VacancyAdmin(PortalModelAdmin):
    """Read-only: vacancies are managed on the HR pages, where every change is audited."""

    list_display = ["title", "school", "status", "closing_date", "published_at"]
    list_filter = ["status", "school__region"]
    search_fields = ["title", "school__name"]
    inlines = [VacancyEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Interest)
class InterestAdmin(PortalModelAdmin):
    list_display = ["vacancy", "user", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False
