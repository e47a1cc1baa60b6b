"""The dashboard's panels and the views outside the desk, as tables with a chart each.

A panel is a function of the filters that returns a ``Panel``: its tables (each downloadable as
CSV under its name), a chart per table where a chart helps, and a few headline figures. The
views outside the desk build their panels here too and pass each table through
``Table.suppressed`` before a chart is drawn from it.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kandidaten.models import (
    DropoutReason,
    Event,
    Phase,
    Source,
    TeachingLevel,
)
from loket.core.mail.reminders import registered_rules
from loket.core.models import MailReason, Sector
from loket.desk.insight import followup, funnel, queries, summary
from loket.desk.insight.charts import Chart, bar_chart
from loket.desk.insight.filters import Filters
from loket.desk.insight.tables import Column, Table, suppress
from loket.desk.models import InsightRefresh


def _count(label) -> Column:
    return Column(label, numeric=True)


def _decimal(label, decimals: int = 1) -> Column:
    return Column(label, numeric=True, decimals=decimals)


@dataclass
class Panel:
    name: str
    title: str
    tables: list[Table]
    charts: dict[str, Chart] = field(default_factory=dict)
    headline: list[tuple[str, object]] = field(default_factory=list)
    note: str = ""
    split: str = ""
    # (slug, name) of the regions a public overview links to.
    links: list[tuple[str, str]] = field(default_factory=list)
    # Panels read from the summary say when it was refreshed (None: not yet).
    from_summary: bool = False
    refreshed: InsightRefresh | None = None
    # When a live panel was computed, if it comes from the panel cache (``views.desk_panel``).
    computed_at: datetime.datetime | None = None

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)

    def sections(self) -> list[dict]:
        return [{"table": t, "chart": self.charts.get(t.name)} for t in self.tables]

    def suppressed(self) -> "Panel":
        """The panel as it may leave the desk: every count from 1 to 4 as "<5", charts redrawn
        from the suppressed tables, headline figures suppressed too."""
        tables = [t.suppressed() for t in self.tables]
        charts = {}
        for table in tables:
            spec = CHART_SPECS.get(table.name)
            if spec:
                charts[table.name] = bar_chart(table, title=table.caption, **spec)
        return Panel(
            name=self.name,
            title=self.title,
            tables=tables,
            charts={k: v for k, v in charts.items() if v},
            headline=[(label, suppress(value)) for label, value in self.headline],
            note=self.note,
            split=self.split,
            links=self.links,
            from_summary=self.from_summary,
            refreshed=self.refreshed,
        )


# Which columns a table's chart draws: the label column and the value columns.
CHART_SPECS = {
    "shortage-subjects": {"label_column": 0, "value_columns": [2, 5]},
    "shortage-municipalities": {"label_column": 0, "value_columns": [1, 4]},
    "funnel": {"label_column": 0, "value_columns": [1]},
    "funnel-exits": {"label_column": 0, "value_columns": [1]},
    "placements-month": {"label_column": 0, "value_columns": [1]},
    "placements-board": {"label_column": 0, "value_columns": [1]},
    "proposals": {"label_column": 0, "value_columns": [1, 4]},
    "stalled": {"label_column": 0, "value_columns": [2]},
    "attendance": {"label_column": 0, "value_columns": [2, 3]},
    "regions": {"label_column": 0, "value_columns": [1, 3]},
    "public-regions": {"label_column": 0, "value_columns": [1]},
    "public-shortage": {"label_column": 0, "value_columns": [2, 3]},
    "board-proposals": {"label_column": 0, "value_columns": [1, 4]},
    "board-placements": {"label_column": 0, "value_columns": [1]},
}


def _with_charts(panel: Panel) -> Panel:
    for table in panel.tables:
        spec = CHART_SPECS.get(table.name)
        chart = bar_chart(table, title=table.caption, **spec) if spec else None
        if chart:
            panel.charts[table.name] = chart
    return panel


def _sector_label(code: str) -> str:
    return str(Sector(code).label) if code in Sector.values else (code or str(_("unknown")))


def _month_label(day) -> str:
    return date_format(day, "F Y")


# --- The desk's panels ---------------------------------------------------------------------------


def shortage_panel(filters: Filters, *, refreshed: InsightRefresh | None = None) -> Panel:
    """``refreshed``: the summary's last refresh, when the caller read it already."""
    subjects = queries.shortage_by_subject(filters)
    places = queries.shortage_by_municipality(filters)
    columns = [
        Column(_("Subject")),
        Column(_("Sector")),
        _count(_("Open vacancies")),
        _count(_("Hours a week")),
        _decimal(_("FTE")),
        _count(_("Available candidates")),
        _decimal(_("Vacancies per candidate")),
    ]
    subject_table = Table(
        name="shortage-subjects",
        caption=_("Open vacancies and available candidates per subject"),
        columns=columns,
        rows=[
            [
                f"{r.key} ★" if r.is_shortage else r.key,
                _sector_label(r.sector),
                r.vacancies,
                r.hours,
                r.fte,
                r.candidates,
                r.ratio,
            ]
            for r in subjects
        ],
        marked=frozenset(i for i, r in enumerate(subjects) if r.tight),
        note=_(
            "Available: candidates in orientation up to matching who want the subject. "
            "Highlighted: more open vacancies than available candidates. ★ national shortage "
            "subject. A subject taught in two sectors has a row for each."
        ),
    )
    place_table = Table(
        name="shortage-municipalities",
        caption=_("Open vacancies and available candidates per municipality"),
        columns=[
            Column(_("Municipality")),
            _count(_("Open vacancies")),
            _count(_("Hours a week")),
            _decimal(_("FTE")),
            _count(_("Available candidates")),
            _decimal(_("Vacancies per candidate")),
        ],
        rows=[
            [r.key or str(_("Unknown")), r.vacancies, r.hours, r.fte, r.candidates, r.ratio]
            for r in places
        ],
        marked=frozenset(i for i, r in enumerate(places) if r.tight),
        note=_("Candidates by the municipality of their postcode; schools by their own."),
    )
    tight = sum(1 for r in subjects if r.tight)
    return _with_charts(
        Panel(
            name="shortage",
            title=str(_("Shortage picture")),
            tables=[subject_table, place_table],
            headline=[
                (_("Open vacancies"), sum(r.vacancies for r in places)),
                (_("Subjects with more vacancies than candidates"), tight),
            ],
            note=_(
                "Vacancies open now, candidates as the last refresh counted them; the period "
                "does not apply."
            ),
            from_summary=True,
            refreshed=refreshed or summary.last_refresh(),
        )
    )


SPLIT_CHOICES = [
    ("source", _("Source")),
    ("campaign", _("Campaign (utm)")),
    ("sector", _("Sector")),
    ("route", _("Route advised")),
]


def _split_label(split: str, value: str) -> str:
    if split == "source":
        return str(Source(value).label) if value in Source.values else str(_("Not given"))
    if split == "sector":
        return _sector_label(value)
    if split == "route":
        return str(TeachingLevel(value).label) if value in TeachingLevel.values else value
    return value or str(_("No campaign"))


def funnel_panel(
    filters: Filters, *, split: str = "source", refreshed: InsightRefresh | None = None
) -> Panel:
    """``refreshed``: the summary's last refresh, when the caller read it already."""
    split = split if split in funnel.SPLITS else "source"
    steps, by_value = funnel.reached(filters, split=split)
    times = funnel.times(filters)
    exits = funnel.exits(filters)
    funnel_table = Table(
        name="funnel",
        caption=_("Candidates who reached each phase in the period"),
        columns=[
            Column(_("Phase")),
            _count(_("Reached")),
            _count(_("Of whom skipped it")),
            _count(_("Went on")),
            Column(_("Went on (%)"), numeric=True, decimals=0),
            _count(_("Went beyond it in the period")),
            _decimal(_("Median days in the phase")),
        ],
        rows=[
            [
                Phase(step.phase).label,
                step.reached,
                step.skipped,
                step.went_on,
                step.conversion * 100 if step.conversion is not None else None,
                times.get(step.phase, (0, None))[0],
                times.get(step.phase, (0, None))[1],
            ]
            for step in steps
        ],
        note=_(
            "Reached: for the first time, in the region the candidate belonged to then. Skipping "
            "a phase counts as passing it; coming back after a pause, drop-out or referral is "
            "not counted again. Went on: reached a later phase by now. Days in a phase leave "
            "out the time paused."
        ),
    )
    phases = [s.phase for s in steps]
    split_label = dict(SPLIT_CHOICES)[split]
    split_table = Table(
        name="funnel-split",
        caption=_("Reached each phase, by %(split)s") % {"split": str(split_label).lower()},
        columns=[Column(split_label), *[_count(Phase(p).label) for p in phases]],
        rows=[
            [_split_label(split, value), *[counts.get(p, 0) for p in phases]]
            for value, counts in sorted(
                by_value.items(), key=lambda item: (-item[1].get(phases[0], 0), item[0])
            )
        ],
    )
    exit_labels = {
        "gepauzeerd": _("Paused"),
        "doorverwezen": _("Referred to another region"),
        "returned": _("Back on the journey after a pause or drop-out"),
        "arrived": _("Taken over from another region"),
    }
    exit_rows = []
    for (kind, reason), count in sorted(exits.items()):
        if kind == "afgehaakt":
            label = _("Dropped out: %(reason)s") % {
                "reason": DropoutReason(reason).label
                if reason in DropoutReason.values
                else _("came back since")
            }
        else:
            label = exit_labels[kind]
        exit_rows.append([str(label), count])
    exit_table = Table(
        name="funnel-exits",
        caption=_("Side exits and returns in the period"),
        columns=[Column(_("What happened")), _count(_("Candidates"))],
        rows=sorted(exit_rows, key=lambda row: (-row[1], row[0])),
    )
    return _with_charts(
        Panel(
            name="funnel",
            split=split,
            title=str(_("Funnel")),
            tables=[funnel_table, split_table, exit_table],
            headline=[
                (_("Registered"), steps[0].reached),
                (_("Started at a school"), steps[5].reached),
            ],
            from_summary=True,
            refreshed=refreshed or summary.last_refresh(),
        )
    )


def successes_panel(filters: Filters) -> Panel:
    result = queries.placements(filters)
    year_total, year_median = queries.placements_this_school_year(filters)
    median = _decimal(_("Median days from registration"), 0)
    month = Table(
        name="placements-month",
        caption=_("Placements per month"),
        columns=[Column(_("Month")), _count(_("Placements")), median],
        rows=[[_month_label(m), n, days] for m, n, days in result.month],
    )
    school = Table(
        name="placements-school",
        caption=_("Placements per school"),
        columns=[Column(_("School")), _count(_("Placements")), median],
        rows=[[name, n, days] for name, n, days in result.school],
    )
    board = Table(
        name="placements-board",
        caption=_("Placements per school board"),
        columns=[Column(_("School board")), _count(_("Placements")), median],
        rows=[[name, n, days] for name, n, days in result.board],
    )
    names = Table(
        name="placements",
        caption=_("Who started (to celebrate)"),
        columns=[
            Column(_("Date")),
            Column(_("First name")),
            Column(_("School")),
            Column(_("Subject")),
        ],
        rows=[
            [day.isoformat(), first or str(_("(anonymised)")), school_name, subjects or "–"]
            for day, first, school_name, subjects in queries.placement_list(filters)
        ],
        note=_("Only for the desk: first names never leave it."),
    )
    return _with_charts(
        Panel(
            name="successes",
            title=str(_("Successes")),
            tables=[month, school, board, names],
            headline=[
                (_("Placements this school year"), year_total),
                (
                    _("Median days from registration to placement"),
                    round(year_median) if year_median is not None else None,
                ),
                (_("Placements in the period"), result.total),
            ],
            note=_("A placement counts for the region of the school, on the day it was hired."),
        )
    )


def _proposal_table(rows, *, name: str) -> Table:
    return Table(
        name=name,
        caption=_("Proposals per school"),
        columns=[
            Column(_("School")),
            _count(_("Received")),
            _count(_("Answered within the norm")),
            _count(_("Invited")),
            _count(_("Hired")),
        ],
        rows=[[school or str(_("All schools")), *numbers] for school, *numbers in rows],
        note=_(
            "Proposals made in the period. The norm: an answer within the working days after "
            "which the school is reminded (5 unless the region set another number)."
        ),
    )


def proposals_panel(filters: Filters) -> Panel:
    return _with_charts(
        Panel(
            name="proposals",
            title=str(_("Proposals")),
            tables=[_proposal_table(queries.proposals_by_school(filters), name="proposals")],
        )
    )


def followup_panel(filters: Filters) -> Panel:
    stalled = followup.stalled_by_guide(filters, now=timezone.now())
    stalled_table = Table(
        name="stalled",
        caption=_("Stalled candidates per guide"),
        columns=[
            Column(_("Guide")),
            _count(_("Active candidates")),
            _count(_("Stalled")),
            _count(_("Longer in the phase than its norm")),
            _count(_("Too long without contact")),
        ],
        rows=[
            [name or email or str(_("No guide yet")), *numbers] for name, email, *numbers in stalled
        ],
        note=_("As of today; the period does not apply."),
    )
    reasons = sorted({rule.reason for rule in registered_rules().values()})
    reminder_table = Table(
        name="reminders",
        caption=_("Reminders in the period"),
        columns=[
            Column(_("Reminder")),
            _count(_("Sent")),
            _count(_("Withheld: cap")),
            _count(_("Withheld: unsubscribed")),
            _count(_("Withheld: other")),
            _count(_("Waiting or failed")),
        ],
        rows=[
            [str(MailReason(reason).label) if reason in MailReason.values else reason, *numbers]
            for reason, *numbers in followup.reminders(filters, reasons=reasons)
        ],
    )
    return _with_charts(
        Panel(
            name="followup",
            title=str(_("Follow-up health")),
            tables=[stalled_table, reminder_table, _attendance_table(filters)],
            headline=[
                (_("Stalled candidates"), sum(row[2] for row in stalled_table.rows)),
                (_("Unsubscribed from reminders in the period"), followup.unsubscribed(filters)),
            ],
        )
    )


def _attendance_table(filters: Filters) -> Table:
    return Table(
        name="attendance",
        caption=_("Event attendance in the period"),
        columns=[
            Column(_("Kind of event")),
            *map(_count, [_("Places"), _("Came"), _("Did not come"), _("Not recorded yet")]),
        ],
        rows=[[str(Event.Kind(kind).label), *n] for kind, *n in followup.attendance(filters)],
        note=_("Events held in the period, up to today."),
    )


DESK_PANELS = {
    "shortage": shortage_panel,
    "funnel": funnel_panel,
    "successes": successes_panel,
    "proposals": proposals_panel,
    "followup": followup_panel,
}
