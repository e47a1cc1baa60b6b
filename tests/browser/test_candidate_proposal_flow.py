"""The whole flow from the candidate's side, in Chromium: registration with a foreign teaching
qualification, route advice with the first step named, a proposal they would rather not have
and then take back, the school's invitation with a message, the hire with its details, and My
journey afterwards. Screenshots at 1280 and 320 px."""

import datetime

import pytest
from django.utils import timezone

from kandidaten.models import Candidate, Phase
from loket.core.models import MailReason, OutgoingMail, Region
from loket.desk.models import Proposal, ProposalStatus
from loket.desk.services import proposals as services
from tests.browser.conftest import SCREENSHOTS, screenshot, serious_accessibility_violations
from tests.factories import PASSWORD, BoardFactory, SchoolFactory, SubjectFactory
from tests.kandidaten.factories import seed_reference_data, utrecht_area
from tests.vacatures.factories import (
    VacancyFactory,
    desk_staff_of,
    hr_officer_for,
)
from tests.vacatures.factories import (
    candidate as candidate_user,
)

MESSAGE = "Neem je diploma mee; de sectieleider schuift ook aan."


@pytest.fixture
def setting(transactional_db):
    from django.core.cache import cache

    cache.clear()
    seed_reference_data()
    utrecht_area()
    region = Region.objects.create(
        name="Onderwijsregio Domstad", slug="domstad", desk_email="loket@domstad.example"
    )
    school = SchoolFactory(
        board=BoardFactory(region=region), name="Domstad College", latitude=52.09, longitude=5.12
    )
    chemistry = SubjectFactory(name="Scheikunde", slug="scheikunde", is_shortage=True)
    vacancy = VacancyFactory(
        school=school, title="Docent scheikunde onderbouw", published=True, subjects=[chemistry]
    )
    desk = desk_staff_of(region, email="desk@loket.example", full_name="Dirk Desk")
    hr = hr_officer_for(school=school, email="hr@domstad.example", full_name="Harm HR")
    user = candidate_user(email="amal@example.org", full_name="")
    return {"region": region, "vacancy": vacancy, "desk": desk, "hr": hr, "user": user}


def sign_in(page, live_server, email, next_path):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{next_path}")


def save_and_continue(page, step):
    page.get_by_role("button", name="Opslaan en verder").click()
    page.wait_for_url(f"**/aanmelden/stap/{step}/")


def at_both_widths(page, name, within="main", detail=None):
    """A full-page screenshot at 1280 and at 320 px; at 320 nothing of ``within`` may reach
    beyond the screen."""
    screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 320, "height": 800})
    everything = ", ".join(f"{part}, {part} *" for part in within.split(", "))
    widest = page.evaluate(
        "(s) => Math.max(...[...document.querySelectorAll(s)]"
        ".map(e => e.getBoundingClientRect().right))",
        everything,
    )
    assert widest <= 320, f"{name}: {within} reaches {widest}px at 320"
    screenshot(page, f"{name}-320")
    if detail:  # the part that matters, readable at its real size
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(detail).first.screenshot(path=str(SCREENSHOTS / f"{name}-320-detail.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_candidates_whole_flow(page, live_server, setting):
    region, vacancy = setting["region"], setting["vacancy"]
    sign_in(page, live_server, "amal@example.org", "/aanmelden/stap/2/")

    # Registration: a maths teacher from abroad whose qualification DUO has not recognised yet.
    page.get_by_label("Volledige naam").fill("Amal Haddad")
    page.get_by_label("Postcode").fill("3511 AB")
    page.locator("#id_region").select_option(str(region.pk))
    save_and_continue(page, 3)
    page.locator("input[name=education][value=wo_bachelor]").check()
    page.get_by_label("Studierichting").fill("Scheikunde")
    page.locator("input[name=field_related][value=yes]").check()
    page.get_by_label("Wat doe je nu?").select_option("job_seeker")
    page.get_by_label("Je niveau Nederlands").select_option("b1")
    page.locator("#id_q-0-country").select_option("foreign")
    page.locator("#id_q-0-grade").select_option("first")
    assert not page.locator("#id_q-0-recognised").is_checked()
    save_and_continue(page, 4)
    page.get_by_label("Voortgezet onderwijs (vo)").check()
    page.locator("input[name=secondary_level][value=lower]").check()
    page.locator(".subject-group summary", has_text="Voortgezet onderwijs (vo)").click()
    page.get_by_label("Scheikunde (tekortvak)").check()
    page.get_by_label("Aantal uur per week dat je wilt werken").fill("24")
    save_and_continue(page, 5)
    page.get_by_label("Verwerking van mijn gegevens door het loket").check()
    page.get_by_label("Zichtbaar zijn voor scholen in mijn regio").check()
    page.get_by_label("Hoe heb je van ons gehoord?").select_option("social")
    save_and_continue(page, 6)

    # The advice names the first step and why: DUO recognition, before any training.
    first = page.locator(".route--recommended")
    assert "Erkenning van je buitenlandse lerarendiploma (DUO)" in first.inner_text()
    assert "DUO" in first.locator(".route-why").inner_text()
    assert page.locator(".route-list .route").count() >= 1, "the other routes follow"
    page.reload()  # the messages consumed (see test_kandidaten_journey)
    assert serious_accessibility_violations(page) == []
    at_both_widths(page, "flow-advice", detail=".route--recommended")

    candidate = Candidate.objects.get(user__email="amal@example.org")
    assert candidate.guide_id is None, "nobody guides her yet: the mails must not promise one"
    proposal = services.proposal_send(
        actor=setting["desk"],
        candidate=candidate,
        vacancy=vacancy,
        motivation="Amal gaf acht jaar scheikunde in Syrië en zoekt een school in de regio.",
    )

    # She would rather not: a page asks to confirm, with an optional reason.
    page.goto(f"{live_server.url}/mijn-traject/")
    card = page.locator(f"#proposal-{proposal.pk}")
    assert "Docent scheikunde onderbouw" in card.inner_text()
    card.locator("a.button").click()
    page.wait_for_url(f"**/voorstellen/{proposal.pk}/afzien/")
    page.locator("#rather_not_reason").fill("Ik wil eerst mijn erkenning rond hebben.")
    assert serious_accessibility_violations(page) == []
    at_both_widths(page, "flow-rather-not", detail="main")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/mijn-traject/#proposals")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    # The desk hears it, with her reason, though she has no guide: whoever proposed her.
    told = OutgoingMail.objects.get(
        reason=MailReason.PROPOSAL_ANSWERED, recipient=setting["desk"], key__contains="withdrawn"
    )
    assert "erkenning rond" in told.body_text

    # She changes her mind before the school answered: undo.
    page.locator(f"#proposal-{proposal.pk} button[type=submit]").click()
    page.wait_for_url("**/mijn-traject/#proposals")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SENT

    # The school invites her with a message for her and the desk, then hires her.
    services.proposal_accept(
        actor=setting["hr"],
        proposal=proposal,
        interview_at=timezone.now() + datetime.timedelta(days=3),
        interview_location="Domstad College, kamer 12",
        note=MESSAGE,
    )
    page.reload()
    assert MESSAGE in page.locator(f"#proposal-{proposal.pk}").inner_text()
    assert page.locator(f"#proposal-{proposal.pk} button[type=submit]").count() == 0
    start = timezone.localdate() + datetime.timedelta(days=40)
    services.proposal_record_outcome(
        actor=setting["hr"],
        proposal=proposal,
        hired=True,
        start_date=start,
        hours_per_week=24,
        contract_type="temporary",
    )

    # My journey after the hire: the details, no guide promised, skipped phases not "done".
    page.reload()
    card = page.locator(f"#proposal-{proposal.pk}")
    text = card.inner_text()
    assert "24" in text and start.strftime("%Y") in text
    assert "guide" not in text.lower() and "begeleider" not in text.lower()
    skipped = page.locator(".timeline__item--skipped")
    assert skipped.count() == 2  # the intake and the assessment
    assert page.locator(".timeline__item--done").count() == 3  # interest, orientation, matching
    page.reload()
    assert serious_accessibility_violations(page) == []
    # (The journey's messages and consent tables, not part of this flow, are wider than 320.)
    at_both_widths(page, "flow-journey-hired", within="#proposals, .timeline", detail="#proposals")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 320, "height": 800})
    page.locator(".timeline").screenshot(path=str(SCREENSHOTS / "flow-journey-timeline-320.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    candidate.refresh_from_db()
    assert candidate.phase == Phase.GESTART
    assert Proposal.objects.get().status == ProposalStatus.HIRED
