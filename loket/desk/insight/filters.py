"""The insight pages' filters: a period, sector, subject, municipality (and a region, for staff
of more than one). They live in the URL, so every view can be linked, bookmarked and printed;
bad values are explained on the form and the defaults apply instead."""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models import SECTOR_CHOICES
from loket.core.mail.outbox import AMSTERDAM
from loket.core.models import Subject
from loket.desk.forms import DATE_WIDGET, DeskForm, _blank

MAX_PERIOD_DAYS = 5 * 366


def school_year_start(day: datetime.date) -> datetime.date:
    """Dutch school years run from 1 August."""
    year = day.year if day.month >= 8 else day.year - 1
    return datetime.date(year, 8, 1)


@dataclass(frozen=True)
class Filters:
    """What the queries read. ``start``/``end`` are inclusive days; ``start_at``/``end_at`` the
    half-open range of moments in Amsterdam time."""

    region_ids: list[int]
    start: datetime.date
    end: datetime.date
    sector: str = ""
    subject_id: int | None = None
    municipality: str = ""

    @property
    def start_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start, datetime.time.min, tzinfo=AMSTERDAM)

    @property
    def end_at(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=AMSTERDAM
        )

    @property
    def school_year_start_at(self) -> datetime.datetime:
        return datetime.datetime.combine(
            school_year_start(timezone.localdate()), datetime.time.min, tzinfo=AMSTERDAM
        )


class InsightFilterForm(DeskForm):
    """Always bound (an empty query string means: this school year, everything)."""

    id_prefix = "insight"

    start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("Up to and including"), required=False, widget=DATE_WIDGET)
    region = forms.ChoiceField(label=_("Region"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), choices=_blank(SECTOR_CHOICES, _("All sectors")), required=False
    )
    subject = forms.ModelChoiceField(
        label=_("Subject"),
        queryset=Subject.objects.order_by("name"),
        required=False,
        empty_label=_("All subjects"),
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(self, *args, regions, municipalities, period_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if period_only:
            for name in ("region", "sector", "subject", "municipality"):
                del self.fields[name]
        self.regions = list(regions)
        if "region" in self.fields:
            self.fields["region"].choices = [
                ("", _("All my regions")),
                *[(r.slug, r.name) for r in self.regions],
            ]
            if len(self.regions) < 2:
                del self.fields["region"]
        if "municipality" in self.fields:
            self.fields["municipality"].choices = [
                ("", _("All municipalities")),
                *[(m, m) for m in municipalities],
            ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Choose a date on or after the start."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", _("Choose a period of at most five years."))
        return data

    def filters(self) -> Filters:
        """The valid choices, with defaults for what is missing or wrong."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        today = timezone.localdate()
        if self.errors.get("end"):
            data = {**data, "start": None, "end": None}
        start = data.get("start") or school_year_start(data.get("end") or today)
        end = data.get("end") or max(today, start)
        region_ids = [r.pk for r in self.regions]
        chosen = data.get("region")
        if chosen:
            region_ids = [r.pk for r in self.regions if r.slug == chosen]
        subject = data.get("subject")
        return Filters(
            region_ids=region_ids,
            start=start,
            end=end,
            sector=data.get("sector") or "",
            subject_id=subject.pk if subject else None,
            municipality=data.get("municipality") or "",
        )
