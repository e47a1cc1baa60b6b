from django import template

from kandidaten import selectors

register = template.Library()


@register.simple_tag
def public_routes():
    return selectors.public_routes()
