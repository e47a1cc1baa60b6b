"""The pipeline: the desk's candidates with its filters, sort and stalled-case flags."""

import datetime

from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
)

from kandidaten.models import Candidate
from loket.core.models import Subject, User
from loket.core.people import staff_of_regions
from loket.core.selectors import staff_region_ids
from loket.desk.selectors.stalled import stalled_q, with_stall_flags


def desk_candidates(user) -> QuerySet[Candidate]:
    """The candidates a member of desk staff works with: those of their regions (an anonymised
    record is only a number in the figures)."""
    # The region ids as a list (from the roles read once a request): ``region_id = 7`` lets
    # PostgreSQL walk the (region, phase_changed_at) index for the first page; ``IN (subquery)``
    # sorts the region.
    regions = sorted(staff_region_ids(user))
    return Candidate.objects.filter(region_id__in=regions, anonymised_at=None)


def stalled_count(user, *, now: datetime.datetime) -> int:
    """How many of the desk's candidates are stalled (``with_stall_flags``' rule, counted with
    the cut-offs worked out beforehand: ``stalled_q``)."""
    return desk_candidates(user).filter(stalled_q(staff_region_ids(user), now=now)).count()


def desk_guides(user) -> QuerySet:
    """The people candidates of the user's regions can have as their guide."""
    return staff_of_regions(sorted(staff_region_ids(user)))


def pipeline_candidates(user, filters: dict, *, now: datetime.datetime) -> QuerySet[Candidate]:
    """The desk's candidates with the pipeline's filters and stalled-case flags applied.

    ``filters`` are the cleaned values of the pipeline form: q (name or email, case
    insensitive), phase, guide ("me", "none" or a user id), subject, sector, source, stalled,
    sort. Subjects come with one prefetch, so a page costs the same queries for 5 rows or 50.
    """
    queryset = with_stall_flags(
        desk_candidates(user).select_related("guide", "region", "user"), now=now
    )
    text = filters.get("q", "").strip()
    if text:
        # Each side on its own table, so each has its trigram index: an OR across the join
        # to users made PostgreSQL scan every user in the country.
        by_email = User.objects.filter(email__icontains=text).values("pk")
        queryset = queryset.filter(Q(full_name__icontains=text) | Q(user_id__in=by_email))
    if filters.get("phase"):
        queryset = queryset.filter(phase=filters["phase"])
    guide = filters.get("guide")
    if guide == "me":
        queryset = queryset.filter(guide=user)
    elif guide == "none":
        queryset = queryset.filter(guide=None)
    elif guide:
        queryset = queryset.filter(guide_id=int(guide))
    if filters.get("subject"):
        queryset = queryset.filter(subjects=filters["subject"])
    if filters.get("sector"):
        queryset = queryset.filter(sectors__contains=[filters["sector"]])
    if filters.get("source"):
        queryset = queryset.filter(source=filters["source"])
    if filters.get("stalled"):
        queryset = queryset.filter(stalled_q(staff_region_ids(user), now=now))
    ordering = {
        "recent": ["-updated_at"],
        "name": ["full_name"],
    }.get(filters.get("sort", ""), ["phase_changed_at"])
    return queryset.order_by(*ordering, "pk").prefetch_related(
        Prefetch("subjects", queryset=Subject.objects.order_by("name"))
    )
