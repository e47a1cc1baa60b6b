"""The portal's sign-in rules on top of allauth: failed attempts are counted per address *and*
per client, so a stranger who types wrong passwords for someone's address cannot lock the owner
out; the owner can also always sign in with an emailed code."""

from allauth.account.adapter import get_adapter
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import gettext_lazy as _

from loket.core.mail.adapter import AccountAdapter


class PortalAccountAdapter(AccountAdapter):
    error_messages = {
        **AccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts from this device for this address. Wait a few "
            "minutes, or sign in with a code sent to your email address."
        ),
    }

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth's key is the address alone; the client's IP address (from REMOTE_ADDR, or
        # X-Forwarded-For behind TRUSTED_PROXY_COUNT proxies) makes it per address and client.
        site = get_current_site(request)
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{site.domain}:{login}:{get_adapter().get_client_ip(request)}"
