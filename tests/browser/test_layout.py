"""The base layout in a real browser: keyboard, language switch, phone width, accessibility."""

import pytest

from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import SubjectFactory


@pytest.fixture
def shortage_subjects(transactional_db):
    for name in ("Wiskunde", "Natuurkunde", "Nederlands"):
        SubjectFactory(name=name, is_shortage=True)


def test_home_page_keyboard_skip_link_and_accessibility(page, live_server, shortage_subjects):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    assert skip.evaluate("element => element === document.activeElement")
    skip.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.get_by_role("heading", level=1).inner_text() == "Word leraar in jouw regio"
    screenshot(page, "home-desktop")
    assert serious_accessibility_violations(page) == []


def test_language_switch_in_the_browser(page, live_server, shortage_subjects):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Become a teacher in your region"
    assert page.locator("html").get_attribute("lang") == "en"


def test_home_page_on_a_phone(phone_page, live_server, shortage_subjects):
    phone_page.goto(live_server.url + "/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    screenshot(phone_page, "home-phone")
    assert serious_accessibility_violations(phone_page) == []
