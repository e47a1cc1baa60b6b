"""Rendered fragments of the public pages, shared by every anonymous visitor, in the cache.

The board, a vacancy's page, the home page and the events list look the same to everyone who is
not signed in, so their main part is rendered once and kept in the cache (Redis with CACHE_URL)
under a key that holds a *version* per kind of data it shows (``"vacancies"``, ``"events"``).
A change of such data bumps its version (``bump``, called from the apps' signal handlers and
from bulk updates), so the next visitor gets a fresh render; old keys simply expire. On with a
Redis cache (``LOKET_FRAGMENT_CACHE``, default: when CACHE_URL is set). The key also holds the
language, the day (the board hides vacancies past their closing date) and the full
path, so every search has its own fragment. Signed-in people always get a fresh render.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

logger = logging.getLogger(__name__)

VERSION_PREFIX = "fragment-version:"
FRAGMENT_PREFIX = "fragment:"
FRAGMENT_TIMEOUT = 60 * 10
VERSION_TIMEOUT = 60 * 60 * 24 * 30


def versions(*names: str) -> list[int]:
    """The current version of each name (one cache round trip); a missing one is started."""
    keys = [VERSION_PREFIX + name for name in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # A fresh value, never a counter that restarts at 1: a version lost from the cache
            # must not bring back fragments rendered before it was lost.
            cache.add(key, time.time_ns(), VERSION_TIMEOUT)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def bump(*names: str) -> None:
    """The data behind ``names`` changed: fragments rendered before are no longer used."""
    if not settings.LOKET_FRAGMENT_CACHE:
        return
    try:
        cache.set_many({VERSION_PREFIX + name: time.time_ns() for name in names}, VERSION_TIMEOUT)
    except Exception:
        # Redis down: the change itself must not fail. What Redis still holds expires within
        # FRAGMENT_TIMEOUT (and a Redis without persistence comes back empty).
        logger.warning("Fragment cache unreachable; versions of %s not bumped", ", ".join(names))


def fragment_key(request, name: str, depends_on: tuple[str, ...]) -> str:
    parts = [
        name,
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        "htmx" if request.headers.get("HX-Request") else "page",
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        *map(str, versions(*depends_on)),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{FRAGMENT_PREFIX}{name}:{digest}"


def is_public_visit(request) -> bool:
    """Only anonymous GETs share fragments, and only with the fragment cache on."""
    if not settings.LOKET_FRAGMENT_CACHE:
        return False
    user = getattr(request, "user", None)
    return request.method in {"GET", "HEAD"} and not (user and user.is_authenticated)


def public_fragment(request, name: str, depends_on: tuple[str, ...], render) -> str:
    """``render()`` for this request, from the cache when an anonymous visitor asked before."""
    if not is_public_visit(request):
        return render()
    try:
        key = fragment_key(request, name, depends_on)
        html = cache.get(key)
    except Exception:  # Redis down: rendered, as if there were no cache
        logger.warning("Fragment cache unreachable; rendering %s", name)
        return render()
    if html is None:
        html = render()
        try:
            cache.set(key, html, FRAGMENT_TIMEOUT)
        except Exception:
            logger.warning("Fragment cache unreachable; %s not kept", name)
    return html


def lazy_context(build, keys: tuple[str, ...]) -> dict:
    """The context ``build()`` returns, computed at the first use of any of ``keys``: never,
    when every part of the page that uses them comes from the cache."""
    once = functools.cache(build)
    return {key: SimpleLazyObject(functools.partial(_item, once, key)) for key in keys}


def _item(build, key):
    return build()[key]


def bump_on_change(names: tuple[str, ...], *senders) -> None:
    """Bump ``names`` when any of ``senders`` (models, or the through model of a many-to-many
    field) is saved or deleted: at once, and again once the transaction commits, since a page
    rendered in between from the old rows would otherwise be kept under the new version."""

    def handler(**_kwargs):
        bump(*names)
        transaction.on_commit(lambda: bump(*names))

    for sender in senders:
        uid = f"public-cache:{sender._meta.label}:{','.join(names)}"
        post_save.connect(handler, sender=sender, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(handler, sender=sender, weak=False, dispatch_uid=uid + ":delete")
        m2m_changed.connect(handler, sender=sender, weak=False, dispatch_uid=uid + ":m2m")
