"""Events and appointments in the browser: a candidate takes a place at an event; desk staff
plan an intake, where HTMX swaps the appointments section in place (errors included).

Selectors use names and structure, not the words, so the test holds in either language."""

import pytest
from django.utils import timezone

from kandidaten.models import Appointment, EventRegistration
from loket.core.models import Role
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import PASSWORD, RegionFactory, UserFactory, give_role
from tests.kandidaten.event_factories import EventFactory, in_days
from tests.kandidaten.factories import CandidateFactory, seed_reference_data


@pytest.fixture
def region(transactional_db):
    seed_reference_data()
    return RegionFactory(name="Domstad", slug="domstad")


def sign_in(page, live_server, email, next_path):
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{next_path}")


def test_a_candidate_takes_a_place_at_an_event(page, live_server, region):
    event = EventFactory(region=region, title="Informatieavond zij-instroom", capacity=12)
    EventFactory(region=region, title="Meeloopdag techniek", starts_at=in_days(12, hour=9))
    candidate = CandidateFactory(region=region, user__email="karim@example.org")
    sign_in(page, live_server, "karim@example.org", "/evenementen/")
    assert page.locator(".event-card").count() == 2
    screenshot(page, "kandidaten-events-list")
    assert serious_accessibility_violations(page) == []

    page.locator(".event-card a", has_text="Informatieavond zij-instroom").click()
    page.wait_for_url(f"**/evenementen/{event.pk}/")
    page.locator(f"form[action='/evenementen/{event.pk}/aanmelden/'] button").click()
    page.wait_for_selector(f"form[action='/evenementen/{event.pk}/afmelden/']")
    assert "11" in page.locator(".event-facts").inner_text()
    screenshot(page, "kandidaten-event-signed-up")
    assert serious_accessibility_violations(page) == []
    assert EventRegistration.objects.get().candidate == candidate


def test_staff_plan_an_intake_and_htmx_swaps_the_section(page, live_server, region):
    staff = UserFactory(email="lotte@loket.example", full_name="Lotte Loket")
    give_role(staff, Role.DESK_STAFF, region=region)
    candidate = CandidateFactory(region=region, full_name="Karim Kandidaat")
    path = f"/loket/kandidaten/{candidate.pk}/afspraken/"
    sign_in(page, live_server, staff.email, path)

    section = page.locator("#file-appointments")
    section.locator("input[name=starts_at]").fill("2020-01-06T10:00")
    section.locator("input[name=location]").fill("Loket, Utrecht")
    section.locator("button[type=submit]").last.click()
    page.wait_for_selector("#file-appointments .error-summary")
    assert page.url.endswith(path)  # swapped in place, no navigation
    assert not Appointment.objects.exists()
    screenshot(page, "kandidaten-appointment-error")

    start = timezone.localtime(in_days(3, hour=10)).strftime("%Y-%m-%dT%H:%M")
    section.locator("input[name=starts_at]").fill(start)
    section.locator("button[type=submit]").last.click()
    page.wait_for_selector("#file-appointments .message--success")
    assert page.locator("#file-appointments tbody tr").count() == 1
    assert "Loket, Utrecht" in page.locator("#file-appointments tbody").inner_text()
    screenshot(page, "kandidaten-appointment-planned")
    assert serious_accessibility_violations(page) == []
    assert Appointment.objects.get().candidate == candidate
