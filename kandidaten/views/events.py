"""The public agenda (/evenementen/): events, signing up and signing off; and what My journey
shows of a candidate's appointments, places and messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from kandidaten.access import get_public_event
from kandidaten.event_forms import EventFilterForm
from kandidaten.ics import event_ics
from kandidaten.models import Candidate
from kandidaten.selectors import (
    registration_of,
    upcoming_appointments_of,
    upcoming_events,
    upcoming_registrations_of,
    waiting_entry_of,
)
from kandidaten.services import events
from loket.core.cache import lazy_context
from loket.core.http import error_text, next_or, query_without
from loket.core.mail.selectors import mails_for_user
from loket.core.page_cache import public_page
from loket.core.selectors import staff_regions

EVENT_PAGE_SIZE = 20
DESK_PAGE_SIZE = 25
JOURNEY_NOTIFICATIONS = 10


def _own_candidate(user) -> Candidate | None:
    if not user.is_authenticated:
        return None
    return Candidate.objects.filter(user=user).first()


def journey_context(candidate: Candidate) -> dict:
    """What "My journey" adds for notifications, appointments and event places."""
    now = timezone.now()
    return {
        "notifications": list(
            mails_for_user(candidate.user, include_withheld=False)[:JOURNEY_NOTIFICATIONS]
        ),
        "upcoming_appointments": list(upcoming_appointments_of(candidate, now=now)),
        "upcoming_registrations": list(upcoming_registrations_of(candidate, now=now)),
    }


# --- Public --------------------------------------------------------------------------------------


@public_page("events")
@require_safe
def event_list(request):
    """Upcoming published events of every region, soonest first; one GET filter, paged.
    Anonymous visitors get the list from the cache (``loket.core.cache``): the context is lazy."""

    def build():
        form = EventFilterForm(request.GET)
        region = form.cleaned_data["regio"] if form.is_valid() else None
        events = upcoming_events(now=timezone.now(), region=region)
        return {
            "form": form,
            "region": region,
            "page_obj": Paginator(events, EVENT_PAGE_SIZE).get_page(request.GET.get("page")),
            "query_without_page": query_without(request, "page"),
        }

    context = lazy_context(build, ("form", "region", "page_obj", "query_without_page"))
    return render(request, "kandidaten/events/list.html", context)


@require_safe
def event_detail(request, pk: int):
    event = get_public_event(pk)
    candidate = _own_candidate(request.user)
    now = timezone.now()
    context = {
        "event": event,
        "candidate": candidate,
        "registration": registration_of(candidate, event),
        "waiting": waiting_entry_of(candidate, event),
        "is_open": event.cancelled_at is None and event.starts_at > now,
        "can_manage": request.user.is_authenticated
        and staff_regions(request.user).filter(pk=event.region_id).exists(),
    }
    return render(request, "kandidaten/events/detail.html", context)


@login_required
@require_POST
def event_signup(request, pk: int):
    event = get_public_event(pk)
    candidate = _own_candidate(request.user)
    if candidate is None or not candidate.is_registered:
        messages.error(request, _("Finish your registration before you sign up for an event."))
        return redirect("kandidaten:start")
    try:
        _registration, created = events.event_register(candidate=candidate, event=event)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if created:
            messages.success(
                request, _("You are signed up. We have sent you a confirmation by email.")
            )
        else:
            messages.info(request, _("You were already signed up for this event."))
    return redirect("kandidaten:event_detail", pk=event.pk)


@login_required
@require_POST
def event_signoff(request, pk: int):
    event = get_public_event(pk)
    back = next_or(request, reverse("kandidaten:event_detail", args=[event.pk]))
    candidate = _own_candidate(request.user)
    if candidate is None:
        return HttpResponseRedirect(back)
    try:
        cancelled = events.event_unregister(candidate=candidate, event=event)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if cancelled:
            messages.success(request, _("You have cancelled your place. Your place is free again."))
        else:
            messages.info(request, _("You had no place at this event."))
    return HttpResponseRedirect(back)


@require_safe
def event_calendar(request, pk: int):
    """The event's calendar file ("add to my calendar"): the same file the confirmation mail
    carries, so importing both gives one entry."""
    event = get_public_event(pk)
    response = HttpResponse(event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@login_required
@require_POST
def event_wait(request, pk: int):
    event = get_public_event(pk)
    candidate = _own_candidate(request.user)
    if candidate is None or not candidate.is_registered:
        messages.error(request, _("Finish your registration before you sign up for an event."))
        return redirect("kandidaten:start")
    try:
        _entry, position = events.event_join_waiting_list(candidate=candidate, event=event)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _(
                "You are on the waiting list, number %(position)s. When a place comes free it "
                "is yours at once, and we email you."
            )
            % {"position": position},
        )
    return redirect("kandidaten:event_detail", pk=event.pk)


@login_required
@require_POST
def event_unwait(request, pk: int):
    event = get_public_event(pk)
    candidate = _own_candidate(request.user)
    if candidate is not None and events.event_leave_waiting_list(candidate=candidate, event=event):
        messages.success(request, _("You have left the waiting list."))
    else:
        messages.info(request, _("You were not on the waiting list for this event."))
    return redirect("kandidaten:event_detail", pk=event.pk)
