"""``{% table_rows table %}``: the rows of an insight table as HTML.

A national-size dashboard shows a few thousand cells; the template language spends tens of
microseconds on each (a loop, conditions, lookups), a tenth of the page's time. The markup is
the one ``_section.html`` had, built here in one pass, every cell escaped."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

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
