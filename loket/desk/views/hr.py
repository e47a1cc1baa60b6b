"""The HR officers' proposal pages (``/vacatures/beheer/voorstellen/``): the candidates the desk
proposed to their schools, a limited profile until they invite, and their answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kandidaten.advice import Profile, route_advice
from kandidaten.services.privacy import access_record
from loket.core.http import submit
from loket.core.models import Role
from loket.core.selectors import roles_of
from loket.desk import forms
from loket.desk.access import documents_hr_may_see, get_proposal_for_hr
from loket.desk.models import ProposalStatus
from loket.desk.selectors import proposals as proposal_selectors
from loket.desk.services import proposals as proposal_services

HR_PAGE_SIZE = 25


def _hr_only(request) -> None:
    if Role.HR_OFFICER not in roles_of(request.user):
        raise PermissionDenied


@require_safe
@login_required
def hr_proposals(request):
    """Candidates the desk proposed to the officer's schools; waiting ones first."""
    _hr_only(request)
    status = request.GET.get("status", "")
    proposals = proposal_selectors.hr_proposals(request.user)
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    page = Paginator(proposals, HR_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "loket/desk/hr_proposals.html",
        {
            "page_obj": page,
            "rows": [(p, proposal_selectors.candidate_as_school_sees(p)) for p in page],
            "status": status,
            "statuses": ProposalStatus.choices,
            "query_without_page": query.urlencode(),
        },
    )


def _hr_proposal_page(request, proposal, *, status=200, **forms_given):
    candidate = proposal.candidate
    prefetch_related_objects([candidate], "qualifications__subject", "subjects")
    outcomes = [a for a in candidate.assessments.select_related("institute") if a.outcome]
    return render(
        request,
        "loket/desk/hr_proposal.html",
        {
            "proposal": proposal,
            "candidate": candidate,
            "seen": proposal_selectors.candidate_as_school_sees(proposal, with_place=True),
            "advice": route_advice(Profile.of(candidate)),
            "assessments": outcomes,
            "steps": proposal_selectors.proposal_steps(proposal),
            "documents": list(candidate.documents.all())
            if documents_hr_may_see(request.user, candidate)
            else [],
            "interview_form": forms_given.get("interview_form") or forms.InterviewForm(),
            "decline_form": forms_given.get("decline_form") or forms.DeclineForm(),
            "outcome_form": forms_given.get("outcome_form") or forms.OutcomeForm(),
        },
        status=status,
    )


@require_safe
@login_required
def hr_proposal(request, pk: int):
    proposal = get_proposal_for_hr(request.user, pk)

    access_record(
        user=request.user, candidates=[proposal.candidate], action="view", what="proposal"
    )
    return _hr_proposal_page(request, proposal)


def _hr_answer(request, pk: int, *, form_class, form_name: str, service, success: str):
    proposal = get_proposal_for_hr(request.user, pk)
    form = form_class(request.POST)
    if submit(form, lambda data: service(actor=request.user, proposal=proposal, **data)):
        messages.success(request, success)
        return redirect("vacatures:hr_proposal", pk=proposal.pk)
    messages.error(request, _("Please check the form below."))
    return _hr_proposal_page(request, proposal, status=400, **{form_name: form})


@require_POST
@login_required
def hr_proposal_invite(request, pk: int):
    return _hr_answer(
        request,
        pk,
        form_class=forms.InterviewForm,
        form_name="interview_form",
        service=proposal_services.proposal_accept,
        success=_("The candidate is invited; the desk and the candidate have been told."),
    )


@require_POST
@login_required
def hr_proposal_decline(request, pk: int):
    return _hr_answer(
        request,
        pk,
        form_class=forms.DeclineForm,
        form_name="decline_form",
        service=proposal_services.proposal_decline,
        success=_("The proposal has been declined; the desk has been told."),
    )


@require_POST
@login_required
def hr_proposal_outcome(request, pk: int):
    return _hr_answer(
        request,
        pk,
        form_class=forms.OutcomeForm,
        form_name="outcome_form",
        service=proposal_services.proposal_record_outcome,
        success=_("The outcome of the interview has been recorded."),
    )
