"""A candidate sees and downloads their data, then removes it after confirming with their
password, in Chromium; screenshots at 1280 and 320 pixels wide."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kandidaten.models import Candidate
from kandidaten.services.documents import document_upload
from loket.core.mail import delivery
from loket.desk.models import CandidateNote, Contact
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import PASSWORD
from tests.kandidaten.factories import CandidateFactory, seed_reference_data
from tests.vacatures.factories import desk_staff_of

# How far the widest element in the content is wider than its own box.
WIDEST_OVERFLOW = (
    "Math.max(...Array.from(document.querySelectorAll('main *'),"
    " e => e.scrollWidth - e.clientWidth))"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def someone(transactional_db, monkeypatch, settings, tmp_path):
    from django.core.cache import cache

    cache.clear()  # allauth's rate limits count in the cache
    settings.LOKET_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)
    seed_reference_data()
    candidate = CandidateFactory(
        full_name="Noor El Amrani",
        user__full_name="Noor El Amrani",
        user__email="noor@example.org",
        phone="0612345678",
        consent_region_schools=True,
    )
    guide = desk_staff_of(candidate.region, full_name="Gerda Gids")
    Candidate.objects.filter(pk=candidate.pk).update(guide=guide)
    Contact.objects.create(
        candidate=candidate,
        kind="phone",
        occurred_on=timezone.localdate(),
        summary="Gebeld over de pabo en de zij-instroom.",
        author=guide,
    )
    CandidateNote.objects.create(
        candidate=candidate, text="Twijfelt tussen po en vo.", author=guide
    )
    document_upload(candidate=candidate, kind="cv", upload=SimpleUploadedFile("cv-noor.pdf", PDF))
    return candidate


def sign_in(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "noor@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def both_widths(page, name: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, f"{name}_1280")
    page.set_viewport_size({"width": 320, "height": 800})
    # The content itself never scrolls sideways (the site header is shared chrome).
    width = page.evaluate(WIDEST_OVERFLOW)
    screenshot(page, f"{name}_320")
    assert width <= 1, f"{name}: content wider than its box at 320 px ({width} px)"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_export_then_erasure_in_the_browser(page, live_server, someone):
    sign_in(page, live_server)
    page.goto(live_server.url + "/mijn-traject/")
    page.locator("#your-data a[href='/mijn-traject/gegevens/']").click()
    page.wait_for_url("**/mijn-traject/gegevens/")
    body = page.locator("main").inner_text()
    assert "Gebeld over de pabo" in body and "Twijfelt tussen po en vo." in body
    assert "cv-noor.pdf" in body
    assert serious_accessibility_violations(page) == []
    both_widths(page, "privacy_export")

    with page.expect_download() as download:
        page.locator("a[href$='?format=json']").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["profile"][0]["full_name"] == "Noor El Amrani"
    assert data["contacts"][0]["summary"].startswith("Gebeld over de pabo")

    page.goto(live_server.url + "/mijn-traject/verwijderen/")
    assert serious_accessibility_violations(page) == []
    both_widths(page, "privacy_erase")
    page.check("input[name=confirm]")
    page.locator("main form button.button--warning").click()
    page.wait_for_url("**/accounts/reauthenticate/**")
    both_widths(page, "privacy_reauthenticate")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/mijn-traject/verwijderd/")
    both_widths(page, "privacy_erased")

    someone.refresh_from_db()
    assert someone.is_anonymised and someone.full_name == ""
    assert not someone.documents.exists()
    # Signed out, and the old password no longer works.
    sign_in(page, live_server)
    assert "/accounts/login/" in page.url
