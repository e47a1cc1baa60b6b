"""My journey (/mijn-traject/): where the candidate is, what comes next, their advice, consents,
appointments and messages, and pausing, stopping or resuming. The desk adds its sections
(proposals, the assessment outcome) through ``kandidaten.hooks.journey_sections``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from kandidaten import forms, hooks
from kandidaten.advice import Profile, route_advice
from kandidaten.models import MAIN_PHASES, ConsentKind, Phase
from kandidaten.selectors import candidate_of, consent_state, phase_events_of
from kandidaten.services.journey import (
    candidate_change_phase,
    phase_before_side_exit,
    system_note,
)
from kandidaten.services.privacy import (
    candidate_withdraw_desk_consent,
    consent_set,
    current_privacy_statement,
)
from kandidaten.views.events import journey_context as event_journey_context
from kandidaten.views.registration import STEP_TITLES

NEXT_STEPS = {
    Phase.INTERESSE: _("Complete your registration to get your personal route advice."),
    Phase.ORIENTATIE: _(
        "Read your route advice, come to an information event or a trial day, and ask for an "
        "intake conversation when you are ready."
    ),
    Phase.INTAKE: _(
        "Your guide talks with you about your route and what you need; together you decide on "
        "the next step."
    ),
    Phase.GESCHIKTHEID: _(
        "A training institute assesses whether you can start your route; your guide helps you "
        "prepare."
    ),
    Phase.MATCHING: _(
        "The desk proposes you to schools that fit your wishes. You hear about every proposal."
    ),
    Phase.GESTART: _(
        "You have started at a school. Your guide checks in during your first months."
    ),
    Phase.BEGELEIDING: _(
        "Your first years in education, with support from your school and the desk."
    ),
    Phase.GEPAUZEERD: _(
        "Your journey is paused. The desk will get in touch around your resume date."
    ),
    Phase.AFGEHAAKT: _("You have stopped. You are welcome back at any time."),
    Phase.DOORVERWEZEN: _(
        "You have been referred to another desk or sector, who will contact you."
    ),
}

# Where the usual text speaks of "your guide" and nobody guides the candidate (yet), the desk.
NEXT_STEPS_WITHOUT_GUIDE = {
    Phase.INTAKE: _(
        "The desk talks with you about your route and what you need; together you decide on "
        "the next step."
    ),
    Phase.GESCHIKTHEID: _(
        "A training institute assesses whether you can start your route; the desk helps you "
        "prepare."
    ),
    Phase.GESTART: _("You have started at a school. The desk checks in during your first months."),
}


def _next_step(candidate):
    if candidate.guide_id is None and candidate.phase in NEXT_STEPS_WITHOUT_GUIDE:
        return NEXT_STEPS_WITHOUT_GUIDE[candidate.phase]
    return NEXT_STEPS[candidate.phase]


def _journey_context(candidate, **forms_given) -> dict:
    current = candidate.phase
    index = MAIN_PHASES.index(current) if current in MAIN_PHASES else None
    if index is None:
        # On a side exit the timeline shows where they were before it.
        before = phase_before_side_exit(candidate)
        index = MAIN_PHASES.index(before) if before in MAIN_PHASES else 0
    events = phase_events_of(candidate)
    # A phase before the current one is done only when the candidate was in it: a hire
    # straight from orientation skips the intake and the assessment, and says so.
    visited = {Phase.INTERESSE, *(p for e in events for p in (e.from_phase, e.to_phase))}
    timeline = [
        {
            "label": phase.label,
            "state": (
                ("done" if phase in visited else "skipped")
                if i < index
                else "current"
                if i == index
                else "todo"
            ),
        }
        for i, phase in enumerate(MAIN_PHASES)
    ]
    context = {
        "candidate": candidate,
        "timeline": timeline,
        "on_side_exit": current not in MAIN_PHASES,
        "next_step": _next_step(candidate),
        "advice": route_advice(Profile.of(candidate)),
        "events": events,
        "consents": consent_state(candidate),
        "pause_form": forms_given.get("pause_form") or forms.PauseForm(),
        "withdraw_form": forms_given.get("withdraw_form") or forms.WithdrawForm(),
        "edit_steps": [(n, STEP_TITLES[n]) for n in (2, 3, 4, 5)],
        **event_journey_context(candidate),
    }
    # The desk's sections (proposals, the assessment outcome): see loket.desk.hooks. Each
    # handler adds its context and names the templates it shows, in order.
    context["section_templates"] = []
    for section in hooks.journey_sections.call(candidate=candidate):
        templates = section.pop("section_templates", [])
        context.update(section)
        context["section_templates"] += templates
    return context


def _registered_candidate(request):
    candidate = candidate_of(request.user)
    if candidate is None or not candidate.is_registered:
        return None
    return candidate


@login_required
@require_safe
def journey(request):
    """The candidate's own page: where they are, what comes next, their advice and consents."""
    candidate = _registered_candidate(request)
    if candidate is None:
        return redirect("kandidaten:start")
    return render(request, "kandidaten/journey.html", _journey_context(candidate))


def _leave_journey(request, *, form_class, form_name: str, to_phase: str, success: str):
    """Pause or stop: the candidate's own side exits, both through candidate_change_phase."""
    candidate = _registered_candidate(request)
    if candidate is None:
        return redirect("kandidaten:start")
    # From the journey, or from a pause to a full stop; not again once stopped or referred.
    if candidate.phase not in MAIN_PHASES and not (
        candidate.phase == Phase.GEPAUZEERD and to_phase == Phase.AFGEHAAKT
    ):
        messages.info(request, _("Your journey is not active at the moment."))
        return redirect("kandidaten:journey")
    form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            candidate_change_phase(
                candidate=candidate,
                to_phase=to_phase,
                actor=request.user,
                note=data["note"],
                paused_until=data.get("paused_until"),
                dropout_reason=data.get("reason", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect("kandidaten:journey")
    context = _journey_context(candidate, **{form_name: form})
    return render(request, "kandidaten/journey.html", context, status=400)


@login_required
@require_POST
def pause(request):
    return _leave_journey(
        request,
        form_class=forms.PauseForm,
        form_name="pause_form",
        to_phase=Phase.GEPAUZEERD,
        success=_("Your journey is paused."),
    )


@login_required
@require_POST
def withdraw(request):
    return _leave_journey(
        request,
        form_class=forms.WithdrawForm,
        form_name="withdraw_form",
        to_phase=Phase.AFGEHAAKT,
        success=_("You have stopped your journey. You are welcome back."),
    )


@login_required
@require_POST
def resume(request):
    candidate = _registered_candidate(request)
    if candidate is None:
        return redirect("kandidaten:start")
    if candidate.phase not in (Phase.GEPAUZEERD, Phase.AFGEHAAKT):
        messages.info(request, _("Your journey is not paused."))
        return redirect("kandidaten:journey")
    if not candidate.consent_desk:
        messages.error(
            request, _("Give the desk consent to use your data first; then you can continue.")
        )
        return redirect(reverse("kandidaten:journey") + "#consent")
    candidate_change_phase(
        candidate=candidate,
        to_phase=phase_before_side_exit(candidate),
        actor=request.user,
        note=system_note(_("Resumed by the candidate.")),
    )
    messages.success(request, _("Welcome back! Your journey continues where you left it."))
    return redirect("kandidaten:journey")


@login_required
@require_POST
def change_consent(request):
    candidate = _registered_candidate(request)
    if candidate is None:
        return redirect("kandidaten:start")
    form = forms.ConsentChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That change could not be made; please try again."))
        return redirect("kandidaten:journey")
    kind, given = form.cleaned_data["kind"], form.cleaned_data["given"]
    if kind == ConsentKind.DESK and not given:
        # Without this consent the desk cannot guide anyone: ask first, then stop the journey.
        if request.POST.get("confirm") != "yes":
            return render(request, "kandidaten/consent_confirm.html", {"candidate": candidate})
        candidate_withdraw_desk_consent(candidate=candidate, statement=current_privacy_statement())
        messages.success(
            request,
            _("You have withdrawn your consent. The desk no longer works with your data."),
        )
        # Stopping is not removing: offer that next (issue 11).
        return redirect("kandidaten:erase")
    consent_set(candidate=candidate, kind=kind, given=given, statement=current_privacy_statement())
    messages.success(request, _("Your consent has been updated."))
    return redirect(reverse("kandidaten:journey") + "#consent")
