"""The coordinator removes a candidate's data from the file, for a request by phone, letter,
email or in person: with the way it was asked recorded as a code (no personal data)."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from loket.desk.access import get_candidate_for_staff
from loket.desk.services.erasure import DESK_ERASURE_REASONS, can_erase, candidate_erase_by_desk

logger = logging.getLogger(__name__)


class DeskEraseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("How did the candidate ask for it?"),
        choices=[(r.value, r.label) for r in DESK_ERASURE_REASONS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the candidate asked for it.")},
    )
    confirm = forms.BooleanField(
        label=_("I have checked that the request comes from the candidate."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def erase_candidate(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    candidate = access.candidate
    if candidate.is_anonymised or not can_erase(request.user, candidate):
        raise Http404
    form = DeskEraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate_erase_by_desk(
                actor=request.user, candidate=candidate, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        except Exception as error:
            # The error's class only: a database error's detail can quote personal values.
            logger.error(
                "Erasure of candidate %s failed (%s); nothing was changed",
                candidate.pk,
                type(error).__name__,
            )
            form.add_error(
                None,
                _("The data could not be removed because of a fault. Nothing has been changed."),
            )
        else:
            messages.success(
                request, _("The candidate's data has been removed; an anonymous record remains.")
            )
            return redirect("desk:pipeline")
    return render(
        request,
        "loket/desk/erase_candidate.html",
        {"candidate": candidate, "form": form},
        status=400 if request.method == "POST" else 200,
    )
