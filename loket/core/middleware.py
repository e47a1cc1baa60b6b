from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect

from loket.core.selectors import is_desk_user


class StaffMfaMiddleware:
    """Staff who can see candidates' personal data must have a second factor before they work.

    A desk, HR or adviser user without an authenticator is sent to set one up; account pages,
    static files and the health check stay reachable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LOKET_REQUIRE_STAFF_MFA and self._needs_mfa(request):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _needs_mfa(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        path = request.path_info
        if path.startswith(("/accounts/", "/static/", "/health/", "/i18n/")):
            return False
        if not (user.is_staff or is_desk_user(user)):
            return False
        return not Authenticator.objects.filter(user=user).exists()
