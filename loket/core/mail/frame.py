"""A message's body in its frame (``mail/base.html``, ``mail/base.txt``) without rendering the
frame for every message.

Each mail template extends a base that writes the greeting, the signature of the region's desk
and the unsubscribe link around its ``body`` block. Rendered through ``{% extends %}`` for each
of the thousands of messages of a reminder run, the frame cost as much as the bodies. Here the
frame is rendered once per base, language, region, portal and whether the message has a name
and an unsubscribe link, with markers for the body, the name and the link; each message then
renders only its ``body`` block and takes the frame's text around it, with its own name and
link (escaped as the template would, in HTML).

A template that does anything else than extend a base with only a ``body`` block is rendered
the ordinary way. The markers are random for each process, so no text of a message can name
them, and only the frame's own text is searched for them, never the body.
"""

import re
import secrets
from functools import lru_cache
from types import SimpleNamespace

from django.template import Context, Engine
from django.template.base import TextNode
from django.template.loader_tags import ExtendsNode
from django.utils.html import conditional_escape
from django.utils.translation import get_language

BODY = f"body-{secrets.token_hex(16)}"
NAME = f"name-{secrets.token_hex(16)}"
LINK = f"link-{secrets.token_hex(16)}"
FRAMES = ("mail/base.html", "mail/base.txt")
MAX_FRAMES = 1024


def render_framed(name: str, context: dict, *, autoescape: bool) -> str:
    """``name`` rendered with ``context`` exactly as ``{% extends %}`` would render it."""
    engine = Engine.get_default()
    template = engine.get_template(name)
    base, body = _framed_parts(template)
    render_context = Context(context, autoescape=autoescape)
    if base is None:
        return template.render(render_context)
    with render_context.render_context.push_state(template), render_context.bind_template(template):
        render_context.template_name = template.name
        # What the base sets before its body block (``{% get_current_language %}``), as the
        # body would see it inside the base.
        with render_context.push(_set_by_base(base)):
            content = body.render(render_context)
    full_name = getattr(context.get("recipient"), "full_name", "") or ""
    link = context.get("unsubscribe_url") or ""
    before, after = _frame(
        engine.get_template(base), context, autoescape, bool(full_name), bool(link)
    )
    if autoescape:
        full_name, link = conditional_escape(full_name), conditional_escape(link)
    return "".join((_fill(before, full_name, link), content, _fill(after, full_name, link)))


def _set_by_base(base: str) -> dict:
    return {"LANGUAGE_CODE": get_language()} if base == "mail/base.html" else {}


_MARKERS = re.compile(f"{NAME}|{LINK}")


def _fill(part: str, full_name: str, link: str) -> str:
    """The frame's part with the name and link in place of their markers, in one pass (so a
    name is never searched for a marker)."""
    return _MARKERS.sub(lambda marker: full_name if marker[0] == NAME else link, part)


@lru_cache(maxsize=256)
def _framed_parts(template) -> tuple[str | None, object]:
    """(base name, body block) of a template that only fills the frame's ``body``; (None, None)
    for any other template. Keyed by the template itself: a reloaded template is a new one."""
    nodes = [node for node in template.nodelist if not _blank_text(node)]
    if len(nodes) != 1 or not isinstance(nodes[0], ExtendsNode):
        return None, None
    extends = nodes[0]
    parent = extends.parent_name
    base = getattr(parent, "var", None)
    if parent.filters or base not in FRAMES or set(extends.blocks) != {"body"}:
        return None, None
    if "block.super" in template.source:  # needs the base's block, rendered the ordinary way
        return None, None
    return base, extends.blocks["body"]


def _blank_text(node) -> bool:
    return isinstance(node, TextNode) and not node.s.strip()


_frames: dict[tuple, tuple[str, str]] = {}


def _frame(base, context: dict, autoescape: bool, has_name: bool, has_link: bool):
    """The frame's text before and after the body, with the name and link markers in it, for
    everything the frame shows (keyed by the base template itself: a reloaded one is new)."""
    region = context.get("region")
    key = (
        base,
        get_language(),
        autoescape,
        (region.pk, region.name, region.desk_phone) if region is not None else None,
        context.get("portal_name"),
        context.get("site_url"),
        has_name,
        has_link,
    )
    parts = _frames.get(key)
    if parts is None:
        if len(_frames) >= MAX_FRAMES:
            _frames.clear()
        frame = Context(
            {
                **context,
                "recipient": SimpleNamespace(full_name=NAME if has_name else ""),
                "unsubscribe_url": LINK if has_link else None,
                "frame_body": BODY,
            },
            autoescape=autoescape,
        )
        text = _wrapper(base.engine, base.origin.template_name).render(frame)
        before, after = text.split(BODY)
        parts = _frames[key] = (before, after)
    return parts


@lru_cache(maxsize=8)
def _wrapper(engine, base_name: str):
    return engine.from_string(
        f'{{% extends "{base_name}" %}}{{% block body %}}{{{{ frame_body }}}}{{% endblock %}}'
    )
