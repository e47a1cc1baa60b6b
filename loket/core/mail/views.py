"""The one-click unsubscribe page and, in development, the outgoing-mail pages for staff."""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from loket.core.mail.access import get_outgoing_mail_for
from loket.core.mail.preferences import (
    mail_preference_set,
    reminders_opted_out,
    unsubscribe_user_id,
)
from loket.core.mail.selectors import can_see_outbox, outbox_for
from loket.core.models import OutgoingMail, User

OUTBOX_PAGE_SIZE = 100


# The token in the URL is the proof, not a session: mail programs post the one-click
# unsubscribe (RFC 8058) without a CSRF token, and the person may not be signed in.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    user_id = unsubscribe_user_id(token)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        raise Http404
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # The link comes from a mail in the person's own language; so does this page.
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language
    done = None
    if request.method == "POST":
        resubscribe = request.POST.get("action") == "resubscribe"
        mail_preference_set(user=user, reminders_opt_out=not resubscribe)
        done = "resubscribed" if resubscribe else "unsubscribed"
    context = {
        "token": token,
        "email": user.email,
        "opted_out": reminders_opted_out(user),
        "done": done,
    }
    return render(request, "loket/mail/unsubscribe.html", context)


def _outbox_allowed(request) -> None:
    # A development aid: in production staff read failed mail in the admin.
    if not settings.DEBUG or not can_see_outbox(request.user):
        raise Http404


@login_required
@require_safe
def outbox_list(request):
    _outbox_allowed(request)
    mails = outbox_for(request.user).defer("body_text", "body_html")
    status = request.GET.get("status", "")
    if status in OutgoingMail.Status.values:
        mails = mails.filter(status=status)
    context = {
        "mails": mails[:OUTBOX_PAGE_SIZE],
        "statuses": OutgoingMail.Status.choices,
        "status": status,
        "page_size": OUTBOX_PAGE_SIZE,
    }
    return render(request, "loket/mail/outbox_list.html", context)


@login_required
@require_safe
def outbox_detail(request, pk: int):
    _outbox_allowed(request)
    mail = get_outgoing_mail_for(request.user, pk)
    return render(request, "loket/mail/outbox_detail.html", {"mail": mail})


@require_safe
@login_required
@xframe_options_sameorigin
@csp(
    {
        "default-src": [NONE],
        "style-src": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [SELF],
        "sandbox": [True],
    }
)
def outbox_html(request, pk: int):
    """A stored mail's HTML body, for the preview frame on its page: mail HTML carries inline
    styles, so it gets a policy of its own that allows those and nothing else (no scripts,
    no requests elsewhere, shown only inside the portal)."""
    _outbox_allowed(request)
    mail = get_outgoing_mail_for(request.user, pk)
    return HttpResponse(mail.body_html, content_type="text/html; charset=utf-8")
