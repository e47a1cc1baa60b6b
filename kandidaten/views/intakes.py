"""Self-booked intakes: the candidate's booking page (/mijn-traject/intake/), and the guide's
agenda (/loket/agenda/): publishing time slots, the day list, the private calendar feed."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kandidaten.access import get_bookable_slot, get_slot_for_staff
from kandidaten.event_forms import SlotForm
from kandidaten.models import Candidate, Phase
from kandidaten.models.intakes import CHANGE_UNTIL_HOURS
from kandidaten.selectors import bookable_slots, booked_intake_of, guide_day
from kandidaten.services import appointments
from kandidaten.services.feeds import calendar_feed_ics, calendar_feed_of, calendar_feed_renew
from loket.core.http import error_text
from loket.core.selectors import staff_regions

SLOT_PAGE_SIZE = 20
TEMPLATE = "kandidaten/intakes/booking.html"


def _candidate_or_404(user) -> Candidate:
    candidate = Candidate.objects.select_related("region", "user").filter(user=user).first()
    if candidate is None:
        raise Http404
    return candidate


def _booking_response(request, candidate, *, notice="", error="", status=200):
    now = timezone.now()
    page = Paginator(bookable_slots(region=candidate.region, now=now), SLOT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "candidate": candidate,
        "can_book": candidate.phase == Phase.ORIENTATIE,
        "booked": booked_intake_of(candidate, now=now),
        "page_obj": page,
        "hours": CHANGE_UNTIL_HOURS,
        "notice": notice,
        "error": error,
    }
    if request.htmx:
        # htmx 2 does not swap 4xx answers by default: a refusal comes with a 200 here.
        return render(request, TEMPLATE + "#booking", context)
    return render(request, TEMPLATE, context, status=status)


@login_required
@require_safe
def intake_booking(request):
    """The free times of the candidate's region and their booked intake."""
    return _booking_response(request, _candidate_or_404(request.user))


def _after(request, candidate, *, notice="", error=""):
    if request.htmx:
        return _booking_response(request, candidate, notice=notice, error=error)
    if error:
        # The page again, with the message and the times still free; nothing was booked.
        return _booking_response(request, candidate, error=error, status=409)
    messages.success(request, notice)
    return redirect("kandidaten:intake_booking")


@login_required
@require_POST
def intake_book(request, slot_pk: int):
    candidate = _candidate_or_404(request.user)
    slot = get_bookable_slot(candidate, slot_pk)
    try:
        appointment, moved = appointments.intake_book(candidate=candidate, slot=slot)
    except ValidationError as refused:
        return _after(request, candidate, error=error_text(refused))
    when = timezone.localtime(appointment.starts_at)
    template = (
        _("Your intake has moved to %(when)s. We have sent you an email with the calendar file.")
        if moved
        else _(
            "Your intake is booked for %(when)s. We have sent you an email with the calendar file."
        )
    )
    return _after(request, candidate, notice=template % {"when": date_format(when, "l j F Y H:i")})


@login_required
@require_POST
def intake_cancel(request):
    candidate = _candidate_or_404(request.user)
    booked = booked_intake_of(candidate, now=timezone.now())
    if booked is None:
        return _after(request, candidate, error=_("You have no booked intake to cancel."))
    try:
        appointments.intake_cancel_booking(candidate=candidate, appointment=booked)
    except ValidationError as refused:
        return _after(request, candidate, error=error_text(refused))
    return _after(request, candidate, notice=_("Your intake is cancelled; the time is free again."))


# --- The guide's agenda --------------------------------------------------------------------------


def _require_staff(request):
    if not staff_regions(request.user).exists():
        raise Http404


def _day_from(request) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("dag", ""))
    except ValueError:
        return timezone.localdate()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def guide_agenda(request):
    """The guide's day list (slots free and booked, appointments), the form to publish slots,
    and the address of their private calendar feed."""
    _require_staff(request)
    form = SlotForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                slots = appointments.intake_slots_publish(actor=request.user, **form.cleaned_data)
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s time published; candidates in orientation can book it.",
                        "%(count)s times published; candidates in orientation can book them.",
                        len(slots),
                    )
                    % {"count": len(slots)},
                )
                day = timezone.localdate(slots[0].starts_at)
                return redirect(reverse("kandidaten:guide_agenda") + f"?dag={day.isoformat()}")
        status = 400
    day = _day_from(request)
    feed = calendar_feed_of(request.user)
    context = {
        "form": form,
        "day": day,
        "previous_day": day - datetime.timedelta(days=1),
        "next_day": day + datetime.timedelta(days=1),
        "rows": guide_day(request.user, day),
        "feed_url": request.build_absolute_uri(
            reverse("kandidaten:calendar_feed", args=[feed.token])
        ),
        "forms_with_errors": [form] if form.is_bound and form.errors else [],
    }
    return render(request, "kandidaten/intakes/agenda.html", context, status=status)


@login_required
@require_POST
def guide_slot_withdraw(request, pk: int):
    _require_staff(request)
    slot = get_slot_for_staff(request.user, pk)
    try:
        withdrawn = appointments.intake_slot_withdraw(actor=request.user, slot=slot)
    except ValidationError as refused:
        messages.error(request, error_text(refused))
    else:
        if withdrawn:
            messages.success(request, _("The time is withdrawn."))
        else:
            messages.info(request, _("This time was withdrawn already."))
    day = timezone.localdate(slot.starts_at)
    return redirect(reverse("kandidaten:guide_agenda") + f"?dag={day.isoformat()}")


@login_required
@require_POST
def guide_feed_renew(request):
    _require_staff(request)
    calendar_feed_renew(user=request.user)
    messages.success(request, _("Your calendar address is renewed; the old one no longer works."))
    return redirect("kandidaten:guide_agenda")


@require_safe
def calendar_feed(request, token: str):
    """The private feed: no sign-in (calendar apps cannot), the token is the key."""
    content = calendar_feed_ics(token)
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
