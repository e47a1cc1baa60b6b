"""Events and appointments: the public event pages, the desk's event pages, and planning
appointments for a candidate; plus the context the candidate file and "My journey" include.

Every page is an ordinary form or link without JavaScript. The appointment forms in the
candidate file also post with HTMX, which swaps in the ``_file_appointments.html`` partial.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kandidaten import events
from kandidaten.event_forms import AppointmentForm, EventFilterForm, EventForm
from kandidaten.event_selectors import (
    appointments_of,
    desk_events,
    get_appointment_for_staff,
    get_event_for_staff,
    get_public_event,
    registration_of,
    registrations_of,
    upcoming_appointments_of,
    upcoming_events,
    upcoming_registrations_of,
)
from kandidaten.models import Candidate, CandidateAccess
from kandidaten.selectors import get_candidate_for_staff
from kandidaten.services import access_record
from loket.mail.selectors import mails_for_user
from loket.selectors import staff_regions

EVENT_PAGE_SIZE = 20
DESK_PAGE_SIZE = 25
JOURNEY_NOTIFICATIONS = 10


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _next_or(request, fallback: str) -> str:
    """Where a POST asked to go back to, when that is a page of this site."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _own_candidate(user) -> Candidate | None:
    if not user.is_authenticated:
        return None
    return Candidate.objects.filter(user=user).first()


# --- Context for the candidate file and "My journey" ----------------------------------------------


def appointment_context(candidate: Candidate, *, form: AppointmentForm | None = None) -> dict:
    """What ``kandidaten/desk/_file_appointments.html`` needs: the candidate's appointments
    (cancelled and past ones too) and the form to plan one."""
    return {
        "candidate": candidate,
        "appointments": list(appointments_of(candidate)),
        "appointment_form": form or AppointmentForm(),
        "now": timezone.now(),
    }


def mail_context(candidate: Candidate) -> dict:
    """What ``kandidaten/desk/_file_mail.html`` needs: every message to the candidate, the
    withheld ones with the reason."""
    return {"mails": mails_for_user(candidate.user)}


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


@require_safe
def event_list(request):
    """Upcoming published events of every region, soonest first; one GET filter, paged."""
    form = EventFilterForm(request.GET)
    region = form.cleaned_data["regio"] if form.is_valid() else None
    page = Paginator(upcoming_events(now=timezone.now(), region=region), EVENT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "region": region,
        "page_obj": page,
        "query_without_page": _query_without_page(request),
    }
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
        messages.error(request, _error_text(error))
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
    back = _next_or(request, reverse("kandidaten:event_detail", args=[event.pk]))
    candidate = _own_candidate(request.user)
    if candidate is None:
        return redirect(back)
    try:
        cancelled = events.event_unregister(candidate=candidate, event=event)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if cancelled:
            messages.success(request, _("You have cancelled your place. Your place is free again."))
        else:
            messages.info(request, _("You had no place at this event."))
    return redirect(back)


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
        "query_without_page": _query_without_page(request),
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
            event = events.event_create(actor=request.user, **form.cleaned_data)
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
            events.event_update(actor=request.user, event=event, **form.cleaned_data)
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
        cancelled = events.event_cancel(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if cancelled:
            messages.success(
                request,
                _(
                    "The event has been cancelled. Let the people who signed up know; the list "
                    "below shows who they are."
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
    # Names and addresses of candidates, also of other regions: who saw them is logged.
    access_record(
        user=request.user,
        candidates=[r.candidate_id for r in registrations],
        action=CandidateAccess.Action.VIEW,
        what="event registrations",
    )
    context = {
        "event": event,
        "registrations": registrations,
        "can_cancel": event.cancelled_at is None and event.starts_at > timezone.now(),
    }
    return render(request, "kandidaten/desk/event_registrations.html", context)


# --- Appointments (from the candidate file) ------------------------------------------------------


def _file_url(candidate: Candidate) -> str:
    return reverse("desk:candidate", args=[candidate.pk]) + "#appointments"


def _appointments_response(request, candidate, *, form=None, notice="", status=200):
    context = {**appointment_context(candidate, form=form), "notice": notice}
    if request.htmx:
        # htmx 2 does not swap 4xx answers by default: the errors come with a 200.
        return render(request, "kandidaten/desk/_file_appointments.html", context)
    context["file_url"] = _file_url(candidate)
    return render(request, "kandidaten/desk/appointments.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def desk_appointments(request, pk: int):
    """GET: the candidate's appointments with the plan form (the file includes the same
    partial). POST: plan one; errors come back on the form and nothing is saved."""
    _require_staff(request)
    candidate = get_candidate_for_staff(request.user, pk, for_change=True).candidate
    if request.method in ("GET", "HEAD"):
        access_record(
            user=request.user,
            candidates=[candidate],
            action=CandidateAccess.Action.VIEW,
            what="appointments",
        )
        return _appointments_response(request, candidate)
    form = AppointmentForm(request.POST)
    if form.is_valid():
        try:
            appointment = events.appointment_plan(
                actor=request.user, candidate=candidate, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            notice = _("The appointment is planned; %(name)s gets an email about it.") % {
                "name": candidate.full_name
            }
            if request.htmx:
                return _appointments_response(request, candidate, notice=notice)
            messages.success(request, notice)
            return redirect(_next_or(request, _file_url(appointment.candidate)))
    return _appointments_response(request, candidate, form=form, status=400)


@login_required
@require_POST
def desk_appointment_cancel(request, pk: int, appointment_pk: int):
    _require_staff(request)
    candidate = get_candidate_for_staff(request.user, pk, for_change=True).candidate
    appointment = get_appointment_for_staff(request.user, candidate, appointment_pk)
    try:
        cancelled = events.appointment_cancel(actor=request.user, appointment=appointment)
    except ValidationError as error:
        notice, level = _error_text(error), messages.ERROR
    else:
        notice = (
            _("The appointment has been cancelled. Let the candidate know.")
            if cancelled
            else _("This appointment was already cancelled.")
        )
        level = messages.SUCCESS if cancelled else messages.INFO
    if request.htmx:
        return _appointments_response(request, candidate, notice=notice)
    messages.add_message(request, level, notice)
    return redirect(_next_or(request, _file_url(candidate)))
