"""The one-click unsubscribe page, the outbox list for staff (where coordinators queue failed
mail again) and, in development, the text of each message."""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from loket.core.mail.access import get_outgoing_mail_for
from loket.core.mail.delivery import outbox_requeue_failed
from loket.core.mail.preferences import (
    mail_preference_set,
    reminders_opted_out,
    unsubscribe_user_id,
)
from loket.core.mail.selectors import can_see_outbox, outbox_for, outbox_requeueable_for
from loket.core.models import OutgoingMail, Role, User
from loket.core.selectors import coordinated_regions, roles_of

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
    if not can_see_outbox(request.user):
        raise Http404


def _requeue_scope(user: User) -> tuple[bool, set[int]]:
    """May this person queue failed mail again at all, and for which regions (superuser: all)."""
    if user.is_superuser:
        return True, set()
    if Role.COORDINATOR not in roles_of(user):
        return False, set()
    regions = set(coordinated_regions(user).values_list("pk", flat=True))
    return bool(regions), regions


@login_required
@require_safe
def outbox_list(request):
    """What happened to each message (no texts: those stay in the database), and for the
    coordinators the buttons that queue failed mail again."""
    _outbox_allowed(request)
    mails = outbox_for(request.user).defer("body_text", "body_html")
    status = request.GET.get("status", "")
    if status in OutgoingMail.Status.values:
        mails = mails.filter(status=status)
    can_requeue, requeue_regions = _requeue_scope(request.user)
    context = {
        "mails": mails[:OUTBOX_PAGE_SIZE],
        "statuses": OutgoingMail.Status.choices,
        "status": status,
        "page_size": OUTBOX_PAGE_SIZE,
        "can_requeue": can_requeue,
        "requeue_all_regions": request.user.is_superuser,
        "requeue_regions": requeue_regions,
        # The text of a message may hold a sign-in code: shown in development only.
        "show_detail": settings.DEBUG,
    }
    return render(request, "loket/mail/outbox_list.html", context)


@login_required
@require_safe
def outbox_detail(request, pk: int):
    if not settings.DEBUG:  # a development aid: the texts are not for reading in production
        raise Http404
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
    no requests elsewhere, shown only inside the portal). Like the page, a development aid."""
    if not settings.DEBUG:
        raise Http404
    _outbox_allowed(request)
    mail = get_outgoing_mail_for(request.user, pk)
    return HttpResponse(mail.body_html, content_type="text/html; charset=utf-8")


@login_required
@require_POST
def outbox_requeue(request, pk: int | None = None):
    """Queue failed mail again: one message, or every failed one the person may act on (a
    coordinator: their regions'). Outside that scope a message does not exist (404)."""
    _outbox_allowed(request)
    mails = outbox_requeueable_for(request.user)
    if pk is not None:
        mails = mails.filter(pk=pk)
        if not mails.exists():
            raise Http404
    count = outbox_requeue_failed(mails=mails)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d message is queued again.",
                "%(count)d messages are queued again.",
                count,
            )
            % {"count": count},
        )
    elif pk is not None:
        messages.info(request, _("This message has not failed (any more): nothing to do."))
    else:
        messages.info(request, _("There is no failed mail to queue again."))
    return redirect(reverse("mail:outbox") + "?status=failed")
