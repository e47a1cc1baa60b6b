"""Forms for events and appointments. They read the input; ``kandidaten.services.events``
keeps the rules (start in the future, end after start, places) and its errors are shown on the
same fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kandidaten.models import Appointment, Event
from loket.core.models import Region
from loket.core.selectors import staff_regions

DATETIME_WIDGET = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LabelsWithoutColon(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs=DATETIME_WIDGET, format=DATETIME_FORMAT),
        error_messages={
            "required": _("Enter a date and time."),
            "invalid": _("Enter a date and time such as 2026-03-14 19:30."),
        },
    )


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class EventForm(LabelsWithoutColon):
    """A plain form (not a ModelForm), so the instance is only changed by the service."""

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the regions you work for.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=_max_length(Event, "title"))
    description = forms.CharField(
        label=_("Description"),
        max_length=_max_length(Event, "description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    starts_at = _datetime_field(_("Starts at"))
    ends_at = _datetime_field(_("Ends at"))
    location = forms.CharField(
        label=_("Location"),
        max_length=_max_length(Event, "location"),
        help_text=_("An address, or “Online”."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=32767,
        help_text=_("Leave empty for no limit."),
        error_messages={
            "min_value": _(
                "An event needs at least one place; leave the field empty for no limit."
            ),
            "max_value": _("Enter at most 32767 places, or leave the field empty."),
        },
    )
    is_published = forms.BooleanField(
        label=_("Published"),
        required=False,
        initial=True,
        help_text=_("Published events are listed on the site and open for sign-up."),
    )

    def __init__(self, *args, user, event: Event | None = None, **kwargs):
        if event is not None:
            initial = {name: getattr(event, name) for name in self.base_fields if name != "region"}
            kwargs.setdefault("initial", {**initial, "region": event.region_id})
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = staff_regions(user).order_by("name")


class EventFilterForm(forms.Form):
    """The public list's filter, always bound: an empty query string lists every region."""

    regio = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All regions"),
    )


class AppointmentForm(LabelsWithoutColon):
    kind = forms.ChoiceField(label=_("Kind"), choices=Appointment.Kind.choices)
    starts_at = _datetime_field(_("Date and time"))
    location = forms.CharField(
        label=_("Location"),
        max_length=Appointment._meta.get_field("location").max_length,
        help_text=_("An address, “By phone” or “Online”."),
    )
    note = forms.CharField(
        label=_("Note for the candidate"),
        max_length=Appointment._meta.get_field("note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The candidate sees this in the mail and on their page."),
    )


class AppointmentMoveForm(LabelsWithoutColon):
    starts_at = _datetime_field(_("New date and time"))
    location = forms.CharField(
        label=_("Location"), max_length=Appointment._meta.get_field("location").max_length
    )


class SlotForm(LabelsWithoutColon):
    """Publishing intake slots: one, or the same time weekly."""

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the regions you work for.")},
    )
    starts_at = _datetime_field(_("Starts at"))
    minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        initial=45,
        min_value=15,
        max_value=240,
        error_messages={
            "min_value": _("Choose a duration from 15 minutes to 4 hours."),
            "max_value": _("Choose a duration from 15 minutes to 4 hours."),
            "required": _("Enter a duration in minutes."),
            "invalid": _("Enter a duration in minutes."),
        },
    )
    weeks = forms.IntegerField(
        label=_("Weeks"),
        initial=1,
        min_value=1,
        max_value=12,
        help_text=_("1 for this time only; more for the same time every week."),
        error_messages={
            "min_value": _("Repeat for 1 to 12 weeks."),
            "max_value": _("Repeat for 1 to 12 weeks."),
            "required": _("Repeat for 1 to 12 weeks."),
            "invalid": _("Repeat for 1 to 12 weeks."),
        },
    )
    location = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("An address; leave empty for an online conversation."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address such as https://meet.example/abc.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = staff_regions(user).order_by("name")
        self.fields["region"].queryset = regions
        if len(regions) == 1:
            self.fields["region"].initial = regions[0].pk
