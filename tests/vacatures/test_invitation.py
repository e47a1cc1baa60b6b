"""Desk staff invite HR officers: role for a school or board, and a link to set a password."""

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from loket.core.models import OutgoingMail, Role, RoleAssignment, User
from tests.factories import (
    PASSWORD,
    BoardFactory,
    SchoolFactory,
    UserFactory,
    coordinator_of,
    deliver_outbox,
    give_role,
)
from tests.vacatures.factories import desk_staff_of, hr_officer_for


def _invitation_link(message) -> str:
    return re.search(r"http://testserver(/vacatures/uitnodiging/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_desk_staff_invite_a_new_hr_officer_who_sets_a_password_and_gets_in(client, region):
    school = SchoolFactory(board=BoardFactory(region=region), name="Domcollege")
    client.force_login(desk_staff_of(region, full_name="Lotte Loket"))
    response = client.post(
        reverse("vacatures:hr_invite"),
        {"email": "Nieuw.HR@School.example", "full_name": "Nina Nieuw", "school": school.pk},
    )
    assert response.status_code == 302
    # The invitation is recorded in the outbox, for the worker to send; nothing else changes.
    invitation = OutgoingMail.objects.get(to_email="nieuw.hr@school.example")
    assert (invitation.reason, invitation.essential) == ("account", True)
    assert not User.objects.filter(email="nieuw.hr@school.example").exists()
    deliver_outbox()
    (message,) = mail.outbox
    assert message.to == ["nieuw.hr@school.example"]
    assert "Domcollege" in message.subject
    assert "Lotte Loket" in message.body
    link = _invitation_link(message)

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "Domcollege" in page.content.decode()
    response = client.post(
        link,
        {
            "full_name": "Nina Nieuw",
            "password1": "een-nieuw-wachtwoord-42",
            "password2": "een-nieuw-wachtwoord-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw.hr@school.example")
    assert RoleAssignment.objects.filter(user=user, role=Role.HR_OFFICER, school=school).exists()
    assert client.get(reverse("vacatures:hr_list")).status_code == 200
    client.logout()
    assert client.login(email="nieuw.hr@school.example", password="een-nieuw-wachtwoord-42")


@pytest.mark.django_db
def test_an_invitation_link_works_once(client, region):
    school = SchoolFactory(board__region=region)
    client.force_login(desk_staff_of(region))
    client.post(
        reverse("vacatures:hr_invite"), {"email": "een@school.example", "school": school.pk}
    )
    deliver_outbox()
    link = _invitation_link(mail.outbox[0])
    client.logout()
    password = {
        "full_name": "Een",
        "password1": "lang-genoeg-en-uniek-7",
        "password2": "lang-genoeg-en-uniek-7",
    }
    assert client.post(link, password).status_code == 302
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "al geaccepteerd" in again.content.decode()
    # Nor can a second password be set with it.
    other = {
        **password,
        "password1": "een-ander-wachtwoord-8",
        "password2": "een-ander-wachtwoord-8",
    }
    assert client.post(link, other).status_code == 410
    assert client.login(email="een@school.example", password="lang-genoeg-en-uniek-7")


@pytest.mark.django_db
def test_an_invitation_link_expires(client, region):
    school = SchoolFactory(board__region=region)
    with time_machine.travel("2026-12-01 10:00 +0100", tick=False):
        client.force_login(desk_staff_of(region))
        client.post(
            reverse("vacatures:hr_invite"), {"email": "laat@school.example", "school": school.pk}
        )
        deliver_outbox()
        link = _invitation_link(mail.outbox[0])
        client.logout()
    with time_machine.travel("2026-12-08 10:01 +0100", tick=False):
        response = client.get(link)
        assert response.status_code == 410
        assert "verlopen" in response.content.decode()
        form = {
            "full_name": "L",
            "password1": "lang-genoeg-en-uniek-7",
            "password2": "lang-genoeg-en-uniek-7",
        }
        assert client.post(link, form).status_code == 410
    assert not User.objects.filter(email="laat@school.example").exists()


@pytest.mark.django_db
def test_a_made_up_invitation_link_is_a_clear_404(client):
    response = client.get(reverse("vacatures:hr_invitation", args=["verzonnen-token"]))
    assert response.status_code == 404
    assert "niet geldig" in response.content.decode()


@pytest.mark.django_db
def test_a_new_hr_officer_gets_the_password_rules(client, region):
    school = SchoolFactory(board__region=region)
    client.force_login(desk_staff_of(region))
    client.post(
        reverse("vacatures:hr_invite"), {"email": "zwak@school.example", "school": school.pk}
    )
    deliver_outbox()
    link = _invitation_link(mail.outbox[0])
    client.logout()
    response = client.post(
        link, {"full_name": "Z", "password1": "Welkom2026!!", "password2": "Welkom2026!!"}
    )
    # 200, not 400: a 4xx would write the URL, with its live token, to the log.
    assert response.status_code == 200
    assert "te gebruikelijk" in response.content.decode()
    assert not User.objects.filter(email="zwak@school.example").exists()


@pytest.mark.django_db
def test_inviting_an_existing_account_changes_nothing_until_its_owner_accepts(client, region):
    existing = UserFactory(email="bestaand@example.org")
    give_role(existing, Role.CANDIDATE)
    board = BoardFactory(region=region)
    client.force_login(coordinator_of(region))
    client.post(
        reverse("vacatures:hr_invite"), {"email": "BESTAAND@example.org", "board": board.pk}
    )
    deliver_outbox()
    assert User.objects.filter(email__iexact="bestaand@example.org").count() == 1
    assert not RoleAssignment.objects.filter(user=existing, role=Role.HR_OFFICER).exists()
    link = _invitation_link(mail.outbox[0])

    # Someone else who reads the link (a colleague, the outbox) cannot use it.
    client.force_login(desk_staff_of(region))
    page = client.get(link).content.decode()
    assert "ander account" in page
    assert client.post(link, {"answer": "accept"}).status_code == 200
    assert not RoleAssignment.objects.filter(user=existing, role=Role.HR_OFFICER).exists()
    # A visitor is asked to sign in as the owner.
    client.logout()
    assert "Log in om te accepteren" in client.get(link).content.decode()

    client.force_login(existing)
    assert client.post(link, {"answer": "accept"})["Location"] == reverse("vacatures:hr_list")
    assert RoleAssignment.objects.filter(user=existing, role=Role.HR_OFFICER, board=board).exists()
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)  # their password is untouched


@pytest.mark.django_db
def test_the_owner_can_decline_and_nothing_changes(client, region):
    superuser = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    school = SchoolFactory(board__region=region)
    client.force_login(desk_staff_of(region))
    client.post(reverse("vacatures:hr_invite"), {"email": "root@example.org", "school": school.pk})
    deliver_outbox()
    link = _invitation_link(mail.outbox[0])
    client.force_login(superuser)
    assert client.post(link, {"answer": "decline"}).status_code == 302
    assert not RoleAssignment.objects.filter(user=superuser).exists()
    assert client.get(link).status_code == 410


@pytest.mark.django_db
def test_invitation_is_refused_for_another_region_or_without_a_scope(client, region, other_region):
    foreign = SchoolFactory(board__region=other_region)
    own = SchoolFactory(board__region=region)
    client.force_login(desk_staff_of(region))
    url = reverse("vacatures:hr_invite")
    response = client.post(url, {"email": "x@example.org", "school": foreign.pk})
    assert "Kies een school of bestuur uit je eigen regio" in response.content.decode()
    response = client.post(url, {"email": "x@example.org"})
    assert "Kies één school of één bestuur" in response.content.decode()
    response = client.post(url, {"email": "x@example.org", "school": own.pk, "board": own.board_id})
    assert "Kies één school of één bestuur" in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_hr_officers_and_candidates_cannot_invite(client, region):
    school = SchoolFactory(board__region=region)
    client.force_login(hr_officer_for(school=school))
    assert client.get(reverse("vacatures:hr_invite")).status_code == 404
