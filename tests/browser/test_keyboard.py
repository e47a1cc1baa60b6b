"""Registering and signing up for an event with the keyboard only: no mouse, a visible focus
indicator at every Tab stop, errors announced (role="alert", focused) and linked to their fields,
the first option of a radio group included."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from kandidaten.models import Candidate, EventRegistration
from tests.factories import PASSWORD, SchoolFactory, SubjectFactory, UserFactory
from tests.kandidaten.event_factories import EventFactory
from tests.kandidaten.factories import CandidateFactory, seed_reference_data, utrecht_area

MAX_TABS = 150

FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'focus on the page body';
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  if (outline || style.boxShadow !== 'none') return '';
  return 'no visible focus on ' + el.tagName + ' ' + (el.id || el.name || el.textContent.trim());
}"""


@pytest.fixture
def reference_data(transactional_db):
    from django.core.cache import cache

    cache.clear()
    seed_reference_data()
    area = utrecht_area()
    SubjectFactory(name="Scheikunde", slug="scheikunde", is_shortage=True)
    SchoolFactory(latitude=52.09, longitude=5.12)
    return area


def tab_to(page, target, *, backwards=False) -> int:
    """Press Tab until ``target`` has focus; every stop on the way must show where focus is."""
    if target.evaluate("element => element === document.activeElement"):
        return 0
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        problem = page.evaluate(FOCUS_SHOWN)
        assert problem == "", problem
        if target.evaluate("element => element === document.activeElement"):
            return presses
    raise AssertionError(f"{target} not reached in {MAX_TABS} Tab presses")


def choose_radio(page, group_first, option):
    """Tab into a radio group (its first option), arrow to the option, Space checks it."""
    tab_to(page, group_first)
    for _ in range(12):
        if option.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(option).to_be_checked()


def choose_in_select(page, select):
    """Focus a select and pick its first real option with the arrow key."""
    tab_to(page, select)
    page.keyboard.press("ArrowDown")
    assert select.input_value() != ""


def save(page):
    tab_to(page, page.get_by_role("button", name="Opslaan en verder"))
    page.keyboard.press("Enter")


def test_registering_with_the_keyboard_only(page, live_server, reference_data):
    UserFactory(email="kees@example.org")
    page.goto(live_server.url + "/accounts/login/?next=/aanmelden/stap/2/")
    tab_to(page, page.locator("input[name=login]"))
    page.keyboard.type("kees@example.org")
    tab_to(page, page.locator("input[name=password]"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/aanmelden/stap/2/")

    # Step 2 sent empty: the summary is announced and focused, its links lead to the fields.
    save(page)
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert summary.get_attribute("role") == "alert"
    first_link = summary.locator("a").first
    tab_to(page, first_link)
    target = first_link.get_attribute("href").lstrip("#")
    page.keyboard.press("Enter")
    expect(page.locator(f"[id='{target}']")).to_be_focused()
    page.keyboard.type("Kees de Vries")
    tab_to(page, page.get_by_label("Postcode"))
    page.keyboard.type("3511 AB")
    save(page)
    expect(page.get_by_role("heading", level=1, name="Achtergrond")).to_be_focused()

    # Step 3 sent empty: the link of the radio group leads to its first option, not to "#".
    save(page)
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    hrefs = summary.locator("a").evaluate_all("links => links.map((a) => a.getAttribute('href'))")
    assert "#" not in hrefs
    group_link = summary.locator("a[href$='_0']").first
    tab_to(page, group_link)
    page.keyboard.press("Enter")
    first_option = page.locator(f"[id='{group_link.get_attribute('href').lstrip('#')}']")
    expect(first_option).to_be_focused()
    assert first_option.get_attribute("type") == "radio"

    choose_radio(page, first_option, page.get_by_label("wo-master"))
    tab_to(page, page.get_by_label("Studierichting"))
    page.keyboard.type("Scheikunde")
    related = page.get_by_label("Ja, sterk verwant")
    group = page.locator(f"input[name='{related.get_attribute('name')}']").first
    choose_radio(page, group, related)
    choose_in_select(page, page.get_by_label("Wat doe je nu?"))
    choose_in_select(page, page.get_by_label("Je niveau Nederlands"))
    save(page)
    expect(page.get_by_role("heading", level=1, name="Wensen")).to_be_focused()

    tab_to(page, page.get_by_label("Voortgezet onderwijs (vo)"))
    page.keyboard.press("Space")
    # The subjects are folded per sector: one Tab passes a sector, Enter opens it.
    tab_to(page, page.locator(".subject-group summary", has_text="Voortgezet onderwijs (vo)"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Scheikunde (tekortvak)"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Aantal uur per week dat je wilt werken"))
    page.keyboard.type("32")
    save(page)
    expect(page.get_by_role("heading", level=1, name="Privacy en toestemming")).to_be_focused()

    tab_to(page, page.get_by_label("Verwerking van mijn gegevens door het loket"))
    page.keyboard.press("Space")
    choose_in_select(page, page.get_by_label("Hoe heb je van ons gehoord?"))
    save(page)
    expect(page.get_by_role("heading", level=1, name="Je route-advies")).to_be_focused()
    assert Candidate.objects.get(user__email="kees@example.org").registration_step >= 5


def test_signing_up_for_an_event_with_the_keyboard_only(page, live_server, reference_data):
    from loket.core.models import Region

    region = Region.objects.create(name="Onderwijsregio Toetsenland", slug="toetsenland")
    event = EventFactory(region=region, title="Informatieavond zij-instroom", capacity=12)
    CandidateFactory(region=region, user__email="karim@example.org")
    page.goto(live_server.url + "/accounts/login/?next=/evenementen/")
    tab_to(page, page.locator("input[name=login]"))
    page.keyboard.type("karim@example.org")
    tab_to(page, page.locator("input[name=password]"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/evenementen/")

    tab_to(page, page.get_by_role("link", name="Informatieavond zij-instroom"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/evenementen/{event.pk}/")
    tab_to(page, page.locator(f"form[action='/evenementen/{event.pk}/aanmelden/'] button"))
    page.keyboard.press("Enter")
    page.wait_for_selector(f"form[action='/evenementen/{event.pk}/afmelden/']")
    assert EventRegistration.objects.filter(event=event).count() == 1
