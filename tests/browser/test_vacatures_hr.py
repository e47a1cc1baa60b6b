"""An HR officer posts a vacancy in the browser: a mistake is explained, then it goes live."""

import pytest

from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import PASSWORD, SchoolFactory, SubjectFactory
from tests.vacatures.factories import hr_officer_for, in_days


@pytest.fixture
def officer(transactional_db):
    school = SchoolFactory(name="Domcollege")
    SubjectFactory(name="Wiskunde", slug="wiskunde")
    return hr_officer_for(school=school, email="hr@domcollege.example")


def sign_in(page, live_server, email, next_path):
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{next_path}")


def test_hr_officer_fixes_a_mistake_and_publishes(page, live_server, officer):
    sign_in(page, live_server, officer.email, "/vacatures/beheer/nieuw/")
    page.get_by_label("School", exact=True).select_option(label="Domcollege (Utrecht)")
    page.get_by_label("Titel", exact=True).fill("Docent wiskunde bovenbouw")
    page.get_by_label("Wiskunde").check()
    page.get_by_label("Vereiste bevoegdheid").select_option("first_grade")
    page.get_by_label("Uren per week", exact=True).fill("48")
    page.get_by_label("Soort contract").select_option("permanent")
    page.get_by_label("Startdatum").fill(in_days(30).isoformat())
    page.get_by_label("Sluitingsdatum").fill(in_days(10).isoformat())
    page.get_by_label("Omschrijving").fill("Kom bij ons werken!<script>alert(1)</script>")
    page.get_by_label("Contactpersoon", exact=True).fill("Hanna de Wit")
    page.get_by_label("E-mailadres contactpersoon").fill("hr@domcollege.example")
    page.get_by_role("button", name="Opslaan en publiceren").click()

    summary = page.locator(".error-summary")
    assert "tussen 1 en 40" in summary.inner_text()
    assert "vóór de startdatum" in summary.inner_text()
    assert "bevat HTML" in summary.inner_text()
    screenshot(page, "vacatures-hr-form-errors")
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Uren per week", exact=True).fill("32")
    page.get_by_label("Sluitingsdatum").fill(in_days(40).isoformat())
    page.get_by_label("Omschrijving").fill("Kom bij ons werken!\n\n- **Fijne** sectie")
    page.get_by_role("button", name="Opslaan en publiceren").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Docent wiskunde bovenbouw"
    assert "Gepubliceerd" in page.locator(".lead").inner_text()
    screenshot(page, "vacatures-hr-detail")

    page.goto(live_server.url + "/vacatures/")
    assert "Docent wiskunde bovenbouw" in page.locator("#results").inner_text()
