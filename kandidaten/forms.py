"""The registration steps as forms. They validate; the services in ``services.py`` save."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models import (
    DEGREE_IN_PROGRESS_CHOICES,
    SECTOR_CHOICES,
    CandidateDocument,
    ConsentKind,
    DropoutReason,
    DutchLevel,
    Education,
    FieldRelation,
    SecondaryLevel,
    Situation,
    Source,
    TeachingQualification,
)
from kandidaten.services.registration import normalise_phone
from loket.core.geo import locate_postcode, normalise_postcode
from loket.core.models import Region, Subject


class StepForm(forms.Form):
    """Labels without a trailing colon, as in the rest of the portal."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _choices_with_blank(choices, blank=None):
    return [("", blank or _("Choose…")), *choices]


class ContactForm(StepForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Helps the desk recognise you if you sign up twice by accident."),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
        help_text=_("For example 3511 AB."),
    )
    lives_abroad = forms.BooleanField(label=_("I live abroad"), required=False)
    region = forms.ModelChoiceField(
        label=_("Region where you would like to work"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("The region nearest to my postcode"),
        help_text=_("Required if you live abroad."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"

    def clean_full_name(self):
        value = self.cleaned_data["full_name"].strip()
        if len(value) < 2:
            raise ValidationError(_("Enter your full name."))
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value and not (10 <= len(normalise_phone(value).lstrip("+")) <= 15):
            raise ValidationError(
                _("Enter a phone number with 10 to 15 digits, or leave it empty.")
            )
        return value

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if value and not (today.year - 90 <= value.year <= today.year - 16):
            raise ValidationError(_("Enter a date of birth between 16 and 90 years ago."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("lives_abroad"):
            data["postcode"] = ""
            if not data.get("region"):
                self.add_error("region", _("Choose the region where you would like to work."))
            return data
        raw = data.get("postcode", "")
        if not raw:
            self.add_error("postcode", _("Enter your postcode, or tick 'I live abroad'."))
            return data
        postcode = normalise_postcode(raw)
        if not postcode:
            self.add_error("postcode", _("Enter a Dutch postcode such as 3511 AB."))
            return data
        data["postcode"] = postcode
        if not data.get("region") and locate_postcode(postcode) is None:
            self.add_error(
                "region",
                _("We cannot place this postcode on the map yet: choose your region."),
            )
        return data


class BackgroundForm(StepForm):
    education = forms.ChoiceField(
        label=_("Highest completed education"),
        choices=Education.choices,
        widget=forms.RadioSelect,
    )
    degree_in_progress = forms.ChoiceField(
        label=_("Are you studying for a degree now?"),
        choices=_choices_with_blank(DEGREE_IN_PROGRESS_CHOICES, _("No, I am not studying now")),
        required=False,
        help_text=_("While you study, other routes fit than after you graduate."),
    )
    field_of_study = forms.CharField(
        label=_("Field of study"),
        max_length=120,
        required=False,
        help_text=_(
            "Needed when you have studied at mbo level or higher, or are studying now. For "
            "example: chemistry, mechanical engineering, law."
        ),
    )
    field_related = forms.ChoiceField(
        label=_("Is your field of study related to the subject you would like to teach?"),
        choices=FieldRelation.choices,
        widget=forms.RadioSelect,
    )
    situation = forms.ChoiceField(
        label=_("What do you do now?"), choices=_choices_with_blank(Situation.choices)
    )
    occupation = forms.CharField(
        label=_("Current occupation (optional)"), max_length=120, required=False
    )
    years_experience = forms.IntegerField(
        label=_("Years of work experience (optional)"), min_value=0, max_value=60, required=False
    )
    dutch_level = forms.ChoiceField(
        label=_("Your level of Dutch"), choices=_choices_with_blank(DutchLevel.choices)
    )
    has_school_job = forms.BooleanField(
        label=_("A school has already offered me a job"), required=False
    )

    def clean(self):
        data = super().clean()
        education = data.get("education")
        degree_wanted = data.get("degree_in_progress")
        studied = education not in (None, Education.NONE, Education.HAVO_VWO) or degree_wanted
        if studied and not data.get("field_of_study"):
            self.add_error("field_of_study", _("Tell us what you studied."))
        if (
            education
            and degree_wanted
            and Education.rank(degree_wanted) <= Education.rank(education)
        ):
            self.add_error(
                "degree_in_progress",
                _("Choose a degree higher than the one you already have, or “not studying”."),
            )
        return data


class QualificationForm(StepForm):
    """One teaching qualification. A row left entirely empty means 'none' (or 'remove')."""

    country = forms.ChoiceField(
        label=_("Obtained in"),
        choices=_choices_with_blank(TeachingQualification.Country.choices, _("No qualification")),
        required=False,
    )
    grade = forms.ChoiceField(
        label=_("Grade"),
        choices=_choices_with_blank(TeachingQualification.Grade.choices),
        required=False,
    )
    subject = forms.ModelChoiceField(
        label=_("Subject (optional)"),
        queryset=Subject.objects.order_by("name"),
        required=False,
        empty_label=_("No particular subject"),
        error_messages={"invalid_choice": _("Choose a subject from the list.")},
    )
    recognised = forms.BooleanField(
        label=_("DUO has recognised this qualification"),
        required=False,
        help_text=_("Only for a qualification from abroad."),
    )
    still_teaching = forms.BooleanField(label=_("I still teach with it"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("recognised") and data.get("country") != TeachingQualification.Country.FOREIGN:
            self.add_error(
                "recognised", _("Only a qualification from abroad is recognised by DUO.")
            )
        if data.get("country") and not data.get("grade"):
            self.add_error("grade", _("Choose the grade of this qualification."))
        filled = data.get("grade") or data.get("subject") or data.get("still_teaching")
        if not data.get("country") and filled:
            self.add_error("country", _("Say where you obtained this qualification."))
        return data


QualificationFormSet = forms.formset_factory(QualificationForm, extra=1, max_num=4, absolute_max=4)


class SubjectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, subject):
        if subject.is_shortage:
            return _("%(name)s (shortage subject)") % {"name": subject.name}
        return subject.name


class WishesForm(StepForm):
    sectors = forms.MultipleChoiceField(
        label=_("Where would you like to teach?"),
        choices=SECTOR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one sector.")},
    )
    subjects = SubjectChoiceField(
        label=_("Subjects you would like to teach (optional)"),
        queryset=Subject.objects.order_by("-is_shortage", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("%(value)s is not a subject we know; choose from the list."),
            "invalid_pk_value": _("%(pk)s is not a subject we know; choose from the list."),
        },
    )
    secondary_level = forms.ChoiceField(
        label=_("In secondary education, which years?"),
        choices=_choices_with_blank(SecondaryLevel.choices, _("Not sure yet")),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Only if you chose secondary education."),
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week you would like to work"), min_value=1, max_value=40
    )
    earliest_start = forms.DateField(
        label=_("Earliest start (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    max_travel_km = forms.IntegerField(
        label=_("Maximum travel distance (km)"), min_value=1, max_value=300, initial=25
    )
    trial_day_interest = forms.BooleanField(
        label=_("I would like to spend a trial day at a school"), required=False
    )

    def subject_groups(self) -> list[dict]:
        """The subjects grouped by sector (shortage subjects first within each), so that a
        keyboard user passes a whole group with one key. A subject taught in several sectors
        sits in the first of them that the person chose. Groups of chosen sectors, and groups
        with a ticked subject or an error, are open; the rest fold away."""
        chosen = [str(s) for s in (self["sectors"].value() or [])]
        ticked = {str(v) for v in (self["subjects"].value() or [])}
        order = [code for code, _label in SECTOR_CHOICES]
        preferred = [code for code in order if code in chosen] + [
            code for code in order if code not in chosen
        ]
        groups = {code: [] for code in order}
        for choice in self["subjects"]:
            subject = choice.data["value"].instance
            home = next((code for code in preferred if code in subject.sectors), order[0])
            groups[home].append(choice)
        return [
            {
                "code": code,
                "label": label,
                "choices": groups[code],
                "open": code in chosen
                or bool(self["subjects"].errors)
                or any(str(c.data["value"]) in ticked for c in groups[code]),
            }
            for code, label in SECTOR_CHOICES
            if groups[code]
        ]

    def clean_earliest_start(self):
        value = self.cleaned_data["earliest_start"]
        today = timezone.localdate()
        if value and value < today:
            raise ValidationError(_("Choose a date from today onwards."))
        if value and value > today + datetime.timedelta(days=3 * 365):
            raise ValidationError(_("Choose a date within the next three years."))
        return value


class ConsentForm(StepForm):
    statement_version = forms.CharField(widget=forms.HiddenInput)
    desk = forms.BooleanField(
        label=ConsentKind.DESK.label,
        error_messages={
            "required": _("The desk can only help you if you agree to it processing your data.")
        },
    )
    region_schools = forms.BooleanField(
        label=ConsentKind.REGION_SCHOOLS.label,
        required=False,
        help_text=_("So the desk can propose you to schools. You can change this at any time."),
    )
    other_regions = forms.BooleanField(
        label=ConsentKind.OTHER_REGIONS.label,
        required=False,
        help_text=_("Useful when your own region has no suitable vacancy."),
    )
    source = forms.ChoiceField(
        label=_("How did you hear about us?"), choices=_choices_with_blank(Source.choices)
    )
    source_detail = forms.CharField(
        label=_("Anything to add? (optional)"), max_length=200, required=False
    )

    def __init__(self, *args, statement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.statement = statement
        self.fields["statement_version"].initial = statement.version if statement else ""

    def clean_statement_version(self):
        value = self.cleaned_data["statement_version"]
        if self.statement is None or value != self.statement.version:
            raise ValidationError(
                _("The privacy statement has changed since you opened this page; read it again.")
            )
        return value


class PauseForm(StepForm):
    paused_until = forms.DateField(
        label=_("Resume on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Anything the desk should know? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_paused_until(self):
        value = self.cleaned_data["paused_until"]
        today = timezone.localdate()
        if value <= today:
            raise ValidationError(_("Choose a date in the future to resume."))
        if value > today + datetime.timedelta(days=2 * 365):
            raise ValidationError(_("You can pause for at most two years."))
        return value


class WithdrawForm(StepForm):
    reason = forms.ChoiceField(
        label=_("Why are you stopping?"), choices=_choices_with_blank(DropoutReason.choices)
    )
    note = forms.CharField(
        label=_("Anything the desk should know? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentChangeForm(StepForm):
    kind = forms.ChoiceField(choices=ConsentKind.choices)
    given = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


class EraseForm(StepForm):
    confirm = forms.BooleanField(
        label=_("I understand that my data is removed for good and my account closed."),
        error_messages={"required": _("Tick the box to confirm that you want this.")},
    )


class DocumentForm(StepForm):
    kind = forms.ChoiceField(label=_("What is it?"), choices=CandidateDocument.Kind.choices)
    file = forms.FileField(
        label=_("File (PDF or Word .docx, at most 5 MB)"),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("This file is empty."),
        },
    )
