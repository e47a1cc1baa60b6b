from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from loket.core.selectors import is_desk_user

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


class StaffMfaMiddleware:
    """Staff who can see candidates' personal data work only with a second factor *used in
    this session*.

    A desk, HR or adviser user without an authenticator is sent to set one up; one who has
    one but signed in without it (the session records how it was authenticated) is asked for
    a code before going on. Account pages, static files and the health check stay reachable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LOKET_REQUIRE_STAFF_MFA and self._applies(request):
            user = request.user
            if not Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists():
                return redirect("mfa_activate_totp")
            if not second_factor_used(request):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)

    def _applies(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        path = request.path_info
        if path.startswith(("/accounts/", "/static/", "/health/", "/i18n/")):
            return False
        return user.is_staff or is_desk_user(user)


def second_factor_used(request) -> bool:
    """Whether this session's sign-in (or a later re-authentication) used a second factor."""
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def record_new_second_factor(sender, request, user, authenticator=None, **kwargs) -> None:
    """Setting up a second factor means entering a code from it: that counts as using it in
    this session, so the person is not asked for another code straight away."""
    if request is not None and authenticator is not None and authenticator.type in SECOND_FACTORS:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in person (their journey, a candidate file, the pipeline, HR's
    proposals, exports) hold personal data: no browser or proxy may keep a copy
    (``Cache-Control: no-store``). Pages for visitors keep whatever caching they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path_info.startswith("/static/")
        ):
            add_never_cache_headers(response)
        return response
