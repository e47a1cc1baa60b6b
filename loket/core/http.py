"""Small helpers every page uses: is this an HTMX swap, the query string without some
parameters, a form handed to a service, ids and ``next`` read from a request, a link with one
value written quickly."""

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.http import url_has_allowed_host_and_scheme


def wants_partial(request) -> bool:
    """An HTMX request that swaps part of the page (not a history restore, which needs the
    whole page)."""
    return bool(getattr(request, "htmx", False)) and not request.htmx.history_restore_request


def query_without(request, *names: str) -> str:
    """The current query string without ``names``, for links that change one of them (paging,
    a filter chip)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def submit(form, action: Callable[[dict], object]) -> bool:
    """Validate ``form`` and hand its cleaned data to ``action`` (a service call).

    True when it went through. A refusal of the service (``ValidationError``) lands on the form
    as a non-field error, so the page shows it in the user's language, and its transaction is
    rolled back: nothing is half-saved.
    """
    if not form.is_valid():
        return False
    try:
        with transaction.atomic():
            action(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


_ID = re.compile(r"[1-9][0-9]{0,17}")


def parse_id(value) -> int | None:
    """A database id from a request (query string, form field), or None.

    Only plain ASCII digits, no sign, no leading zero, at most 18 of them (within a bigint):
    ``str.isdigit`` also accepts "²" and other digits that ``int()`` refuses.
    """
    if not isinstance(value, str):
        return None
    value = value.strip()
    return int(value) if _ID.fullmatch(value) else None


def parse_ids(values: Iterable) -> list[int]:
    """The valid ids among ``values`` (e.g. ``request.POST.getlist("ids")``), each once, in
    order; anything else is left out."""
    ids = (parse_id(value) for value in values)
    return list(dict.fromkeys(pk for pk in ids if pk is not None))


def next_or(request, fallback: str) -> str:
    """Where the request asked to go back to (``next`` in the POST, else the query string),
    when that is a path on this site; otherwise ``fallback``.

    The result is always a URL path, never a view name, so ``HttpResponseRedirect`` (and
    ``redirect``) can follow it without a lookup that fails. Work it out *before* changing
    anything, so that nothing is saved on the way to a redirect that cannot be made.
    """
    url = request.POST.get("next") or request.GET.get("next") or ""
    if (
        isinstance(url, str)
        and url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return fallback


def error_text(error: ValidationError) -> str:
    """A service's refusal as one sentence for a flash message."""
    return " ".join(str(message) for message in error.messages)


# A stand-in for the one value of a URL; and one with every character of a plain value.
_SLOT = "2147483647"
_TEXT_SLOT = "x-_:." + _SLOT
_PLAIN = re.compile(r"[A-Za-z0-9_:.-]+")


def reverse_one(viewname: str, value: int | str) -> str:
    """``reverse(viewname, args=[value])`` for a URL of one value (an id, a token), without
    the resolver's work for each: a reminder run writes thousands of such links, and Django
    matches every candidate pattern anew on each ``reverse``. The URL is reversed once with a
    stand-in and the value put in its place. A value its pattern might not take (letters where
    it takes digits only), or one that would need quoting, is reversed the ordinary way."""
    value = str(value)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    try:
        before, after, takes_text = _around_slot(viewname, get_script_prefix(), urlconf)
    except (NoReverseMatch, ValueError):  # a pattern that takes no stand-in: as Django does
        return reverse(viewname, args=[value])
    if value.isdigit() and value.isascii() or takes_text and _PLAIN.fullmatch(value):
        return f"{before}{value}{after}"
    return reverse(viewname, args=[value])


@lru_cache(maxsize=128)
def _around_slot(viewname: str, _prefix: str, _urlconf) -> tuple[str, str, bool]:
    path = reverse(viewname, args=[_SLOT])
    if path.count(_SLOT) != 1:
        raise ValueError(f"{viewname} has no single place for one value")
    before, _slot, after = path.partition(_SLOT)
    try:
        takes_text = reverse(viewname, args=[_TEXT_SLOT]) == f"{before}{_TEXT_SLOT}{after}"
    except NoReverseMatch:
        takes_text = False
    return before, after, takes_text
