"""In the browser, with and without JavaScript: joining a waiting list, and booking, moving
and cancelling an intake (htmx swaps the booking section in place; without JavaScript the same
forms post and the page comes back with the message). Screenshots at 1280 and 320 px."""

import pytest

from kandidaten.models import Appointment, Phase, WaitingListEntry
from loket.core.models import Role
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import PASSWORD, RegionFactory, UserFactory, give_role
from tests.kandidaten.event_factories import (
    EventFactory,
    EventRegistrationFactory,
    IntakeSlotFactory,
    in_days,
)
from tests.kandidaten.factories import CandidateFactory, seed_reference_data


@pytest.fixture
def region(transactional_db):
    seed_reference_data()
    return RegionFactory(name="Domstad", slug="domstad")


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.param, request.getfixturevalue(
        "page" if request.param == "js" else "js_off_page"
    )


def sign_in(page, live_server, email, next_path):
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{next_path}")


def both_widths(page, name, mode):
    """A screenshot at 1280 px and one at 320 px. With JavaScript on, the page also fits 320 px
    without scrolling sideways and axe finds nothing serious (both need a script in the page;
    the HTML without JavaScript is the same)."""
    screenshot(page, f"{name}-{mode}-1280")
    page.set_viewport_size({"width": 320, "height": 800})
    screenshot(page, f"{name}-{mode}-320")
    if mode == "js":
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert serious_accessibility_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_candidate_joins_the_waiting_list_of_a_full_event(any_page, live_server, region):
    mode, page = any_page
    event = EventFactory(region=region, title="Informatieavond zij-instroom", capacity=1)
    EventRegistrationFactory(event=event, candidate=CandidateFactory(region=region))
    CandidateFactory(region=region, user__email="karim@example.org")
    path = f"/evenementen/{event.pk}/"
    sign_in(page, live_server, "karim@example.org", path)
    page.locator(f"form[action='{path}wachtlijst/'] button").click()
    page.wait_for_selector(f"form[action='{path}wachtlijst/verlaten/']")
    assert "nummer 1" in page.locator("#signup-title + p").inner_text()
    both_widths(page, "events-waiting-list", mode)
    assert WaitingListEntry.objects.get().is_waiting


def test_a_candidate_books_moves_and_cancels_an_intake(any_page, live_server, region):
    mode, page = any_page
    guide = UserFactory(full_name="Gerda Gids")
    give_role(guide, Role.DESK_STAFF, region=region)
    first = IntakeSlotFactory(guide=guide, region=region, starts_at=in_days(3, hour=10))
    second = IntakeSlotFactory(guide=guide, region=region, starts_at=in_days(4, hour=14))
    candidate = CandidateFactory(
        region=region, phase=Phase.ORIENTATIE, user__email="karim@example.org"
    )
    path = "/mijn-traject/intake/"
    sign_in(page, live_server, "karim@example.org", path)
    both_widths(page, "intake-free-times", mode)

    page.locator(f"form[action='{path}{first.pk}/boeken/'] button").click()
    page.wait_for_selector(f"form[action='{path}annuleren/']")
    assert page.locator(".message--success", has_text="Je intake is geboekt").count() == 1
    assert page.url.endswith(path)
    both_widths(page, "intake-booked", mode)
    assert Appointment.objects.get(cancelled_at=None).slot == first

    page.locator(f"form[action='{path}{second.pk}/boeken/'] button").click()
    page.wait_for_selector(f"form[action='{path}{first.pk}/boeken/']")
    appointment = Appointment.objects.get(cancelled_at=None)
    assert appointment.slot == second and appointment.sequence == 1

    page.locator(f"form[action='{path}annuleren/'] button").click()
    page.wait_for_selector(f"form[action='{path}annuleren/']", state="detached")
    assert page.locator(".message--success", has_text="Je intake is afgezegd").count() == 1
    both_widths(page, "intake-cancelled", mode)
    assert not candidate.appointments.filter(cancelled_at=None).exists()


def test_the_desk_records_attendance_and_a_guide_publishes_times(page, live_server, region):
    staff = UserFactory(email="lotte@loket.example", full_name="Lotte Loket")
    give_role(staff, Role.DESK_STAFF, region=region)
    event = EventFactory(
        region=region,
        title="Meeloopdag",
        starts_at=in_days(-1, hour=9),
        ends_at=in_days(-1, hour=15),
    )
    came = EventRegistrationFactory(
        event=event, candidate=CandidateFactory(region=region, full_name="Karim Kandidaat")
    )
    EventRegistrationFactory(
        event=event, candidate=CandidateFactory(region=region, full_name="Nadia Niet")
    )
    path = f"/loket/evenementen/{event.pk}/aanwezigheid/"
    sign_in(page, live_server, staff.email, path)
    page.locator(f"input[name='came-{came.pk}'][value=ja]").check()
    page.locator("form.attendance button[type=submit]").click()
    page.wait_for_selector(".message--success")
    both_widths(page, "desk-attendance", "js")
    came.refresh_from_db()
    assert came.attended is True

    page.goto(f"{live_server.url}/loket/agenda/?dag={in_days(3).date().isoformat()}")
    start = in_days(3, hour=14).strftime("%Y-%m-%dT%H:%M")
    page.locator("input[name=starts_at]").fill(start)
    page.locator("input[name=location]").fill("Loket Domstad")
    page.locator("form.event-form button[type=submit]").click()
    page.wait_for_selector(".message--success")
    both_widths(page, "desk-agenda", "js")
    assert "14:00" in page.locator("#day-title + ul").inner_text()
