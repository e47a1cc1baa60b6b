"""The candidate file: profile, timeline, contact log, notes, guide, next action, phase, and the
forms that refer for an assessment or to another region. Every form posts to its own URL; a
refusal shows the file again with the message on the form and nothing saved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kandidaten.advice import Profile, route_advice
from kandidaten.models import MAIN_PHASES, Candidate
from kandidaten.selectors import consent_state
from kandidaten.services.privacy import access_record
from loket.core.http import submit
from loket.core.people import staff_of_region
from loket.desk import forms
from loket.desk.access import get_candidate_for_staff
from loket.desk.selectors.stalled import with_stall_flags
from loket.desk.selectors.timeline import FileRows, candidate_timeline
from loket.desk.services.assessments import assessment_refer
from loket.desk.services.erasure import can_erase
from loket.desk.services.guidance import (
    candidate_add_note,
    candidate_assign_guide,
    candidate_log_contact,
    candidate_set_next_action,
    candidate_staff_change_phase,
)
from loket.desk.services.referrals import referral_send
from loket.desk.views.appointments import appointment_context, mail_context
from vacatures.models import Interest

# --- Candidate file -------------------------------------------------------------------------------


FLAGS = ("is_stalled", "overdue_in_phase", "without_contact", "phase_norm_days")


def _file_forms(access, **given) -> dict:
    candidate = access.candidate
    guides = staff_of_region(candidate.region)
    return {
        "contact_form": given.get("contact_form")
        or forms.ContactForm(initial={"occurred_on": timezone.localdate()}),
        "note_form": given.get("note_form") or forms.NoteForm(),
        "guide_form": given.get("guide_form")
        or forms.GuideForm(guides=guides, initial={"guide": candidate.guide_id}),
        "next_action_form": given.get("next_action_form")
        or forms.NextActionForm(
            initial={
                "next_action": candidate.next_action,
                "next_action_on": candidate.next_action_on,
            }
        ),
        "phase_form": given.get("phase_form") or forms.PhaseForm(),
        "assessment_form": given.get("assessment_form")
        or forms.AssessmentReferForm(institutes=candidate.region.institutes.order_by("name")),
        "referral_form": given.get("referral_form")
        or forms.ReferralForm(exclude_region=candidate.region),
        "referral_answer_form": forms.ReferralAnswerForm(),
    }


def _until(queryset, until, *, field: str = "created_at"):
    """Rows up to the moment the candidate left the user's region (no limit when None)."""
    return queryset if until is None else queryset.filter(**{f"{field}__lte": until})


def _rows_until(rows: list, until, *, field: str = "created_at") -> list:
    """The same for rows already loaded."""
    return rows if until is None else [row for row in rows if getattr(row, field) <= until]


def _file_context(request, access, **given) -> dict:
    candidate = access.candidate
    now = timezone.now()
    if hasattr(candidate, "is_stalled"):  # the access check annotated them (a GET)
        flags = {name: getattr(candidate, name) for name in FLAGS}
    else:  # the forms' paths
        candidates = Candidate.objects.filter(pk=candidate.pk)
        flags = with_stall_flags(candidates, now=now).values(*FLAGS)[0]
    prefetch_related_objects([candidate], "qualifications__subject")
    qualifications = list(candidate.qualifications.all())
    until = access.history_until
    rows = FileRows.of(candidate)
    context = {
        "access": access,
        "candidate": candidate,
        "flags": flags,
        "days_in_phase": (now - candidate.phase_changed_at).days,
        "subjects": rows.subjects,
        "qualifications": qualifications,
        "advice": route_advice(Profile.of(candidate)),
        "consents": consent_state(candidate, rows.consents),
        "timeline": [
            e for e in candidate_timeline(candidate, rows) if until is None or e.at <= until
        ],
        "contacts": _rows_until(rows.contacts, until)[:50],
        "notes": _rows_until(rows.notes, until)[:50],
        "proposals": _rows_until(rows.proposals, until),
        "assessments": _rows_until(rows.assessments, until, field="referred_at"),
        "referrals": rows.referrals,
        "interests": list(
            _until(Interest.objects.filter(user=candidate.user), until)
            .select_related("vacancy", "vacancy__school")
            .order_by("-created_at")
        ),
        "duplicates": rows.duplicates,
        "access_log": rows.access_log if until is None else [],
        "documents": rows.documents if access.can_edit else [],
        "can_erase": access.can_edit and can_erase(request.user, candidate),
        "can_refer": candidate.consent_other_regions and candidate.phase in MAIN_PHASES,
        **appointment_context(candidate, rows=rows.appointments),
        **mail_context(candidate),
    }
    if until is not None:
        context["appointments"] = _rows_until(rows.appointments, until)
        context["mails"] = _until(context["mails"], until)
    if access.can_edit:
        context.update(_file_forms(access, **given))
    else:
        context["referral_answer_form"] = given.get("referral_answer_form") or (
            forms.ReferralAnswerForm()
        )
    return context


@require_safe
@login_required
def candidate_file(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, flags_at=timezone.now())
    access_record(user=request.user, candidates=[access.candidate], action="view", what="file")
    return render(request, "loket/desk/candidate_file.html", _file_context(request, access))


def file_url(candidate, anchor: str = "") -> str:
    return reverse("desk:candidate", args=[candidate.pk]) + (f"#{anchor}" if anchor else "")


def _invalid(request, access, status=400, **given):
    messages.error(request, _("Please check the form below."))
    response = render(
        request,
        "loket/desk/candidate_file.html",
        _file_context(request, access, **given),
        status=status,
    )
    return response


def _run(request, access, action, *, form_name: str, form, anchor: str, success: str):
    """Validate the form, call the service; on a refusal show the file again with the message
    on the form and nothing saved."""
    if submit(form, action):
        messages.success(request, success)
        return redirect(file_url(access.candidate, anchor))
    return _invalid(request, access, **{form_name: form})


@require_POST
@login_required
def log_contact(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    form = forms.ContactForm(request.POST)
    if request.htmx and form.is_valid():
        # HTMX: swap the contact log in place (with the new entry, or the form's errors).
        try:
            candidate_log_contact(
                actor=request.user, candidate=access.candidate, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = None
    if request.htmx:
        # The confirmation goes in the swapped part (focus moves to it), not in the session,
        # where it would linger until the next full page.
        access = get_candidate_for_staff(request.user, pk, for_change=True)
        context = _file_context(request, access, **({"contact_form": form} if form else {}))
        context["contact_saved"] = form is None
        return render(request, "loket/desk/candidate_file.html#contacts", context)
    return _run(
        request,
        access,
        lambda data: candidate_log_contact(actor=request.user, candidate=access.candidate, **data),
        form_name="contact_form",
        form=form,
        anchor="contacts",
        success=_("The contact has been logged."),
    )


@require_POST
@login_required
def add_note(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    return _run(
        request,
        access,
        lambda data: candidate_add_note(
            actor=request.user, candidate=access.candidate, text=data["text"]
        ),
        form_name="note_form",
        form=forms.NoteForm(request.POST),
        anchor="notes",
        success=_("The note has been saved."),
    )


@require_POST
@login_required
def assign_guide(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    guides = staff_of_region(access.candidate.region)
    return _run(
        request,
        access,
        lambda data: candidate_assign_guide(
            actor=request.user, candidate=access.candidate, guide=data["guide"]
        ),
        form_name="guide_form",
        form=forms.GuideForm(request.POST, guides=guides),
        anchor="guide",
        success=_("The guide has been saved."),
    )


@require_POST
@login_required
def set_next_action(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    return _run(
        request,
        access,
        lambda data: candidate_set_next_action(
            actor=request.user,
            candidate=access.candidate,
            text=data["next_action"],
            on=data["next_action_on"],
        ),
        form_name="next_action_form",
        form=forms.NextActionForm(request.POST),
        anchor="guide",
        success=_("The next action has been saved."),
    )


@require_POST
@login_required
def change_phase(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    return _run(
        request,
        access,
        lambda data: candidate_staff_change_phase(
            actor=request.user,
            candidate=access.candidate,
            to_phase=data["to_phase"],
            note=data["note"],
            paused_until=data["paused_until"],
            dropout_reason=data["dropout_reason"],
        ),
        form_name="phase_form",
        form=forms.PhaseForm(request.POST),
        anchor="phase",
        success=_("The phase has been changed."),
    )


@require_POST
@login_required
def refer_assessment(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    institutes = access.candidate.region.institutes.order_by("name")
    return _run(
        request,
        access,
        lambda data: assessment_refer(
            actor=request.user,
            candidate=access.candidate,
            institute=data["institute"],
            question=data["question"],
        ),
        form_name="assessment_form",
        form=forms.AssessmentReferForm(request.POST, institutes=institutes),
        anchor="assessments",
        success=_("The candidate has been referred for an assessment."),
    )


@require_POST
@login_required
def refer_region(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    return _run(
        request,
        access,
        lambda data: referral_send(
            actor=request.user,
            candidate=access.candidate,
            to_region=data["to_region"],
            note=data["note"],
        ),
        form_name="referral_form",
        form=forms.ReferralForm(request.POST, exclude_region=access.candidate.region),
        anchor="referrals",
        success=_("The candidate has been referred; the other desk has been told."),
    )
