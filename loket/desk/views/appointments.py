"""Appointments planned from the candidate file (an intake, a follow-up), and the file's mail
and appointments sections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from kandidaten.access import get_appointment_for_staff
from kandidaten.event_forms import AppointmentForm, AppointmentMoveForm
from kandidaten.models import Candidate, CandidateAccess
from kandidaten.selectors import (
    appointments_of,
)
from kandidaten.services import appointments
from kandidaten.services.privacy import access_record
from loket.core.http import error_text, next_or
from loket.core.mail.selectors import mails_for_user
from loket.desk.access import get_candidate_for_staff, require_desk


def appointment_context(
    candidate: Candidate, *, form: AppointmentForm | None = None, rows: list | None = None
) -> dict:
    """What ``loket/desk/_file_appointments.html`` needs: the candidate's appointments
    (cancelled and past ones too; ``rows`` when the caller loaded them) and the form to plan
    one."""
    return {
        "candidate": candidate,
        "appointments": list(appointments_of(candidate)) if rows is None else rows,
        "appointment_form": form or AppointmentForm(),
        "now": timezone.now(),
    }


def mail_context(candidate: Candidate) -> dict:
    """What ``loket/desk/_file_mail.html`` needs: every message to the candidate, the
    withheld ones with the reason."""
    return {"mails": mails_for_user(candidate.user)}


# --- Appointments (from the candidate file) ------------------------------------------------------


def _file_url(candidate: Candidate) -> str:
    return reverse("desk:candidate", args=[candidate.pk]) + "#appointments"


def _appointments_response(request, candidate, *, form=None, notice="", error="", status=200):
    context = {**appointment_context(candidate, form=form), "notice": notice, "error": error}
    if request.htmx:
        # htmx 2 does not swap 4xx answers by default: the errors come with a 200.
        return render(request, "loket/desk/_file_appointments.html", context)
    context["file_url"] = _file_url(candidate)
    return render(request, "loket/desk/appointments.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def desk_appointments(request, pk: int):
    """GET: the candidate's appointments with the plan form (the file includes the same
    partial). POST: plan one; errors come back on the form and nothing is saved."""
    require_desk(request.user)
    candidate = get_candidate_for_staff(request.user, pk, for_change=True).candidate
    if request.method in ("GET", "HEAD"):
        access_record(
            user=request.user,
            candidates=[candidate],
            action=CandidateAccess.Action.VIEW,
            what="appointments",
        )
        return _appointments_response(request, candidate)
    back = next_or(request, _file_url(candidate))
    form = AppointmentForm(request.POST)
    if form.is_valid():
        try:
            appointments.appointment_plan(
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
            return HttpResponseRedirect(back)
    return _appointments_response(request, candidate, form=form, status=400)


@login_required
@require_POST
def desk_appointment_cancel(request, pk: int, appointment_pk: int):
    require_desk(request.user)
    candidate = get_candidate_for_staff(request.user, pk, for_change=True).candidate
    appointment = get_appointment_for_staff(request.user, candidate, appointment_pk)
    back = next_or(request, _file_url(candidate))
    try:
        cancelled = appointments.appointment_cancel(actor=request.user, appointment=appointment)
    except ValidationError as error:
        notice, level = error_text(error), messages.ERROR
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
    return HttpResponseRedirect(back)


@login_required
@require_POST
def desk_appointment_move(request, pk: int, appointment_pk: int):
    """Move an appointment to another moment or place; the candidate is mailed the new time with
    the updated calendar file. Bad input changes nothing and says why."""
    require_desk(request.user)
    candidate = get_candidate_for_staff(request.user, pk, for_change=True).candidate
    appointment = get_appointment_for_staff(request.user, candidate, appointment_pk)
    back = next_or(request, _file_url(candidate))
    form = AppointmentMoveForm(request.POST)
    notice = error = ""
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        try:
            appointments.appointment_move(
                actor=request.user, appointment=appointment, **form.cleaned_data
            )
        except ValidationError as refused:
            error = error_text(refused)
        else:
            notice = _("The appointment has moved; %(name)s gets an email with the new time.") % {
                "name": candidate.full_name
            }
    if request.htmx:
        return _appointments_response(request, candidate, notice=notice, error=error)
    if error:
        return _appointments_response(request, candidate, error=error, status=400)
    messages.success(request, notice)
    return HttpResponseRedirect(back)
