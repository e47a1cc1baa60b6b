"""Proposals: the desk proposes a candidate to a school (for a vacancy or an open application),
the school's HR officer answers, and every step is an event."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kandidaten.models import Phase
from loket.core.models import School
from vacatures.models import ContractType, Vacancy

# The phases in which the desk matches a candidate and can propose them to a school.
MATCHABLE_PHASES = [Phase.ORIENTATIE, Phase.INTAKE, Phase.GESCHIKTHEID, Phase.MATCHING]


class ProposalStatus(models.TextChoices):
    SENT = "sent", _("Waiting for the school's answer")
    INVITED = "invited", _("Invited for an interview")
    DECLINED = "declined", _("Declined by the school")
    HIRED = "hired", _("Hired")
    NOT_HIRED = "not_hired", _("Not hired after the interview")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_PROPOSAL_STATUSES = [ProposalStatus.SENT, ProposalStatus.INVITED]


class DeclineReason(models.TextChoices):
    PROFILE = "profile", _("The profile does not fit the post")
    QUALIFICATION = "qualification", _("The post needs another qualification")
    FILLED = "filled", _("The post has been filled")
    NO_SUPERVISION = "supervision", _("We cannot supervise a career switcher now")
    INTERVIEW = "interview", _("After the interview: not the right fit")
    OTHER = "other", _("Another reason")


class Proposal(models.Model):
    """The desk proposes a candidate to a school, for a vacancy or as an open introduction.

    desk → HR: sent; HR accepts (an interview date: invited) or declines with a reason; after
    the interview, hired (a placement; the candidate starts) or not hired. The candidate or the
    desk can withdraw an open proposal. HR sees a limited profile without contact details until
    they accept. Every step leaves a ``ProposalEvent``; status changes go through
    ``vacatures.services`` only. One open proposal per candidate and vacancy (or school).
    """

    candidate = models.ForeignKey(
        "kandidaten.Candidate",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("candidate"),
    )
    vacancy = models.ForeignKey(
        Vacancy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("vacancy"),
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("school")
    )
    motivation = models.TextField(_("motivation"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SENT
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    interview_at = models.DateTimeField(_("interview"), null=True, blank=True)
    interview_location = models.CharField(_("interview location"), max_length=200, blank=True)
    decline_reason = models.CharField(
        _("reason"), max_length=14, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.TextField(_("explanation"), max_length=1000, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # HR's message "for the desk and the candidate" with the invitation or the hire; both see
    # it (mail and My journey). A decline's explanation is ``decline_note``, also shown to both.
    school_message = models.TextField(_("message from the school"), max_length=1000, blank=True)
    # The hire, recorded after the interview.
    start_date = models.DateField(_("start date"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    contract_type = models.CharField(
        _("contract type"), max_length=12, choices=ContractType.choices, blank=True
    )
    # "I'd rather not": withdrawn by the candidate, who may undo it while HR has not answered.
    withdrawn_by_candidate = models.BooleanField(_("withdrawn by the candidate"), default=False)
    candidate_reason = models.CharField(_("the candidate's reason"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # When the reminder rule ``proposal_unanswered`` dealt with this proposal: its HR officers
    # got it in their overview (or it had none to go to), and later its guide. Set once, in the
    # transaction that records the mail, so an hourly run looks only at what is still due.
    hr_reminded_at = models.DateTimeField(_("HR reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to the guide at"), null=True, blank=True)

    class Meta:
        db_table = "vacatures_proposal"  # the table it had in vacatures
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "status", "-created_at"], name="proposal_school"),
            models.Index(
                fields=["status", "created_at"],
                condition=Q(status="sent"),
                name="proposal_unanswered",
            ),
            # What the reminder rule still has to do: empty once every due proposal is done.
            models.Index(
                fields=["created_at"],
                condition=Q(status="sent", hr_reminded_at__isnull=True),
                name="proposal_hr_reminder_due",
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(status="sent", escalated_at__isnull=True),
                name="proposal_escalation_due",
            ),
            models.Index(fields=["candidate", "-created_at"], name="proposal_candidate"),
            # Placements (insight): the hires of a period, nationally or per region's schools.
            models.Index(
                fields=["closed_at"],
                include=["school"],
                condition=Q(status="hired"),
                name="proposal_hired",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "vacancy"],
                condition=Q(status__in=["sent", "invited"], vacancy__isnull=False),
                name="proposal_one_open_per_vacancy",
            ),
            models.UniqueConstraint(
                fields=["candidate", "school"],
                condition=Q(status__in=["sent", "invited"], vacancy__isnull=True),
                name="proposal_one_open_per_school",
            ),
            models.CheckConstraint(
                condition=~Q(status="invited") | Q(interview_at__isnull=False),
                name="proposal_invited_has_interview",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["declined", "not_hired"]) | ~Q(decline_reason=""),
                name="proposal_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} → {self.vacancy or self.school}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PROPOSAL_STATUSES

    @property
    def can_be_undone_by_candidate(self) -> bool:
        """The candidate's "I'd rather not" stands open to undo until the school answered."""
        return (
            self.status == ProposalStatus.WITHDRAWN
            and self.withdrawn_by_candidate
            and self.answered_at is None
        )

    @property
    def contact_visible_to_school(self) -> bool:
        """HR sees how to reach the candidate only once it has invited them."""
        return self.status in (
            ProposalStatus.INVITED,
            ProposalStatus.HIRED,
            ProposalStatus.NOT_HIRED,
        )


class ProposalEvent(models.Model):
    """One step of a proposal: who, when, from which status to which, and a note."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="events", verbose_name=_("proposal")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(
        _("from status"), max_length=10, choices=ProposalStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=10, choices=ProposalStatus.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        db_table = "vacatures_proposalevent"  # the table it had in vacatures
        verbose_name = _("proposal step")
        verbose_name_plural = _("proposal steps")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_status or '–'} → {self.to_status}"
