"""Registration at /aanmelden/, step by step: every step is a plain form page that works without
JavaScript; with HTMX a step swaps in place. The route advice is the last step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kandidaten import forms
from kandidaten.advice import Profile, route_advice
from kandidaten.selectors import candidate_of, public_routes
from kandidaten.services.journey import (
    candidate_request_intake,
)
from kandidaten.services.privacy import (
    current_privacy_statement,
)
from kandidaten.services.registration import (
    UTM_KEYS,
    candidate_save_background,
    candidate_save_consent,
    candidate_save_contact,
    candidate_save_wishes,
    is_staff_account,
    nearest_region,
)

STEP_TITLES = {
    1: _("Account"),
    2: _("Contact and location"),
    3: _("Background"),
    4: _("Wishes"),
    5: _("Privacy and consent"),
    6: _("Your route advice"),
}
LAST_STEP = 6


UTM_SESSION_KEY = "kandidaten_utm"


def _step_url(step: int) -> str:
    if step <= 1:
        return reverse("kandidaten:start")
    return reverse("kandidaten:step", args=[step])


def _redirect(request, url: str):
    """A redirect that also works for an HTMX request (which would otherwise swap the page in)."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _staff_refused(request):
    """A staff account (desk, coordinator, HR, adviser, admin) is not a candidate: filling in
    the sign-up steps would give it a candidate profile and change its name. It gets a message
    and goes to its own start page instead."""
    if not is_staff_account(request.user) or candidate_of(request.user) is not None:
        return None
    messages.info(
        request,
        _(
            "You are signed in with a staff account, which cannot register as a candidate. "
            "To register yourself, sign out and register with a personal email address."
        ),
    )
    return _redirect(request, reverse("home"))


@require_safe
def start(request):
    """Step 1. The campaign parameters of the landing URL are kept until registration."""
    utm = {key: request.GET[key][:100] for key in UTM_KEYS if request.GET.get(key)}
    if utm:
        request.session[UTM_SESSION_KEY] = utm
    if request.user.is_authenticated:
        if refused := _staff_refused(request):
            return refused
        candidate = candidate_of(request.user)
        done = candidate.registration_step if candidate else 1
        return redirect(_step_url(min(done + 1, LAST_STEP)))
    next_url = _step_url(2)
    return render(
        request,
        "kandidaten/start.html",
        {"next_url": next_url, "steps": _progress(1, 1), "routes": public_routes()},
    )


def _progress(current: int, done: int) -> list[dict]:
    return [
        {
            "number": number,
            "title": title,
            "current": number == current,
            "done": number <= done,
            "url": _step_url(number) if 1 < number <= done + 1 and number != current else "",
        }
        for number, title in STEP_TITLES.items()
    ]


def _chosen_region(candidate) -> int | None:
    """Show the region as chosen only when it is not simply the nearest one, so that after a
    move the region follows the new postcode."""
    if candidate.latitude is None:
        return candidate.region_id
    nearest = nearest_region(candidate.latitude, candidate.longitude)
    return None if nearest and nearest.pk == candidate.region_id else candidate.region_id


def _step_forms(step: int, candidate, data=None) -> dict:
    """The form(s) of a step, filled from the stored profile when there is one."""
    if step == 2:
        initial = {}
        if candidate:
            initial = {
                "full_name": candidate.full_name,
                "phone": candidate.phone,
                "date_of_birth": candidate.date_of_birth,
                "postcode": candidate.postcode,
                "lives_abroad": candidate.lives_abroad,
                "region": _chosen_region(candidate),
            }
        return {"form": forms.ContactForm(data, initial=initial)}
    if step == 3:
        initial = {
            name: getattr(candidate, name)
            for name in forms.BackgroundForm.base_fields
            if getattr(candidate, name, "") not in ("", None)
        }
        qualifications = [
            {
                "country": q.country,
                "grade": q.grade,
                "subject": q.subject_id,
                "recognised": q.recognised,
                "still_teaching": q.still_teaching,
            }
            for q in candidate.qualifications.all()
        ]
        return {
            "form": forms.BackgroundForm(data, initial=initial),
            "formset": forms.QualificationFormSet(data, initial=qualifications, prefix="q"),
        }
    if step == 4:
        initial = {
            "sectors": candidate.sectors,
            "secondary_level": candidate.secondary_level,
            "subjects": [s.pk for s in candidate.subjects.all()],
            "hours_per_week": candidate.hours_per_week,
            "earliest_start": candidate.earliest_start,
            "max_travel_km": candidate.max_travel_km or 25,
            "trial_day_interest": candidate.trial_day_interest,
        }
        return {"form": forms.WishesForm(data, initial=initial)}
    if step == 5:
        initial = {
            "desk": candidate.consent_desk,
            "region_schools": candidate.consent_region_schools,
            "other_regions": candidate.consent_other_regions,
            "source": candidate.source,
            "source_detail": candidate.source_detail,
        }
        statement = current_privacy_statement()
        return {
            "form": forms.ConsentForm(data, initial=initial, statement=statement),
            "statement": statement,
        }
    return {}


def _save_step(request, step: int, candidate, step_forms: dict):
    """Validate and save one step; returns the saved candidate or None when invalid."""
    form = step_forms["form"]
    formset = step_forms.get("formset")
    if not form.is_valid() or (formset is not None and not formset.is_valid()):
        return None
    data = form.cleaned_data
    try:
        if step == 2:
            return candidate_save_contact(
                user=request.user,
                utm=request.session.get(UTM_SESSION_KEY),
                language=get_language() or "nl",
                **{k: data[k] for k in ContactFields},
            )
        if step == 3:
            qualifications = [row for row in formset.cleaned_data if row.get("country")]
            return candidate_save_background(
                candidate=candidate, qualifications=qualifications, **data
            )
        if step == 4:
            return candidate_save_wishes(candidate=candidate, **data)
        if step == 5:
            return candidate_save_consent(
                candidate=candidate,
                statement=step_forms["statement"],
                desk=data["desk"],
                region_schools=data["region_schools"],
                other_regions=data["other_regions"],
                source=data["source"],
                source_detail=data["source_detail"],
            )
    except ValidationError as error:
        form.add_error(None, error)
    return None


ContactFields = ("full_name", "phone", "date_of_birth", "postcode", "lives_abroad", "region")


class _FormsetErrors:
    """The errors of a formset as a whole (a tampered management form, too many rows), shaped
    like a form without fields so the error summary lists them too."""

    def __init__(self, errors):
        self.errors = errors

    def non_field_errors(self):
        return self.errors

    def __iter__(self):
        return iter(())


def _forms_with_errors(step_forms: dict) -> list:
    found = [step_forms["form"]] if "form" in step_forms else []
    formset = step_forms.get("formset")
    if formset is not None:
        if formset.is_bound and formset.non_form_errors():
            found.append(_FormsetErrors(formset.non_form_errors()))
        found += formset.forms
    return [f for f in found if f.errors and getattr(f, "is_bound", True)]


def _render_step(request, step: int, candidate, step_forms: dict, status: int = 200):
    done = candidate.registration_step if candidate else 1
    context = {
        "step": step,
        "step_title": STEP_TITLES[step],
        "steps": _progress(step, done),
        "previous_url": _step_url(step - 1) if step > 2 else "",
        "candidate": candidate,
        "editing": bool(candidate and candidate.is_registered and step < LAST_STEP),
        "forms_with_errors": _forms_with_errors(step_forms),
        **step_forms,
    }
    if step == LAST_STEP:
        context["advice"] = route_advice(Profile.of(candidate))
    template = "kandidaten/registration.html"
    # A history restore (the back button) needs the whole page, not the step alone.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    if partial:
        template += "#step"
    response = render(request, template, context, status=status)
    if partial:
        response["HX-Push-Url"] = _step_url(step)
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def step(request, number: int):
    """Steps 2 to 6. A step can be opened once the one before it is done; anything else (a
    made-up step number, skipping ahead) is refused with a message and nothing is saved."""
    if refused := _staff_refused(request):
        return refused
    candidate = candidate_of(request.user)
    done = candidate.registration_step if candidate else 1
    if number not in STEP_TITLES or number == 1:
        messages.error(request, _("That step does not exist; here is where you left off."))
        return _redirect(request, _step_url(min(done + 1, LAST_STEP)))
    if number > done + 1:
        messages.error(
            request,
            _("Please finish step %(step)s (%(title)s) first.")
            % {"step": done + 1, "title": STEP_TITLES[done + 1]},
        )
        return _redirect(request, _step_url(done + 1))
    if number == LAST_STEP and request.method == "POST":
        return _redirect(request, _step_url(LAST_STEP))
    was_registered = bool(candidate and candidate.is_registered)
    if request.method in ("GET", "HEAD"):
        return _render_step(request, number, candidate, _step_forms(number, candidate))
    step_forms = _step_forms(number, candidate, request.POST)
    saved = _save_step(request, number, candidate, step_forms)
    if saved is None:
        # htmx 2 does not swap 4xx responses by default, so HTMX gets the errors with a 200.
        status = 200 if request.htmx else 400
        return _render_step(request, number, candidate, step_forms, status=status)
    if was_registered and number < 5:
        messages.success(request, _("Your changes have been saved."))
        return _redirect(request, reverse("kandidaten:journey"))
    if not request.htmx:
        return redirect(_step_url(number + 1))
    candidate = candidate_of(request.user)
    return _render_step(request, number + 1, candidate, _step_forms(number + 1, candidate))


@login_required
@require_POST
def request_intake(request):
    candidate = candidate_of(request.user)
    if candidate is None or not candidate.is_registered:
        messages.error(request, _("Complete your registration first."))
        return redirect("kandidaten:start")
    if candidate_request_intake(candidate=candidate):
        messages.success(
            request,
            _(
                "Thank you! The desk will contact you within a few working days "
                "to plan your intake."
            ),
        )
    else:
        messages.info(
            request, _("You have already asked for an intake; the desk will contact you.")
        )
    return redirect("kandidaten:journey")
