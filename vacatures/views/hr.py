"""The HR officers' own pages (``/vacatures/beheer/``): their school's or board's vacancies, and
inviting colleagues."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from loket.core.http import error_text, submit
from loket.core.models import User
from vacatures.access import get_vacancy_for_hr
from vacatures.formatting import render_description
from vacatures.forms import (
    HrInvitationAcceptForm,
    HrInvitationForm,
    HrListFilterForm,
    VacancyForm,
    VacancyStatusForm,
)
from vacatures.models import HrInvitation, Vacancy, VacancyStatus
from vacatures.selectors import (
    can_invite_hr_officers,
    can_manage_vacancies,
    hr_vacancies,
    invitable_scopes,
)
from vacatures.services.invitations import (
    hr_invitation_accept,
    hr_invitation_accept_new,
    hr_invitation_decline,
    hr_officer_invite,
    invitation_by_token,
    invitation_problem,
)
from vacatures.services.vacancies import (
    TRANSITIONS,
    vacancy_change_status,
    vacancy_create,
    vacancy_update,
)

HR_PAGE_SIZE = 25


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
    if not can_manage_vacancies(request.user):
        raise PermissionDenied


@require_safe
@login_required
def hr_list(request):
    _require_manager(request)
    form = HrListFilterForm(request.GET or None)
    vacancies = hr_vacancies(request.user).annotate(interest_count=Count("interests"))
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
            "can_invite": can_invite_hr_officers(request.user),
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
            vacancy = vacancy_create(
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
    vacancy = get_vacancy_for_hr(request.user, pk)
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
                status for status in STATUS_ORDER if status in TRANSITIONS[vacancy.status]
            ],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def hr_edit(request, pk: int):
    vacancy = get_vacancy_for_hr(request.user, pk)
    form = VacancyForm(request.POST or None, instance=vacancy, user=request.user)
    saved = request.method == "POST" and submit(
        form,
        lambda data: vacancy_update(
            actor=request.user, vacancy=vacancy, data=data, subjects=data["subjects"]
        ),
    )
    if saved:
        messages.success(request, _("Your changes have been saved."))
        return redirect("vacatures:hr_detail", pk=vacancy.pk)
    return render(request, "vacatures/hr_form.html", {"form": form, "vacancy": vacancy})


@require_POST
@login_required
def hr_change_status(request, pk: int):
    vacancy = get_vacancy_for_hr(request.user, pk)
    form = VacancyStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect("vacatures:hr_detail", pk=vacancy.pk)
    try:
        vacancy = vacancy_change_status(
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
    if not can_invite_hr_officers(request.user):
        raise Http404
    schools, boards = invitable_scopes(request.user)
    form = HrInvitationForm(request.POST or None, schools=schools, boards=boards)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = hr_officer_invite(
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
                _(
                    "%(email)s has been sent an invitation. They become HR officer once they "
                    "accept it (the link works for %(days)s days)."
                )
                % {"email": invitation.email, "days": HrInvitation.EXPIRY_DAYS},
            )
            return redirect("vacatures:hr_list")
    return render(request, "vacatures/hr_invite.html", {"form": form})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def hr_invitation(request, token: str):
    """The invitation link. A new person chooses a password here; the owner of an existing
    account signs in and accepts or declines. Nothing changes before that."""
    invitation = invitation_by_token(token)
    problem = invitation_problem(invitation)
    if problem:
        return render(
            request,
            "vacatures/hr_invitation.html",
            {"problem": problem},
            status=410 if invitation else 404,
        )
    account = User.objects.filter(email__iexact=invitation.email).first()
    context = {"invitation": invitation, "account": account}
    if account is None:
        if request.user.is_authenticated:
            context["other_account"] = True
            return render(request, "vacatures/hr_invitation.html", context)
        form = HrInvitationAcceptForm(
            request.POST or None,
            email=invitation.email,
            initial={"full_name": invitation.full_name},
        )
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            try:
                user = hr_invitation_accept_new(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Welcome! You are now HR officer for %(scope)s.")
                    % {"scope": invitation.scope},
                )
                return redirect("vacatures:hr_list")
        return render(request, "vacatures/hr_invitation.html", context, status=200)
    if not request.user.is_authenticated or request.user.pk != account.pk:
        context["sign_in_url"] = reverse("account_login") + "?" + urlencode({"next": request.path})
        context["other_account"] = request.user.is_authenticated
        return render(request, "vacatures/hr_invitation.html", context)
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        try:
            if accept:
                hr_invitation_accept(token=token, user=request.user)
            else:
                hr_invitation_decline(token=token, user=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("home")
        if accept:
            messages.success(
                request, _("You are now HR officer for %(scope)s.") % {"scope": invitation.scope}
            )
            return redirect("vacatures:hr_list")
        messages.info(request, _("You have declined the invitation. Nothing has changed."))
        return redirect("home")
    return render(request, "vacatures/hr_invitation.html", context)
