"""Every page of every role, crawled in Chromium at 1280 and 320 px: no axe violation (WCAG 2.1 A
and AA), nothing wider than the screen, no server error or broken link, no page over 150 KB.

The crawl starts on each role's own pages of the demo data and follows the same-site links it
finds, ids included. To stay a few minutes long it visits one page per URL pattern (the ids
collapsed: ``/loket/kandidaten/7/`` and ``/loket/kandidaten/9/`` are one pattern) and at most
``PAGES_PER_ROLE`` patterns per role. It only follows links (GET): logging out, language switches
and downloads are skipped, and no form is sent; the HTMX swaps have their own test below.
"""

import re
from collections import deque
from datetime import date
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import expect

from loket import demo
from tests.browser.conftest import _new_page

WIDTHS = (1280, 320)
PAGES_PER_ROLE = 18
MAX_PAGE_BYTES = 150 * 1024
# Django's admin needs its minified jQuery (85 KB) on every page: its pages get a budget of their
# own, and no page may load a vendor script's unminified copy.
ADMIN_MAX_PAGE_BYTES = 250 * 1024
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

# Each role's sign-in, start pages, and the parts of the site that are its own work: links there
# are followed first, so the cap goes to the role's pages rather than the public ones again.
ROLES = {
    "visitor": (
        None,
        ["/", "/vacatures/", "/evenementen/", "/aanmelden/", "/accounts/login/"],
        ("/",),
    ),
    "candidate": (
        "kandidaat@demo.regioloket.example",
        ["/mijn-traject/"],
        ("/mijn-traject/", "/aanmelden/", "/accounts/"),
    ),
    "desk": ("loket@demo.regioloket.example", ["/loket/"], ("/loket/", "/e-mail/")),
    "coordinator": (
        "coordinator@demo.regioloket.example",
        ["/loket/", "/beheer/"],
        ("/loket/inzicht/", "/beheer/"),
    ),
    "hr_school": (
        "hr.school@demo.regioloket.example",
        ["/vacatures/beheer/"],
        ("/vacatures/beheer/", "/accounts/"),
    ),
    "hr_board": (
        "hr.bestuur@demo.regioloket.example",
        ["/vacatures/beheer/"],
        ("/vacatures/beheer/",),
    ),
    "adviser": ("adviseur@demo.regioloket.example", ["/opleiding/"], ("/opleiding/",)),
}

# Links a crawler must not follow: they sign out, switch the language, download a file, or leave
# the pages a person reads (raw JSON, the admin's own change history).
SKIP = re.compile(
    r"^/(accounts/logout|i18n/|health/|static/|media/)"
    r"|/(export|download|bestand|document|history|delete|csv)(/|$|\.)"
    r"|\.(ics|csv|json|pdf|zip|xml|atom|rss)$"
)
# Pages the crawl leaves out on purpose: the admin's change forms are Django's (checked at
# their index and list pages); the crawl does not fill or send them.
SKIP_PATTERNS = re.compile(r"^/beheer/.+/(add|N/change)/$")


def pattern_of(link: str) -> str:
    """The URL pattern of a link: ids collapsed, the query left off (pages of one list)."""
    return re.sub(r"/\d+(?=/|$)", "/N", link.split("?")[0])


@pytest.fixture
def demo_world(transactional_db):
    cache.clear()
    demo.seed()


def _sign_in(context, live_server, email):
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def page_resources(page) -> dict[str, int]:
    """Bytes of the page itself and each same-site style, script and image it loads (a resource
    served from the browser's cache reports 0: the crawl remembers its size from before)."""
    return dict(
        page.evaluate(
            """() => performance.getEntriesByType('navigation')
              .concat(performance.getEntriesByType('resource'))
              .filter((e) => new URL(e.name).origin === location.origin)
              .map((e) => [new URL(e.name).pathname, e.decodedBodySize || 0])"""
        )
    )


def problems_on(page, where: str, width: int) -> list[str]:
    found = []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        found.append(f"{where}: {scroll_width} px wide at {width} px")
    results = Axe().run(page, options=AXE_OPTIONS)
    for violation in results.response.get("violations", []):
        targets = ", ".join(str(node["target"][0]) for node in violation["nodes"][:3])
        found.append(f"{where}: axe {violation['id']} ({violation['impact']}) on {targets}")
    return found


def crawl(browser, live_server, role: str, width: int) -> tuple[list[str], set[str]]:
    email, starts, own = ROLES[role]
    context, page = _new_page(
        browser, viewport={"width": width, "height": 800}, is_mobile=width < 400
    )
    if email:
        _sign_in(context, live_server, email)
    queue, later = deque(starts), deque()
    seen_patterns: set[str] = set()
    found: list[str] = []
    sizes: dict[str, int] = {}
    while (queue or later) and len(seen_patterns) < PAGES_PER_ROLE:
        path = (queue or later).popleft()
        pattern = pattern_of(path)
        if pattern in seen_patterns or SKIP_PATTERNS.search(pattern):
            continue
        seen_patterns.add(pattern)
        response = page.goto(live_server.url + path)
        where = f"{role} {width}px {path}"
        if response.status >= 400:
            found.append(f"{where}: HTTP {response.status}")
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        page.wait_for_load_state("load")
        resources = page_resources(page)
        for name, size in resources.items():
            sizes[name] = max(size, sizes.get(name, 0))
        weight = sum(sizes[name] for name in resources)
        if weight > (ADMIN_MAX_PAGE_BYTES if path.startswith("/beheer/") else MAX_PAGE_BYTES):
            found.append(f"{where}: {weight // 1024} KB")
        found += [
            f"{where}: unminified {name}"
            for name in resources
            if "/vendor/" in name and name.endswith(".js") and not name.endswith(".min.js")
        ]
        found += problems_on(page, where, width)
        for href in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)"):
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != live_server.url:
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if not SKIP.search(parts.path) and pattern_of(link) not in seen_patterns:
                (queue if parts.path.startswith(own) else later).append(link)
    context.close()
    return found, seen_patterns


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_every_role_is_accessible_and_fits(
    browser, live_server, demo_world, role, width
):
    found, visited = crawl(browser, live_server, role, width)
    assert len(visited) >= len(ROLES[role][1]), visited
    assert found == [], "\n".join(found)


def _htmx_swap(page, action):
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        action()
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_stay_accessible_after_their_htmx_swaps(browser, live_server, demo_world, width):
    found = []
    context, page = _new_page(
        browser, viewport={"width": width, "height": 800}, is_mobile=width < 400
    )
    # The board filters.
    page.goto(live_server.url + "/vacatures/")
    _htmx_swap(page, lambda: page.locator("#id_q").fill("wiskunde"))
    found += problems_on(page, f"board filter {width}px", width)
    context.close()

    context, page = _new_page(
        browser, viewport={"width": width, "height": 800}, is_mobile=width < 400
    )
    _sign_in(context, live_server, "loket@demo.regioloket.example")
    # The pipeline filters.
    page.goto(live_server.url + "/loket/")
    _htmx_swap(page, lambda: page.locator("#id_q").fill("a"))
    found += problems_on(page, f"pipeline filter {width}px", width)
    # The contact log on a file: an empty save (an error), then a real one.
    page.locator("#results a[href^='/loket/kandidaten/']").first.click()
    page.wait_for_load_state("load")
    log = page.locator("#contact-log")
    _htmx_swap(page, lambda: log.locator("button[type=submit]").click())
    found += problems_on(page, f"contact log error {width}px", width)
    log.locator("select").first.select_option(index=1)
    log.locator("input[type=date]").fill(date.today().isoformat())
    log.locator("textarea").fill("Gebeld over de informatieavond.")
    _htmx_swap(page, lambda: log.locator("button[type=submit]").click())
    expect(page.locator("#contact-log")).to_contain_text("Gebeld over de informatieavond.")
    found += problems_on(page, f"contact log saved {width}px", width)
    context.close()

    # Registration: a new candidate's first step sent empty (errors), swapped in place.
    context, page = _new_page(
        browser, viewport={"width": width, "height": 800}, is_mobile=width < 400
    )
    user = get_user_model().objects.create_user(email=f"nieuw{width}@example.org")
    _sign_in(context, live_server, user.email)
    page.goto(live_server.url + "/aanmelden/stap/2/")
    _htmx_swap(page, lambda: page.get_by_role("button", name="Opslaan en verder").click())
    expect(page.locator("#error-summary")).to_be_visible()
    found += problems_on(page, f"registration step 2 errors {width}px", width)
    context.close()
    assert found == [], "\n".join(found)
