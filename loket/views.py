import datetime
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from kandidaten.selectors import candidate_of, upcoming_events
from kandidaten.services.privacy import current_privacy_statement
from loket.celery import app as celery_app
from loket.core.cache import lazy_context
from loket.core.health import user_set_language
from loket.core.http import next_or
from loket.core.models import Heartbeat, Region, School, Subject
from loket.core.page_cache import public_page
from vacatures.formatting import render_description
from vacatures.selectors import published_vacancies

logger = logging.getLogger(__name__)

# The day the accessibility statement was last checked against the pages (update with it).
ACCESSIBILITY_CHECKED_ON = datetime.date(2026, 12, 2)


@require_POST
def set_language(request):
    """Django's language switch, and for a signed-in person also the language of their mail."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language)
    return response


HOME_KEYS = (
    "latest_vacancies",
    "vacancy_count",
    "regions",
    "school_count",
    "shortage_subjects",
    "next_events",
)


@public_page("vacancies", "events", "routes")
@require_safe
def home(request):
    """The home page; for anonymous visitors from the cache, so the context is lazy."""

    def build():
        vacancies = published_vacancies()
        return {
            "latest_vacancies": vacancies.select_related("school").order_by("-published_at")[:4],
            "vacancy_count": vacancies.count(),
            "regions": Region.objects.order_by("name"),
            "school_count": School.objects.count(),
            "shortage_subjects": Subject.objects.filter(is_shortage=True).order_by("name")[:12],
            "next_events": upcoming_events(now=timezone.now())[:3],
        }

    return render(request, "loket/home.html", lazy_context(build, HOME_KEYS))


def _check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not healthy"; the reason goes to the log only
        logger.exception("Health check: database unreachable")
        return False


def _check_broker() -> bool:
    """Does Redis answer? Gives up within about a second, like a page handing over a mail."""
    timeout = settings.LOKET_BROKER_HANDOVER_TIMEOUT
    try:
        with celery_app.connection_for_write(
            connect_timeout=timeout,
            transport_options={
                "max_retries": 0,
                "socket_connect_timeout": timeout,
                "socket_timeout": timeout,
            },
        ) as conn:
            conn.ensure_connection(max_retries=0, timeout=timeout)
        return True
    except Exception as error:
        logger.warning("Health check: broker unreachable (%s)", error.__class__.__name__)
        return False


def _heartbeat() -> dict:
    beat = Heartbeat.objects.filter(name="heartbeat").first()
    age = int((timezone.now() - beat.last_run_at).total_seconds()) if beat else None
    return {
        "last_run_at": beat.last_run_at.isoformat() if beat else None,
        "age_seconds": age,
        # Beat and the worker are behind when three beats in a row are missing.
        "stale": age is None or age > 3 * settings.LOKET_HEARTBEAT_SECONDS,
    }


@never_cache
@require_safe
def health(request):
    """For the load balancer: 200 while the web app and its database answer, 503 otherwise.

    The broker and the worker are not asked: pages work while Redis is down (mail waits in the
    outbox), so a broker outage must not take the site out of the load balancer. No details leak
    out."""
    healthy = _check_database()
    body = {
        "status": "ok" if healthy else "error",
        "checks": {"database": "ok" if healthy else "error"},
    }
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
@require_safe
def health_background(request):
    """For monitoring: 200 when the broker answers and the heartbeat (beat → broker → worker,
    on the housekeeping queue) is recent; 503 otherwise, with which part is down."""
    database = _check_database()
    checks = {
        "database": "ok" if database else "error",
        "broker": "ok" if _check_broker() else "error",
    }
    body = {"checks": checks}
    if database:
        body["heartbeat"] = _heartbeat()
        checks["worker"] = "error" if body["heartbeat"]["stale"] else "ok"
    else:
        checks["worker"] = "unknown"
    healthy = all(value == "ok" for value in checks.values())
    body["status"] = "ok" if healthy else "error"
    return JsonResponse(body, status=200 if healthy else 503)


# The desk's models moved from the kandidaten and vacatures apps to the desk app (desk.0001);
# their admin pages moved with them. Old bookmarks keep working.
DESK_ADMIN_MODELS = {
    "kandidaten": ["phasenorm", "contact", "candidatenote", "assessment", "referral"],
    "vacatures": ["proposal", "proposalevent"],
}


def moved_admin(request, app_label: str, model: str, rest: str):
    if model not in DESK_ADMIN_MODELS.get(app_label, []):
        raise Http404  # the URL patterns only send these, but never redirect anything else
    target = f"/beheer/desk/{model}/{rest}"
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    # A form posted to an old address goes on as the same POST (308 keeps the method).
    return HttpResponsePermanentRedirect(
        target, preserve_request=request.method not in ("GET", "HEAD")
    )


@never_cache
def admin_login(request):
    """The admin has no sign-in of its own: everyone signs in at the portal's sign-in, with
    its second factor and its limits on failed attempts, and comes back to the admin page.

    A signed-in person without admin access gets 403 here instead of being sent round in
    circles between the two sign-in pages.
    """
    back = next_or(request, reverse("admin:index"))
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return HttpResponseRedirect(back)
        raise PermissionDenied
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': back})}")


@require_safe
def privacy_statement(request):
    """The full privacy statement of a region (edited in the admin), linked from every footer:
    the signed-in candidate's own region, or the one chosen with ``?regio=<slug>``."""
    regions = list(Region.objects.order_by("name"))
    chosen = None
    slug = request.GET.get("regio", "")
    if slug:
        chosen = next((r for r in regions if r.slug == slug), None)
        if chosen is None:
            raise Http404("No such region.")
    else:
        candidate = candidate_of(request.user)
        if candidate is not None and candidate.region_id:
            chosen = next((r for r in regions if r.pk == candidate.region_id), None)
        elif len(regions) == 1:
            chosen = regions[0]
    text = chosen.localized_privacy_statement if chosen else ""
    return render(
        request,
        "loket/privacy_statement.html",
        {
            "regions": regions,
            "chosen": chosen,
            "statement_html": render_description(text) if text else "",
            "summary": current_privacy_statement(),
        },
    )


@require_safe
def contact(request):
    """How to reach each region's desk: linked from every footer."""
    regions = Region.objects.order_by("name").only("name", "slug", "desk_email", "desk_phone")
    return render(request, "loket/contact.html", {"regions": regions})


@require_safe
def accessibility_statement(request):
    """The accessibility statement, in the parts Dutch public bodies publish it with (status,
    how it was tested, what does not work yet and when it will, how to report a problem)."""
    return render(
        request,
        "loket/accessibility_statement.html",
        {
            "regions": Region.objects.order_by("name").only("name", "desk_email", "desk_phone"),
            "checked_on": ACCESSIBILITY_CHECKED_ON,
        },
    )


@require_safe
@login_required
def account_overview(request):
    """The "My account" page: it leads to every account setting (addresses, password,
    two-step sign-in) and, for a candidate, to their own data."""
    return render(
        request,
        "account/overview.html",
        {
            "is_candidate_user": candidate_of(request.user) is not None,
            "has_password": request.user.has_usable_password(),
        },
    )
