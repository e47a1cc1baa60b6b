"""The insight dashboard in the browser at 320 and 1280 px: axe clean, no sideways scrolling on
a small phone, one panel refreshed in place; the printable report, the board's view and the
public page. Screenshots of each for a person to look at."""

from urllib.parse import quote

import pytest

from tests.browser.conftest import SCREENSHOTS, screenshot, serious_accessibility_violations
from tests.desk.insight_data import build_world
from tests.factories import PASSWORD, UserFactory
from tests.kandidaten.factories import seed_reference_data
from tests.vacatures.factories import hr_officer_for

PERIOD = "?start=2025-09-01&end=2025-12-31"


@pytest.fixture
def world(transactional_db):
    seed_reference_data()
    return build_world()


def sign_in(page, live_server, email, next_path):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/?next={quote(next_path)}")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{next_path.split('?')[0]}**")


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [320, 1280])
def test_the_dashboard_at_320_and_1280_px(browser, live_server, world, width):
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, world.guide.email, f"/loket/inzicht/{PERIOD}")
        for name in ("shortage", "funnel", "successes", "proposals", "followup"):
            assert page.locator(f"#panel-{name} h2").is_visible()
        assert page.locator("svg[role=img] > title").count() >= 7
        assert serious_accessibility_violations(page) == []
        assert fits(page, width)
        screenshot(page, f"insight-dashboard-{width}")
        page.screenshot(path=str(SCREENSHOTS / f"insight-dashboard-top-{width}.png"))
        for name in ("shortage", "funnel", "successes", "proposals", "followup"):
            page.locator(f"#panel-{name}").screenshot(
                path=str(SCREENSHOTS / f"insight-{name}-{width}.png")
            )
        if width == 1280:
            # The funnel's own choice refreshes the funnel only (HTMX), in place.
            page.locator("#panel-shortage").evaluate("el => el.dataset.marker = 'kept'")
            page.locator("#funnel-split").select_option("route")
            page.wait_for_url("**split=route**")
            assert "naar geadviseerde route" in page.locator("#panel-funnel").inner_text()
            assert page.locator("#panel-shortage").get_attribute("data-marker") == "kept"
            assert serious_accessibility_violations(page) == []
    finally:
        context.close()


def test_the_dashboard_filters_work_without_javascript(js_off_page, live_server, world):
    page = js_off_page
    sign_in(page, live_server, world.guide.email, f"/loket/inzicht/{PERIOD}")
    page.locator("#insight_municipality").select_option("Zeist")
    page.get_by_role("button", name="Toon de cijfers").click()
    page.wait_for_url("**municipality=Zeist**")
    table = page.locator("#panel-shortage table").first.inner_text()
    assert "Natuurkunde" in table and "Wiskunde" not in table


def test_the_printable_report(page, live_server, world):
    sign_in(page, live_server, world.guide.email, "/loket/inzicht/rapport/?month=2025-10")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("#panel-successes").is_visible()
    screenshot(page, "insight-report-print")
    page.emulate_media(media="screen")
    assert serious_accessibility_violations(page) == []


@pytest.mark.parametrize("width", [320, 1280])
def test_the_board_view_and_the_public_page(browser, live_server, world, width):
    hr_officer_for(board=world.school_r.board, email="hr@dom.example")
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/inzicht/domstad/")
        assert serious_accessibility_violations(page) == []
        assert fits(page, width)
        assert "&lt;5" in page.content() or "<5" in page.inner_text("main")
        screenshot(page, f"insight-public-{width}")
        sign_in(page, live_server, "hr@dom.example", f"/vacatures/beheer/inzicht/{PERIOD}")
        assert serious_accessibility_violations(page) == []
        assert fits(page, width)
        screenshot(page, f"insight-board-{width}")
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_national_view_says_how_fresh_it_is(browser, live_server, world, width):
    UserFactory(email="beheer@landelijk.example", is_superuser=True, is_staff=True)
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, "beheer@landelijk.example", f"/loket/inzicht/landelijk/{PERIOD}")
        assert "Bijgewerkt om" in page.locator("#panel-regions").inner_text()
        assert serious_accessibility_violations(page) == []
        assert fits(page, width)
        screenshot(page, f"insight-national-{width}")
    finally:
        context.close()
