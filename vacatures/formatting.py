"""Descriptions are Markdown-flavoured plain text; HTML is never stored and never passed on.

Rendering is Markdown first and then an allow-list sanitiser (nh3), so even text that slipped
past the form (an import, the admin) cannot put a script or an attribute handler on the page.
"""

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"https", "http", "mailto"}
# Anything that looks like an opening or closing tag, a comment or a doctype.
_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z!?]")


# A "-" or "*" list item, or a numbered one ("1." or "1)").
_LIST_ITEM_RE = re.compile(r"^\s*([-*+]|\d+[.)])\s+")


def contains_html(text: str) -> bool:
    return bool(_TAG_RE.search(text or ""))


def render_description(text: str) -> SafeString:
    """Markdown to HTML, then sanitised against a small allow-list (links get rel=noopener)."""
    html = markdown.markdown(
        _lists_apart(text or ""), extensions=["sane_lists"], output_format="html"
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - nh3 has just sanitised it against the allow-list


def _lists_apart(text: str) -> str:
    """People type a "-" list straight under a line of text (and go on with text straight
    under it), as the form's help promises; Markdown only sees a list set apart by blank lines,
    so they are put in where missing."""
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        starts_list = _LIST_ITEM_RE.match(line) and not _LIST_ITEM_RE.match(previous)
        ends_list = (
            _LIST_ITEM_RE.match(previous)
            and line.strip()
            and not line[:1].isspace()
            and not _LIST_ITEM_RE.match(line)
        )
        if previous.strip() and (starts_list or ends_list):
            out.append("")
        out.append(line)
    return "\n".join(out)
