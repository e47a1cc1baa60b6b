"""allauth's account mail (verification, sign-in codes, password reset) through the outbox."""

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from loket.core.mail.outbox import mail_queue_rendered
from loket.core.models import MailReason, User

# What allauth puts in a mail's context that opens the account: stored redacted (issue 11).
SECRET_CONTEXT_KEYS = ("code", "key", "activate_url", "password_reset_url")


@dataclass(frozen=True)
class PortalSite:
    """The site as account mails name it: the portal's name and public address (settings
    LOKET_PORTAL_NAME and LOKET_SITE_URL), never the host the request happened to use."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(
        name=settings.LOKET_PORTAL_NAME, domain=urlsplit(settings.LOKET_SITE_URL).netloc
    )


class AccountAdapter(DefaultAccountAdapter):
    """Account mail is essential: no cap, no quiet hours, and unsubscribing does not stop it.

    It is delivered during the request, because the person is waiting for the code on screen,
    but it is recorded like every other message, and retried by the worker if the mail server
    is unavailable. Its codes and links are recorded redacted (``loket.core.mail.secrets``).
    """

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        ctx = {"request": request, "email": email}
        ctx.update(context)
        ctx.update(current_site=portal_site(), site_url=settings.LOKET_SITE_URL)
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (
                body
                for body, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        text = message.body if message.content_subtype == "plain" else ""
        if message.content_subtype == "html":
            html, text = message.body, ""
        user = ctx.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        recipient = user if user is not None and user.email.lower() == email.lower() else email
        # Every account mail is its own occasion (a new code, a new link): a fresh key.
        template_name = template_prefix.rsplit("/", 1)[-1]
        mail_queue_rendered(
            recipient=recipient,
            reason=MailReason.ACCOUNT,
            key=f"account:{template_name}:{uuid.uuid4().hex}",
            subject=message.subject,
            text=text,
            html=html,
            essential=True,
            language=translation.get_language() or "",
            send_now=True,
            secrets=[ctx.get(name) for name in SECRET_CONTEXT_KEYS],
        )

    def get_reauthentication_methods(self, user) -> list[dict]:
        """allauth's (password, authenticator app) and a code by email (``loket.core.reauth``)."""
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and user.is_active:
            methods.append(
                {
                    "id": "code_reauthenticate",
                    "description": _("Use a code sent by email"),
                    "url": reverse("reauthenticate_code"),
                }
            )
        return methods
