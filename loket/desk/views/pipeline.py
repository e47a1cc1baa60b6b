"""The pipeline: the desk's candidates as a list with bulk actions and CSV export, or as a board
of phases. With JavaScript, HTMX swaps the results in place (a named partial)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kandidaten.models import MAIN_PHASES, SIDE_EXITS, Candidate, Phase
from kandidaten.services.privacy import access_record
from loket.core.http import parse_ids, query_without, wants_partial
from loket.core.selectors import staff_region_ids
from loket.desk import forms
from loket.desk.access import (
    require_desk,
)
from loket.desk.models import Referral
from loket.desk.selectors.pipeline import (
    desk_candidates,
    desk_guides,
    pipeline_candidates,
    stalled_count,
)
from loket.desk.services.guidance import candidates_bulk_assign_guide, candidates_bulk_change_phase

PIPELINE_PAGE_SIZE = 25
BOARD_CARDS = 8


# --- Pipeline -------------------------------------------------------------------------------------


@require_safe
@login_required
def pipeline(request):
    """The desk's candidates as a list (with bulk actions) or as a board of phases."""
    require_desk(request.user)
    guides = desk_guides(request.user)
    form = forms.PipelineFilterForm(request.GET, guides=guides)
    form.is_valid()
    filters = form.filters()
    view = filters.get("view", "list")
    now = timezone.now()
    candidates = pipeline_candidates(request.user, filters, now=now)
    partial = wants_partial(request)
    context = {
        "form": form,
        "view": view,
        "query_without_page": query_without(request, "page"),
        "query_without_view": query_without(request, "page", "view"),
    }
    if not partial:
        # The summary above the filters: an HTMX swap of the results does not show it.
        context["stalled_count"] = stalled_count(request.user, now=now)
        context["incoming_referrals"] = Referral.objects.filter(
            to_region__in=staff_region_ids(request.user), status=Referral.Status.PENDING
        ).count()
    if view == "board":
        context["columns"] = _board_columns(candidates)
    else:
        page = Paginator(candidates, PIPELINE_PAGE_SIZE).get_page(request.GET.get("page"))
        context["page_obj"] = page
        context["bulk_form"] = forms.BulkActionForm(guides=guides, candidate_ids=[])
    template = "loket/desk/pipeline.html"
    if partial:
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _board_columns(candidates) -> list[dict]:
    """One column per phase: its count and the candidates longest in it. Two queries (counts,
    cards) plus the subjects, however many candidates there are."""
    counts = dict(
        candidates.order_by().values_list("phase").annotate(total=Count("pk", distinct=True))
    )
    # The places are numbered on narrow rows (id, phase, time in phase) and only the cards
    # shown are read whole: numbering the whole rows joined to their users sorted 10,000 wide
    # rows at national size (90 ms; 23 ms now).
    shown = (
        candidates.order_by()
        .select_related(None)
        .prefetch_related(None)
        .annotate(
            place=Window(
                RowNumber(), partition_by=[F("phase")], order_by=[F("phase_changed_at"), F("pk")]
            )
        )
        .filter(place__lte=BOARD_CARDS)
        .values("pk")
    )
    cards: dict[str, list] = {}
    for candidate in candidates.filter(pk__in=shown).order_by("phase_changed_at", "pk"):
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
    require_desk(request.user)
    guides = desk_guides(request.user)
    selectable = desk_candidates(request.user)
    ids = parse_ids(request.POST.getlist("ids"))
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
            count = candidates_bulk_assign_guide(
                actor=request.user, candidates=chosen, guide=data["guide"]
            )
            messages.success(
                request,
                _("%(guide)s is now the guide of %(count)s candidate(s).")
                % {"guide": data["guide"].get_full_name(), "count": count},
            )
        else:
            count = candidates_bulk_change_phase(
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
    access_record(user=request.user, candidates=candidates, action="export", what="csv")
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
