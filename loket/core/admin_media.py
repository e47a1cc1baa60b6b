"""The admin's scripts, lean: always the minified jQuery (Django sends the 280 KB source copy
with DEBUG on), and the slug-prepopulating scripts (a 320 KB regular-expression library) only on
the forms of models that have a slug to fill in, never on a list."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

BASE_SCRIPTS = [
    "vendor/jquery/jquery.min.js",
    "jquery.init.js",
    "core.js",
    "admin/RelatedObjectLookups.js",
    "actions.js",
]
PREPOPULATE_SCRIPTS = ["urlify.js", "prepopulate.js", "vendor/xregexp/xregexp.min.js"]


def _scripts(names: list[str]) -> forms.Media:
    return forms.Media(js=[f"admin/js/{name}" for name in names])


class LeanMediaAdmin:
    @property
    def media(self):
        return _scripts(BASE_SCRIPTS + (PREPOPULATE_SCRIPTS if self.prepopulated_fields else []))

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context and "media" in context:
            action_form = context.get("action_form")
            context["media"] = _scripts(BASE_SCRIPTS) + (
                action_form.media if action_form else forms.Media()
            )
        return response


class PortalModelAdmin(LeanMediaAdmin, admin.ModelAdmin):
    """The base of every ModelAdmin in the portal."""


class PortalUserAdmin(LeanMediaAdmin, UserAdmin):
    """Django's user admin with the portal's lean scripts."""
