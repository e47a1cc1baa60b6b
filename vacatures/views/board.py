"""The public vacancy board, a vacancy's page and registering interest. Filters live in the URL;
with JavaScript, HTMX swaps the results (a named partial of the same template)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from loket.core.cache import lazy_context
from loket.core.http import wants_partial
from loket.core.models import Role
from loket.core.page_cache import public_page
from loket.core.selectors import roles_of
from vacatures.access import get_vacancy_for_page
from vacatures.formatting import render_description
from vacatures.forms import (
    BoardFilterForm,
)
from vacatures.models import Interest
from vacatures.routes import route_hints
from vacatures.selectors import board_vacancies
from vacatures.services import interest as interest_services
from vacatures.structured_data import job_posting, ld_json_script

BOARD_PAGE_SIZE = 20
MORE_FILTERS = (
    "sector",
    "school_type",
    "region",
    "municipality",
    "min_hours",
    "max_hours",
    "career_switchers",
)


# --- Public -----------------------------------------------------------------------------------


@public_page("vacancies")
@require_safe
def board(request):
    """The public board: one GET form; HTMX swaps only the results, a plain GET the page.
    For anonymous visitors the page's parts come from the cache (``loket.core.cache``), so
    the context is lazy: a cached page builds no form and runs no query."""

    def build():
        # Always bound: an empty query string is a valid search for everything.
        form = BoardFilterForm(request.GET)
        form.is_valid()
        filters = form.filters()
        page = Paginator(board_vacancies(filters), BOARD_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "form": form,
            "page_obj": page,
            "filters": filters,
            "query_without_page": query.urlencode(),
            # Keep the folded filters open when one of them is in use, so nothing is hidden.
            "more_filters_used": any(request.GET.get(name) for name in MORE_FILTERS),
        }

    context = lazy_context(
        build, ("form", "page_obj", "filters", "query_without_page", "more_filters_used")
    )
    template = "vacatures/board.html"
    if wants_partial(request):
        template += "#results"
    response = render(request, template, context)
    # One URL, two bodies: caches (and the browser's back button) must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@public_page("vacancies", "routes")
@require_safe
def vacancy_detail(request, pk: int):
    vacancy = get_vacancy_for_page(request.user, pk)
    is_candidate = Role.CANDIDATE in roles_of(request.user)
    interested = (
        is_candidate and Interest.objects.filter(user=request.user, vacancy=vacancy).exists()
    )

    def build():
        # Only when the page's parts are not in the cache (anonymous visitors share them).
        return {
            "description_html": render_description(vacancy.description),
            "route_hints": route_hints(vacancy),
            "job_posting": ld_json_script(
                job_posting(vacancy, page_url=request.build_absolute_uri())
            )
            if vacancy.is_public
            else "",
        }

    context = {
        "vacancy": vacancy,
        "is_candidate": is_candidate,
        "interested": interested,
        **lazy_context(build, ("description_html", "route_hints", "job_posting")),
    }
    return render(request, "vacatures/detail.html", context)


@require_POST
@login_required
def vacancy_interest(request, pk: int):
    vacancy = get_vacancy_for_page(request.user, pk)
    try:
        _interest, created = interest_services.interest_register(user=request.user, vacancy=vacancy)
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
