"""Working days: Monday to Friday, without the Dutch public holidays (from the maintained
``holidays`` library, so King's Day, Ascension and the rest need no list of our own). Schools
and the desk are closed on those days, so a reminder "after 5 working days" skips them."""

import datetime
from functools import cache

import holidays


@cache
def _dutch_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _dutch_holidays(day.year)


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The date ``count`` working days before ``day``: "unanswered for 5 working days" means
    sent on or before this date."""
    while count > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def next_working_day(day: datetime.date) -> datetime.date:
    """The first working day after ``day``."""
    day += datetime.timedelta(days=1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
