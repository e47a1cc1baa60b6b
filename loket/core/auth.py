"""The portal's sign-in rules on top of allauth: failed attempts are counted per address *and*
per client, so a stranger who types wrong passwords for someone's address cannot lock the owner
out; the owner can also always sign in with an emailed code."""

from allauth.account.adapter import get_adapter
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loket.core.mail.adapter import AccountAdapter
from loket.core.models import Role
from loket.core.selectors import roles_of

# Where each role starts its work after signing in (when the sign-in was not asked for by a
# page, whose ``next`` goes first). The first role a person holds in this order wins.
START_PAGES = [
    (Role.DESK_STAFF, "desk:pipeline"),
    (Role.COORDINATOR, "desk:pipeline"),
    (Role.HR_OFFICER, "vacatures:hr_list"),
    (Role.STUDY_ADVISER, "adviser:list"),
    (Role.CANDIDATE, "kandidaten:journey"),
]


class PortalAccountAdapter(AccountAdapter):
    error_messages = {
        **AccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts from this device for this address. Wait a few "
            "minutes, or sign in with a code sent to your email address."
        ),
    }

    def get_login_redirect_url(self, request) -> str:
        """Each role lands on its own work page; a superuser without a role on the admin, and
        anyone else (someone who signed up but has not registered yet) on the registration."""
        user = request.user
        roles = roles_of(user)
        for role, url_name in START_PAGES:
            if role in roles:
                return reverse(url_name)
        if user.is_staff:
            return reverse("admin:index")
        return reverse("kandidaten:start")

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ) -> None:
        """No "You are now signed in" for someone who goes on to the registration: its steps
        swap in place under the message, which then stayed on screen through all of them."""
        if message_template == "account/messages/logged_in.txt" and not self._has_start_page(
            request.user
        ):
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    @staticmethod
    def _has_start_page(user) -> bool:
        roles = roles_of(user)
        return user.is_staff or any(role in roles for role, _name in START_PAGES)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth's key is the address alone; the client's IP address (from REMOTE_ADDR, or
        # X-Forwarded-For behind TRUSTED_PROXY_COUNT proxies) makes it per address and client.
        site = get_current_site(request)
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{site.domain}:{login}:{get_adapter().get_client_ip(request)}"
