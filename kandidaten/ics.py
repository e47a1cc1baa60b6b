"""Calendar files (.ics, RFC 5545 through ``icalendar``) for events and appointments, and a
guide's private feed.

* Times are written in Europe/Amsterdam with its VTIMEZONE, so a calendar shows the local time
  whatever zone the reader's device is in.
* The UID names the object (``event-12@host``, ``appointment-7@host``), never the version: a
  moved entry replaces the old one and a cancellation (METHOD:CANCEL) removes it. SEQUENCE is
  the object's revision, raised by every move or cancellation.
* Nobody's name is written where others could see it: the guide's feed says "Intake" and links
  to the candidate file (which asks for a sign-in).
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kandidaten.models import Appointment, Event

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PUBLISH, CANCEL = "PUBLISH", "CANCEL"


def _host() -> str:
    return urlsplit(settings.LOKET_SITE_URL).hostname or "regioloket.example"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{_host()}"


def appointment_uid(appointment: Appointment) -> str:
    return f"appointment-{appointment.pk}@{_host()}"


def _calendar(method: str | None = PUBLISH) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.LOKET_PORTAL_NAME}//{_host()}//NL")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def _entry(
    *,
    uid: str,
    sequence: int,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    summary: str,
    location: str = "",
    description: str = "",
    url: str = "",
    cancelled: bool = False,
) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", uid)
    entry.add("sequence", sequence)
    entry.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    entry.add("dtstart", starts_at.astimezone(AMSTERDAM))
    entry.add("dtend", ends_at.astimezone(AMSTERDAM))
    entry.add("summary", summary)
    if location:
        entry.add("location", location)
    if description:
        entry.add("description", description)
    if url:
        entry.add("url", url)
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return entry


def _finish(calendar: icalendar.Calendar, starts: list[datetime.datetime]) -> bytes:
    if starts:
        # Only the years the entries need, so the file stays small.
        first = min(starts).astimezone(AMSTERDAM).date().replace(month=1, day=1)
        last = max(starts).astimezone(AMSTERDAM).date().replace(month=12, day=31)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def _absolute(path: str) -> str:
    return settings.LOKET_SITE_URL.rstrip("/") + path


def event_ics(event: Event) -> bytes:
    """The event as the candidate's calendar keeps it; a cancelled one as METHOD:CANCEL."""
    cancelled = event.cancelled_at is not None
    calendar = _calendar(CANCEL if cancelled else PUBLISH)
    url = _absolute(reverse("kandidaten:event_detail", args=[event.pk]))
    calendar.add_component(
        _entry(
            uid=event_uid(event),
            sequence=event.sequence,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            summary=event.title,
            location=event.location,
            description=url,
            url=url,
            cancelled=cancelled,
        )
    )
    return _finish(calendar, [event.starts_at])


def appointment_ics(appointment: Appointment) -> bytes:
    """The appointment as the candidate's calendar keeps it (with the guide, not the
    candidate, named); a cancelled one as METHOD:CANCEL."""
    cancelled = appointment.cancelled_at is not None
    calendar = _calendar(CANCEL if cancelled else PUBLISH)
    url = _absolute(reverse("kandidaten:journey"))
    place = appointment.online_url or appointment.location
    calendar.add_component(
        _entry(
            uid=appointment_uid(appointment),
            sequence=appointment.sequence,
            starts_at=appointment.starts_at,
            ends_at=appointment.ends_at,
            summary=f"{appointment.get_kind_display()} – {settings.LOKET_PORTAL_NAME}",
            location=place,
            description="\n".join(part for part in [appointment.note, url] if part),
            url=url,
            cancelled=cancelled,
        )
    )
    return _finish(calendar, [appointment.starts_at])


def guide_feed_ics(*, appointments, events) -> bytes:
    """A guide's feed: their appointments as "Intake" with a link to the file (no names), and
    their regions' events. A feed is a calendar to subscribe to, so it has no METHOD."""
    calendar = _calendar(method=None)
    calendar.add("x-wr-calname", f"{settings.LOKET_PORTAL_NAME} – {_('My agenda')}")
    starts = []
    for appointment in appointments:
        starts.append(appointment.starts_at)
        file_url = _absolute(reverse("desk:candidate", args=[appointment.candidate_id]))
        calendar.add_component(
            _entry(
                uid=appointment_uid(appointment),
                sequence=appointment.sequence,
                starts_at=appointment.starts_at,
                ends_at=appointment.ends_at,
                summary=str(appointment.get_kind_display()),
                location=appointment.online_url or appointment.location,
                description=file_url,
                url=file_url,
            )
        )
    for event in events:
        starts.append(event.starts_at)
        url = _absolute(reverse("kandidaten:desk_event_registrations", args=[event.pk]))
        calendar.add_component(
            _entry(
                uid=event_uid(event),
                sequence=event.sequence,
                starts_at=event.starts_at,
                ends_at=event.ends_at,
                summary=event.title,
                location=event.location,
                description=url,
                url=url,
            )
        )
    return _finish(calendar, starts)


def ics_attachment(name: str, content: bytes) -> tuple[str, str]:
    """What ``mail_queue(attachment=...)`` takes."""
    return name, content.decode()
