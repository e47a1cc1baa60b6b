"""Forms of the desk's pages. They validate input; the services in the apps save."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models import MAIN_PHASES, SECTOR_CHOICES, DropoutReason, Phase, Source
from loket.core.models import Region, Subject, TrainingInstitute, User
from loket.desk.models import AssessmentOutcome, ContactKind, DeclineReason
from vacatures.models import ContractType

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
SUMMARY_MAX = 2000


def _blank(choices, label=None):
    return [("", label or _("Choose…")), *choices]


class DeskForm(forms.Form):
    """Several of these forms share a page (the candidate file, the HR proposal page), so each
    gives its fields ids of its own: two fields named "note" must not both be ``id_note``."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class GuideChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name()


# --- Pipeline -------------------------------------------------------------------------------------


class PipelineFilterForm(DeskForm):
    """The pipeline's GET filters; always bound, so an empty query string shows everything."""

    VIEW_CHOICES = [("list", _("List")), ("board", _("Board"))]
    SORT_CHOICES = [
        ("waiting", _("Longest in phase first")),
        ("recent", _("Recently changed first")),
        ("name", _("Name")),
    ]

    q = forms.CharField(label=_("Name or email address"), max_length=100, required=False)
    phase = forms.ChoiceField(
        label=_("Phase"), choices=_blank(Phase.choices, _("All phases")), required=False
    )
    guide = forms.ChoiceField(label=_("Guide"), required=False)
    subject = forms.ModelChoiceField(
        label=_("Subject"),
        queryset=Subject.objects.order_by("name"),
        required=False,
        empty_label=_("All subjects"),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=_blank(SECTOR_CHOICES, _("All sectors")), required=False
    )
    source = forms.ChoiceField(
        label=_("Heard of the desk through"),
        choices=_blank(Source.choices, _("All sources")),
        required=False,
    )
    stalled = forms.BooleanField(label=_("Only stalled cases"), required=False)
    view = forms.ChoiceField(choices=VIEW_CHOICES, required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, guides, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guide"].choices = [
            ("", _("Everyone")),
            ("me", _("My candidates")),
            ("none", _("No guide yet")),
            *[(str(g.pk), g.get_full_name()) for g in guides],
        ]

    def filters(self) -> dict:
        """The cleaned filters; invalid values are dropped (the form shows their errors)."""
        if not self.is_bound:
            return {}
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {k: v for k, v in data.items() if v not in ("", None, False)}


class BulkActionForm(DeskForm):
    id_prefix = "bulk"
    ACTIONS = [
        ("assign_guide", _("Assign a guide")),
        ("change_phase", _("Move to a phase")),
        ("export", _("Export as CSV")),
    ]
    action = forms.ChoiceField(label=_("Action"), choices=_blank(ACTIONS))
    ids = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={
            "required": _("Select at least one candidate."),
        },
    )
    guide = GuideChoiceField(
        label=_("Guide"), queryset=User.objects.none(), required=False, empty_label=_("Choose…")
    )
    to_phase = forms.ChoiceField(
        label=_("Phase"),
        choices=_blank([(p.value, p.label) for p in MAIN_PHASES]),
        required=False,
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)

    def __init__(self, *args, guides, candidate_ids, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["guide"]
        field.queryset = guides
        # Offered from ``guides`` itself, which the pipeline's filter form has already read:
        # the field's own choices would ask the database again.
        field.choices = lambda: [
            ("", field.empty_label),
            *((guide.pk, field.label_from_instance(guide)) for guide in guides),
        ]
        # Only candidates the user may see can be chosen: others are an error, not ignored.
        self.fields["ids"].choices = [(str(pk), str(pk)) for pk in candidate_ids]
        self.fields["ids"].error_messages["invalid_choice"] = _(
            "One of the selected candidates is not one of your desk's candidates."
        )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "assign_guide" and not data.get("guide"):
            self.add_error("guide", _("Choose the guide."))
        if action == "change_phase" and not data.get("to_phase"):
            self.add_error("to_phase", _("Choose the phase."))
        return data


# --- Candidate file -------------------------------------------------------------------------------


class ContactForm(DeskForm):
    id_prefix = "contact"
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=_blank(ContactKind.choices))
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was discussed and agreed. The candidate does not see this."),
    )

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        today = timezone.localdate()
        if value > today:
            raise ValidationError(_("A contact cannot take place in the future."))
        if value < today - datetime.timedelta(days=365):
            raise ValidationError(_("Choose a date within the last year."))
        return value


class NoteForm(DeskForm):
    id_prefix = "notes"
    text = forms.CharField(
        label=_("Note"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Internal: only the desk sees notes."),
    )


class GuideForm(DeskForm):
    id_prefix = "guide"
    guide = GuideChoiceField(
        label=_("Guide"), queryset=User.objects.none(), required=False, empty_label=_("No guide")
    )

    def __init__(self, *args, guides, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guide"].queryset = guides


class NextActionForm(DeskForm):
    id_prefix = "next"
    next_action = forms.CharField(label=_("Next action"), max_length=200, required=False)
    next_action_on = forms.DateField(label=_("Due on"), required=False, widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        if data.get("next_action_on") and not data.get("next_action", "").strip():
            self.add_error("next_action", _("Say what the next action is."))
        when = data.get("next_action_on")
        if when and when < timezone.localdate():
            self.add_error("next_action_on", _("Choose today or a later date."))
        return data


class PhaseForm(DeskForm):
    id_prefix = "phase"
    to_phase = forms.ChoiceField(
        label=_("New phase"),
        choices=_blank([(p.value, p.label) for p in Phase if p != Phase.DOORVERWEZEN]),
        help_text=_("To refer the candidate to another region, use “Refer to another region”."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    paused_until = forms.DateField(
        label=_("Paused until"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Only when pausing."),
    )
    dropout_reason = forms.ChoiceField(
        label=_("Reason for dropping out"),
        choices=_blank(DropoutReason.choices),
        required=False,
        help_text=_("Only when the candidate drops out."),
    )

    def clean(self):
        data = super().clean()
        phase = data.get("to_phase")
        if phase == Phase.GEPAUZEERD:
            until = data.get("paused_until")
            if until is None:
                self.add_error("paused_until", _("Choose the date to resume."))
            elif until <= timezone.localdate():
                self.add_error("paused_until", _("Choose a date in the future to resume."))
        if phase == Phase.AFGEHAAKT and not data.get("dropout_reason"):
            self.add_error("dropout_reason", _("Choose the reason."))
        return data


class ProposalForm(DeskForm):
    id_prefix = "proposal"
    motivation = forms.CharField(
        label=_("Motivation for the school"),
        min_length=20,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Why this candidate suits this school. The school sees this and a profile without "
            "contact details until it invites the candidate."
        ),
        error_messages={"min_length": _("Write at least 20 characters.")},
    )


class AssessmentReferForm(DeskForm):
    id_prefix = "assessment"
    institute = forms.ModelChoiceField(
        label=_("Training institute"), queryset=TrainingInstitute.objects.none()
    )
    question = forms.CharField(
        label=_("Question for the institute (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, institutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institute"].queryset = institutes
        self.fields["institute"].error_messages["invalid_choice"] = _(
            "Choose a training institute that works with this region."
        )


class ReferralForm(DeskForm):
    id_prefix = "referral"
    to_region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    note = forms.CharField(
        label=_("Why this region"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The other desk reads this with the candidate's file."),
    )

    def __init__(self, *args, exclude_region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_region"].queryset = Region.objects.exclude(pk=exclude_region.pk)


class ReferralAnswerForm(DeskForm):
    id_prefix = "answer"
    accept = forms.TypedChoiceField(
        choices=[("1", _("Accept")), ("0", _("Decline"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when declining."),
    )

    def clean(self):
        data = super().clean()
        if data.get("accept") is False and not data.get("note", "").strip():
            self.add_error("note", _("Say why your desk cannot take the candidate."))
        return data


# --- HR and study advisers ------------------------------------------------------------------------


class InterviewForm(DeskForm):
    id_prefix = "interview"
    interview_at = forms.DateTimeField(label=_("Interview date and time"), widget=DATETIME_WIDGET)
    interview_location = forms.CharField(
        label=_("Location"), max_length=200, help_text=_("An address, or “online”.")
    )
    note = forms.CharField(
        label=_("Message for the desk and the candidate (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_interview_at(self):
        value = self.cleaned_data["interview_at"]
        if value <= timezone.now():
            raise ValidationError(_("Choose a moment in the future for the interview."))
        if value > timezone.now() + datetime.timedelta(days=180):
            raise ValidationError(_("Choose a moment within the next six months."))
        return value


class DeclineForm(DeskForm):
    id_prefix = "decline"
    reason = forms.ChoiceField(label=_("Reason"), choices=_blank(DeclineReason.choices))
    note = forms.CharField(
        label=_("Explanation"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “Another reason”. The desk and the candidate see it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == DeclineReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Explain the reason in a few words."))
        return data


class OutcomeForm(DeclineForm):
    id_prefix = "outcome"
    hired = forms.TypedChoiceField(
        label=_("Outcome of the interview"),
        choices=[("1", _("Hired")), ("0", _("Not hired"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=DATE_WIDGET, help_text=_("Only when hired.")
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"),
        min_value=1,
        max_value=40,
        required=False,
        help_text=_("Only when hired."),
    )
    contract_type = forms.ChoiceField(
        label=_("Contract type"),
        choices=_blank(ContractType.choices),
        required=False,
        help_text=_("Only when hired."),
    )
    field_order = ["hired", "start_date", "hours_per_week", "contract_type", "reason", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False
        self.fields["reason"].help_text = _("Only when not hired.")
        self.fields["note"].label = _("Message for the desk and the candidate (optional)")
        self.fields["note"].help_text = _(
            "Both see it. Required for “Another reason” when not hired."
        )

    def clean(self):
        data = super().clean()
        if data.get("hired") is False and not data.get("reason"):
            self.add_error("reason", _("Choose a reason."))
        if data.get("hired"):
            if not data.get("start_date"):
                self.add_error("start_date", _("Give the start date."))
            if not data.get("hours_per_week"):
                self.add_error("hours_per_week", _("Give the hours per week (1 to 40)."))
            if not data.get("contract_type"):
                self.add_error("contract_type", _("Choose the type of contract."))
        return data


class RatherNotForm(DeskForm):
    """The candidate's "I'd rather not" on a proposal: confirmed, with an optional reason."""

    id_prefix = "rather_not"
    reason = forms.CharField(
        label=_("Would you tell us why? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the desk reads this; it helps them propose better schools."),
    )
    confirm = forms.BooleanField(widget=forms.HiddenInput)


class WithdrawProposalForm(DeskForm):
    id_prefix = "withdraw"
    note = forms.CharField(
        label=_("Why (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssessmentOutcomeForm(DeskForm):
    id_prefix = "outcome"
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=AssessmentOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Explanation"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The candidate and the desk read this."),
    )
