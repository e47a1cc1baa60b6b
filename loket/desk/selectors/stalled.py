"""Stalled cases: longer in a phase than the region's norm, or too long without contact.

Computed in SQL on any queryset of candidates, so the pipeline, the file and the guide's daily
digest read the same flags. The insight's stalled candidates per guide count the same flags in
one grouped statement (``insight.followup.stalled_by_guide``) and the pipeline counts and filters
with ``stalled_q``: change the rule in all three; tests compare them."""

import datetime
from collections.abc import Iterable

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from kandidaten.models import Candidate
from loket.core.models import Region
from loket.desk.models import DEFAULT_PHASE_NORM_DAYS, PhaseNorm


def phase_norm_days_expression():
    """The norm of each row's phase in its region: the region's PhaseNorm, else the default;
    NULL for phases without a norm (started, induction, side exits)."""
    region_norm = (
        PhaseNorm.objects.filter(region=OuterRef("region"), phase=OuterRef("phase"))
        .order_by()
        .values("days")[:1]
    )
    default = Case(
        *[When(phase=phase, then=Value(days)) for phase, days in DEFAULT_PHASE_NORM_DAYS.items()],
        default=None,
        output_field=IntegerField(),
    )
    return Coalesce(Subquery(region_norm, output_field=IntegerField()), default)


def with_stall_flags(queryset: QuerySet[Candidate], *, now: datetime.datetime) -> QuerySet:
    """Annotate the stalled-case flags the pipeline, the file and the guide's digest show.

    * ``phase_norm_days``: the norm of the row's phase (None for phases without one);
    * ``overdue_in_phase``: longer in the phase than its norm;
    * ``without_contact``: no logged contact for the region's ``no_contact_days`` (counted from
      registration when there was none yet);
    * ``is_stalled``: either. Side exits and the last two phases are never stalled.
    """
    today = timezone.localdate(now)
    in_norm_phase = Q(phase__in=list(DEFAULT_PHASE_NORM_DAYS))
    queryset = queryset.annotate(
        phase_norm_days=phase_norm_days_expression(),
        phase_deadline=ExpressionWrapper(
            F("phase_changed_at")
            + ExpressionWrapper(
                F("phase_norm_days") * Value(datetime.timedelta(days=1)),
                output_field=DurationField(),
            ),
            output_field=DateTimeField(),
        ),
        contact_due_on=ExpressionWrapper(
            Coalesce("last_contact_on", TruncDate("created_at")) + F("region__no_contact_days"),
            output_field=DateField(),
        ),
    )
    overdue = in_norm_phase & Q(phase_deadline__lt=now)
    silent = in_norm_phase & Q(contact_due_on__lt=today)
    return queryset.annotate(
        overdue_in_phase=Case(When(overdue, then=True), default=False, output_field=BooleanField()),
        without_contact=Case(When(silent, then=True), default=False, output_field=BooleanField()),
        is_stalled=Case(
            When(overdue | silent, then=True), default=False, output_field=BooleanField()
        ),
    )


def stalled_q(region_ids: Iterable[int], *, now: datetime.datetime) -> Q:
    """The candidates ``with_stall_flags`` marks ``is_stalled``, for candidates of these regions,
    as plain comparisons of columns with cut-offs worked out here from the regions' norms (one
    small query).

    The flags compute a deadline for every row (a norm looked up per candidate, times a day,
    plus the phase's start; a date in Amsterdam plus the region's days): counting the stalled
    cases of 10,000 candidates spent 9 of its 15 ms on that arithmetic. Here a candidate is
    overdue when their phase began before now minus its norm, silent when their last contact
    (else their registration, by the day in Amsterdam) was before today minus the region's
    days without contact."""
    region_ids = list(region_ids)
    contact_days: dict[int, int] = {}
    norms: dict[tuple[int, str], int] = {}
    rows = Region.objects.filter(pk__in=region_ids).values_list(
        "pk", "no_contact_days", "phase_norms__phase", "phase_norms__days"
    )
    for region, no_contact_days, phase, days in rows:
        contact_days[region] = no_contact_days
        if phase is not None:
            norms[region, phase] = days
    today = timezone.localdate(now)
    # Whole days of 24 hours, as PostgreSQL adds them to the phase's start (the connection's
    # time zone is UTC): on Amsterdam's clock a day across a clock change has 23 or 25.
    now = now.astimezone(datetime.UTC)
    in_norm_phase = Q(phase__in=list(DEFAULT_PHASE_NORM_DAYS))
    stalled = Q(pk__in=[])
    for region, no_contact_days in contact_days.items():
        overdue = Q(pk__in=[])
        for phase, default in DEFAULT_PHASE_NORM_DAYS.items():
            days = norms.get((region, phase), default)
            overdue |= Q(phase=phase, phase_changed_at__lt=now - datetime.timedelta(days=days))
        # COALESCE(last contact, day of registration) + days < today, with the day of
        # registration read in the current time zone (TruncDate): before the cut-off's midnight.
        cutoff = today - datetime.timedelta(days=no_contact_days)
        midnight = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
        silent = in_norm_phase & (
            Q(last_contact_on__lt=cutoff) | Q(last_contact_on=None, created_at__lt=midnight)
        )
        stalled |= Q(region_id=region) & (overdue | silent)
    return stalled
