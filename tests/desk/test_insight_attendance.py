"""Follow-up health counts who came to the regions' events in the period, as the desk
recorded it."""

import datetime

import pytest
from django.urls import reverse

from kandidaten.models import Event
from loket.desk.insight import panels
from tests.desk.conftest import login
from tests.desk.insight_data import AMSTERDAM, build_world
from tests.kandidaten.event_factories import EventFactory, EventRegistrationFactory
from tests.kandidaten.factories import CandidateFactory


@pytest.fixture
def world(db):
    return build_world()


def held(world, region, kind, day, **kwargs):
    moment = datetime.datetime(2025, 10, day, 19, 0, tzinfo=AMSTERDAM)
    return EventFactory(
        region=region,
        kind=kind,
        starts_at=moment,
        ends_at=moment + datetime.timedelta(hours=2),
        **kwargs,
    )


def places(event, *attended, cancelled=False):
    for value in attended:
        EventRegistrationFactory(
            event=event,
            candidate=CandidateFactory(region=event.region),
            attended=value,
            cancelled_at=event.starts_at - datetime.timedelta(days=1) if cancelled else None,
        )


def test_attendance_per_kind_of_event_in_the_period(world):
    info = held(world, world.r, Event.Kind.INFO, 2)
    places(info, True, True, False, None)
    places(info, True, cancelled=True)  # a place given up before the evening: not counted
    trial = held(world, world.r, Event.Kind.TRIAL_DAY, 9)
    places(trial, True, False)
    # Not counted: another region's event, a cancelled event, an event outside the period.
    places(held(world, world.s, Event.Kind.INFO, 3), True, True)
    places(
        held(world, world.r, Event.Kind.INFO, 4, cancelled_at=datetime.datetime.now(AMSTERDAM)),
        True,
    )
    outside = EventFactory(
        region=world.r, starts_at=datetime.datetime(2026, 2, 1, 19, tzinfo=AMSTERDAM)
    )
    places(outside, True)

    table = panels.followup_panel(world.filters()).table("attendance")
    assert table.rows == [
        ["Information event", 4, 2, 1, 1],
        ["Trial day", 2, 1, 1, 0],
    ]


def test_the_dashboard_shows_attendance_with_its_csv(client, world):
    places(held(world, world.r, Event.Kind.INFO, 2), True, False)
    login(client, world.guide)
    period = {"start": "2025-09-01", "end": "2025-12-31"}
    html = client.get(reverse("desk:insight"), period).content.decode()
    assert "Event attendance in the period" in html
    response = client.get(reverse("desk:insight_csv", args=["attendance"]), period)
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1].split(";")[1:] == ["2", "1", "1", "0"]
