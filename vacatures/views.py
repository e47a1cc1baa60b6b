from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from loket.models import Role
from loket.selectors import roles_of
from vacatures import selectors, services
from vacatures.formatting import render_description
from vacatures.forms import (
    BoardFilterForm,
    HrInvitationForm,
    HrListFilterForm,
    VacancyForm,
    VacancyStatusForm,
)
from vacatures.models import Interest, ProposalStatus, Vacancy, VacancyStatus
from vacatures.routes import route_hints
from vacatures.structured_data import job_posting, ld_json_script

BOARD_PAGE_SIZE = 20
HR_PAGE_SIZE = 25
MORE_FILTERS = (
    "sector",
    "school_type",
    "region",
    "municipality",
    "min_hours",
    "max_hours",
    "career_switchers",
)


def _wants_partial(request) -> bool:
    # A history restore (back button after the cache expired) needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request


# --- Public -----------------------------------------------------------------------------------


@require_safe
def board(request):
    """The public board: one GET form; HTMX swaps only the results, a plain GET the page."""
    # Always bound: an empty query string is a valid search for everything.
    form = BoardFilterForm(request.GET)
    form.is_valid()
    filters = form.filters()
    page = Paginator(selectors.board_vacancies(filters), BOARD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "filters": filters,
        "query_without_page": query.urlencode(),
        # Keep the folded filters open when one of them is in use, so nothing is hidden.
        "more_filters_used": any(request.GET.get(name) for name in MORE_FILTERS),
    }
    template = "vacatures/board.html"
    if _wants_partial(request):
        template += "#results"
    response = render(request, template, context)
    # One URL, two bodies: caches (and the browser's back button) must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def vacancy_detail(request, pk: int):
    vacancy = selectors.get_vacancy_for_page(request.user, pk)
    is_candidate = Role.CANDIDATE in roles_of(request.user)
    interested = (
        is_candidate and Interest.objects.filter(user=request.user, vacancy=vacancy).exists()
    )
    context = {
        "vacancy": vacancy,
        "description_html": render_description(vacancy.description),
        "route_hints": route_hints(vacancy),
        "is_candidate": is_candidate,
        "interested": interested,
        "job_posting": ld_json_script(job_posting(vacancy, page_url=request.build_absolute_uri()))
        if vacancy.is_public
        else "",
    }
    return render(request, "vacatures/detail.html", context)


@require_POST
@login_required
def vacancy_interest(request, pk: int):
    vacancy = selectors.get_vacancy_for_page(request.user, pk)
    try:
        _interest, created = services.interest_register(user=request.user, vacancy=vacancy)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if created:
            messages.success(
                request,
                _("Thank you! The regional desk knows you are interested and will contact you."),
            )
        else:
            messages.info(request, _("You had already told us you are interested."))
    return redirect("vacatures:detail", pk=vacancy.pk)


# --- HR ---------------------------------------------------------------------------------------


STATUS_ORDER = [VacancyStatus.PUBLISHED, VacancyStatus.FILLED, VacancyStatus.CLOSED]


def _readable_changes(event) -> list[tuple[str, str, str]]:
    """The audit row's field changes with the fields' own labels, for people to read."""
    rows = []
    for name, (old, new) in event.changes.items():
        try:
            label = Vacancy._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            label = name
        rows.append((str(label), _readable_value(old), _readable_value(new)))
    return rows


def _readable_value(value) -> str:
    if value in (None, "", []):
        return "–"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _require_manager(request):
    if not selectors.can_manage_vacancies(request.user):
        raise PermissionDenied


@require_safe
@login_required
def hr_list(request):
    _require_manager(request)
    form = HrListFilterForm(request.GET or None)
    vacancies = selectors.hr_vacancies(request.user).annotate(interest_count=Count("interests"))
    if form.is_valid() and form.cleaned_data["status"]:
        vacancies = vacancies.filter(status=form.cleaned_data["status"])
    page = Paginator(vacancies, HR_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "vacatures/hr_list.html",
        {
            "form": form,
            "page_obj": page,
            "query_without_page": query.urlencode(),
            "can_invite": selectors.can_invite_hr_officers(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def hr_create(request):
    _require_manager(request)
    form = VacancyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vacancy = services.vacancy_create(
                actor=request.user,
                data=data,
                subjects=data["subjects"],
                publish=request.POST.get("action") == "publish",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The vacancy has been saved."))
            return redirect("vacatures:hr_detail", pk=vacancy.pk)
    return render(request, "vacatures/hr_form.html", {"form": form, "vacancy": None})


@require_safe
@login_required
def hr_detail(request, pk: int):
    vacancy = selectors.get_vacancy_for_hr(request.user, pk)
    return render(
        request,
        "vacatures/hr_detail.html",
        {
            "vacancy": vacancy,
            "description_html": render_description(vacancy.description),
            "events": [
                (event, _readable_changes(event))
                for event in vacancy.events.select_related("actor")[:50]
            ],
            "interest_count": vacancy.interests.count(),
            "next_statuses": [
                status for status in STATUS_ORDER if status in services.TRANSITIONS[vacancy.status]
            ],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def hr_edit(request, pk: int):
    vacancy = selectors.get_vacancy_for_hr(request.user, pk)
    form = VacancyForm(request.POST or None, instance=vacancy, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.vacancy_update(
                actor=request.user, vacancy=vacancy, data=data, subjects=data["subjects"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("vacatures:hr_detail", pk=vacancy.pk)
    return render(request, "vacatures/hr_form.html", {"form": form, "vacancy": vacancy})


@require_POST
@login_required
def hr_change_status(request, pk: int):
    vacancy = selectors.get_vacancy_for_hr(request.user, pk)
    form = VacancyStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect("vacatures:hr_detail", pk=vacancy.pk)
    try:
        vacancy = services.vacancy_change_status(
            actor=request.user, vacancy=vacancy, to_status=form.cleaned_data["to_status"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The vacancy is now “%(status)s”.") % {"status": VacancyStatus(vacancy.status).label},
        )
    return redirect("vacatures:hr_detail", pk=vacancy.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def hr_invite(request):
    if not selectors.can_invite_hr_officers(request.user):
        raise Http404
    schools, boards = selectors.invitable_scopes(request.user)
    form = HrInvitationForm(request.POST or None, schools=schools, boards=boards)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, created = services.hr_officer_invite(
                inviter=request.user,
                email=data["email"],
                full_name=data["full_name"],
                school=data["school"],
                board=data["board"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(email)s is now an HR officer and has been sent an email.")
                % {"email": user.email},
            )
            return redirect("vacatures:hr_list")
    return render(request, "vacatures/hr_invite.html", {"form": form})


# --- HR: proposals ------------------------------------------------------------------------------


def _hr_only(request) -> None:
    if Role.HR_OFFICER not in roles_of(request.user):
        raise PermissionDenied


@require_safe
@login_required
def hr_proposals(request):
    """Candidates the desk proposed to the officer's schools; waiting ones first."""
    _hr_only(request)
    status = request.GET.get("status", "")
    proposals = selectors.hr_proposals(request.user)
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    page = Paginator(proposals, HR_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "vacatures/hr_proposals.html",
        {
            "page_obj": page,
            "rows": [(p, selectors.candidate_as_school_sees(p)) for p in page],
            "status": status,
            "statuses": ProposalStatus.choices,
            "query_without_page": query.urlencode(),
        },
    )


def _hr_proposal_page(request, proposal, *, status=200, **forms_given):
    from kandidaten.advice import Profile, route_advice
    from loket.desk import forms as desk_forms

    candidate = proposal.candidate
    prefetch_related_objects([candidate], "qualifications__subject", "subjects")
    outcomes = [a for a in candidate.assessments.select_related("institute") if a.outcome]
    return render(
        request,
        "vacatures/hr_proposal.html",
        {
            "proposal": proposal,
            "candidate": candidate,
            "seen": selectors.candidate_as_school_sees(proposal, with_place=True),
            "advice": route_advice(Profile.of(candidate)),
            "assessments": outcomes,
            "steps": selectors.proposal_steps(proposal),
            "interview_form": forms_given.get("interview_form") or desk_forms.InterviewForm(),
            "decline_form": forms_given.get("decline_form") or desk_forms.DeclineForm(),
            "outcome_form": forms_given.get("outcome_form") or desk_forms.OutcomeForm(),
        },
        status=status,
    )


@require_safe
@login_required
def hr_proposal(request, pk: int):
    proposal = selectors.get_proposal_for_hr(request.user, pk)
    from kandidaten.services import access_record

    access_record(
        user=request.user, candidates=[proposal.candidate], action="view", what="proposal"
    )
    return _hr_proposal_page(request, proposal)


def _hr_answer(request, pk: int, *, form_class, form_name: str, service, success: str):
    proposal = selectors.get_proposal_for_hr(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, proposal=proposal, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect("vacatures:hr_proposal", pk=proposal.pk)
    messages.error(request, _("Please check the form below."))
    return _hr_proposal_page(request, proposal, status=400, **{form_name: form})


@require_POST
@login_required
def hr_proposal_invite(request, pk: int):
    from loket.desk.forms import InterviewForm

    return _hr_answer(
        request,
        pk,
        form_class=InterviewForm,
        form_name="interview_form",
        service=services.proposal_accept,
        success=_("The candidate is invited; the desk and the candidate have been told."),
    )


@require_POST
@login_required
def hr_proposal_decline(request, pk: int):
    from loket.desk.forms import DeclineForm

    return _hr_answer(
        request,
        pk,
        form_class=DeclineForm,
        form_name="decline_form",
        service=services.proposal_decline,
        success=_("The proposal has been declined; the desk has been told."),
    )


@require_POST
@login_required
def hr_proposal_outcome(request, pk: int):
    from loket.desk.forms import OutcomeForm

    return _hr_answer(
        request,
        pk,
        form_class=OutcomeForm,
        form_name="outcome_form",
        service=services.proposal_record_outcome,
        success=_("The outcome of the interview has been recorded."),
    )
