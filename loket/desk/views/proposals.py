"""The desk's list of proposals and withdrawing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from loket.core.http import query_without
from loket.desk import forms
from loket.desk.access import (
    get_proposal_for_staff,
    require_desk,
)
from loket.desk.models import ProposalStatus
from loket.desk.selectors.proposals import desk_proposals
from loket.desk.services import proposals as proposal_services
from loket.desk.views.file import file_url


@require_safe
@login_required
def proposals(request):
    """Every proposal of the desk's candidates, filtered by status."""
    require_desk(request.user)
    status = request.GET.get("status", "")
    queryset = desk_proposals(request.user)
    if status in ProposalStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    counts = dict(
        desk_proposals(request.user).order_by().values_list("status").annotate(total=Count("pk"))
    )
    return render(
        request,
        "loket/desk/proposals.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in ProposalStatus.choices
            ],
            "query_without_page": query_without(request, "page"),
        },
    )


@require_POST
@login_required
def withdraw_proposal(request, pk: int):
    proposal = get_proposal_for_staff(request.user, pk)
    form = forms.WithdrawProposalForm(request.POST)
    form.is_valid()
    try:
        proposal_services.proposal_withdraw(
            actor=request.user, proposal=proposal, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal has been withdrawn."))
    return redirect(file_url(proposal.candidate, "proposals"))
