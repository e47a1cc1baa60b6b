"""The desk's own pages: the candidate pipeline, the candidate file, matching, proposals and
referrals. Staff see only their own regions; every object view goes through an access helper
that raises 404, so ids reveal nothing.

Every page is a plain GET/POST page; with JavaScript, HTMX swaps the pipeline's results and the
file's contact log in place (named partials of the same templates).
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kandidaten import services as candidate_services
from kandidaten.advice import Profile, route_advice
from kandidaten.models import (
    MAIN_PHASES,
    SIDE_EXITS,
    Candidate,
    DuplicateFlag,
    Phase,
    Referral,
)
from kandidaten.selectors import (
    access_log_of,
    candidate_timeline,
    consent_state,
    desk_candidates,
    desk_guides,
    get_candidate_for_staff,
    pipeline_candidates,
    with_stall_flags,
)
from loket import matching
from loket.desk import forms
from loket.models import Role, RoleAssignment, School
from loket.selectors import roles_of, staff_regions
from vacatures import selectors as vacancy_selectors
from vacatures import services as vacancy_services
from vacatures.models import Interest, ProposalStatus, Vacancy, open_vacancy_q

PIPELINE_PAGE_SIZE = 25
BOARD_CARDS = 8
MATCH_PAGE_SIZE = 10
SCHOOL_MATCHES = 10


def _require_desk(request) -> None:
    if not roles_of(request.user) & {Role.DESK_STAFF, Role.COORDINATOR}:
        raise PermissionDenied


def _wants_partial(request) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


# --- Pipeline -------------------------------------------------------------------------------------


@require_safe
@login_required
def pipeline(request):
    """The desk's candidates as a list (with bulk actions) or as a board of phases."""
    _require_desk(request)
    guides = desk_guides(request.user)
    form = forms.PipelineFilterForm(request.GET, guides=guides)
    form.is_valid()
    filters = form.filters()
    view = filters.get("view", "list")
    now = timezone.now()
    candidates = pipeline_candidates(request.user, filters, now=now)
    context = {
        "form": form,
        "view": view,
        "query_without_page": _query_without(request, "page"),
        "query_without_view": _query_without(request, "page", "view"),
        "stalled_count": with_stall_flags(desk_candidates(request.user), now=now)
        .filter(is_stalled=True)
        .count(),
        "incoming_referrals": Referral.objects.filter(
            to_region__in=staff_regions(request.user), status=Referral.Status.PENDING
        ).count(),
    }
    if view == "board":
        context["columns"] = _board_columns(candidates)
    else:
        page = Paginator(candidates, PIPELINE_PAGE_SIZE).get_page(request.GET.get("page"))
        context["page_obj"] = page
        context["bulk_form"] = forms.BulkActionForm(guides=guides, candidate_ids=[])
    template = "loket/desk/pipeline.html"
    if _wants_partial(request):
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _board_columns(candidates) -> list[dict]:
    """One column per phase: its count and the candidates longest in it. Two queries (counts,
    cards) plus the subjects, however many candidates there are."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    counts = dict(
        candidates.order_by().values_list("phase").annotate(total=Count("pk", distinct=True))
    )
    ranked = candidates.annotate(
        place=Window(RowNumber(), partition_by=[F("phase")], order_by=[F("phase_changed_at")])
    ).filter(place__lte=BOARD_CARDS)
    cards: dict[str, list] = {}
    for candidate in ranked:
        cards.setdefault(candidate.phase, []).append(candidate)
    return [
        {
            "phase": phase,
            "count": counts.get(phase.value, 0),
            "cards": cards.get(phase.value, []),
            "is_exit": phase in SIDE_EXITS,
        }
        for phase in [*MAIN_PHASES, *SIDE_EXITS]
    ]


@require_POST
@login_required
def bulk_action(request):
    """Assign a guide, move to a phase, or export the selected candidates (all or nothing)."""
    _require_desk(request)
    guides = desk_guides(request.user)
    selectable = desk_candidates(request.user)
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
    form = forms.BulkActionForm(
        request.POST,
        guides=guides,
        candidate_ids=list(selectable.filter(pk__in=ids).values_list("pk", flat=True)),
    )
    back = reverse("desk:pipeline") + (
        "?" + request.POST["query"] if request.POST.get("query") else ""
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    chosen = list(selectable.filter(pk__in=data["ids"]).select_related("region", "guide", "user"))
    if data["action"] == "export":
        return _export_csv(request, chosen)
    try:
        if data["action"] == "assign_guide":
            count = candidate_services.candidates_bulk_assign_guide(
                actor=request.user, candidates=chosen, guide=data["guide"]
            )
            messages.success(
                request,
                _("%(guide)s is now the guide of %(count)s candidate(s).")
                % {"guide": data["guide"].get_full_name(), "count": count},
            )
        else:
            count = candidate_services.candidates_bulk_change_phase(
                actor=request.user, candidates=chosen, to_phase=data["to_phase"], note=data["note"]
            )
            messages.success(
                request,
                _("%(count)s candidate(s) moved to “%(phase)s”.")
                % {"count": count, "phase": Phase(data["to_phase"]).label},
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


def _csv_cell(value) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: never for our data."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _export_csv(request, candidates: list[Candidate]) -> HttpResponse:
    candidate_services.access_record(
        user=request.user, candidates=candidates, action="export", what="csv"
    )
    subjects: dict[int, list[str]] = {}
    through = Candidate.subjects.through.objects.filter(
        candidate__in=[c.pk for c in candidates]
    ).select_related("subject")
    for row in through:
        subjects.setdefault(row.candidate_id, []).append(row.subject.name)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="kandidaten-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # Excel reads UTF-8 only with a byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Name"),
            _("Email address"),
            _("Phone number"),
            _("Region"),
            _("Phase"),
            _("In this phase since"),
            _("Guide"),
            _("Sectors"),
            _("Subjects"),
            _("Highest education"),
            _("Last contact"),
            _("Next action"),
            _("Heard of the desk through"),
            _("Registered"),
        ]
    )
    for c in candidates:
        writer.writerow(
            _csv_cell(value)
            for value in [
                c.full_name,
                c.user.email,
                c.phone,
                c.region,
                c.get_phase_display(),
                timezone.localtime(c.phase_changed_at).date().isoformat(),
                c.guide.get_full_name() if c.guide else "",
                ", ".join(s.upper() for s in c.sectors),
                ", ".join(sorted(subjects.get(c.pk, []))),
                c.get_education_display(),
                c.last_contact_on.isoformat() if c.last_contact_on else "",
                c.next_action,
                c.get_source_display(),
                timezone.localtime(c.created_at).date().isoformat(),
            ]
        )
    return response


# --- Candidate file -------------------------------------------------------------------------------


def _file_forms(access, **given) -> dict:
    candidate = access.candidate
    guides = candidate_services.staff_of_region(candidate.region)
    return {
        "contact_form": given.get("contact_form")
        or forms.ContactForm(initial={"occurred_on": timezone.localdate()}),
        "note_form": given.get("note_form") or forms.NoteForm(),
        "guide_form": given.get("guide_form")
        or forms.GuideForm(guides=guides, initial={"guide": candidate.guide_id}),
        "next_action_form": given.get("next_action_form")
        or forms.NextActionForm(
            initial={
                "next_action": candidate.next_action,
                "next_action_on": candidate.next_action_on,
            }
        ),
        "phase_form": given.get("phase_form") or forms.PhaseForm(),
        "assessment_form": given.get("assessment_form")
        or forms.AssessmentReferForm(institutes=candidate.region.institutes.order_by("name")),
        "referral_form": given.get("referral_form")
        or forms.ReferralForm(exclude_region=candidate.region),
        "referral_answer_form": forms.ReferralAnswerForm(),
    }


def _until(queryset, until, *, field: str = "created_at"):
    """Rows up to the moment the candidate left the user's region (no limit when None)."""
    return queryset if until is None else queryset.filter(**{f"{field}__lte": until})


def _file_context(request, access, **given) -> dict:
    from kandidaten.event_views import appointment_context, mail_context

    candidate = access.candidate
    now = timezone.now()
    flags = with_stall_flags(Candidate.objects.filter(pk=candidate.pk), now=now).values(
        "is_stalled", "overdue_in_phase", "without_contact", "phase_norm_days"
    )[0]
    prefetch_related_objects([candidate], "qualifications__subject")
    qualifications = list(candidate.qualifications.all())
    until = access.history_until
    context = {
        "access": access,
        "candidate": candidate,
        "flags": flags,
        "days_in_phase": (now - candidate.phase_changed_at).days,
        "subjects": list(candidate.subjects.order_by("name")),
        "qualifications": qualifications,
        "advice": route_advice(Profile.of(candidate)),
        "consents": consent_state(candidate),
        "timeline": [e for e in candidate_timeline(candidate) if until is None or e.at <= until],
        "contacts": list(_until(candidate.contacts.select_related("author"), until)[:50]),
        "notes": list(_until(candidate.notes.select_related("author"), until)[:50]),
        "proposals": list(
            _until(
                candidate.proposals.select_related("school", "vacancy", "proposed_by"), until
            ).order_by("-created_at")
        ),
        "assessments": list(
            _until(
                candidate.assessments.select_related("institute", "recorded_by"),
                until,
                field="referred_at",
            ).order_by("-referred_at")
        ),
        "referrals": list(
            candidate.referrals.select_related(
                "from_region", "to_region", "referred_by", "answered_by"
            )
        ),
        "interests": list(
            _until(Interest.objects.filter(user=candidate.user), until)
            .select_related("vacancy", "vacancy__school")
            .order_by("-created_at")
        ),
        "duplicates": list(
            DuplicateFlag.objects.filter(candidate=candidate, resolved_at=None).select_related(
                "looks_like"
            )
        ),
        "access_log": access_log_of(candidate) if until is None else [],
        "can_refer": candidate.consent_other_regions and candidate.phase in MAIN_PHASES,
        **appointment_context(candidate),
        **mail_context(candidate),
    }
    if until is not None:
        context["appointments"] = [a for a in context["appointments"] if a.created_at <= until]
        context["mails"] = _until(context["mails"], until)
    if access.can_edit:
        context.update(_file_forms(access, **given))
    else:
        context["referral_answer_form"] = given.get("referral_answer_form") or (
            forms.ReferralAnswerForm()
        )
    return context


@require_safe
@login_required
def candidate_file(request, pk: int):
    access = get_candidate_for_staff(request.user, pk)
    candidate_services.access_record(
        user=request.user, candidates=[access.candidate], action="view", what="file"
    )
    return render(request, "loket/desk/candidate_file.html", _file_context(request, access))


def _file_url(candidate, anchor: str = "") -> str:
    return reverse("desk:candidate", args=[candidate.pk]) + (f"#{anchor}" if anchor else "")


def _invalid(request, access, status=400, **given):
    messages.error(request, _("Please check the form below."))
    response = render(
        request,
        "loket/desk/candidate_file.html",
        _file_context(request, access, **given),
        status=status,
    )
    return response


def _run(request, access, action, *, form_name: str, form, anchor: str, success: str):
    """Validate the form, call the service; on a refusal show the file again with the message
    on the form and nothing saved."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(_file_url(access.candidate, anchor))
    return _invalid(request, access, **{form_name: form})


@require_POST
@login_required
def log_contact(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    form = forms.ContactForm(request.POST)
    if request.htmx and form.is_valid():
        # HTMX: swap the contact log in place (with the new entry, or the form's errors).
        try:
            candidate_services.candidate_log_contact(
                actor=request.user, candidate=access.candidate, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = None
            messages.success(request, _("The contact has been logged."))
    if request.htmx:
        access = get_candidate_for_staff(request.user, pk, for_change=True)
        context = _file_context(request, access, **({"contact_form": form} if form else {}))
        return render(request, "loket/desk/candidate_file.html#contacts", context)
    return _run(
        request,
        access,
        lambda data: candidate_services.candidate_log_contact(
            actor=request.user, candidate=access.candidate, **data
        ),
        form_name="contact_form",
        form=form,
        anchor="contacts",
        success=_("The contact has been logged."),
    )


@require_POST
@login_required
def add_note(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    return _run(
        request,
        access,
        lambda data: candidate_services.candidate_add_note(
            actor=request.user, candidate=access.candidate, text=data["text"]
        ),
        form_name="note_form",
        form=forms.NoteForm(request.POST),
        anchor="notes",
        success=_("The note has been saved."),
    )


@require_POST
@login_required
def assign_guide(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    guides = candidate_services.staff_of_region(access.candidate.region)
    return _run(
        request,
        access,
        lambda data: candidate_services.candidate_assign_guide(
            actor=request.user, candidate=access.candidate, guide=data["guide"]
        ),
        form_name="guide_form",
        form=forms.GuideForm(request.POST, guides=guides),
        anchor="guide",
        success=_("The guide has been saved."),
    )


@require_POST
@login_required
def set_next_action(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    return _run(
        request,
        access,
        lambda data: candidate_services.candidate_set_next_action(
            actor=request.user,
            candidate=access.candidate,
            text=data["next_action"],
            on=data["next_action_on"],
        ),
        form_name="next_action_form",
        form=forms.NextActionForm(request.POST),
        anchor="guide",
        success=_("The next action has been saved."),
    )


@require_POST
@login_required
def change_phase(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    return _run(
        request,
        access,
        lambda data: candidate_services.candidate_staff_change_phase(
            actor=request.user,
            candidate=access.candidate,
            to_phase=data["to_phase"],
            note=data["note"],
            paused_until=data["paused_until"],
            dropout_reason=data["dropout_reason"],
        ),
        form_name="phase_form",
        form=forms.PhaseForm(request.POST),
        anchor="phase",
        success=_("The phase has been changed."),
    )


@require_POST
@login_required
def refer_assessment(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    institutes = access.candidate.region.institutes.order_by("name")
    return _run(
        request,
        access,
        lambda data: candidate_services.assessment_refer(
            actor=request.user,
            candidate=access.candidate,
            institute=data["institute"],
            question=data["question"],
        ),
        form_name="assessment_form",
        form=forms.AssessmentReferForm(request.POST, institutes=institutes),
        anchor="assessments",
        success=_("The candidate has been referred for an assessment."),
    )


@require_POST
@login_required
def refer_region(request, pk: int):
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    return _run(
        request,
        access,
        lambda data: candidate_services.referral_send(
            actor=request.user,
            candidate=access.candidate,
            to_region=data["to_region"],
            note=data["note"],
        ),
        form_name="referral_form",
        form=forms.ReferralForm(request.POST, exclude_region=access.candidate.region),
        anchor="referrals",
        success=_("The candidate has been referred; the other desk has been told."),
    )


# --- Referrals ------------------------------------------------------------------------------------


@require_safe
@login_required
def referrals(request):
    """Referrals waiting for this desk, and the ones this desk sent."""
    _require_desk(request)
    regions = staff_regions(request.user)
    base = Referral.objects.select_related("candidate", "from_region", "to_region", "referred_by")
    return render(
        request,
        "loket/desk/referrals.html",
        {
            "incoming": list(
                base.filter(to_region__in=regions, status=Referral.Status.PENDING).order_by(
                    "created_at"
                )
            ),
            "sent": Paginator(
                base.filter(from_region__in=regions).order_by("-created_at"), 25
            ).get_page(request.GET.get("page")),
        },
    )


def _get_referral(user, pk: int, *, side: str) -> Referral:
    from django.http import Http404

    regions = staff_regions(user)
    lookup = {"to_region__in": regions} if side == "to" else {"from_region__in": regions}
    referral = Referral.objects.filter(pk=pk, **lookup).select_related("candidate").first()
    if referral is None:
        raise Http404
    return referral


@require_POST
@login_required
def answer_referral(request, pk: int):
    referral = _get_referral(request.user, pk, side="to")
    form = forms.ReferralAnswerForm(request.POST)
    if form.is_valid():
        try:
            candidate_services.referral_answer(
                actor=request.user,
                referral=referral,
                accept=form.cleaned_data["accept"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if form.cleaned_data["accept"]:
                messages.success(request, _("The candidate is now one of your desk's candidates."))
                return redirect(_file_url(referral.candidate))
            messages.success(request, _("The referral has been declined."))
            return redirect("desk:referrals")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_file_url(referral.candidate))


@require_POST
@login_required
def withdraw_referral(request, pk: int):
    referral = _get_referral(request.user, pk, side="from")
    try:
        candidate_services.referral_withdraw(actor=request.user, referral=referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The referral has been withdrawn."))
    return redirect(_file_url(referral.candidate, "referrals"))


# --- Matching and proposals -----------------------------------------------------------------------


@require_safe
@login_required
def candidate_matches(request, pk: int):
    """Ranked vacancies and schools for one candidate, every score explained."""
    access = get_candidate_for_staff(request.user, pk, for_change=True)
    candidate = access.candidate
    vacancies = Paginator(matching.rank_vacancies_for(candidate), MATCH_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    schools = list(matching.rank_schools_for(candidate)[:SCHOOL_MATCHES])
    candidate_services.access_record(
        user=request.user, candidates=[candidate], action="view", what="matching"
    )
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
            "query_without_page": _query_without(request, "page"),
        },
    )


def _desk_vacancy(user, pk: int) -> Vacancy:
    from django.http import Http404

    vacancy = (
        Vacancy.objects.filter(pk=pk, school__region__in=staff_regions(user))
        .select_related("school", "school__region")
        .prefetch_related("subjects")
        .first()
    )
    if vacancy is None:
        raise Http404
    return vacancy


@require_safe
@login_required
def vacancy_matches(request, pk: int):
    """Ranked candidates of the region for one vacancy (only those who agreed to be shown)."""
    vacancy = _desk_vacancy(request.user, pk)
    page = Paginator(matching.rank_candidates_for(vacancy), MATCH_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page)
    candidate_services.access_record(
        user=request.user, candidates=rows, action="view", what="matching vacancy"
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
            "query_without_page": _query_without(request, "page"),
        },
    )


def _proposal_target(request, candidate):
    """The vacancy or school of the ?vacancy= / ?school= parameter, within the candidate's
    region; None when missing or not allowed."""
    source = request.POST if request.method == "POST" else request.GET
    vacancy_id, school_id = source.get("vacancy", ""), source.get("school", "")
    if vacancy_id.isdigit():
        vacancy = (
            Vacancy.objects.filter(open_vacancy_q(), pk=vacancy_id, school__region=candidate.region)
            .select_related("school")
            .first()
        )
        return vacancy, vacancy.school if vacancy else None
    if school_id.isdigit():
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
    if request.method == "POST" and form.is_valid():
        try:
            vacancy_services.proposal_send(
                actor=request.user,
                candidate=candidate,
                vacancy=vacancy,
                school=None if vacancy else school,
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The candidate has been proposed to %(school)s; its HR officers have been told.")
                % {"school": school.name},
            )
            return redirect(_file_url(candidate, "proposals"))
    explanation = None
    if vacancy is not None:
        row = matching.rank_vacancies_for(candidate).filter(pk=vacancy.pk).first()
        explanation = matching.explain_vacancy_match(candidate, row) if row else None
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
        },
        status=status,
    )


@require_safe
@login_required
def proposals(request):
    """Every proposal of the desk's candidates, filtered by status."""
    _require_desk(request)
    status = request.GET.get("status", "")
    queryset = vacancy_selectors.desk_proposals(request.user)
    if status in ProposalStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    counts = dict(
        vacancy_selectors.desk_proposals(request.user)
        .order_by()
        .values_list("status")
        .annotate(total=Count("pk"))
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
            "query_without_page": _query_without(request, "page"),
        },
    )


@require_POST
@login_required
def withdraw_proposal(request, pk: int):
    proposal = vacancy_selectors.get_proposal_for_staff(request.user, pk)
    form = forms.WithdrawProposalForm(request.POST)
    form.is_valid()
    try:
        vacancy_services.proposal_withdraw(
            actor=request.user, proposal=proposal, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal has been withdrawn."))
    return redirect(_file_url(proposal.candidate, "proposals"))


# --- Study advisers -------------------------------------------------------------------------------


def _adviser_assessments(user):
    from kandidaten.models import Assessment

    institutes = RoleAssignment.objects.filter(user=user, role=Role.STUDY_ADVISER).values(
        "institute"
    )
    return Assessment.objects.filter(institute__in=institutes).select_related(
        "candidate", "candidate__region", "institute", "referred_by", "recorded_by"
    )


@require_safe
@login_required
def adviser_list(request):
    """The study adviser's candidates: only those referred to their institute(s)."""
    if Role.STUDY_ADVISER not in roles_of(request.user):
        raise PermissionDenied
    show = request.GET.get("show", "open")
    assessments = _adviser_assessments(request.user)
    assessments = (
        assessments.filter(outcome="").order_by("referred_at", "pk")
        if show == "open"
        else assessments.exclude(outcome="").order_by("-recorded_at", "-pk")
    )
    page = Paginator(assessments, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "loket/desk/adviser_list.html",
        {"page_obj": page, "show": show, "query_without_page": _query_without(request, "page")},
    )


def _get_assessment_for_adviser(user, pk: int):
    from django.http import Http404

    assessment = _adviser_assessments(user).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return assessment


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def adviser_assessment(request, pk: int):
    """One referred candidate: what the institute needs to assess, and the outcome form."""
    assessment = _get_assessment_for_adviser(request.user, pk)
    candidate = assessment.candidate
    form = forms.AssessmentOutcomeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate_services.assessment_record_outcome(
                actor=request.user,
                assessment=assessment,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The outcome has been recorded; the desk and the candidate have been told."),
            )
            return redirect("adviser:assessment", pk=assessment.pk)
    else:
        candidate_services.access_record(
            user=request.user, candidates=[candidate], action="view", what="assessment"
        )
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
