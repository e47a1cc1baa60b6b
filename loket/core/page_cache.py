"""Whole public pages for anonymous visitors, from the cache, before sessions and templates.

The fragment cache (``loket.core.cache``) already spares a public page its queries, but every
visit still runs the middleware, the view and the page's frame. A view marked
``@public_page("vacancies", ...)`` is kept whole: the first anonymous visit renders it, later
anonymous visits get the stored bytes from the cache (Redis with CACHE_URL) under a key of the
site (scheme and host), the path with its query, the language, the HTMX headers and the day,
beside the *versions* of the data it was rendered from, which every change bumps (as for
fragments): the page and the current versions come in one round trip, and a page of older
versions is rendered again.

Only what is the same for every visitor is stored. The page is rendered with a placeholder in
place of the CSRF token, random for each render and stored beside the page (so text written by
someone else cannot name it); each visitor gets their own token (and cookie) when it is served. A
visit with a session or a message cookie is never served from, nor stored in, the cache: the
person may be signed in, half-way through registration, or about to see a message. A response
is stored only when it is a 200 HTML page that set no cookie and was rendered for an anonymous
visitor. With the cache off (no Redis) the middleware passes everything through, and while
Redis does not answer every page is rendered as if there were no cache. The key holds only what
changes the page: the HTMX headers as the two flags the views read, and a query string of at
most ``MAX_QUERY_LENGTH`` characters (a longer one is rendered, not stored), so nobody can fill
the cache with made-up variants.
"""

import hashlib
import logging
import secrets
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone, translation

from loket.core.cache import FRAGMENT_TIMEOUT, VERSION_PREFIX, versions

logger = logging.getLogger(__name__)

PAGE_PREFIX = "page:"
MAX_QUERY_LENGTH = 300
# Recomputed for the content each visitor gets.
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
    """Context processor: while a page is rendered for the cache, templates get the render's
    placeholder instead of this visitor's token (``{% csrf_token %}`` and ``{{ csrf_token }}``
    alike)."""
    placeholder = getattr(request, "public_page_placeholder", None)
    return {"csrf_token": placeholder} if placeholder else {}


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        depends_on = self._depends_on(request)
        if depends_on is None:
            return self.get_response(request)
        try:
            key = page_key(request)
            stored, current = _stored_and_versions(key, depends_on)
        except Exception:  # Redis down: the page as if there were no cache
            logger.warning("Public page cache unreachable; rendering %s", request.path)
            return self.get_response(request)
        if stored is None or stored["versions"] != current:
            # As long as a real token (64 letters and digits); new for every render.
            request.public_page_placeholder = secrets.token_hex(32)
            response = self.get_response(request)
            if not _storable(request, response):
                return self._own_tokens(request, response, request.public_page_placeholder)
            stored = {
                # The versions read before rendering: a change meanwhile bumps them again.
                "versions": current,
                "content": response.content,
                "placeholder": request.public_page_placeholder,
                "headers": [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in SKIPPED_HEADERS
                ],
            }
            try:
                cache.set(key, stored, FRAGMENT_TIMEOUT)
            except Exception:
                logger.warning("Public page cache unreachable; %s not kept", request.path)
        return self._serve(request, stored)

    def _depends_on(self, request) -> tuple[str, ...] | None:
        if not settings.LOKET_FRAGMENT_CACHE or request.method != "GET":
            return None
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return None
        path, urlconf = request.path_info, get_urlconf() or settings.ROOT_URLCONF
        if len(path) > MAX_QUERY_LENGTH:  # not remembered: nobody fills memory with paths
            return _public_depends_on.__wrapped__(path, urlconf)
        return _public_depends_on(path, urlconf)

    def _serve(self, request, stored: dict) -> HttpResponse:
        """The stored page with this visitor's own CSRF token (and cookie, as Django sets it)."""
        response = HttpResponse(stored["content"], headers=dict(stored["headers"]))
        return self._own_tokens(request, response, stored["placeholder"])

    def _own_tokens(self, request, response, placeholder: str):
        """The placeholder replaced by this visitor's token, also in a page that is not kept
        (a 404, say, rendered while the placeholder was on)."""
        marker = placeholder.encode()
        if response.streaming or marker not in response.content:
            return response
        self.csrf.process_request(request)
        parts = response.content.split(marker)
        # One token for the page, as Django's context processor gives every form of a render.
        response.content = get_token(request).encode().join(parts)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return self.csrf.process_response(request, response)


def _stored_and_versions(key: str, depends_on: tuple[str, ...]) -> tuple[dict | None, list]:
    """The stored page and the current versions of its data, in one cache round trip (the page
    holds the versions it was rendered with; a page of older versions is rendered again)."""
    version_keys = [VERSION_PREFIX + name for name in depends_on]
    found = cache.get_many([key, *version_keys])
    if not all(name in found for name in version_keys):
        return None, versions(*depends_on)  # a version not started yet, or lost: start it
    return found.get(key), [found[name] for name in version_keys]


@lru_cache(maxsize=4096)
def _public_depends_on(path: str, urlconf: str) -> tuple[str, ...] | None:
    """What a public page at ``path`` depends on, None for any other path (remembered: Django
    matches the path against the URL patterns anew on every ``resolve``)."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "public_page_depends_on", None)


def page_key(request) -> str:
    """Where a page is kept: one entry per address, language, day and the HTMX flags; the
    versions of its data are in the entry."""
    parts = [
        # The host and scheme too: a page may hold absolute links (a vacancy's JobPosting).
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        translation.get_language_from_request(request),
        timezone.localdate().isoformat(),
        # What the views read of HTMX (``wants_partial``), as flags: nothing a client makes up.
        "htmx" if request.headers.get("HX-Request") else "",
        "restore" if request.headers.get("HX-History-Restore-Request") else "",
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
        and not {"no-store", "private"} & _directives(response.get("Cache-Control", ""))
    )


def _directives(cache_control: str) -> set[str]:
    return {part.split("=")[0].strip().lower() for part in cache_control.split(",")}
