"""Workflows for vacancies: each function is one transaction and leaves an audit row."""

import datetime
from collections.abc import Iterable

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.models import Board, MailReason, Role, RoleAssignment, School, Subject, User
from vacatures.models import (
    OPEN_PROPOSAL_STATUSES,
    DeclineReason,
    Interest,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Vacancy,
    VacancyEvent,
    VacancyStatus,
)

# Fields a person edits on the form; the audit row records the ones that changed.
EDITABLE_FIELDS = [
    "school",
    "title",
    "sectors",
    "school_types",
    "qualification",
    "hours_per_week",
    "contract_type",
    "start_date",
    "closing_date",
    "open_to_career_switchers",
    "salary_scale",
    "salary_min",
    "salary_max",
    "description",
    "contact_name",
    "contact_email",
    "contact_phone",
]

# Which status may follow which. Filled is final; a closed vacancy can be published again.
TRANSITIONS: dict[str, set[str]] = {
    VacancyStatus.DRAFT: {VacancyStatus.PUBLISHED, VacancyStatus.CLOSED},
    VacancyStatus.PUBLISHED: {VacancyStatus.FILLED, VacancyStatus.CLOSED},
    VacancyStatus.CLOSED: {VacancyStatus.PUBLISHED},
    VacancyStatus.FILLED: set(),
}


def _audit_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, School):
        return str(value)
    if isinstance(value, list):
        return list(value)
    return value


def vacancy_refresh_search_vector(*, vacancy: Vacancy) -> None:
    """Rebuild the Dutch full-text vector: title and subjects weigh most, then the text, then
    the school and its town. Kept in the service because it reads related rows (a generated
    column cannot)."""
    subject_names = " ".join(vacancy.subjects.values_list("name", flat=True))
    school = vacancy.school
    Vacancy.objects.filter(pk=vacancy.pk).update(
        search_vector=SearchVector(Value(vacancy.title), weight="A", config="dutch")
        + SearchVector(Value(subject_names), weight="A", config="dutch")
        + SearchVector(Value(vacancy.description), weight="B", config="dutch")
        + SearchVector(Value(f"{school.name} {school.municipality}"), weight="C", config="dutch")
    )


def _check_school(actor: User, school: School) -> None:
    # The form only offers these schools; the service refuses others too, so no other door
    # (a task, a script, a future API) can post for a school the actor does not manage.
    from vacatures.selectors import manageable_schools

    if not manageable_schools(actor).filter(pk=school.pk).exists():
        raise ValidationError(
            _("Choose one of the schools you manage vacancies for."), code="school"
        )


def _apply_defaults(vacancy: Vacancy) -> None:
    # An HR officer who leaves sector and school types empty means "what the school offers".
    if not vacancy.sectors:
        vacancy.sectors = list(vacancy.school.sectors)
    if not vacancy.school_types:
        vacancy.school_types = list(vacancy.school.school_types)


@transaction.atomic
def vacancy_create(
    *, actor: User, data: dict, subjects: Iterable[Subject], publish: bool = False
) -> Vacancy:
    """Create a vacancy as a draft (or publish it at once) and record who created it."""
    vacancy = Vacancy(**{field: data[field] for field in EDITABLE_FIELDS if field in data})
    _check_school(actor, vacancy.school)
    vacancy.created_by = actor
    _apply_defaults(vacancy)
    vacancy.full_clean(exclude=["search_vector"])
    vacancy.save()
    vacancy.subjects.set(subjects)
    VacancyEvent.objects.create(
        vacancy=vacancy,
        actor=actor,
        kind=VacancyEvent.Kind.CREATED,
        to_status=vacancy.status,
    )
    vacancy_refresh_search_vector(vacancy=vacancy)
    if publish:
        vacancy = vacancy_change_status(actor=actor, vacancy=vacancy, to_status="published")
    return vacancy


@transaction.atomic
def vacancy_update(*, actor: User, vacancy: Vacancy, data: dict, subjects: Iterable[Subject]):
    """Save the edited fields and record each changed field as [old, new] in one audit row."""
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    before = {field: _audit_value(getattr(locked, field)) for field in EDITABLE_FIELDS}
    before_subjects = sorted(locked.subjects.values_list("name", flat=True))
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(locked, field, data[field])
    _check_school(actor, locked.school)
    _apply_defaults(locked)
    locked.full_clean(exclude=["search_vector"])
    locked.save()
    locked.subjects.set(subjects)
    after_subjects = sorted(locked.subjects.values_list("name", flat=True))
    changes = {
        field: [before[field], _audit_value(getattr(locked, field))]
        for field in EDITABLE_FIELDS
        if before[field] != _audit_value(getattr(locked, field))
    }
    if before_subjects != after_subjects:
        changes["subjects"] = [before_subjects, after_subjects]
    if changes:
        VacancyEvent.objects.create(
            vacancy=locked, actor=actor, kind=VacancyEvent.Kind.UPDATED, changes=changes
        )
    vacancy_refresh_search_vector(vacancy=locked)
    return locked


@transaction.atomic
def vacancy_change_status(*, actor: User | None, vacancy: Vacancy, to_status: str) -> Vacancy:
    """Move a vacancy along draft → published → filled/closed (closed may be published again).

    Publishing needs a closing date of today or later. The row is locked so two people
    clicking at once make one change and one audit row.
    """
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if to_status not in TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            _("A vacancy that is “%(current)s” cannot become “%(new)s”."),
            params={
                "current": VacancyStatus(locked.status).label,
                "new": VacancyStatus(to_status).label
                if to_status in VacancyStatus.values
                else to_status,
            },
            code="transition",
        )
    if to_status == VacancyStatus.PUBLISHED and locked.closing_date < timezone.localdate():
        raise ValidationError(
            _("The closing date has passed; move it to today or later before publishing."),
            code="closing_date_past",
        )
    from_status = locked.status
    locked.status = to_status
    if to_status == VacancyStatus.PUBLISHED:
        locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    VacancyEvent.objects.create(
        vacancy=locked,
        actor=actor,
        kind=VacancyEvent.Kind.STATUS,
        from_status=from_status,
        to_status=to_status,
    )
    if to_status == VacancyStatus.FILLED:
        _decline_open_proposals_of_filled(locked, actor=actor)
    return locked


def _decline_open_proposals_of_filled(vacancy: Vacancy, *, actor: User | None) -> None:
    """A filled post answers the proposals still waiting for it: declined because it is filled,
    so nobody keeps waiting (or keeps being reminded). Candidates and guides hear of it."""
    for proposal in Proposal.objects.select_for_update().filter(
        vacancy=vacancy, status__in=OPEN_PROPOSAL_STATUSES
    ):
        previous = proposal.status
        proposal.status = ProposalStatus.DECLINED
        proposal.decline_reason = DeclineReason.FILLED
        proposal.answered_at = proposal.answered_at or timezone.now()
        proposal.closed_at = timezone.now()
        proposal.save()
        _proposal_event(proposal, actor=actor, from_status=previous)
        _tell_candidate_and_guide(proposal, "declined", guide_too=True)


def vacancies_close_expired(*, today: datetime.date | None = None) -> list[int]:
    """Close every published vacancy whose closing date has passed; returns the closed ids.

    Safe to run twice or in parallel: each row is claimed with a conditional UPDATE, and only
    the run whose UPDATE changed the row writes the audit row.
    """
    today = today or timezone.localdate()
    closed = []
    candidates = Vacancy.objects.filter(
        status=VacancyStatus.PUBLISHED, closing_date__lt=today
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            claimed = Vacancy.objects.filter(
                pk=pk, status=VacancyStatus.PUBLISHED, closing_date__lt=today
            ).update(status=VacancyStatus.CLOSED, updated_at=timezone.now())
            if claimed == 1:
                VacancyEvent.objects.create(
                    vacancy_id=pk,
                    kind=VacancyEvent.Kind.EXPIRED,
                    from_status=VacancyStatus.PUBLISHED,
                    to_status=VacancyStatus.CLOSED,
                )
                closed.append(pk)
    return closed


@transaction.atomic
def interest_register(*, user: User, vacancy: Vacancy) -> tuple[Interest, bool]:
    """Record that a candidate is interested in a published vacancy (once; a repeat is a no-op)."""
    if not vacancy.is_public:
        raise ValidationError(_("This vacancy is no longer open."), code="not_open")
    if not RoleAssignment.objects.filter(user=user, role=Role.CANDIDATE).exists():
        raise ValidationError(_("Only candidates can register interest."), code="not_candidate")
    interest, created = Interest.objects.get_or_create(user=user, vacancy=vacancy)
    if created:
        _tell_desk_of_interest(interest)
    return interest, created


def _tell_desk_of_interest(interest: Interest) -> None:
    """The desk follows up: the candidate's guide hears of it, or without a guide yet every
    member of the desk of the candidate's region."""
    from kandidaten.models import Candidate
    from kandidaten.services import staff_of_region
    from loket.mail.services import mail_queue

    candidate = (
        Candidate.objects.select_related("guide", "region").filter(user=interest.user).first()
    )
    if candidate is None or candidate.region is None:
        return
    recipients = (
        [candidate.guide] if candidate.guide_id else list(staff_of_region(candidate.region))
    )
    for person in recipients:
        mail_queue(
            recipient=person,
            reason=MailReason.VACANCY_INTEREST,
            key=f"vacancy_interest:{interest.pk}:{person.pk}",
            context={"candidate": candidate, "vacancy": interest.vacancy},
            region=candidate.region,
            essential=True,
        )


def invitation_link(*, user: User, base_url: str) -> str:
    """A one-time link to allauth's set-a-new-password page (it expires like a reset link)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


@transaction.atomic
def hr_officer_invite(
    *,
    inviter: User,
    email: str,
    full_name: str = "",
    school: School | None = None,
    board: Board | None = None,
    base_url: str,
) -> tuple[User, bool]:
    """Give someone the HR-officer role for one school or one board, and mail them a link.

    An existing account is reused (it gains the role); a new one is created without a usable
    password, so the only way in is the link (or a login code). The inviter must work for the
    region of the school or board. Returns (user, created).
    """
    from vacatures.selectors import invitable_scopes

    if (school is None) == (board is None):
        raise ValidationError(_("Choose either a school or a board."), code="scope")
    schools, boards = invitable_scopes(inviter)
    if school is not None and not schools.filter(pk=school.pk).exists():
        raise ValidationError(_("You cannot invite for this school."), code="scope")
    if board is not None and not boards.filter(pk=board.pk).exists():
        raise ValidationError(_("You cannot invite for this board."), code="scope")

    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
        # The invitation goes to this address and the link proves the person reads it.
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    RoleAssignment.objects.get_or_create(
        user=user, role=Role.HR_OFFICER, school=school, board=board
    )
    if created:
        link = invitation_link(user=user, base_url=base_url)
    else:
        link = base_url.rstrip("/") + reverse("vacatures:hr_list")
    from loket.mail.services import mail_queue

    scope = school or board
    region = scope.region
    # Each invitation is its own message (a second one sends a fresh link); the outbox sends it
    # through the worker, retries when the mail server is away, and shows it to the desk.
    mail_queue(
        recipient=user,
        reason=MailReason.ACCOUNT,
        key=f"account:hr_invitation:{user.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        template="hr_invitation",
        context={"inviter": inviter, "scope": str(scope), "link": link, "created": created},
        region=region,
        essential=True,
    )
    return user, created


# --- Proposals ----------------------------------------------------------------------------------

# Phases in which the desk can propose a candidate to a school.
PROPOSABLE_PHASES = {"orientatie", "intake", "geschiktheid", "matching"}


def school_hr_officers(school: School):
    """The HR officers who act for a school: its own, and those of its whole board."""
    return (
        User.objects.filter(is_active=True, roles__role=Role.HR_OFFICER)
        .filter(Q(roles__school=school) | Q(roles__board_id=school.board_id))
        .distinct()
    )


def _proposal_event(proposal: Proposal, *, actor, from_status: str, note: str = "") -> None:
    ProposalEvent.objects.create(
        proposal=proposal,
        actor=actor,
        from_status=from_status,
        to_status=proposal.status,
        note=note.strip(),
    )


def _proposal_mail(proposal: Proposal, *, to, reason: str, occasion: str) -> None:
    from loket.mail.services import mail_queue

    candidate = proposal.candidate
    mail_queue(
        recipient=to,
        reason=reason,
        key=f"{reason}:{proposal.pk}:{occasion}:{to.pk}",
        context={
            "proposal": proposal,
            "candidate": candidate,
            "school": proposal.school,
            # The guide follows the candidate on the desk's pages; HR on its own.
            "for_guide": to.pk == candidate.guide_id,
        },
        region=candidate.region,
        essential=True,
    )


def _tell_candidate_and_guide(proposal: Proposal, occasion: str, *, guide_too: bool) -> None:
    candidate = proposal.candidate
    _proposal_mail(
        proposal, to=candidate.user, reason=MailReason.PROPOSAL_UPDATE, occasion=occasion
    )
    if guide_too and candidate.guide_id:
        _proposal_mail(
            proposal, to=candidate.guide, reason=MailReason.PROPOSAL_ANSWERED, occasion=occasion
        )


def _lock(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("candidate", "candidate__user", "candidate__guide", "candidate__region")
        .select_related("school", "vacancy")
        .get(pk=proposal.pk)
    )


def _refuse_transition(proposal: Proposal) -> None:
    raise ValidationError(
        _("This proposal is “%(status)s” and cannot be changed that way any more."),
        params={"status": ProposalStatus(proposal.status).label},
        code="transition",
    )


@transaction.atomic
def proposal_send(
    *,
    actor: User,
    candidate,
    motivation: str,
    vacancy: Vacancy | None = None,
    school: School | None = None,
) -> Proposal:
    """Propose a candidate to a school of their region, for a published vacancy or as an
    introduction to a school without one.

    Refused when the candidate has not agreed to be shown to schools, is not in a phase where
    matching makes sense, or already has an open proposal for the same vacancy (or school). A
    candidate before the matching phase moves to it. The school's HR officers and the
    candidate get a mail.
    """
    from kandidaten.models import Candidate, Phase
    from kandidaten.services import _check_staff, candidate_change_phase

    candidate = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("region", "user")
        .get(pk=candidate.pk)
    )
    _check_staff(actor, candidate)
    if (vacancy is None) == (school is None):
        raise ValidationError(_("Choose either a vacancy or a school."), code="target")
    if vacancy is not None:
        if not vacancy.is_public:
            raise ValidationError(_("This vacancy is not open."), code="not_open")
        school = vacancy.school
    if school.region_id != candidate.region_id:
        raise ValidationError(
            _(
                "Propose candidates to schools of their own region; refer them to the other "
                "region first."
            ),
            code="region",
        )
    if not candidate.consent_region_schools:
        raise ValidationError(
            _("The candidate has not agreed to be shown to schools."), code="consent"
        )
    if candidate.phase not in PROPOSABLE_PHASES:
        raise ValidationError(
            _("A candidate who is “%(phase)s” cannot be proposed."),
            params={"phase": Phase(candidate.phase).label},
            code="phase",
        )
    motivation = motivation.strip()
    if len(motivation) < 20:
        raise ValidationError(
            _("Write a motivation of at least 20 characters for the school."), code="motivation"
        )
    open_ones = Proposal.objects.filter(candidate=candidate, status__in=OPEN_PROPOSAL_STATUSES)
    duplicate = (
        open_ones.filter(vacancy=vacancy)
        if vacancy is not None
        else open_ones.filter(vacancy=None, school=school)
    )
    if duplicate.exists():
        raise ValidationError(
            _("The candidate has already been proposed here and is waiting for an answer."),
            code="duplicate",
        )
    proposal = Proposal.objects.create(
        candidate=candidate,
        vacancy=vacancy,
        school=school,
        motivation=motivation,
        proposed_by=actor,
    )
    _proposal_event(proposal, actor=actor, from_status="")
    if candidate.phase != Phase.MATCHING:
        candidate_change_phase(candidate=candidate, to_phase=Phase.MATCHING, actor=actor, note="")
    for officer in school_hr_officers(school):
        _proposal_mail(proposal, to=officer, reason=MailReason.PROPOSAL_RECEIVED, occasion="sent")
    _tell_candidate_and_guide(proposal, "sent", guide_too=False)
    return proposal


def _check_hr(actor: User, proposal: Proposal) -> None:
    from loket.selectors import hr_schools

    if not hr_schools(actor).filter(pk=proposal.school_id).exists():
        raise ValidationError(_("Only the school's HR officers can answer this proposal."))


@transaction.atomic
def proposal_accept(
    *,
    actor: User,
    proposal: Proposal,
    interview_at: datetime.datetime,
    interview_location: str,
    note: str = "",
) -> Proposal:
    """The school invites the candidate for an interview, at a time in the future. From now on
    the school sees the candidate's contact details. The candidate and their guide hear of it."""
    locked = _lock(proposal)
    _check_hr(actor, locked)
    if locked.status != ProposalStatus.SENT:
        _refuse_transition(locked)
    if interview_at <= timezone.now():
        raise ValidationError(_("Choose a moment in the future for the interview."))
    if not interview_location.strip():
        raise ValidationError(_("Say where the interview takes place (or “online”)."))
    locked.status = ProposalStatus.INVITED
    locked.answered_at = timezone.now()
    locked.interview_at = interview_at
    locked.interview_location = interview_location.strip()
    locked.save()
    _proposal_event(locked, actor=actor, from_status=ProposalStatus.SENT, note=note)
    _tell_candidate_and_guide(locked, "invited", guide_too=True)
    return locked


@transaction.atomic
def proposal_decline(*, actor: User, proposal: Proposal, reason: str, note: str = "") -> Proposal:
    """The school declines, always with a reason; the candidate and their guide hear of it."""
    locked = _lock(proposal)
    _check_hr(actor, locked)
    if locked.status != ProposalStatus.SENT:
        _refuse_transition(locked)
    if reason not in DeclineReason.values:
        raise ValidationError(_("Choose a reason."))
    if reason == DeclineReason.OTHER and not note.strip():
        raise ValidationError(_("Explain the reason in a few words."))
    locked.status = ProposalStatus.DECLINED
    locked.answered_at = locked.closed_at = timezone.now()
    locked.decline_reason = reason
    locked.decline_note = note.strip()
    locked.save()
    _proposal_event(locked, actor=actor, from_status=ProposalStatus.SENT, note=note)
    _tell_candidate_and_guide(locked, "declined", guide_too=True)
    return locked


@transaction.atomic
def proposal_record_outcome(
    *, actor: User, proposal: Proposal, hired: bool, reason: str = "", note: str = ""
) -> Proposal:
    """After the interview: hired (a placement: the candidate has started, the vacancy is
    filled, their other open proposals are withdrawn) or not hired, with a reason."""
    from kandidaten.models import Phase
    from kandidaten.services import candidate_change_phase, system_note

    locked = _lock(proposal)
    _check_hr(actor, locked)
    if locked.status != ProposalStatus.INVITED:
        _refuse_transition(locked)
    now = timezone.now()
    if hired:
        locked.status = ProposalStatus.HIRED
    else:
        if reason not in DeclineReason.values:
            raise ValidationError(_("Choose a reason."))
        if reason == DeclineReason.OTHER and not note.strip():
            raise ValidationError(_("Explain the reason in a few words."))
        locked.status = ProposalStatus.NOT_HIRED
        locked.decline_reason = reason
        locked.decline_note = note.strip()
    locked.closed_at = now
    locked.save()
    _proposal_event(locked, actor=actor, from_status=ProposalStatus.INVITED, note=note)
    candidate = locked.candidate
    if hired:
        if candidate.phase != Phase.GESTART:
            candidate_change_phase(
                candidate=candidate,
                to_phase=Phase.GESTART,
                actor=actor,
                note=system_note(_("Hired by %(school)s."), school=locked.school),
            )
        if locked.vacancy is not None and locked.vacancy.status == VacancyStatus.PUBLISHED:
            vacancy_change_status(actor=actor, vacancy=locked.vacancy, to_status="filled")
        others = Proposal.objects.select_for_update().filter(
            candidate=candidate, status__in=OPEN_PROPOSAL_STATUSES
        )
        for other in others.exclude(pk=locked.pk):
            previous = other.status
            other.status = ProposalStatus.WITHDRAWN
            other.closed_at = now
            other.save(update_fields=["status", "closed_at", "updated_at"])
            _proposal_event(
                other,
                actor=actor,
                from_status=previous,
                note=system_note(_("The candidate started at another school.")),
            )
            for officer in school_hr_officers(other.school):
                _proposal_mail(
                    other, to=officer, reason=MailReason.PROPOSAL_ANSWERED, occasion="withdrawn"
                )
    _tell_candidate_and_guide(locked, locked.status, guide_too=True)
    return locked


@transaction.atomic
def proposal_withdraw(*, actor: User, proposal: Proposal, note: str = "") -> Proposal:
    """The candidate (who would rather not be proposed) or the desk withdraws an open
    proposal. The school's HR officers and the guide hear of it."""
    from kandidaten.services import staff_of_region

    locked = _lock(proposal)
    candidate = locked.candidate
    by_candidate = actor.pk == candidate.user_id
    if not by_candidate and not staff_of_region(candidate.region).filter(pk=actor.pk).exists():
        raise ValidationError(_("Only the candidate or their desk can withdraw a proposal."))
    if not locked.is_open:
        _refuse_transition(locked)
    previous = locked.status
    locked.status = ProposalStatus.WITHDRAWN
    locked.closed_at = timezone.now()
    locked.save()
    _proposal_event(locked, actor=actor, from_status=previous, note=note)
    for officer in school_hr_officers(locked.school):
        _proposal_mail(
            locked, to=officer, reason=MailReason.PROPOSAL_ANSWERED, occasion="withdrawn"
        )
    if by_candidate and candidate.guide_id:
        _proposal_mail(
            locked, to=candidate.guide, reason=MailReason.PROPOSAL_ANSWERED, occasion="withdrawn"
        )
    return locked
