"""What the desk adds to the candidate's My journey: their proposals (and declining one) and
the outcome of their suitability assessment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from loket.desk.access import get_proposal_for_candidate
from loket.desk.services.proposals import proposal_withdraw


@login_required
@require_POST
def decline_proposal(request, pk: int):
    """The candidate would rather not be proposed to this school: the open proposal is
    withdrawn and the school and their guide are told."""

    proposal = get_proposal_for_candidate(request.user, pk)
    try:
        proposal_withdraw(
            actor=request.user, proposal=proposal, note=request.POST.get("note", "")[:500]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("You will not be proposed to %(school)s.") % {"school": proposal.school}
        )
    return redirect(reverse("kandidaten:journey") + "#proposals")
