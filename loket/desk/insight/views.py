"""The insight pages: the desk's dashboard (``/loket/inzicht/``, its CSV and the printable
monthly report), and the views that leave the desk, which show aggregates only with every number
from 1 to 4 as "<5": a school board's (``/vacatures/beheer/inzicht/``), the national one for an
administrator (``/loket/inzicht/landelijk/``) and the public pages (``/inzicht/``).

With JavaScript, HTMX refreshes the panels (the filters) or one panel (its own choice) in
place; without it every form is a plain GET of the whole page.
"""

import datetime
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from loket.core.http import query_without, wants_partial
from loket.core.models import Region, Role, School
from loket.core.selectors import hr_schools, roles_of, staff_regions
from loket.desk.access import require_desk
from loket.desk.insight import outside, panels, summary
from loket.desk.insight.filters import Filters, InsightFilterForm, school_year_start
from loket.desk.insight.tables import csv_response
from loket.desk.models import InsightRefresh

DASHBOARD = "loket/desk/insight/dashboard.html"


def _filters_for(
    request, *, regions, municipalities, period_only=False
) -> tuple[InsightFilterForm, Filters]:
    form = InsightFilterForm(
        request.GET, regions=regions, municipalities=municipalities, period_only=period_only
    )
    form.is_valid()
    return form, form.filters()


def _municipalities(schools) -> list[str]:
    return list(schools.order_by("municipality").values_list("municipality", flat=True).distinct())


def _item(panel: panels.Panel, *, csv_url: str, query: str, args=()) -> dict:
    """A panel with, per table, its chart and the address of its CSV (same filters)."""
    suffix = f"?{query}" if query else ""
    return {
        "panel": panel,
        "sections": [
            {
                **section,
                "csv_url": reverse(csv_url, args=[*args, section["table"].name]) + suffix,
            }
            for section in panel.sections()
        ],
    }


def _build_panel(
    name: str, filters: Filters, split: str, refreshed: InsightRefresh | None
) -> panels.Panel:
    if name == "funnel":
        return panels.funnel_panel(filters, split=split, refreshed=refreshed)
    if name == "shortage":
        return panels.shortage_panel(filters, refreshed=refreshed)
    return panels.DESK_PANELS[name](filters)


def _panel_key(name: str, filters: Filters, split: str, refreshed: InsightRefresh | None) -> str:
    parts = [
        name,
        split,
        translation.get_language() or "",
        ",".join(map(str, sorted(filters.region_ids))),
        filters.start.isoformat(),
        filters.end.isoformat(),
        filters.sector,
        str(filters.subject_id or ""),
        filters.municipality,
        refreshed.finished_at.isoformat() if refreshed else "",
    ]
    return "insight-panel:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _desk_panel(
    name: str, filters: Filters, request, refreshed: InsightRefresh | None
) -> panels.Panel:
    """One panel of the desk's dashboard. With the shared cache on (Redis, ``CACHE_URL``) a
    panel is computed once per refresh interval for the same regions and filters, and then says
    when it was computed; a new summary refresh starts afresh. ``refreshed``: the summary's
    last refresh, read once per request."""
    split = request.GET.get("split", "source") if name == "funnel" else ""
    if not settings.LOKET_FRAGMENT_CACHE:
        return _build_panel(name, filters, split, refreshed)
    key = _panel_key(name, filters, split, refreshed)
    panel = cache.get(key)
    if panel is None:
        panel = _build_panel(name, filters, split, refreshed)
        panel.computed_at = timezone.now()
        cache.set(key, panel, settings.LOKET_INSIGHT_REFRESH_SECONDS)
    return panel


def _desk_setup(request):
    require_desk(request.user)
    regions = list(staff_regions(request.user).order_by("name"))
    municipalities = _municipalities(School.objects.filter(region__in=regions))
    form, filters = _filters_for(request, regions=regions, municipalities=municipalities)
    return regions, form, filters


@require_safe
@login_required
def dashboard(request):
    """The desk's insight: five panels for the user's regions, filtered by the URL. An HTMX
    request for one ``panel`` gets that panel only; for the filters, all panels."""
    regions, form, filters = _desk_setup(request)
    query = query_without(request, "panel")
    only = request.GET.get("panel", "")
    names = (
        [only]
        if wants_partial(request) and only in panels.DESK_PANELS
        else list(panels.DESK_PANELS)
    )
    refreshed = summary.last_refresh()
    items = [
        _item(
            _desk_panel(name, filters, request, refreshed), csv_url="desk:insight_csv", query=query
        )
        for name in names
    ]
    context = {
        "form": form,
        "filters": filters,
        "panels": items,
        "regions": regions,
        "query": query,
        "split_choices": panels.SPLIT_CHOICES,
        "hidden_filters": [(k, v) for k, v in request.GET.items() if k not in ("panel", "split")],
    }
    template = DASHBOARD
    if wants_partial(request):
        if len(items) == 1:
            template += "#panel"
            context["item"] = items[0]
        else:
            template += "#panels"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
@login_required
def dashboard_csv(request, table: str):
    """One of the dashboard's tables as CSV, with the page's filters."""
    _regions, _form, filters = _desk_setup(request)
    name = table.split("-")[0]
    name = {
        "placements": "successes",
        "stalled": "followup",
        "reminders": "followup",
        "attendance": "followup",
    }.get(name, name)
    if name not in panels.DESK_PANELS:
        raise Http404
    found = _desk_panel(name, filters, request, summary.last_refresh()).table(table)
    if found is None:
        raise Http404
    return csv_response(found, prefix="inzicht")


def _month_range(value: str) -> tuple[datetime.date, datetime.date] | None:
    try:
        first = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


@require_safe
@login_required
def monthly_report(request):
    """The dashboard for one month, laid out to print (``?month=2026-11``; this month when
    absent or unreadable)."""
    regions, form, filters = _desk_setup(request)
    today = timezone.localdate()
    month = request.GET.get("month", "")
    chosen = _month_range(month)
    if month and chosen is None:
        messages.error(request, _("Choose a month as year and month, for example 2026-11."))
    start, end = chosen or _month_range(today.strftime("%Y-%m"))
    filters = Filters(
        region_ids=filters.region_ids,
        start=start,
        end=end,
        sector=filters.sector,
        subject_id=filters.subject_id,
        municipality=filters.municipality,
    )
    query = query_without(request, "month")
    refreshed = summary.last_refresh()
    items = [
        _item(
            _desk_panel(name, filters, request, refreshed), csv_url="desk:insight_csv", query=query
        )
        for name in panels.DESK_PANELS
    ]
    return render(
        request,
        "loket/desk/insight/report.html",
        {
            "form": form,
            "filters": filters,
            "panels": items,
            "regions": [r for r in regions if r.pk in filters.region_ids],
            "month": start,
            "generated": timezone.now(),
        },
    )


# --- Views that leave the desk -------------------------------------------------------------------


def _require_superuser(user) -> None:
    if not user.is_superuser:
        raise PermissionDenied


def _national(request):
    _require_superuser(request.user)
    regions = list(Region.objects.order_by("name"))
    form, filters = _filters_for(request, regions=[], municipalities=[], period_only=True)
    filters = Filters(region_ids=[r.pk for r in regions], start=filters.start, end=filters.end)
    return form, filters


@require_safe
@login_required
def national(request):
    """For an administrator: the regions side by side, aggregates only, small numbers hidden."""
    form, filters = _national(request)
    query = request.GET.urlencode()
    return render(
        request,
        "loket/desk/insight/national.html",
        {
            "form": form,
            "filters": filters,
            "item": _item(
                outside.national_panel(filters), csv_url="desk:insight_national_csv", query=query
            ),
        },
    )


@require_safe
@login_required
def national_csv(request, table: str):
    _form, filters = _national(request)
    found = outside.national_panel(filters).table(table)
    if found is None:
        raise Http404
    return csv_response(found, prefix="landelijk")


def _board(request):
    if Role.HR_OFFICER not in roles_of(request.user):
        raise PermissionDenied
    schools = hr_schools(request.user)
    school_ids = list(schools.values_list("pk", flat=True))
    form, filters = _filters_for(
        request,
        regions=[],
        municipalities=_municipalities(School.objects.filter(pk__in=school_ids)),
    )
    return form, filters, school_ids


@require_safe
@login_required
def board(request):
    """For an HR officer: their schools' proposals and placements, aggregates only."""
    form, filters, school_ids = _board(request)
    query = request.GET.urlencode()
    return render(
        request,
        "loket/desk/insight/board.html",
        {
            "form": form,
            "filters": filters,
            "item": _item(
                outside.board_panel(filters, school_ids=school_ids),
                csv_url="vacatures:hr_insight_csv",
                query=query,
            ),
        },
    )


@require_safe
@login_required
def board_csv(request, table: str):
    _form, filters, school_ids = _board(request)
    found = outside.board_panel(filters, school_ids=school_ids).table(table)
    if found is None:
        raise Http404
    return csv_response(found, prefix="bestuur")


def _public_filters(region: Region) -> Filters:
    today = timezone.localdate()
    return Filters(region_ids=[region.pk], start=school_year_start(today), end=today)


@require_safe
def public_index(request):
    """Per region: new teachers this school year and open vacancies, small numbers hidden."""
    today = timezone.localdate()
    item = _item(
        outside.public_regions_panel(school_year_start(today)),
        csv_url="insight:index_csv",
        query="",
    )
    return render(request, "loket/desk/insight/public_index.html", {"item": item})


@require_safe
def public_index_csv(request, table: str):
    found = outside.public_regions_panel(school_year_start(timezone.localdate())).table(table)
    if found is None:
        raise Http404
    return csv_response(found, prefix="inzicht")


@require_safe
def public_region(request, slug: str):
    """One region in public: where teachers are needed and how many started this year."""
    region = get_object_or_404(Region, slug=slug)
    item = _item(
        outside.public_panel(_public_filters(region)),
        csv_url="insight:region_csv",
        query="",
        args=[region.slug],
    )
    return render(
        request, "loket/desk/insight/public_region.html", {"region": region, "item": item}
    )


@require_safe
def public_region_csv(request, slug: str, table: str):
    region = get_object_or_404(Region, slug=slug)
    found = outside.public_panel(_public_filters(region)).table(table)
    if found is None:
        raise Http404
    return csv_response(found, prefix=f"inzicht-{region.slug}")
