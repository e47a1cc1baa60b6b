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


def contains_html(text: str) -> bool:
    return bool(_TAG_RE.search(text or ""))


def render_description(text: str) -> SafeString:
    """Markdown to HTML, then sanitised against a small allow-list (links get rel=noopener)."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - nh3 has just sanitised it against the allow-list
