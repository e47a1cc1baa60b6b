"""One whole proposal in the browser: the desk finds a match and proposes, the school's HR
officer invites and hires, the candidate has started. Screenshots of each side."""

import datetime

import pytest
from django.utils import timezone

from kandidaten.models import Phase
from loket.core.models import Region
from loket.desk.models import Proposal, ProposalStatus
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import PASSWORD, BoardFactory, SchoolFactory, SubjectFactory
from tests.kandidaten.factories import CandidateFactory, seed_reference_data
from tests.vacatures.factories import VacancyFactory, desk_staff_of, hr_officer_for


@pytest.fixture
def setting(transactional_db):
    seed_reference_data()
    region = Region.objects.create(name="Onderwijsregio Domstad", slug="domstad")
    school = SchoolFactory(board=BoardFactory(region=region), name="Domstad College")
    maths = SubjectFactory(name="Wiskunde", slug="wiskunde")
    vacancy = VacancyFactory(
        school=school, title="Docent wiskunde onderbouw", published=True, subjects=[maths]
    )
    guide = desk_staff_of(region, email="gids@loket.example", full_name="Gerda Gids")
    candidate = CandidateFactory(
        region=region,
        guide=guide,
        full_name="Noor El Amrani",
        user__full_name="Noor El Amrani",
        consent_region_schools=True,
        phase=Phase.INTAKE,
        teaching_level="route_second",
    )
    candidate.subjects.set([maths])
    hr = hr_officer_for(school=school, email="hr@domstad.example", full_name="Harm HR")
    return {"vacancy": vacancy, "guide": guide, "candidate": candidate, "hr": hr}


def sign_in(page, live_server, email, next_path):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{next_path}")


def test_a_proposal_from_the_desk_to_the_school_to_a_hire(page, live_server, setting):
    candidate = setting["candidate"]
    # The desk: the candidate file, then the ranked vacancies with their explanation.
    sign_in(page, live_server, "gids@loket.example", f"/loket/kandidaten/{candidate.pk}/")
    screenshot(page, "desk-candidate-file")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="Zoek passende vacatures", exact=True).click()
    match = page.locator(".match").filter(has_text="Docent wiskunde onderbouw")
    # What fits is folded away; opening it shows why the score is high.
    match.locator("summary").click()
    assert "Zelfde vak: Wiskunde" in match.inner_text()
    screenshot(page, "desk-matches")
    assert serious_accessibility_violations(page) == []
    match.get_by_role("link", name="Voorstellen").click()

    # A motivation that is too short is explained; then the proposal goes out.
    page.get_by_label("Motivatie voor de school").fill("Kort")
    page.get_by_role("button", name="Verstuur het voorstel").click()
    assert "minstens 20 tekens" in page.locator(".error-summary").inner_text()
    page.get_by_label("Motivatie voor de school").fill(
        "Noor was tien jaar analist en wil graag wiskunde geven aan de onderbouw."
    )
    page.get_by_role("button", name="Verstuur het voorstel").click()
    page.wait_for_url(f"**/loket/kandidaten/{candidate.pk}/**")
    assert "Wacht op antwoord van de school" in page.locator("#proposals").inner_text()
    proposal = Proposal.objects.get()

    # The school: a limited profile, then an invitation and the outcome.
    sign_in(page, live_server, "hr@domstad.example", "/vacatures/beheer/voorstellen/")
    page.get_by_role("link", name="Noor A.").click()
    assert "El Amrani" not in page.content()
    screenshot(page, "hr-proposal-before-invite")
    assert serious_accessibility_violations(page) == []
    when = timezone.localtime() + datetime.timedelta(days=3)
    page.get_by_label("Datum en tijd van het gesprek").fill(when.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Locatie").fill("Domstad College, kamer 12")
    page.get_by_role("button", name="Uitnodigen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Noor El Amrani"
    assert candidate.user.email in page.content()
    page.get_by_label("Aangenomen", exact=True).check()
    # A hire needs its start date, hours and contract type.
    page.get_by_role("button", name="Leg de uitkomst vast").click()
    assert page.locator(".error-summary").count() == 1
    start = timezone.localdate() + datetime.timedelta(days=40)
    page.locator("#outcome_start_date").fill(start.isoformat())
    page.locator("#outcome_hours_per_week").fill("24")
    page.locator("#outcome_contract_type").select_option("permanent")
    page.get_by_role("button", name="Leg de uitkomst vast").click()
    assert "Aangenomen" in page.locator(".lead").inner_text()
    screenshot(page, "hr-proposal-hired")

    proposal.refresh_from_db()
    candidate.refresh_from_db()
    assert proposal.status == ProposalStatus.HIRED
    assert candidate.phase == Phase.GESTART

    # The candidate sees it on My journey.
    sign_in(page, live_server, candidate.user.email, "/mijn-traject/")
    assert "Aangenomen" in page.locator("#proposals").inner_text()
    screenshot(page, "journey-hired")
