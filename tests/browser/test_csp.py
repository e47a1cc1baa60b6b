"""The Content-Security-Policy in a real browser: every role's pages, and the HTMX swaps, run
without a single violation (no inline script or style slipped in, htmx configured for it)."""

import pytest
from django.conf import settings
from django.test import Client

from kandidaten.models import Phase
from loket.core.mail import delivery
from loket.core.mail.outbox import mail_queue
from loket.core.models import MailReason, Region
from loket.desk.models import Proposal
from tests.factories import BoardFactory, SchoolFactory, SubjectFactory, coordinator_of
from tests.kandidaten.event_factories import EventFactory
from tests.kandidaten.factories import CandidateFactory, seed_reference_data
from tests.vacatures.factories import VacancyFactory, desk_staff_of, hr_officer_for

# Registered before any page script runs; the policy does not apply to it.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline')
    + ' at ' + event.sourceFile + ':' + event.lineNumber);
});
"""


@pytest.fixture
def world(transactional_db, settings, monkeypatch):
    settings.DEBUG = True  # the outbox pages are a development aid
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)
    seed_reference_data()
    region = Region.objects.create(name="Onderwijsregio Domstad", slug="domstad")
    school = SchoolFactory(board=BoardFactory(region=region), name="Domstad College")
    maths = SubjectFactory(name="Wiskunde", slug="wiskunde", is_shortage=True)
    vacancy = VacancyFactory(
        school=school, title="Docent wiskunde", published=True, subjects=[maths]
    )
    event = EventFactory(region=region, title="Informatieavond")
    guide = desk_staff_of(region, full_name="Gerda Gids")
    candidate = CandidateFactory(
        region=region,
        guide=guide,
        full_name="Noor El Amrani",
        consent_region_schools=True,
        phase=Phase.ORIENTATIE,
    )
    candidate.subjects.set([maths])
    hr = hr_officer_for(school=school, full_name="Harm HR")
    proposal = Proposal.objects.create(
        candidate=candidate, vacancy=vacancy, school=school, proposed_by=guide, motivation="Past"
    )
    sent = mail_queue(recipient=candidate.user, reason=MailReason.TEST, key="t:1", region=region)
    coordinator = coordinator_of(region)
    return {
        "visitor": (
            None,
            [
                "/",
                "/vacatures/",
                f"/vacatures/{vacancy.pk}/",
                "/evenementen/",
                f"/evenementen/{event.pk}/",
                "/aanmelden/",
                "/accounts/login/",
                "/accounts/signup/",
                "/inzicht/",
                "/privacyverklaring/",
            ],
        ),
        "candidate": (
            candidate.user,
            ["/mijn-traject/", "/mijn-traject/gegevens/", "/mijn-traject/verwijderen/"],
        ),
        "desk": (
            guide,
            [
                "/loket/",
                f"/loket/kandidaten/{candidate.pk}/",
                f"/loket/kandidaten/{candidate.pk}/matches/",
                f"/loket/vacatures/{vacancy.pk}/kandidaten/",
                "/loket/voorstellen/",
                "/loket/inzicht/",
                "/loket/inzicht/rapport/",
                "/e-mail/uitgaand/",
                f"/e-mail/uitgaand/{sent.pk}/",
            ],
        ),
        "hr": (
            hr,
            [
                "/vacatures/beheer/",
                f"/vacatures/beheer/{vacancy.pk}/",
                "/vacatures/beheer/voorstellen/",
                "/vacatures/beheer/inzicht/",
                f"/vacatures/beheer/voorstellen/{proposal.pk}/",
            ],
        ),
        "coordinator": (coordinator, ["/beheer/", "/beheer/loket/school/"]),
    }


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def test_no_page_of_any_role_breaks_the_content_security_policy(browser, live_server, world):
    found = []
    for role, (user, paths) in world.items():
        context = browser.new_context(locale="nl-NL")
        context.add_init_script(LISTEN)
        console = []
        page = context.new_page()
        page.on(
            "console",
            lambda message, console=console: (
                console.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        if user is not None:
            _sign_in(page, live_server, user)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status < 400, f"{role} {path}: {response.status}"
            assert response.headers.get("content-security-policy"), path
            page.wait_for_load_state("networkidle")
            found += [f"{role} {path}: {v}" for v in _violations(page)]
        found += [f"{role}: {text}" for text in console]
        context.close()
    assert found == []


def test_htmx_swaps_run_under_the_policy(browser, live_server, world):
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(LISTEN)
    page = context.new_page()
    _sign_in(page, live_server, world["desk"][0])
    page.goto(live_server.url + "/loket/")
    with page.expect_response(lambda r: "/loket/" in r.url and r.request.headers.get("hx-request")):
        page.locator("#id_q").fill("Noor")
    page.wait_for_load_state("networkidle")
    assert "Noor El Amrani" in page.content()
    page.goto(live_server.url + "/vacatures/")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.locator("#id_q").fill("wiskunde")
    page.wait_for_load_state("networkidle")
    assert _violations(page) == []
    context.close()
