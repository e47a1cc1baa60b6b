from django import template

from kandidaten.models import Route

register = template.Library()


@register.simple_tag
def public_routes():
    """The routes the region advises, for public pages (names and explanations only)."""
    return list(
        Route.objects.filter(is_active=True).only(
            "slug", "name", "name_en", "explanation", "explanation_en", "order"
        )
    )
