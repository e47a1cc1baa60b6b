"""The desk's event pages (/loket/evenementen/): plan, edit and cancel events of their regions,
and the list of who signed up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kandidaten.access import get_event_for_staff
from kandidaten.event_forms import EventForm
from kandidaten.models import CandidateAccess
from kandidaten.selectors import (
    desk_events,
    registrations_of,
    waiting_list_of,
)
from kandidaten.services.attendance import event_record_attendance
from kandidaten.services.events import event_cancel, event_create, event_update
from kandidaten.services.privacy import access_record
from loket.core.http import error_text, parse_id, query_without
from loket.core.selectors import staff_regions

DESK_PAGE_SIZE = 25


# --- The desk's event pages ----------------------------------------------------------------------


def _require_staff(request) -> None:
    """Desk pages are for desk staff and coordinators; anyone else is refused outright."""
    if not staff_regions(request.user).exists():
        raise PermissionDenied


@login_required
@require_safe
def desk_event_list(request):
    _require_staff(request)
    now = timezone.now()
    past = request.GET.get("wanneer") == "voorbij"
    found = desk_events(request.user)
    if past:
        found = found.filter(starts_at__lte=now).order_by("-starts_at", "-pk")
    else:
        found = found.filter(starts_at__gt=now).order_by("starts_at", "pk")
    page = Paginator(found, DESK_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "past": past,
        "query_without_page": query_without(request, "page"),
    }
    return render(request, "kandidaten/desk/events.html", context)


def _render_event_form(request, form, event, status=200):
    context = {
        "form": form,
        "event": event,
        "forms_with_errors": [form] if form.is_bound and form.errors else [],
    }
    return render(request, "kandidaten/desk/event_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def desk_event_create(request):
    _require_staff(request)
    form = EventForm(request.POST or None, user=request.user)
    if request.method in ("GET", "HEAD"):
        return _render_event_form(request, form, None)
    if form.is_valid():
        try:
            event = event_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect("kandidaten:desk_event_registrations", pk=event.pk)
    return _render_event_form(request, form, None, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def desk_event_edit(request, pk: int):
    _require_staff(request)
    event = get_event_for_staff(request.user, pk)
    form = EventForm(request.POST or None, user=request.user, event=event)
    if request.method in ("GET", "HEAD"):
        return _render_event_form(request, form, event)
    if form.is_valid():
        try:
            event_update(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("kandidaten:desk_event_registrations", pk=event.pk)
    return _render_event_form(request, form, event, status=400)


@login_required
@require_POST
def desk_event_cancel(request, pk: int):
    _require_staff(request)
    event = get_event_for_staff(request.user, pk)
    try:
        cancelled = event_cancel(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if cancelled:
            messages.success(
                request,
                _(
                    "The event has been cancelled. Everyone with a place or on the waiting list "
                    "gets an email, with a calendar file that removes it."
                ),
            )
        else:
            messages.info(request, _("This event was already cancelled."))
    return redirect("kandidaten:desk_event_registrations", pk=event.pk)


@login_required
@require_safe
def desk_event_registrations(request, pk: int):
    _require_staff(request)
    event = get_event_for_staff(request.user, pk)
    registrations = list(registrations_of(event))
    waiting = list(waiting_list_of(event))
    # Names and addresses of candidates, also of other regions: who saw them is logged.
    access_record(
        user=request.user,
        candidates=[r.candidate_id for r in registrations] + [w.candidate_id for w in waiting],
        action=CandidateAccess.Action.VIEW,
        what="event registrations",
    )
    now = timezone.now()
    context = {
        "event": event,
        "registrations": registrations,
        "waiting": waiting,
        "can_cancel": event.cancelled_at is None and event.starts_at > now,
        "can_record_attendance": event.cancelled_at is None and event.starts_at <= now,
    }
    return render(request, "kandidaten/desk/event_registrations.html", context)


ATTENDANCE = {"ja": True, "nee": False}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def desk_event_attendance(request, pk: int):
    """One screen for the whole list: who came and who did not. Saving is the desk's
    confirmation (phases move, no-shows are mailed); a list without any mark changes nothing."""
    _require_staff(request)
    event = get_event_for_staff(request.user, pk)
    registrations = [r for r in registrations_of(event) if r.cancelled_at is None]
    error = ""
    if request.method == "POST":
        known = {r.pk for r in registrations}
        marks = {}
        for name, value in request.POST.items():
            if name.startswith("came-") and value in ATTENDANCE:
                registration_id = parse_id(name.removeprefix("came-"))
                if registration_id in known:
                    marks[registration_id] = ATTENDANCE[value]
        if not marks:
            error = _("Mark for at least one person whether they came.")
        else:
            try:
                result = event_record_attendance(actor=request.user, event=event, attended=marks)
            except ValidationError as refused:
                error = error_text(refused)
            else:
                messages.success(
                    request,
                    _(
                        "Attendance saved: %(came)s came, %(missed)s did not. "
                        "%(moved)s moved on to Orientation."
                    )
                    % {
                        "came": result.came,
                        "missed": result.missed,
                        "moved": result.to_orientation,
                    },
                )
                return redirect("kandidaten:desk_event_attendance", pk=event.pk)
    access_record(
        user=request.user,
        candidates=[r.candidate_id for r in registrations],
        action=CandidateAccess.Action.VIEW,
        what="event attendance",
    )
    context = {
        "event": event,
        "registrations": registrations,
        "error": error,
        "is_open": event.cancelled_at is None and event.starts_at <= timezone.now(),
    }
    return render(
        request,
        "kandidaten/desk/event_attendance.html",
        context,
        status=400 if error else 200,
    )
