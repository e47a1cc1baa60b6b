"""A guide's private calendar feed: one address per person, found only by its long random
token; renewing the token makes the old address stop at once."""

import datetime

from django.db import transaction
from django.utils import timezone

from kandidaten.ics import guide_feed_ics
from kandidaten.models import CalendarFeed, Event
from kandidaten.models.intakes import new_feed_token
from kandidaten.selectors import feed_appointments
from loket.core.models import User
from loket.core.selectors import staff_regions

FEED_HISTORY_DAYS = 30


def calendar_feed_of(user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """A new token for the user's feed; the old address answers 404 from now on."""
    feed = calendar_feed_of(user)
    feed.token = new_feed_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed


def calendar_feed_ics(token: str) -> bytes | None:
    """The feed behind a token, or None. Only staff (still) working for a region have one:
    someone who left the desk gets nothing, even with an old address."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    regions = staff_regions(feed.user)
    if not regions.exists():
        return None
    now = timezone.now()
    since = now - datetime.timedelta(days=FEED_HISTORY_DAYS)
    events = Event.objects.filter(region__in=regions, cancelled_at=None, ends_at__gt=since)
    return guide_feed_ics(
        appointments=feed_appointments(feed.user, now=now),
        events=events.order_by("starts_at", "pk"),
    )
