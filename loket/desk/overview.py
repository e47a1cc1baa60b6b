"""The proposals in the unanswered-proposal overviews (``reminders.proposal_unanswered``), worded
in Python once per language and shared by every overview that lists them.

An HR officer of a board can have dozens of open proposals; with each one's lines written by
template tags (``blocktranslate``, ``url``, a loop over the school's HR officers) rendering
took most of a run at national size. The msgids are the templates' own; the templates place
the whole list at once (``Overview``: ``waiting.text``, ``waiting.html``)."""

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

from loket.core.mail.outbox import AMSTERDAM
from loket.desk.models import Proposal

LINK = "color:#1d4ed8;"
ITEM = "margin-bottom:12px;"


@lru_cache(maxsize=4096)
def _day(day: date, language: str) -> str:
    """ "2 maart 2026": ``date_format`` looks its format up anew on every call."""
    return date_format(day, "j F Y")


@dataclass
class Waiting:
    """One proposal in an overview: how long it has waited and where to open it; for the guide
    also the candidate and the school's HR officers (HR never learns the candidate's name here:
    that is for the proposal itself)."""

    proposal: Proposal
    working_days: int
    url: str
    for_guide: bool = False
    hr_officers: list = field(default_factory=list)
    _said: dict = field(default_factory=dict, repr=False)

    def text_in(self, language: str) -> str:
        """The lines in ``language``, the language active now."""
        return self._worded(language)[0]

    def html_in(self, language: str) -> SafeString:
        return self._worded(language)[1]

    def _worded(self, language: str) -> tuple[str, SafeString]:
        """Text and HTML, worded once per language from the same sentences."""
        if language not in self._said:
            said = self._sentences()
            self._said[language] = (self._text(said), self._html(said))
        return self._said[language]

    def _sentences(self) -> dict:
        if not self.for_guide:
            return {"what": self._what(), "wait": self._wait()}
        return {
            "unanswered": self._unanswered(),
            "vacancy": self._vacancy(),
            "officers": self._officers_heading() if self.hr_officers else None,
            "nobody": None if self.hr_officers else self._nobody(),
        }

    def _names(self) -> dict:
        proposal = self.proposal
        return {
            "school": proposal.school.name,
            "date": _day(proposal.created_at.astimezone(AMSTERDAM).date(), get_language()),
            "days": self.working_days,
        }

    def _what(self) -> str:
        names = self._names()
        if self.proposal.vacancy_id is None:
            return gettext("%(school)s, open introduction of %(date)s") % names
        names["title"] = self.proposal.vacancy.title
        return gettext("%(school)s, vacancy “%(title)s”, proposed on %(date)s") % names

    def _wait(self) -> str:
        return ngettext(
            "Waiting for an answer for %(days)s working day",
            "Waiting for an answer for %(days)s working days",
            self.working_days,
        ) % {"days": self.working_days}

    def _unanswered(self) -> str:
        return ngettext(
            "%(school)s has not answered the proposal of %(name)s of %(date)s for "
            "%(days)s working day.",
            "%(school)s has not answered the proposal of %(name)s of %(date)s for "
            "%(days)s working days.",
            self.working_days,
        ) % {**self._names(), "name": self.proposal.candidate.full_name}

    def _vacancy(self) -> str | None:
        if self.proposal.vacancy_id is None:
            return None
        label = gettext("Vacancy")
        return f"{label}: {self.proposal.vacancy.title}"

    def _text(self, said: dict) -> str:
        link = f"  {settings.LOKET_SITE_URL}{self.url}"
        if not self.for_guide:
            return f"- {said['what']}\n  {said['wait']}\n{link}"
        lines = [f"- {said['unanswered']}"]
        if said["vacancy"]:
            lines.append(f"  {said['vacancy']}")
        if self.hr_officers:
            people = ", ".join(f"{o.get_full_name()} <{o.email}>" for o in self.hr_officers)
            lines.append(f"  {said['officers']} {people}")
        else:
            lines.append(f"  {said['nobody']}")
        return "\n".join([*lines, link])

    def _html(self, said: dict) -> SafeString:
        href = f"{settings.LOKET_SITE_URL}{self.url}"
        if not self.for_guide:
            return format_html(
                '<a href="{}" style="{}">{}</a><br>{}', href, LINK, said["what"], said["wait"]
            )
        parts = [
            format_html(
                '<a href="{}" style="{}">{}</a>', href, LINK, self.proposal.candidate.full_name
            ),
            escape(said["unanswered"]),
        ]
        if said["vacancy"]:
            parts.append(escape(said["vacancy"]))
        if self.hr_officers:
            people = format_html_join(
                ", ",
                '{} &lt;<a href="mailto:{}" style="{}">{}</a>&gt;',
                ((o.get_full_name(), o.email, LINK, o.email) for o in self.hr_officers),
            )
            parts.append(format_html("{} {}", said["officers"], people))
        else:
            parts.append(escape(said["nobody"]))
        return SafeString("<br>".join(parts))

    @staticmethod
    def _officers_heading() -> str:
        return gettext("The school's HR officers in the portal:")

    @staticmethod
    def _nobody() -> str:
        return gettext("The school has no HR officer in the portal, so nobody there was reminded.")


class Overview(list):
    """The items of one overview. Its templates place them in one go, ``{{ waiting.html }}``
    and ``{{ waiting.text }}``: a template loop resolving each item of each overview took a
    third of the rule's first run at national size. A list still, for ``waiting|length``."""

    @property
    def html(self) -> SafeString:
        language = get_language()
        return SafeString(
            "".join(f'\n  <li style="{ITEM}">{item.html_in(language)}</li>' for item in self)
        )

    @property
    def text(self) -> str:
        language = get_language()
        return "".join(f"\n{item.text_in(language)}" for item in self)
