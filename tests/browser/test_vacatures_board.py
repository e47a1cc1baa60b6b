"""The vacancy board in a real browser: filtering live with HTMX and as a plain form without JS."""

import re

import pytest
from playwright.sync_api import expect

from loket.core.models import PostcodeArea
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import BoardFactory, SchoolFactory, SubjectFactory
from tests.vacatures.factories import VacancyFactory


@pytest.fixture
def board_data(transactional_db):
    PostcodeArea.objects.create(
        digits="3511", municipality="Utrecht", latitude=52.092, longitude=5.115
    )
    board = BoardFactory()
    utrecht = SchoolFactory(
        board=board, name="Domcollege", municipality="Utrecht", latitude=52.09, longitude=5.12
    )
    amersfoort = SchoolFactory(
        board=board,
        name="Eemschool",
        municipality="Amersfoort",
        latitude=52.157,
        longitude=5.385,
        sectors=["po"],
        school_types=["basisschool"],
    )
    maths = SubjectFactory(name="Wiskunde", slug="wiskunde", is_shortage=True)
    english = SubjectFactory(name="Engels", slug="engels")
    primary = SubjectFactory(name="Groepsleerkracht", slug="groepsleerkracht", sectors=["po"])
    VacancyFactory(
        school=utrecht, title="Docent wiskunde bovenbouw", subjects=[maths], published=True
    )
    VacancyFactory(
        school=utrecht, title="Docent Engels onderbouw", subjects=[english], published=True
    )
    VacancyFactory(
        school=amersfoort, title="Leerkracht groep 5", subjects=[primary], published=True
    )
    return {"maths": maths}


def result_titles(page) -> list[str]:
    return page.locator(".vacancy-card h3").all_inner_texts()


def test_filtering_with_javascript_updates_results_in_place(page, live_server, board_data):
    page.goto(live_server.url + "/vacatures/")
    assert len(result_titles(page)) == 3
    # A marker on the window survives only if the page is not reloaded.
    page.evaluate("window.__stillHere = true")
    page.get_by_label("Vak").select_option("wiskunde")
    page.wait_for_url(re.compile(r"subject=wiskunde"))
    expect(page.locator(".vacancy-card")).to_have_count(1)
    assert result_titles(page) == ["Docent wiskunde bovenbouw"]
    assert page.evaluate("window.__stillHere") is True
    assert "1 vacature gevonden" in page.locator("#results").inner_text()

    # Typing a search narrows live as well (Dutch stemming: "leerkrachten" finds "Leerkracht").
    page.get_by_label("Vak").select_option("")
    page.get_by_label("Zoeken", exact=True).fill("leerkrachten")
    page.wait_for_url(re.compile(r"q=leerkrachten"))
    expect(page.locator(".vacancy-card")).to_have_count(1)
    assert result_titles(page) == ["Leerkracht groep 5"]
    assert page.evaluate("window.__stillHere") is True
    screenshot(page, "vacatures-board-js-filtered")

    # The URL holds the search: opening it fresh shows the same results and filled-in form.
    shared = page.url
    page.goto(shared)
    assert result_titles(page) == ["Leerkracht groep 5"]
    assert page.get_by_label("Zoeken", exact=True).input_value() == "leerkrachten"


def test_filtering_without_javascript_uses_the_plain_form(js_off_page, live_server, board_data):
    page = js_off_page
    page.goto(live_server.url + "/vacatures/")
    assert len(result_titles(page)) == 3
    page.get_by_label("Vak").select_option("wiskunde")
    page.get_by_label("Je postcode").fill("3511 AB")
    page.get_by_label("Sorteren op").select_option("nearest")
    page.get_by_role("button", name="Toon vacatures").click()
    page.wait_for_url(re.compile(r"subject=wiskunde"))
    assert "postcode=3511+AB" in page.url
    assert result_titles(page) == ["Docent wiskunde bovenbouw"]
    assert "km hiervandaan" in page.locator(".vacancy-card").first.inner_text()
    screenshot(page, "vacatures-board-no-js-filtered")

    page.get_by_role("link", name="Docent wiskunde bovenbouw").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Docent wiskunde bovenbouw"
    screenshot(page, "vacatures-detail-no-js")


def test_board_is_accessible_and_fits_a_phone(page, phone_page, live_server, board_data):
    page.goto(live_server.url + "/vacatures/")
    screenshot(page, "vacatures-board-desktop")
    assert serious_accessibility_violations(page) == []
    phone_page.goto(live_server.url + "/vacatures/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "vacatures-board-phone")
    assert serious_accessibility_violations(phone_page) == []


def test_paging_with_javascript_swaps_only_the_results(page, live_server, transactional_db):
    VacancyFactory.create_batch(25, published=True)
    page.goto(live_server.url + "/vacatures/?sort=closing")
    assert len(result_titles(page)) == 20
    page.evaluate("window.__stillHere = true")
    page.get_by_role("link", name="Volgende").click()
    page.wait_for_url(re.compile(r"sort=closing&page=2"))
    expect(page.locator(".vacancy-card")).to_have_count(5)
    assert page.evaluate("window.__stillHere") is True
    assert "Pagina 2 van 2" in page.locator("#results").inner_text()
    page.go_back()
    expect(page.locator(".vacancy-card")).to_have_count(20)
