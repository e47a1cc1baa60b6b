"""A new version of the privacy statement is put to the candidate at their next sign-in.

Signing in marks the session when the candidate's consents name an older version
(``kandidaten.apps``: the ``user_logged_in`` signal); while the mark is there, their pages lead
to the agreement page first. Account pages, static files and the language switch stay reachable.
"""

from django.shortcuts import redirect
from django.urls import reverse

from kandidaten.models import Candidate
from kandidaten.selectors import candidate_of
from kandidaten.services.privacy import needs_new_agreement
from kandidaten.views.privacy import AGREEMENT_SESSION_KEY

OPEN_PATHS = ("/accounts/", "/static/", "/health/", "/i18n/", "/e-mail/", "/privacyverklaring/")
# Not agreeing is an answer too: they may withdraw consent, download or remove their data.
OPEN_NAMES = (
    "kandidaten:consent",
    "kandidaten:data_export",
    "kandidaten:erase",
    "kandidaten:erased",
)


class PrivacyAgreementMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(AGREEMENT_SESSION_KEY):
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        target = reverse("kandidaten:agree_statement")
        path = request.path_info
        if path == target or path.startswith(OPEN_PATHS) or not request.user.is_authenticated:
            return None
        if path in {reverse(name) for name in OPEN_NAMES}:
            return None
        candidate = candidate_of(request.user)
        if candidate is None or not needs_new_agreement(candidate):
            request.session.pop(AGREEMENT_SESSION_KEY, None)
            return None
        return redirect(target)


def mark_session_on_login(sender, request, user, **kwargs):
    """Connected to ``user_logged_in``: on this sign-in, does a newer statement wait?"""
    if request is None or not hasattr(request, "session"):
        return
    candidate = Candidate.objects.filter(user=user).first()
    if candidate is not None and needs_new_agreement(candidate):
        request.session[AGREEMENT_SESSION_KEY] = True
