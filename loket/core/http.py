"""Small helpers every page uses: is this an HTMX swap, the query string without some
parameters, and a form handed to a service."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
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


def next_or(request, fallback: str) -> str:
    """Where a POST asked to go back to (``next``), when that is a page of this site."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


def error_text(error: ValidationError) -> str:
    """A service's refusal as one sentence for a flash message."""
    return " ".join(str(message) for message in error.messages)
