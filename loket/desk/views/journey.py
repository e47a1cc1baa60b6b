"""What the desk adds to the candidate's My journey: their proposals (and declining one) and
the outcome of their suitability assessment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from loket.desk.access import get_proposal_for_candidate
from loket.desk.forms import RatherNotForm
from loket.desk.services.proposals import proposal_undo_withdrawal, proposal_withdraw


def _back_to_journey():
    return redirect(reverse("kandidaten:journey") + "#proposals")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def decline_proposal(request, pk: int):
    """The candidate would rather not be proposed to this school. A page asks them to confirm,
    with an optional reason; then the open proposal is withdrawn and the school and the desk
    are told. It can be undone on My journey until the school answers."""
    proposal = get_proposal_for_candidate(request.user, pk)
    if not proposal.is_open:
        messages.info(request, _("This proposal is not open any more."))
        return _back_to_journey()
    form = RatherNotForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_withdraw(
                actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("You will not be proposed to %(school)s. Changed your mind? You can undo it.")
                % {"school": proposal.school},
            )
        return _back_to_journey()
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "loket/desk/decline_proposal.html",
        {"proposal": proposal, "form": form},
        status=status,
    )


@login_required
@require_POST
def undo_decline_proposal(request, pk: int):
    """The candidate takes back their "I'd rather not" while the school has not answered."""
    proposal = get_proposal_for_candidate(request.user, pk)
    try:
        proposal_undo_withdrawal(actor=request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The proposal to %(school)s is open again; the school and the desk have been told.")
            % {"school": proposal.school},
        )
    return _back_to_journey()
