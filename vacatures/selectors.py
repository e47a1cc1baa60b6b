"""Reads about vacancies that several views share: HR's own vacancies and the public board."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet

from loket.core.geo import distance_km_expression
from loket.core.models import Board, Role, School, Subject
from loket.core.selectors import hr_schools, roles_of, staff_regions
from vacatures.models import Vacancy, open_vacancy_q


def manageable_schools(user) -> QuerySet[School]:
    """Schools whose vacancies the user may manage: an HR officer's own school or board, and
    every school of the regions the user works for as desk staff or coordinator."""
    if not user.is_authenticated:
        return School.objects.none()
    return hr_schools(user) | School.objects.filter(region__in=staff_regions(user))


def can_manage_vacancies(user) -> bool:
    return bool(roles_of(user) & {Role.HR_OFFICER, Role.DESK_STAFF, Role.COORDINATOR})


def can_invite_hr_officers(user) -> bool:
    return bool(roles_of(user) & {Role.DESK_STAFF, Role.COORDINATOR})


def invitable_scopes(user) -> tuple[QuerySet[School], QuerySet[Board]]:
    """Schools and boards a desk user may invite an HR officer for: those of their regions."""
    regions = staff_regions(user)
    return (
        School.objects.filter(region__in=regions).order_by("name"),
        Board.objects.filter(region__in=regions).order_by("name"),
    )


def hr_vacancies(user) -> QuerySet[Vacancy]:
    return (
        Vacancy.objects.filter(school__in=manageable_schools(user))
        .select_related("school")
        .order_by("-updated_at", "-pk")
    )


def published_vacancies() -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(open_vacancy_q())


@dataclass(frozen=True)
class BoardFilters:
    """The board's search as the filter form cleaned it."""

    text: str = ""
    subject: Subject | None = None
    sector: str = ""
    school_type: str = ""
    municipality: str = ""
    region_slug: str = ""
    origin: tuple[float, float] | None = None
    max_distance_km: int | None = None
    min_hours: int | None = None
    max_hours: int | None = None
    career_switchers: bool = False
    sort: str = "newest"


def board_vacancies(filters: BoardFilters) -> QuerySet[Vacancy]:
    """Published vacancies matching the filters, sorted; the subjects come in one extra query.

    Full-text search uses the Dutch configuration (so "wiskundedocent" style stems and
    "leraren"/"leraar" match) in web-search syntax: quotes, ``or`` and ``-word`` work.
    """
    queryset = published_vacancies().select_related("school")
    if filters.text:
        query = SearchQuery(filters.text, config="dutch", search_type="websearch")
        queryset = queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    if filters.subject is not None:
        queryset = queryset.filter(subjects=filters.subject)
    if filters.sector:
        queryset = queryset.filter(sectors__contains=[filters.sector])
    if filters.school_type:
        queryset = queryset.filter(school_types__contains=[filters.school_type])
    if filters.municipality:
        queryset = queryset.filter(school__municipality__iexact=filters.municipality)
    if filters.region_slug:
        queryset = queryset.filter(school__region__slug=filters.region_slug)
    if filters.min_hours is not None:
        queryset = queryset.filter(hours_per_week__gte=filters.min_hours)
    if filters.max_hours is not None:
        queryset = queryset.filter(hours_per_week__lte=filters.max_hours)
    if filters.career_switchers:
        queryset = queryset.filter(open_to_career_switchers=True)
    if filters.origin is not None:
        queryset = queryset.annotate(
            distance_km=distance_km_expression(
                *filters.origin, lat_field="school__latitude", lon_field="school__longitude"
            )
        )
        if filters.max_distance_km:
            queryset = queryset.filter(distance_km__lte=filters.max_distance_km)

    if filters.sort == "nearest" and filters.origin is not None:
        ordering = ["distance_km", "-published_at"]
    elif filters.sort == "closing":
        ordering = ["closing_date", "-published_at"]
    elif filters.sort == "relevance" and filters.text:
        ordering = ["-rank", "-published_at"]
    else:
        ordering = ["-published_at"]
    # Filtering on a many-to-many subject can never repeat a row (one subject per filter), so
    # no DISTINCT is needed; the pk makes paging stable when dates tie.
    return queryset.order_by(*ordering, "-pk").prefetch_related(
        Prefetch("subjects", queryset=Subject.objects.order_by("name"))
    )


def board_municipalities() -> list[str]:
    """Municipalities that currently have a published vacancy, for the filter list."""
    # EXISTS, not a join: one probe per school instead of a row per vacancy to de-duplicate.
    has_published = Vacancy.objects.filter(open_vacancy_q(), school=OuterRef("pk"))
    return list(
        School.objects.filter(Exists(has_published))
        .order_by("municipality")
        .values_list("municipality", flat=True)
        .distinct()
    )


# --- Proposals ----------------------------------------------------------------------------------
