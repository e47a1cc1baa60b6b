"""The study advisers' pages at /opleiding/: only candidates referred to their institute."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kandidaten.advice import Profile, route_advice
from kandidaten.services.privacy import access_record
from loket.core.http import query_without, submit
from loket.core.models import Role
from loket.core.selectors import roles_of
from loket.desk import forms
from loket.desk.access import adviser_assessments, get_assessment_for_adviser
from loket.desk.services.assessments import assessment_record_outcome

# --- Study advisers -------------------------------------------------------------------------------


@require_safe
@login_required
def adviser_list(request):
    """The study adviser's candidates: only those referred to their institute(s)."""
    if Role.STUDY_ADVISER not in roles_of(request.user):
        raise PermissionDenied
    show = request.GET.get("show", "open")
    assessments = adviser_assessments(request.user)
    assessments = (
        assessments.filter(outcome="").order_by("referred_at", "pk")
        if show == "open"
        else assessments.exclude(outcome="").order_by("-recorded_at", "-pk")
    )
    page = Paginator(assessments, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "loket/desk/adviser_list.html",
        {"page_obj": page, "show": show, "query_without_page": query_without(request, "page")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def adviser_assessment(request, pk: int):
    """One referred candidate: what the institute needs to assess, and the outcome form."""
    assessment = get_assessment_for_adviser(request.user, pk)
    candidate = assessment.candidate
    form = forms.AssessmentOutcomeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        recorded = submit(
            form,
            lambda data: assessment_record_outcome(
                actor=request.user,
                assessment=assessment,
                outcome=data["outcome"],
                note=data["note"],
            ),
        )
        if recorded:
            messages.success(
                request,
                _("The outcome has been recorded; the desk and the candidate have been told."),
            )
            return redirect("adviser:assessment", pk=assessment.pk)
    else:
        access_record(user=request.user, candidates=[candidate], action="view", what="assessment")
    qualifications = list(candidate.qualifications.select_related("subject"))
    return render(
        request,
        "loket/desk/adviser_assessment.html",
        {
            "assessment": assessment,
            "candidate": candidate,
            "subjects": list(candidate.subjects.order_by("name")),
            "qualifications": qualifications,
            "advice": route_advice(Profile.of(candidate)),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
