"""Explanations in words: each part's points taken apart into what fits and what does not, in
the desk's voice or the candidate's."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from loket.desk.matching.rules import (
    FIRST,
    ND,
    QF,
    QP,
    QS,
    QUALIFIED_LEVELS,
    RF,
    RS,
    SECOND,
    TRAINING,
    WEIGHTS,
)

# --- Explanations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchPart:
    key: str
    label: str
    points: int
    max_points: int
    fits: bool
    text: str


@dataclass(frozen=True)
class MatchExplanation:
    score: int
    parts: list[MatchPart]

    @property
    def fits(self) -> list[MatchPart]:
        return [part for part in self.parts if part.fits]

    @property
    def misses(self) -> list[MatchPart]:
        return [part for part in self.parts if not part.fits]


LABELS = {
    "subject": _("Subject"),
    "sector": _("Sector"),
    "level": _("Qualification"),
    "distance": _("Distance"),
    "hours": _("Hours"),
    "start": _("Start"),
    "switchers": _("Career switchers"),
}


def _part(key: str, points: int, max_points: int, text) -> MatchPart:
    # "Full or near-full": at least two thirds of the points.
    return MatchPart(
        key=key,
        label=LABELS[key],
        points=points,
        max_points=max_points,
        fits=points * 3 >= max_points * 2,
        text=text,
    )


def _explanation(parts: list[MatchPart]) -> MatchExplanation:
    return MatchExplanation(score=sum(part.points for part in parts), parts=parts)


def _format_km(value: float) -> str:
    return number_format(round(value, 1), 1)


def _format_date(value: datetime.date) -> str:
    if value.year == timezone.localdate().year:
        return date_format(value, "MONTH_DAY_FORMAT")
    return date_format(value, "DATE_FORMAT")


# Formatted when the text is shown, in the language of that moment.
_km = lazy(_format_km, str)
_date = lazy(_format_date, str)


def _voice(you: bool, desk_text, candidate_text):
    """The desk reads about "the candidate"; the candidate reads about "you"."""
    return candidate_text if you else desk_text


def _subject_names(subjects) -> str:
    return ", ".join(subject.name for subject in subjects)


def _sector_codes(sectors) -> str:
    return ", ".join(sector.upper() for sector in sorted(sectors))


def _subject_part(row, *, post_subjects, candidate_subjects, row_is_vacancy, you=False):
    points, full = row.points_subject, WEIGHTS["subject"]
    if row.subject_exact:
        common = [
            s for s in (post_subjects if row_is_vacancy else candidate_subjects) if s.in_common
        ]
        text = format_lazy(_("Same subject: {subjects}"), subjects=_subject_names(common))
    elif row.subject_related:
        related = [
            s
            for s in (post_subjects if row_is_vacancy else candidate_subjects)
            if s.related_in_common
        ]
        text = format_lazy(
            _("Only a related subject: {subjects}"), subjects=_subject_names(related)
        )
    elif points == full:
        text = _("General primary post: a groepsleerkracht teaches every subject")
    elif not row.post_has_subjects:
        text = _("The post names no subject")
    elif not row.candidate_has_subjects:
        text = _voice(you, _("The candidate named no subject"), _("You named no subject"))
    elif row_is_vacancy:
        text = format_lazy(
            _("No subject in common: the post teaches {subjects}"),
            subjects=_subject_names(post_subjects),
        )
    else:
        text = format_lazy(
            _("No subject in common: the candidate chose {subjects}"),
            subjects=_subject_names(candidate_subjects),
        )
    return _part("subject", points, full, text)


def _sector_part(points, full, *, row_sectors, candidate_sectors, of_school=False, you=False):
    common = set(row_sectors) & set(candidate_sectors)
    if common:
        text = format_lazy(_("Sector in common: {sectors}"), sectors=_sector_codes(common))
    elif points:
        text = _("Special education, reached through the po and vo routes")
    else:
        if of_school:
            template = _voice(
                you,
                _("The school is in {sectors}; the candidate chose {wanted}"),
                _("The school is in {sectors}; you chose {wanted}"),
            )
        else:
            template = _voice(
                you,
                _("The post is in {sectors}; the candidate chose {wanted}"),
                _("The post is in {sectors}; you chose {wanted}"),
            )
        text = format_lazy(
            template,
            sectors=_sector_codes(row_sectors) or "–",
            wanted=_sector_codes(candidate_sectors) or "–",
        )
    return _part("sector", points, full, text)


_NEEDS = {
    ("po", FIRST): _("Post needs a qualified primary teacher"),
    ("po", SECOND): _("Post needs a qualified primary teacher"),
    ("po", TRAINING): _("Post is open to someone training for primary school"),
    ("vo", FIRST): _("Post needs first grade"),
    ("vo", SECOND): _("Post needs second grade"),
    ("vo", TRAINING): _("Post is open to someone in training"),
}
_HAS = {
    QF: (_("the candidate is qualified for first grade"), _("you are qualified for first grade")),
    QS: (
        _("the candidate is qualified for second grade"),
        _("you are qualified for second grade"),
    ),
    QP: (
        _("the candidate is a qualified primary teacher"),
        _("you are a qualified primary teacher"),
    ),
    RF: (_("the candidate can train for first grade"), _("you can train for first grade")),
    RS: (_("the candidate can train for second grade"), _("you can train for second grade")),
    ND: (
        _("the candidate needs an hbo or wo degree first"),
        _("you need an hbo or wo degree first"),
    ),
}
_RS_ONLY = (
    _("the candidate can train for second grade only"),
    _("you can train for second grade only"),
)
_RS_PRIMARY = (
    _("the candidate can train for primary school"),
    _("you can train for primary school"),
)
_ND_INSTRUCTOR = (
    _("the candidate has no hbo or wo degree: an instructor role may fit"),
    _("you have no hbo or wo degree: an instructor role may fit"),
)


def _level_part(points, *, kind, qualification, level, you=False):
    needs = _NEEDS[("vo" if kind == "mbo" else kind, qualification)]
    has = _HAS[level]
    if level == RS and kind == "po":
        has = _RS_PRIMARY
    elif level == RS and qualification == FIRST:
        has = _RS_ONLY
    elif level == ND and points:
        has = _ND_INSTRUCTOR
    text = format_lazy("{needs}; {has}", needs=needs, has=has[1] if you else has[0])
    return _part("level", points, WEIGHTS["level"], text)


def _distance_part(points, full, *, distance, max_km, you=False):
    if distance is None:
        text = _("Distance unknown: no home location in the Netherlands")
    elif distance <= max_km:
        text = format_lazy(
            _voice(
                you,
                _("{distance} km away, within the {max} km the candidate wants to travel"),
                _("{distance} km away, within your {max} km"),
            ),
            distance=_km(distance),
            max=max_km,
        )
    else:
        text = format_lazy(
            _voice(
                you,
                _(
                    "{distance} km away: {over} km beyond the {max} km "
                    "the candidate wants to travel"
                ),
                _("{distance} km away: {over} km beyond your {max} km"),
            ),
            distance=_km(distance),
            over=_km(distance - max_km),
            max=max_km,
        )
    return _part("distance", points, full, text)


def _hours_part(points, *, wanted, post, you=False):
    if wanted is None:
        text = format_lazy(
            _voice(
                you,
                _("Hours unknown: the candidate did not say; post is {post}"),
                _("Hours unknown: you did not say; post is {post}"),
            ),
            post=post,
        )
    elif wanted == post:
        text = format_lazy(
            _voice(
                you,
                _("Wants {wanted} hours, post is {post}"),
                _("You want {wanted} hours, post is {post}"),
            ),
            wanted=wanted,
            post=post,
        )
    elif post > wanted:
        text = format_lazy(
            _voice(
                you,
                _("Wants {wanted} hours, post is {post} ({difference} more)"),
                _("You want {wanted} hours, post is {post} ({difference} more)"),
            ),
            wanted=wanted,
            post=post,
            difference=post - wanted,
        )
    else:
        text = format_lazy(
            _voice(
                you,
                _("Wants {wanted} hours, post is {post} ({difference} fewer)"),
                _("You want {wanted} hours, post is {post} ({difference} fewer)"),
            ),
            wanted=wanted,
            post=post,
            difference=wanted - post,
        )
    return _part("hours", points, WEIGHTS["hours"], text)


def _later(days: int):
    if days < 60:
        return format_lazy(
            ngettext_lazy("{count} day later", "{count} days later", days), count=days
        )
    return format_lazy(_("{count} months later"), count=round(days / 30.44))


def _start_part(points, *, start, earliest, you=False):
    if start is None:
        if earliest is None:
            text = _voice(
                you,
                _("Starts as soon as possible; the candidate can start any time"),
                _("Starts as soon as possible; you can start any time"),
            )
        elif points == WEIGHTS["start"]:
            text = format_lazy(
                _voice(
                    you,
                    _("Starts as soon as possible; the candidate can start from {earliest}"),
                    _("Starts as soon as possible; you can start from {earliest}"),
                ),
                earliest=_date(earliest),
            )
        else:
            text = format_lazy(
                _voice(
                    you,
                    _("Starts as soon as possible; the candidate can only start from {earliest}"),
                    _("Starts as soon as possible; you can only start from {earliest}"),
                ),
                earliest=_date(earliest),
            )
    elif earliest is None:
        text = format_lazy(
            _voice(
                you,
                _("Start {start}; the candidate can start any time"),
                _("Start {start}; you can start any time"),
            ),
            start=_date(start),
        )
    elif earliest <= start:
        text = format_lazy(
            _voice(
                you,
                _("Start {start}; the candidate can start from {earliest}"),
                _("Start {start}; you can start from {earliest}"),
            ),
            start=_date(start),
            earliest=_date(earliest),
        )
    else:
        text = format_lazy(
            _voice(
                you,
                _("Start {start}; the candidate can start from {earliest} ({later})"),
                _("Start {start}; you can start from {earliest} ({later})"),
            ),
            start=_date(start),
            earliest=_date(earliest),
            later=_later((earliest - start).days),
        )
    return _part("start", points, WEIGHTS["start"], text)


def _switchers_part(points, full, *, level, school_takes, post_open=True):
    if level in QUALIFIED_LEVELS:
        text = _("Already qualified: no career-switcher place needed")
    elif not school_takes:
        text = _("The school does not take career switchers")
    elif not post_open:
        text = _("This post is not open to career switchers")
    else:
        text = _("The school takes career switchers")
    return _part("switchers", points, full, text)
