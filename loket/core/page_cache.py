"""Whole public pages for anonymous visitors, from the cache, before sessions and templates.

The fragment cache (``loket.core.cache``) already spares a public page its queries, but every
visit still runs the middleware, the view and the page's frame. A view marked
``@public_page("vacancies", ...)`` is kept whole: the first anonymous visit renders it, later
anonymous visits get the stored bytes from the cache (Redis with CACHE_URL) under a key of the
site (scheme and host), the path with its query, the language, the HTMX headers, the day and
the current *versions* of the data it shows, which every change bumps (as for fragments).

Only what is the same for every visitor is stored. The page is rendered with a placeholder in
place of the CSRF token; each visitor gets their own token (and cookie) when it is served. A
visit with a session or a message cookie is never served from, nor stored in, the cache: the
person may be signed in, half-way through registration, or about to see a message. A response
is stored only when it is a 200 HTML page that set no cookie and was rendered for an anonymous
visitor. With the cache off (no Redis) the middleware passes everything through.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from loket.core.cache import FRAGMENT_TIMEOUT, versions

PAGE_PREFIX = "page:"
# As long as a real token (64 letters and digits), so the stored Content-Length holds.
CSRF_PLACEHOLDER = "publicpagecsrf" * 4 + "tokenpla"
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Trigger", "HX-History-Restore-Request", "HX-Boosted")
SKIPPED_HEADERS = {"set-cookie", "content-length"}


def public_page(*depends_on: str):
    """Mark a view whose anonymous render is the same for everyone; ``depends_on`` names the
    data versions (``loket.core.cache.bump``) a change of which must show at once. Put it above
    the view's other decorators."""

    def mark(view):
        view.public_page_depends_on = depends_on
        return view

    return mark


def csrf_placeholder(request) -> dict:
    """Context processor: while a page is rendered for the cache, templates get the placeholder
    instead of this visitor's token (``{% csrf_token %}`` and ``{{ csrf_token }}`` alike)."""
    if getattr(request, "rendering_public_page", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        depends_on = self._depends_on(request)
        if depends_on is None:
            return self.get_response(request)
        key = page_key(request, depends_on)
        stored = cache.get(key)
        if stored is None:
            request.rendering_public_page = True
            response = self.get_response(request)
            if not _storable(request, response):
                return self._own_tokens(request, response)
            stored = {
                "content": response.content,
                "headers": [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in SKIPPED_HEADERS
                ],
            }
            cache.set(key, stored, FRAGMENT_TIMEOUT)
        return self._serve(request, stored)

    def _depends_on(self, request) -> tuple[str, ...] | None:
        if not settings.LOKET_FRAGMENT_CACHE or request.method != "GET":
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return getattr(match.func, "public_page_depends_on", None)

    def _serve(self, request, stored: dict) -> HttpResponse:
        """The stored page with this visitor's own CSRF token (and cookie, as Django sets it)."""
        response = HttpResponse(stored["content"], headers=dict(stored["headers"]))
        return self._own_tokens(request, response)

    def _own_tokens(self, request, response):
        """The placeholder replaced by this visitor's token, also in a page that is not kept
        (a 404, say, rendered while the placeholder was on)."""
        if response.streaming or CSRF_PLACEHOLDER.encode() not in response.content:
            return response
        self.csrf.process_request(request)
        parts = response.content.split(CSRF_PLACEHOLDER.encode())
        tokens = [get_token(request).encode() for _part in parts[1:]]
        response.content = parts[0] + b"".join(
            token + part for token, part in zip(tokens, parts[1:], strict=True)
        )
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return self.csrf.process_response(request, response)


def page_key(request, depends_on: tuple[str, ...]) -> str:
    parts = [
        # The host and scheme too: a page may hold absolute links (a vacancy's JobPosting).
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        translation.get_language_from_request(request),
        timezone.localdate().isoformat(),
        *(request.headers.get(name, "") for name in HTMX_HEADERS),
        *map(str, versions(*depends_on)),
    ]
    return PAGE_PREFIX + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _storable(request, response) -> bool:
    """Only a plain 200 page that is the same for every anonymous visitor."""
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and response["Content-Type"].startswith("text/html")
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        # A view that asked for the real token (not through the templates) made a page of this
        # visitor's own.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "no-store" not in response.get("Cache-Control", "")
    )
