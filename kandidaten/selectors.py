"""Reads about candidates that several views share, and the access helpers."""

import datetime
from dataclasses import dataclass

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
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone

from kandidaten.models import (
    DEFAULT_PHASE_NORM_DAYS,
    Candidate,
    ConsentKind,
    PhaseEvent,
    PhaseNorm,
    Referral,
    Route,
    TeachingQualification,
)
from loket.models import Role, RoleAssignment, Subject
from loket.selectors import staff_regions


def candidate_of(user) -> Candidate | None:
    """The user's own candidate record, or None when they have not registered yet."""
    if not user.is_authenticated:
        return None
    return (
        Candidate.objects.select_related("region", "guide")
        .prefetch_related(
            Prefetch(
                "qualifications",
                queryset=TeachingQualification.objects.select_related("subject").order_by("pk"),
            ),
            Prefetch("subjects", queryset=Subject.objects.order_by("name")),
        )
        .filter(user=user)
        .first()
    )


def get_candidate_for(user, pk: int) -> Candidate:
    """A candidate the user may see: their own record, or one in a region they work for as desk
    staff or coordinator. Everyone else gets a 404, so ids reveal nothing."""
    if not user.is_authenticated:
        raise Http404
    staff_regions = RoleAssignment.objects.filter(
        user=user, role__in=[Role.DESK_STAFF, Role.COORDINATOR]
    ).values("region")
    candidate = (
        Candidate.objects.select_related("region", "guide", "user")
        .filter(Q(user=user) | Q(region__in=staff_regions), pk=pk)
        .first()
    )
    if candidate is None:
        raise Http404
    return candidate


def phase_events_of(candidate: Candidate) -> list[PhaseEvent]:
    return list(candidate.phase_events.select_related("actor").order_by("created_at", "pk"))


def consent_state(candidate: Candidate) -> list[dict]:
    """For each kind of consent: whether it is given now and when it last changed."""
    latest = {}
    for record in candidate.consents.select_related("statement").order_by("created_at", "pk"):
        latest[record.kind] = record
    return [
        {"kind": kind, "label": kind.label, "record": latest.get(kind.value)}
        for kind in ConsentKind
    ]


def public_routes() -> list[Route]:
    """The routes the region advises on, for public pages (names and explanations only)."""
    return list(
        Route.objects.filter(is_active=True, region=None).only(
            "slug", "name", "name_en", "explanation", "explanation_en", "order"
        )
    )


# --- The desk's view of candidates ----------------------------------------------------------------


@dataclass(frozen=True)
class StaffAccess:
    """How a member of desk staff may treat one candidate record.

    ``can_edit``: the candidate belongs to one of their regions. ``incoming``: a referral from
    another region waits for their desk (they may read the file and accept or decline).
    Otherwise they only read the history of a candidate their region referred elsewhere.
    """

    candidate: Candidate
    can_edit: bool
    incoming: Referral | None = None
    # For the sending desk after the transfer: what happened later is the new desk's business.
    history_until: datetime.datetime | None = None


def desk_candidates(user) -> QuerySet[Candidate]:
    """The candidates a member of desk staff works with: those of their regions."""
    return Candidate.objects.filter(region__in=staff_regions(user))


def get_candidate_for_staff(user, pk: int, *, for_change: bool = False) -> StaffAccess:
    """A candidate for a staff page, scoped by region; 404 for everyone else.

    Staff of the candidate's region may read and change; staff of a region with a pending
    referral for the candidate may read (and answer the referral); staff of a region that
    referred the candidate away keep a read-only view. ``for_change`` asks for the first kind.
    """
    if not user.is_authenticated:
        raise Http404
    regions = staff_regions(user)
    candidate = (
        Candidate.objects.select_related("region", "guide", "user")
        .filter(
            Q(region__in=regions)
            | Q(referrals__to_region__in=regions, referrals__status=Referral.Status.PENDING)
            | Q(referrals__from_region__in=regions),
            pk=pk,
        )
        .distinct()
        .first()
    )
    if candidate is None:
        raise Http404
    region_ids = set(regions.values_list("pk", flat=True))
    can_edit = candidate.region_id in region_ids
    if for_change and not can_edit:
        raise Http404
    incoming = history_until = None
    if not can_edit:
        incoming = candidate.referrals.filter(
            status=Referral.Status.PENDING, to_region__in=region_ids
        ).first()
        if incoming is None:
            history_until = (
                candidate.referrals.filter(
                    status=Referral.Status.ACCEPTED, from_region__in=region_ids
                )
                .order_by("-answered_at")
                .values_list("answered_at", flat=True)
                .first()
            ) or candidate.created_at
    return StaffAccess(
        candidate=candidate, can_edit=can_edit, incoming=incoming, history_until=history_until
    )


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


def desk_guides(user) -> QuerySet:
    """The people candidates of the user's regions can have as their guide."""
    from loket.models import User

    return (
        User.objects.filter(
            is_active=True,
            roles__role__in=[Role.DESK_STAFF, Role.COORDINATOR],
            roles__region__in=staff_regions(user),
        )
        .distinct()
        .order_by("full_name", "email")
    )


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
        queryset = queryset.filter(Q(full_name__icontains=text) | Q(user__email__icontains=text))
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
        queryset = queryset.filter(is_stalled=True)
    ordering = {
        "recent": ["-updated_at"],
        "name": ["full_name"],
    }.get(filters.get("sort", ""), ["phase_changed_at"])
    return queryset.order_by(*ordering, "pk").prefetch_related(
        Prefetch("subjects", queryset=Subject.objects.order_by("name"))
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str  # phase, contact, note, proposal, referral, assessment, appointment, mail
    title: str
    detail: str = ""
    actor: object = None


def candidate_timeline(candidate: Candidate) -> list[TimelineEntry]:
    """Everything that happened with a candidate, newest first: phase changes, contacts, notes,
    proposal steps, referrals and assessments (a fixed number of queries)."""
    from django.utils.translation import gettext as _

    from vacatures.models import ProposalEvent, ProposalStatus

    entries: list[TimelineEntry] = []
    for event in candidate.phase_events.select_related("actor"):
        title = (
            _("Phase: %(from)s → %(to)s")
            % {"from": event.get_from_phase_display(), "to": event.get_to_phase_display()}
            if event.from_phase
            else _("Registered: %(to)s") % {"to": event.get_to_phase_display()}
        )
        entries.append(TimelineEntry(event.created_at, "phase", title, event.note, event.actor))
    for contact in candidate.contacts.select_related("author"):
        entries.append(
            TimelineEntry(
                _day_start(contact.occurred_on, contact.created_at),
                "contact",
                _("Contact: %(kind)s") % {"kind": contact.get_kind_display()},
                contact.summary,
                contact.author,
            )
        )
    for note in candidate.notes.select_related("author"):
        entries.append(TimelineEntry(note.created_at, "note", _("Note"), note.text, note.author))
    steps = ProposalEvent.objects.filter(proposal__candidate=candidate).select_related(
        "actor", "proposal__school", "proposal__vacancy"
    )
    for step in steps:
        target = step.proposal.vacancy or step.proposal.school
        entries.append(
            TimelineEntry(
                step.created_at,
                "proposal",
                _("Proposal %(target)s: %(status)s")
                % {"target": target, "status": ProposalStatus(step.to_status).label},
                step.note,
                step.actor,
            )
        )
    for referral in candidate.referrals.select_related("to_region", "from_region", "referred_by"):
        entries.append(
            TimelineEntry(
                referral.created_at,
                "referral",
                _("Referred from %(from)s to %(to)s")
                % {"from": referral.from_region, "to": referral.to_region},
                referral.note,
                referral.referred_by,
            )
        )
        if referral.answered_at:
            entries.append(
                TimelineEntry(
                    referral.answered_at,
                    "referral",
                    _("Referral to %(to)s: %(status)s")
                    % {"to": referral.to_region, "status": referral.get_status_display()},
                    referral.answer_note,
                )
            )
    for assessment in candidate.assessments.select_related("institute", "referred_by"):
        entries.append(
            TimelineEntry(
                assessment.referred_at,
                "assessment",
                _("Referred for an assessment at %(institute)s")
                % {"institute": assessment.institute},
                assessment.question,
                assessment.referred_by,
            )
        )
        if assessment.recorded_at:
            entries.append(
                TimelineEntry(
                    assessment.recorded_at,
                    "assessment",
                    _("Assessment outcome: %(outcome)s")
                    % {"outcome": assessment.get_outcome_display()},
                    assessment.outcome_note,
                )
            )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def _day_start(day: datetime.date, logged_at: datetime.datetime) -> datetime.datetime:
    """A contact took place on a day; on the timeline it sits at the time it was logged when
    that was the same day, else at noon of its day."""
    local = timezone.localtime(logged_at)
    if local.date() == day:
        return logged_at
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def access_log_of(candidate: Candidate, *, limit: int = 20) -> list:
    from kandidaten.models import CandidateAccess

    return list(
        CandidateAccess.objects.filter(candidate=candidate)
        .select_related("user")
        .order_by("-created_at", "-pk")[:limit]
    )
