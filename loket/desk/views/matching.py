"""Matching both ways (vacancies for a candidate, candidates for a vacancy) and proposing a
candidate from the results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kandidaten.services import privacy
from loket.core.http import parse_id, query_without, submit
from loket.core.models import School
from loket.desk import forms, matching
from loket.desk.access import get_candidate_for_staff, get_vacancy_for_desk
from loket.desk.services import proposals
from loket.desk.views.file import file_url
from vacatures.models import Vacancy, open_vacancy_q

MATCH_PAGE_SIZE = 10
SCHOOL_MATCHES = 10
OTHERS_NEARBY = 10


# --- Matching and proposals -----------------------------------------------------------------------


@require_safe
@login_required
def candidate_matches(request, pk: int):
    """Ranked vacancies and schools for one candidate, every score explained."""
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    candidate = access.candidate
    ranked, nearby = matching.vacancies_for(candidate)
    vacancies = Paginator(ranked, MATCH_PAGE_SIZE).get_page(request.GET.get("page"))
    schools = list(matching.rank_schools_for(candidate)[:SCHOOL_MATCHES])
    others = list(nearby[:OTHERS_NEARBY])
    privacy.access_record(user=request.user, candidates=[candidate], action="view", what="matching")
    return render(
        request,
        "loket/desk/candidate_matches.html",
        {
            "candidate": candidate,
            "matchable": matching.is_matchable(candidate),
            "page_obj": vacancies,
            "vacancy_matches": [
                (row, matching.explain_vacancy_match(candidate, row)) for row in vacancies
            ],
            "school_matches": [
                (row, matching.explain_school_match(candidate, row)) for row in schools
            ],
            # Not matches (another subject): no score, only what does not fit.
            "others_nearby": [
                (row, matching.explain_vacancy_match(candidate, row).misses) for row in others
            ],
            "query_without_page": query_without(request, "page"),
        },
    )


@require_safe
@login_required
def vacancy_matches(request, pk: int):
    """Ranked candidates of the region for one vacancy (only those who agreed to be shown)."""
    vacancy = get_vacancy_for_desk(request.user, pk)
    ranking = matching.candidate_ranking_for(vacancy)
    page = Paginator(ranking.matches, MATCH_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = matching.candidate_rows_for(vacancy, [*page, *ranking.nearby[:OTHERS_NEARBY]])
    on_page = set(page)
    rows = [row for row in shown if row.pk in on_page]
    others = [row for row in shown if row.pk not in on_page]
    privacy.access_record(
        user=request.user, candidates=rows + others, action="view", what="matching vacancy"
    )
    return render(
        request,
        "loket/desk/vacancy_matches.html",
        {
            "vacancy": vacancy,
            "is_open": vacancy.is_public,
            "page_obj": page,
            "candidate_matches": [
                (row, matching.explain_candidate_match(vacancy, row)) for row in rows
            ],
            "others_nearby": [
                (row, matching.explain_candidate_match(vacancy, row).misses) for row in others
            ],
            "query_without_page": query_without(request, "page"),
        },
    )


def _proposal_target(request, candidate):
    """The vacancy or school of the ?vacancy= / ?school= parameter, within the candidate's
    region; None when missing or not allowed."""
    source = request.POST if request.method == "POST" else request.GET
    vacancy_id, school_id = parse_id(source.get("vacancy")), parse_id(source.get("school"))
    if vacancy_id is not None:
        vacancy = (
            Vacancy.objects.filter(open_vacancy_q(), pk=vacancy_id, school__region=candidate.region)
            .select_related("school")
            .first()
        )
        return vacancy, vacancy.school if vacancy else None
    if school_id is not None:
        return None, School.objects.filter(pk=school_id, region=candidate.region).first()
    return None, None


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def propose(request, pk: int):
    """Propose the candidate for a vacancy or to a school: the explanation of the match and a
    motivation for the school."""
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    candidate = access.candidate
    vacancy, school = _proposal_target(request, candidate)
    if school is None:
        messages.error(request, _("Choose an open vacancy or a school of the candidate's region."))
        return redirect("desk:candidate_matches", pk=candidate.pk)
    form = forms.ProposalForm(request.POST if request.method == "POST" else None)
    sent = request.method == "POST" and submit(
        form,
        lambda data: proposals.proposal_send(
            actor=request.user,
            candidate=candidate,
            vacancy=vacancy,
            school=None if vacancy else school,
            motivation=data["motivation"],
        ),
    )
    if sent:
        messages.success(
            request,
            _("The candidate has been proposed to %(school)s; its HR officers have been told.")
            % {"school": school.name},
        )
        return redirect(file_url(candidate, "proposals"))
    explanation, not_a_match = None, None
    if vacancy is not None:
        row = matching.scored_vacancy_for(candidate, vacancy.pk)
        explanation = matching.explain_vacancy_match(candidate, row) if row else None
        if row is not None and row.points_subject == 0:
            # Another subject: no score to show, only what does not fit.
            not_a_match, explanation = explanation.misses, None
    else:
        row = matching.rank_schools_for(candidate).filter(pk=school.pk).first()
        explanation = matching.explain_school_match(candidate, row) if row else None
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "loket/desk/propose.html",
        {
            "candidate": candidate,
            "vacancy": vacancy,
            "school": school,
            "form": form,
            "explanation": explanation,
            "not_a_match": not_a_match,
        },
        status=status,
    )
