"""``{% table_rows table %}`` and ``{% chart_marks chart %}``: the rows of an insight table and
the labels and bars of its chart, as HTML and SVG.

A national-size dashboard shows a few thousand cells; the template language spends tens of
microseconds on each (a loop, conditions, lookups), a tenth of the page's time. The markup is
the one ``_section.html`` and ``_chart.html`` had, built here in one pass, every text escaped
(the standard library's ``html.escape``, which Django's ``escape`` wraps); the chart's
coordinates unlocalised (``str``), as ``{% localize off %}`` wrote them."""

from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from loket.desk.insight.charts import Chart
from loket.desk.insight.tables import Table

register = template.Library()


@register.simple_tag
def table_rows(table: Table) -> SafeString:
    """One ``<tr>`` per row: the first cell a row header (with the flag of a marked row), the
    others data cells, numbers with ``class="num"``."""
    flag = format_html(
        ' <span class="flag flag--stalled">{}</span>', gettext("More vacancies than candidates")
    )
    data = [
        ('<td class="num">', "</td>") if column.numeric else ("<td>", "</td>")
        for column in table.columns[1:]
    ]
    rows = []
    for index, (first, *rest) in enumerate(table.cells()):
        marked = index in table.marked
        cells = "".join(
            open_ + escape(cell) + close for cell, (open_, close) in zip(rest, data, strict=True)
        )
        rows.append(
            ('<tr class="is-marked">' if marked else "<tr>")
            + f'<th scope="row">{escape(first)}{flag if marked else ""}</th>{cells}</tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every cell escaped above


@register.simple_tag
def chart_marks(chart: Chart) -> SafeString:
    """A ``<text>`` per label, then per bar a ``<rect>`` and the ``<text>`` of its value."""
    marks = [
        f'<text x="0" y="{label.y}" class="chart__label">{escape(label.text)}</text>'
        for label in chart.labels
    ]
    marks += [
        f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" '
        f'class="chart__bar chart__bar--{bar.series}"></rect>'
        f'<text x="{bar.text_x}" y="{bar.text_y}" class="chart__value">{escape(bar.text)}</text>'
        for bar in chart.bars
    ]
    return mark_safe("\n  ".join(marks))  # noqa: S308 - every text escaped above
