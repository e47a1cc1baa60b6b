"""The HR invitation page in a real browser: a new officer chooses a password, on a phone and
on a desktop; the page is accessible and fits the screen."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from loket.core.mail import delivery
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import BoardFactory, SchoolFactory, deliver_outbox
from tests.vacatures.factories import desk_staff_of
from vacatures.services.invitations import hr_officer_invite


@pytest.fixture
def invitation_link(transactional_db, monkeypatch, live_server):
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)
    school = SchoolFactory(board=BoardFactory(), name="Domstad College")
    inviter = desk_staff_of(school.board.region, full_name="Lotte Loket")
    hr_officer_invite(
        inviter=inviter, email="nina@domstad.example", school=school, base_url=live_server.url
    )
    deliver_outbox()
    return re.search(r"(http://\S+/vacatures/uitnodiging/\S+/)", mail.outbox[0].body).group(1)


@pytest.mark.parametrize("width", [320, 1280])
def test_a_new_hr_officer_accepts_on_a_phone_and_a_desktop(browser, invitation_link, width):
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(invitation_link)
        assert (
            page.get_by_role("heading", level=1).inner_text() == "Uitnodiging voor hr-medewerkers"
        )
        assert "Domstad College" in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"hr-invitation-{width}")
        assert serious_accessibility_violations(page) == []
        page.get_by_label("Volledige naam").fill("Nina Nieuw")
        page.get_by_label("Kies een wachtwoord").fill("Welkom2026!!")
        page.get_by_label("Hetzelfde wachtwoord nog een keer").fill("Welkom2026!!")
        page.get_by_role("button", name="Accepteren en mijn account aanmaken").click()
        assert "te gebruikelijk" in page.locator(".error-summary").inner_text()
        screenshot(page, f"hr-invitation-error-{width}")
        page.get_by_label("Kies een wachtwoord").fill("paarse-fiets-op-het-dak-42")
        page.get_by_label("Hetzelfde wachtwoord nog een keer").fill("paarse-fiets-op-het-dak-42")
        page.get_by_role("button", name="Accepteren en mijn account aanmaken").click()
        page.wait_for_url(f"**{reverse('vacatures:hr_list')}")
        assert "Welkom! Je bent nu hr-medewerker voor Domstad College" in page.content()
    finally:
        context.close()
