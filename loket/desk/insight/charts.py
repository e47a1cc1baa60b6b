"""Horizontal bar charts drawn on the server as SVG, from the same (possibly suppressed) table
the page shows beside them: no script, readable in print, with a <title> and a <desc> that say
in words what the bars show.

A suppressed value ("<5") is drawn as a bar of one fixed length with the label "<5", so the
length of a bar never tells more than its label.
"""

from dataclasses import dataclass

from loket.desk.insight.tables import SMALL, Table

WIDTH = 280
LABEL_HEIGHT = 16
BAR_HEIGHT = 11
BAR_GAP = 3
ROW_GAP = 9
VALUE_ROOM = 44  # room right of the longest bar for its value
SMALL_LENGTH = 4  # the length a suppressed value is drawn at, in the chart's own units
LABEL_CHARS = 34  # what fits above a bar; the table beside it and the description say it all


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Label:
    text: str
    y: float


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    desc: str
    height: int
    labels: list[Label]
    bars: list[Bar]
    legend: list[tuple[int, str]]
    width: int = WIDTH


def _magnitude(value) -> float:
    if value == SMALL:
        return SMALL_LENGTH
    if isinstance(value, int | float):
        return float(value)
    return 0.0


def bar_chart(
    table: Table, *, title: str, label_column: int, value_columns: list[int], limit: int = 15
) -> Chart | None:
    """One group of bars per row (its label above), one bar per value column. None when the
    table has no rows (the page then says so in words)."""
    rows = table.rows[:limit]
    if not rows:
        return None
    cells = table.cells(limit)
    biggest = max((_magnitude(row[c]) for row in rows for c in value_columns), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / biggest
    labels, bars, parts = [], [], []
    y = 0.0
    for index, row in enumerate(rows):
        label = cells[index][label_column]
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"
        labels.append(Label(text=short, y=y + LABEL_HEIGHT - 4))
        y += LABEL_HEIGHT
        values = []
        for series, column in enumerate(value_columns):
            text = cells[index][column]
            width = max(_magnitude(row[column]) * scale, 1.5 if text not in ("0", "–") else 0)
            bars.append(
                Bar(
                    x=0,
                    y=y,
                    width=round(width, 1),
                    height=BAR_HEIGHT,
                    series=series,
                    text=text,
                    text_x=round(width + 4, 1),
                    text_y=y + BAR_HEIGHT - 2,
                )
            )
            values.append(f"{table.columns[column].label} {text}")
            y += BAR_HEIGHT + BAR_GAP
        parts.append(f"{label}: {', '.join(values)}")
        y += ROW_GAP
    legend = [
        (series, str(table.columns[column].label)) for series, column in enumerate(value_columns)
    ]
    more = len(table.rows) - len(rows)
    desc = "; ".join(parts) + ("." if not more else f"; … (+{more})")
    return Chart(
        id=f"chart-{table.name}",
        title=title,
        desc=desc,
        height=int(y),
        labels=labels,
        bars=bars,
        legend=legend,
    )
