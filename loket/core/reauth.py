"""Confirming who you are with a code by email, for people who would rather not (or cannot)
type their password: one more method on allauth's reauthentication page (the adapter lists it).

The code is six digits, valid for ten minutes and five tries, kept in the session only as a
hash; the mail that carries it is stored redacted (``loket.core.mail.secrets``).
"""

import hashlib
import hmac
import secrets
import time
import uuid

from allauth.account.internal.flows.login import record_authentication
from allauth.account.views import BaseReauthenticateView
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from loket.core.mail.outbox import mail_queue
from loket.core.models import MailReason

SESSION_KEY = "loket_reauth_code"
VALID_SECONDS = 600
MAX_TRIES = 5


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def send_reauthentication_code(request) -> None:
    code = f"{secrets.randbelow(1_000_000):06d}"
    request.session[SESSION_KEY] = {
        "digest": _digest(code),
        "until": time.time() + VALID_SECONDS,
        "tries": 0,
    }
    mail_queue(
        recipient=request.user,
        reason=MailReason.ACCOUNT,
        key=f"account:reauthentication_code:{uuid.uuid4().hex}",
        template="reauthentication_code",
        context={"code": code},
        essential=True,
        secrets=[code],
        send_now=True,
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the email"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        state = self.request.session.get(SESSION_KEY)
        if not state or state["until"] < time.time() or state["tries"] >= MAX_TRIES:
            self.request.session.pop(SESSION_KEY, None)
            raise forms.ValidationError(_("This code has expired. Ask for a new one."))
        if not hmac.compare_digest(state["digest"], _digest(code)):
            state["tries"] += 1
            self.request.session[SESSION_KEY] = state
            raise forms.ValidationError(_("That code is not right. Check the email and try again."))
        self.request.session.pop(SESSION_KEY, None)
        return code


@method_decorator(login_required, name="dispatch")
class CodeReauthenticateView(BaseReauthenticateView):
    form_class = CodeForm
    template_name = "account/reauthenticate_code.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["request"] = self.request
        return kwargs

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "send":
            send_reauthentication_code(request)
            messages.info(request, _("We have sent you a code by email."))
            return redirect(request.get_full_path())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["code_sent"] = SESSION_KEY in self.request.session
        return context

    def form_valid(self, form):
        record_authentication(self.request, self.request.user, method="code", reauthenticated=True)
        return super().form_valid(form)


reauthenticate_by_code = CodeReauthenticateView.as_view()
