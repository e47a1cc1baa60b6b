"""``{% public_fragment "board" "vacancies" %}…{% endpublic_fragment %}``: the enclosed part of
a public page, rendered once for all anonymous visitors and kept until a version it depends on
is bumped (``loket.core.cache``). The enclosed part must not hold anything personal or a CSRF
token; the view keeps the context it needs lazy, so a cached render costs no queries."""

from django import template

from loket.core.cache import public_fragment

register = template.Library()


class PublicFragmentNode(template.Node):
    def __init__(self, nodelist, name: str, depends_on: tuple[str, ...]):
        self.nodelist = nodelist
        self.name = name
        self.depends_on = depends_on

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        return public_fragment(
            request, self.name, self.depends_on, lambda: self.nodelist.render(context)
        )


@register.tag("public_fragment")
def do_public_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            f"{bits[0]} needs a fragment name and at least one version name"
        )
    names = []
    for bit in bits[1:]:
        if not (bit[0] == bit[-1] and bit[0] in {'"', "'"}):
            raise template.TemplateSyntaxError(f"{bits[0]} takes quoted names, not {bit}")
        names.append(bit[1:-1])
    nodelist = parser.parse(("endpublic_fragment",))
    parser.delete_first_token()
    return PublicFragmentNode(nodelist, names[0], tuple(names[1:]))
