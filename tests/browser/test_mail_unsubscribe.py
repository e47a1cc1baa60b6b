"""Unsubscribing from reminders in a real browser: without JavaScript, on a phone, accessible."""

import pytest
from django.urls import reverse

from loket.core.mail.preferences import reminders_opted_out, unsubscribe_token
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import UserFactory


@pytest.fixture
def person(transactional_db):
    return UserFactory(full_name="Sanne de Vries", email="sanne@example.org", language="nl")


def _url(live_server, person):
    return live_server.url + reverse(
        "mail:unsubscribe", kwargs={"token": unsubscribe_token(person.pk)}
    )


def test_unsubscribe_without_javascript(js_off_page, live_server, person):
    js_off_page.goto(_url(live_server, person))
    assert (
        "sanne@example.org"
        in js_off_page.get_by_role("heading", level=1).locator("xpath=..").inner_text()
    )
    js_off_page.get_by_role("button", name="Stop met herinneringen").click()
    assert "krijgt geen herinneringen meer" in js_off_page.get_by_role("status").inner_text()
    assert reminders_opted_out(person)
    screenshot(js_off_page, "mail-unsubscribed")


def test_unsubscribe_page_on_a_phone_is_accessible(phone_page, live_server, person):
    phone_page.goto(_url(live_server, person))
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "mail-unsubscribe-phone")
    assert serious_accessibility_violations(phone_page) == []
