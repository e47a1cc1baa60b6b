"""One "My account" page leads to every account setting; allauth's pages sit under it in the
portal's layout; the sign-in message does not linger over the registration."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.vacatures.factories import desk_staff_of


def sign_in_with_password(client, user):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    )


@pytest.mark.django_db
def test_my_account_leads_to_addresses_password_and_two_step_sign_in(client):
    user = UserFactory()
    client.force_login(user)
    home = client.get("/").content.decode()
    assert f'href="{reverse("account_overview")}">Mijn account</a>' in home
    html = client.get(reverse("account_overview")).content.decode()
    assert "<h1>Mijn account</h1>" in html
    for name in ("account_email", "account_change_password", "mfa_index"):
        assert f'href="{reverse(name)}"' in html, name


@pytest.mark.django_db
def test_my_account_asks_to_sign_in(client):
    response = client.get(reverse("account_overview"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["account_email", "account_change_password", "mfa_index"])
def test_every_account_page_leads_back_to_my_account(client, name):
    client.force_login(UserFactory())
    html = client.get(reverse(name)).content.decode()
    assert f'<a href="{reverse("account_overview")}">Mijn account</a>' in html
    assert 'class="site-header"' in html


@pytest.mark.django_db
def test_someone_going_on_to_register_gets_no_lingering_signed_in_message(client, region):
    response = sign_in_with_password(client, UserFactory())
    assert response.redirect_chain[-1][0].startswith("/aanmelden/")
    assert "ingelogd als" not in response.content.decode()

    client.logout()
    staff = desk_staff_of(region)
    response = sign_in_with_password(client, staff)
    assert "ingelogd als" in response.content.decode()


@pytest.mark.django_db
def test_signing_up_and_the_code_are_step_one_of_the_registration_in_plain_dutch(client):
    from django.core.cache import cache

    cache.clear()  # allauth's sign-up limits count per client in the cache
    signup = client.get(reverse("account_signup")).content.decode()
    assert "Stap 1 van 6: Account" in signup
    response = client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.org", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    assert "<h1>Bevestig je e-mailadres</h1>" in html.replace("\n", "").replace("  ", "")
    assert "Stap 1 van 6: Account" in html
    assert "e-emailadres" not in html
