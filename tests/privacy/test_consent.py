"""Consent changes keep their promise at once; a new statement version is put to the candidate
at the next sign-in; the footer links the region's full statement, edited in the admin."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kandidaten.models import ConsentKind, PrivacyStatement
from kandidaten.services.privacy import consent_set, current_privacy_statement
from loket.desk.models import Proposal, ProposalStatus
from tests.desk.conftest import login
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consenting(candidate):
    statement = current_privacy_statement()
    for kind in ConsentKind:
        consent_set(candidate=candidate, kind=kind, given=True, statement=statement)
    return candidate


@pytest.fixture
def invited(consenting, school, vacancy, guide):
    return Proposal.objects.create(
        candidate=consenting,
        vacancy=vacancy,
        school=school,
        motivation="m" * 30,
        proposed_by=guide,
        status=ProposalStatus.INVITED,
        interview_at=timezone.now(),
    )


def test_withdrawing_shown_to_schools_takes_them_out_of_hr_views_and_matching_at_once(
    invited, client, hr, guide, vacancy, no_broker
):
    candidate = invited.candidate
    login(client, hr)
    assert candidate.full_name in client.get(reverse("vacatures:hr_proposals")).content.decode()
    login(client, guide)
    matches = client.get(reverse("desk:vacancy_matches", args=[vacancy.pk])).content.decode()
    login(client, candidate.user)
    client.post(reverse("kandidaten:consent"), {"kind": "region_schools", "given": "0"})

    invited.refresh_from_db()
    assert invited.status == ProposalStatus.WITHDRAWN
    login(client, hr)
    assert candidate.full_name not in client.get(reverse("vacatures:hr_proposals")).content.decode()
    assert client.get(reverse("vacatures:hr_proposal", args=[invited.pk])).status_code == 404
    login(client, guide)
    after = client.get(reverse("desk:vacancy_matches", args=[vacancy.pk])).content.decode()
    assert candidate.full_name not in after
    assert candidate.full_name in matches


def test_withdrawing_desk_processing_stops_the_journey_and_offers_erasure(
    consenting, client, no_broker
):
    login(client, consenting.user)
    response = client.post(
        reverse("kandidaten:consent"), {"kind": "desk", "given": "0", "confirm": "yes"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("kandidaten:erase")
    consenting.refresh_from_db()
    assert consenting.phase == "afgehaakt"
    page = client.get(reverse("kandidaten:erase")).content.decode()
    assert "Remove my data for good" in page


def test_a_new_statement_version_is_put_to_the_candidate_at_the_next_sign_in(consenting, client):
    # Signed in before the new version: not interrupted mid-session.
    login(client, consenting.user)
    PrivacyStatement.objects.create(version="2026-2", summary="Nieuwe samenvatting")
    assert client.get(reverse("kandidaten:journey")).status_code == 200
    client.logout()

    client.post(reverse("account_login"), {"login": consenting.user.email, "password": PASSWORD})
    response = client.get(reverse("kandidaten:journey"))
    assert response.status_code == 302
    assert response["Location"] == reverse("kandidaten:agree_statement")
    page = client.get(response["Location"]).content.decode()
    assert "Nieuwe samenvatting" in page
    client.post(reverse("kandidaten:agree_statement"), {"agree": "yes"})
    latest = {r.kind: r.statement.version for r in consenting.consents.select_related("statement")}
    assert set(latest.values()) == {"2026-2"}
    assert client.get(reverse("kandidaten:journey")).status_code == 200
    # Next sign-in: nothing to ask.
    client.logout()
    client.post(reverse("account_login"), {"login": consenting.user.email, "password": PASSWORD})
    assert client.get(reverse("kandidaten:journey")).status_code == 200


def test_not_agreeing_leaves_the_way_to_withdraw(consenting, client):
    PrivacyStatement.objects.create(version="2026-3", summary="Nog nieuwer")
    client.post(reverse("account_login"), {"login": consenting.user.email, "password": PASSWORD})
    response = client.post(reverse("kandidaten:consent"), {"kind": "desk", "given": "0"})
    assert response.status_code == 200  # the confirmation page, not the redirect
    assert 'name="confirm" value="yes"' in response.content.decode()


def test_the_footer_links_the_regions_full_statement_edited_in_the_admin(client, candidate, region):
    region.privacy_statement = "## Wie wij zijn\n\nHet **regioloket** verwerkt je gegevens."
    region.save()
    home = client.get(reverse("home")).content.decode()
    assert reverse("privacy_statement") in home
    page = client.get(reverse("privacy_statement") + f"?regio={region.slug}").content.decode()
    assert "<strong>regioloket</strong>" in page
    login(client, candidate.user)
    own = client.get(reverse("privacy_statement")).content.decode()
    assert "<strong>regioloket</strong>" in own
    assert client.get(reverse("privacy_statement") + "?regio=nope").status_code == 404
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    form = client.get(reverse("admin:loket_region_change", args=[region.pk])).content.decode()
    assert 'name="privacy_statement"' in form
