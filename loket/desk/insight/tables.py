"""A table of aggregates as every view shows it: on the page, beside its chart, and as CSV.

Views that leave the desk pass their tables through ``Table.suppressed``: every count from 1 to
4 becomes "<5" before anything renders, so the page, the chart and the CSV cannot disagree.
"""

import csv
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import number_format

SMALL = "<5"
# Counts from 1 to this bound are shown as SMALL outside the desk.
SUPPRESS_BELOW = 5


def suppress(value):
    """A count of 1 to 4 people (or posts) as "<5"; every other value as it is."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < SUPPRESS_BELOW:
        return SMALL
    return value


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False
    # Decimals for a number; None for a whole count.
    decimals: int | None = None


@dataclass(frozen=True)
class Table:
    """Rows of aggregates with their column labels. ``name`` is the CSV's address; ``marked``
    holds the indexes of rows to highlight (shortage subjects)."""

    name: str
    caption: str
    columns: list[Column]
    rows: list[list]
    marked: frozenset[int] = field(default_factory=frozenset)
    note: str = ""

    def suppressed(self) -> "Table":
        return replace(self, rows=[[suppress(v) for v in row] for row in self.rows])

    def cells(self, limit: int | None = None) -> list[list[str]]:
        """Every value (of the first ``limit`` rows) as the reader sees it (numbers in the
        active language's notation)."""
        return [
            [display(value, column) for value, column in zip(row, self.columns, strict=True)]
            for row in self.rows[:limit]
        ]


def display(value, column: Column) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if type(value) is int and column.decimals is None and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what number_format gives, without its lookups (thousands of cells)
    if column.decimals is not None:
        return number_format(round(float(value), column.decimals), column.decimals)
    return number_format(value, force_grouping=False)


def csv_cell(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: never for our data."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_response(table: Table, *, prefix: str) -> HttpResponse:
    """The table as a CSV download (semicolons and a byte-order mark, as Excel in Dutch
    expects), with the same cells as the page."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{prefix}-{table.name}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([csv_cell(str(c.label)) for c in table.columns])
    for row in table.cells():
        writer.writerow([csv_cell(cell) for cell in row])
    return response
