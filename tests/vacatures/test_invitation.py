"""Desk staff invite HR officers: role for a school or board, and a link to set a password."""

import re

import pytest
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
)
from tests.vacatures.factories import desk_staff_of, hr_officer_for


@pytest.mark.django_db
def test_desk_staff_invite_a_new_hr_officer_who_sets_a_password_and_gets_in(client, region):
    school = SchoolFactory(board=BoardFactory(region=region), name="Domcollege")
    client.force_login(desk_staff_of(region, full_name="Lotte Loket"))
    response = client.post(
        reverse("vacatures:hr_invite"),
        {"email": "Nieuw.HR@School.example", "full_name": "Nina Nieuw", "school": school.pk},
    )
    assert response.status_code == 302
    # The invitation is recorded in the outbox, for the worker to send.
    invitation = OutgoingMail.objects.get(to_email="nieuw.hr@school.example")
    assert (invitation.reason, invitation.essential) == ("account", True)
    deliver_outbox()
    user = User.objects.get(email="nieuw.hr@school.example")
    assert not user.has_usable_password()
    assert RoleAssignment.objects.filter(user=user, role=Role.HR_OFFICER, school=school).exists()
    (message,) = mail.outbox
    assert message.to == ["nieuw.hr@school.example"]
    assert "Domcollege" in message.subject
    assert "Lotte Loket" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body).group(1)

    client.logout()
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"password1": "een-nieuw-wachtwoord-42", "password2": "een-nieuw-wachtwoord-42"}
    )
    assert response.status_code == 302
    assert client.login(email="nieuw.hr@school.example", password="een-nieuw-wachtwoord-42")
    assert client.get(reverse("vacatures:hr_list")).status_code == 200


@pytest.mark.django_db
def test_inviting_an_existing_user_adds_the_role_without_a_second_account(client, region):
    existing = UserFactory(email="bestaand@example.org")
    board = BoardFactory(region=region)
    client.force_login(coordinator_of(region))
    client.post(
        reverse("vacatures:hr_invite"), {"email": "BESTAAND@example.org", "board": board.pk}
    )
    deliver_outbox()
    assert User.objects.filter(email__iexact="bestaand@example.org").count() == 1
    assert RoleAssignment.objects.filter(user=existing, role=Role.HR_OFFICER, board=board).exists()
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)  # their password is untouched
    assert reverse("vacatures:hr_list") in mail.outbox[0].body


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
