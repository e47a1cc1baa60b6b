"""The rows of the guide's daily overview (``reminders.guide_digest``), worded in Python.

Each digest lists up to thirty candidates, each with up to two ``blocktranslate count`` lines;
written by template tags that was most of the digest run at national size (every variable of a
``blocktranslate`` is resolved, localised and escaped on each use). The msgids are the ones the
templates had; the templates place ``row.text`` and ``row.html``."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from kandidaten.models import Candidate

LINK = "color:#1d4ed8;"
CELL = "padding:4px;border-bottom:1px solid #eef0f3;"


@dataclass
class Stalled:
    """One candidate in a guide's digest: who, where, in which phase, and why they are listed
    (no contact for the region's norm, longer in the phase than its norm, or both)."""

    candidate: Candidate
    days_without_contact: int
    days_in_phase: int
    file_url: str
    _said: dict = field(default_factory=dict, repr=False)

    def reasons(self) -> list[str]:
        """The lines saying why, in the current language (worded once per language)."""
        language = get_language()
        if language not in self._said:
            self._said[language] = self._reasons()
        return self._said[language]

    def _reasons(self) -> list[str]:
        candidate = self.candidate
        lines = []
        if candidate.without_contact:
            days = self.days_without_contact
            if candidate.last_contact_on:
                line = ngettext("No contact for %(days)s day", "No contact for %(days)s days", days)
            else:
                line = ngettext(
                    "No contact logged since registering %(days)s day ago",
                    "No contact logged since registering %(days)s days ago",
                    days,
                )
            lines.append(line % {"days": days})
        if candidate.overdue_in_phase:
            days = self.days_in_phase
            line = ngettext(
                "%(days)s day in this phase (norm: %(norm)s)",
                "%(days)s days in this phase (norm: %(norm)s)",
                days,
            )
            lines.append(line % {"days": days, "norm": candidate.phase_norm_days})
        return lines

    @property
    def text(self) -> str:
        candidate = self.candidate
        lines = [f"- {candidate.full_name} ({candidate.phase_label}, {candidate.region.name})"]
        lines += [f"  {line}" for line in self.reasons()]
        lines.append(f"  {settings.LOKET_SITE_URL}{self.file_url}")
        return "\n".join(lines)

    @property
    def html(self) -> SafeString:
        candidate = self.candidate
        why = format_html_join(mark_safe("<br>"), "{}", ((line,) for line in self.reasons()))
        return format_html(
            '<tr>\n    <td style="{cell}"><a href="{href}" style="{link}">{name}</a>'
            "<br><small>{region}</small></td>\n"
            '    <td style="{cell}">{phase}</td>\n'
            '    <td style="{cell}">{why}</td>\n  </tr>',
            cell=CELL,
            href=f"{settings.LOKET_SITE_URL}{self.file_url}",
            link=LINK,
            name=candidate.full_name,
            region=candidate.region.name,
            phase=candidate.phase_label,
            why=why,
        )
