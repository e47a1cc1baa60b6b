from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.geo import locate_postcode, normalise_postcode
from loket.core.models import Region, SchoolType, Sector, Subject, User
from vacatures.formatting import contains_html
from vacatures.models import MAX_HOURS, MIN_HOURS, Vacancy, VacancyStatus
from vacatures.selectors import BoardFilters, board_municipalities, manageable_schools
from vacatures.services.vacancies import EDITABLE_FIELDS

HOURS_ERRORS = {
    "min_value": _("Hours per week must be between 1 and 40."),
    "max_value": _("Hours per week must be between 1 and 40."),
    "invalid": _("Enter the hours per week as a whole number between 1 and 40."),
}


class VacancyForm(forms.ModelForm):
    """The HR form. Only schools the user manages can be chosen; HTML in the text is refused
    (not silently stripped) so the author sees what will be shown."""

    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to use the school's sectors."),
    )
    school_types = forms.MultipleChoiceField(
        label=_("School types"),
        choices=SchoolType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to use the school's types."),
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"),
        min_value=MIN_HOURS,
        max_value=MAX_HOURS,
        error_messages=HOURS_ERRORS,
        help_text=_("40 hours is one full-time post (1 FTE)."),
    )

    class Meta:
        model = Vacancy
        fields = [*EDITABLE_FIELDS, "subjects"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closing_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "subjects": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 12}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        error_messages = {
            "school": {
                "invalid_choice": _("Choose one of the schools you manage vacancies for."),
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = manageable_schools(user).order_by("name")
        self.fields["school"].error_messages["invalid_choice"] = _(
            "Choose one of the schools you manage vacancies for."
        )
        self.fields["subjects"].queryset = Subject.objects.order_by("name")
        self.fields["subjects"].required = True
        self.fields["subjects"].error_messages["required"] = _("Choose at least one subject.")

    def clean_description(self):
        description = self.cleaned_data["description"]
        if contains_html(description):
            raise forms.ValidationError(
                _(
                    "The description contains HTML (such as <script> or <b>). HTML is not "
                    "allowed: write plain text and use *italic*, **bold** or lists."
                ),
                code="html",
            )
        return description

    def clean(self):
        cleaned = super().clean()
        start, closing = cleaned.get("start_date"), cleaned.get("closing_date")
        if start and closing and closing < start:
            self.add_error(
                "closing_date",
                _("The closing date is before the start date; choose a date on or after it."),
            )
        salary_min, salary_max = cleaned.get("salary_min"), cleaned.get("salary_max")
        if salary_min and salary_max and salary_max < salary_min:
            self.add_error("salary_max", _("The maximum salary is lower than the minimum."))
        # A published vacancy stays public after an edit, so the same rule applies to it.
        publishing = self.data.get("action") == "publish" or (
            self.instance.pk and self.instance.status == VacancyStatus.PUBLISHED
        )
        if publishing and closing and closing < timezone.localdate():
            self.add_error(
                "closing_date", _("The closing date has passed; a vacancy cannot be published.")
            )
        return cleaned


class VacancyStatusForm(forms.Form):
    to_status = forms.ChoiceField(
        choices=[
            (VacancyStatus.PUBLISHED, _("Publish")),
            (VacancyStatus.FILLED, _("Mark as filled")),
            (VacancyStatus.CLOSED, _("Close")),
        ]
    )


class HrListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *VacancyStatus.choices],
        required=False,
    )


class HrInvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=None,
        required=False,
        empty_label=_("— no single school —"),
        help_text=_("For an officer of one school."),
    )
    board = forms.ModelChoiceField(
        label=_("School board"),
        queryset=None,
        required=False,
        empty_label=_("— no whole board —"),
        help_text=_("For an officer who works for every school of a board."),
    )

    def __init__(self, *args, schools, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["board"].queryset = boards
        for name in ("school", "board"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose a school or board of your own region."
            )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("school")) == bool(cleaned.get("board")):
            raise forms.ValidationError(_("Choose either one school or one board."))
        return cleaned


SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("relevance", _("Best match (with a search text)")),
    ("closing", _("Closing soon")),
    ("nearest", _("Nearest first")),
]
DISTANCE_CHOICES = [("", _("Any distance")), *((str(km), f"{km} km") for km in (5, 10, 25, 50))]


class DatalistInput(forms.TextInput):
    """A text input with suggestions (``<datalist>``): type to search a long list; without
    JavaScript and without datalist support it is a plain text box the form validates."""

    template_name = "vacatures/widgets/datalist_input.html"

    def __init__(self, list_id: str, attrs=None):
        super().__init__(attrs={"list": list_id, "autocomplete": "off", **(attrs or {})})
        self.options: list[str] = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options"] = self.options
        return context


class BoardFilterForm(forms.Form):
    """The public search. A GET form: the URL holds the whole search, so it can be shared."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. maths teacher")}),
    )
    subject = forms.ModelChoiceField(
        label=_("Subject"),
        queryset=Subject.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All subjects"),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("All sectors")), *Sector.choices], required=False
    )
    school_type = forms.ChoiceField(
        label=_("School type"),
        choices=[("", _("All school types")), *SchoolType.choices],
        required=False,
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    # A searchable text box, not a <select>: with every school of the country there are
    # hundreds of municipalities, and the list grew with each school.
    municipality = forms.CharField(
        label=_("Municipality"),
        required=False,
        max_length=100,
        widget=DatalistInput(
            "board-municipalities", attrs={"placeholder": _("All municipalities")}
        ),
    )
    postcode = forms.CharField(
        label=_("Your postcode"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "size": 8}),
    )
    distance = forms.ChoiceField(label=_("Distance"), choices=DISTANCE_CHOICES, required=False)
    min_hours = forms.IntegerField(
        label=_("At least hours a week"),
        required=False,
        min_value=MIN_HOURS,
        max_value=MAX_HOURS,
        error_messages=HOURS_ERRORS,
    )
    max_hours = forms.IntegerField(
        label=_("At most hours a week"),
        required=False,
        min_value=MIN_HOURS,
        max_value=MAX_HOURS,
        error_messages=HOURS_ERRORS,
    )
    career_switchers = forms.BooleanField(label=_("Open to career switchers"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = list(board_municipalities())
        self.fields["municipality"].widget.options = self.municipalities
        self.fields["region"].choices = [
            ("", _("All regions")),
            *Region.objects.order_by("name").values_list("slug", "name"),
        ]

    def clean_municipality(self):
        """A known municipality in its own spelling, whatever the case typed; anything else is
        refused with a message (the rest of the search still applies)."""
        value = " ".join(self.cleaned_data["municipality"].split())
        if not value:
            return ""
        known = {name.casefold(): name for name in self.municipalities}
        if value.casefold() not in known:
            raise forms.ValidationError(
                _(
                    "We know no school in a municipality called “%(name)s”. "
                    "Choose one from the list, or leave it empty."
                ),
                params={"name": value},
            )
        return known[value.casefold()]

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        normalised = normalise_postcode(value)
        if not normalised:
            raise forms.ValidationError(_("Enter a Dutch postcode, such as 3511 AB."))
        self.origin = locate_postcode(normalised)
        if self.origin is None:
            raise forms.ValidationError(_("We do not know where this postcode is."))
        return normalised

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_hours"), cleaned.get("max_hours")
        if low and high and low > high:
            self.add_error("max_hours", _("“At most” is lower than “at least”."))
        needs_postcode = cleaned.get("sort") == "nearest" or cleaned.get("distance")
        if needs_postcode and not cleaned.get("postcode") and "postcode" not in self.errors:
            self.add_error("postcode", _("Enter your postcode to search or sort by distance."))
        return cleaned

    def filters(self) -> BoardFilters:
        """The search from the fields that are valid; an invalid field is left out (its error
        is shown), so a typo in one box never empties the whole board."""
        data = getattr(self, "cleaned_data", {})
        origin = getattr(self, "origin", None) if data.get("postcode") else None
        return BoardFilters(
            text=data.get("q", ""),
            subject=data.get("subject"),
            sector=data.get("sector", ""),
            school_type=data.get("school_type", ""),
            municipality=data.get("municipality", ""),
            region_slug=data.get("region", ""),
            origin=origin,
            max_distance_km=int(data["distance"]) if data.get("distance") else None,
            min_hours=data.get("min_hours"),
            max_hours=data.get("max_hours"),
            career_switchers=bool(data.get("career_switchers")),
            sort=data.get("sort") or "newest",
        )


class HrInvitationAcceptForm(forms.Form):
    """A new HR officer accepts an invitation by choosing a password (checked by the portal's
    password rules, against the address and name too)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; a few unrelated words work well."),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
