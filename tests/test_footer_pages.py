"""The footer: contact, privacy and accessibility statement for everyone; no raw service status."""

import pytest
from django.urls import reverse

from tests.factories import RegionFactory


@pytest.fixture
def desk_region(db):
    return RegionFactory(
        name="Onderwijsregio Testland",
        desk_email="loket@domstad.example",
        desk_phone="030 123 45 67",
    )


@pytest.mark.django_db
def test_the_footer_links_contact_privacy_and_accessibility_but_not_the_health_check(client):
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert f'href="{reverse("contact")}"' in footer
    assert f'href="{reverse("privacy_statement")}"' in footer
    assert f'href="{reverse("accessibility_statement")}"' in footer
    assert "/health/" not in footer


def test_the_contact_page_gives_each_desks_details(client, desk_region):
    response = client.get(reverse("contact"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Onderwijsregio Testland" in html
    assert 'href="mailto:loket@domstad.example"' in html
    assert 'href="tel:0301234567"' in html


def test_the_accessibility_statement_has_the_parts_a_public_body_publishes(client, desk_region):
    html = client.get(reverse("accessibility_statement")).content.decode()
    for heading in (
        "Status",
        "Zo hebben we het gecontroleerd",
        "Wat nog niet goed werkt",
        "Een probleem melden",
    ):
        assert heading in html
    assert "voldoet gedeeltelijk" in html
    assert "2 december 2026" in html
    assert "loket@domstad.example" in html
