"""Home page, layout, language switch, health endpoint, admin scoping and staff MFA."""

import json

import pytest
from django.urls import reverse

from loket import views
from loket.core.models import Role
from tests.factories import (
    PASSWORD,
    SchoolFactory,
    SubjectFactory,
    UserFactory,
    coordinator_of,
    give_role,
)


@pytest.mark.django_db
def test_home_page_is_dutch_by_default_with_accessible_skeleton(client):
    SubjectFactory(name="Wiskunde", is_shortage=True)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<header" in html and "<main" in html and "<footer" in html
    assert "Word leraar in jouw regio" in html
    assert "Wiskunde" in html
    assert "django_htmx/htmx-2.min.js" in html
    assert '"X-CSRFToken"' in html


@pytest.mark.django_db
def test_language_switch_works_without_javascript(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Become a teacher in your region" in html
    # The switch offers the way back in the other language.
    assert ">\n              Nederlands" in html or "Nederlands" in html


@pytest.mark.django_db
def test_account_pages_keep_personal_data_out_of_htmx_history(client):
    html = client.get(reverse("account_login")).content.decode()
    assert 'hx-history="false"' in html


@pytest.mark.django_db
def test_health_is_200_when_the_database_answers(client, monkeypatch):
    monkeypatch.setattr(views, "_check_broker", lambda: True)
    response = client.get("/health/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "checks": {"database": "ok"}}


@pytest.mark.django_db
def test_health_stays_200_while_the_broker_is_down(client, monkeypatch):
    """The site works while Redis is down (mail waits in the outbox): the load balancer's check
    must not take it away. The background check says that the broker is down."""
    from loket.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    assert client.get("/health/").status_code == 200
    response = client.get("/health/background/")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error" and body["checks"]["broker"] == "error"


@pytest.mark.django_db
def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr(views, "_check_database", lambda: False)
    monkeypatch.setattr(views, "_check_broker", lambda: True)
    response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "checks": {"database": "error"}}
    body = json.loads(client.get("/health/background/").content)
    assert body["checks"] == {"database": "error", "broker": "ok", "worker": "unknown"}


@pytest.mark.django_db
def test_the_background_check_is_200_with_a_broker_and_a_recent_heartbeat(client, monkeypatch):
    from django.utils import timezone

    from loket.core.models import Heartbeat

    monkeypatch.setattr(views, "_check_broker", lambda: True)
    Heartbeat.objects.create(name="heartbeat", last_run_at=timezone.now())
    response = client.get("/health/background/")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["checks"] == {"database": "ok", "broker": "ok", "worker": "ok"}
    assert body["heartbeat"]["stale"] is False


@pytest.mark.django_db
def test_coordinator_sees_only_schools_of_own_region_in_admin(client, region, other_region):
    own = SchoolFactory(board__region=region, name="Eigen School")
    foreign = SchoolFactory(board__region=other_region, name="Andere School")
    client.force_login(coordinator_of(region))
    html = client.get(reverse("admin:loket_school_changelist")).content.decode()
    assert "Eigen School" in html
    assert "Andere School" not in html
    assert client.get(reverse("admin:loket_school_change", args=[own.pk])).status_code == 200
    foreign_url = reverse("admin:loket_school_change", args=[foreign.pk])
    response = client.get(foreign_url)
    # Django's admin answers an object outside the queryset with a redirect to the index.
    assert response.status_code == 302
    response = client.post(foreign_url, {"name": "Overgenomen"})
    foreign.refresh_from_db()
    assert foreign.name == "Andere School"


@pytest.mark.django_db
def test_coordinator_cannot_move_a_school_into_another_region(client, region, other_region):
    school = SchoolFactory(board__region=region)
    foreign_board = SchoolFactory(board__region=other_region).board
    client.force_login(coordinator_of(region))
    url = reverse("admin:loket_school_change", args=[school.pk])
    data = {
        "name": school.name,
        "branch_number": school.branch_number,
        "region": other_region.pk,
        "board": foreign_board.pk,
        "sectors": "vo",
        "school_types": "havo",
        "street_address": school.street_address,
        "postcode": school.postcode,
        "municipality": school.municipality,
        "latitude": "52.1",
        "longitude": "5.1",
        "accepts_career_switchers": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the form comes back with errors
    assert "Selecteer een geldige keuze" in response.content.decode()
    school.refresh_from_db()
    assert school.region == region


@pytest.mark.django_db
def test_coordinator_reads_subjects_but_cannot_change_them(client, region):
    SubjectFactory(name="Wiskunde")
    client.force_login(coordinator_of(region))
    assert client.get(reverse("admin:loket_subject_changelist")).status_code == 200
    assert client.get(reverse("admin:loket_subject_add")).status_code == 403


@pytest.mark.django_db
def test_desk_staff_without_coordinator_role_has_no_admin(client, region):
    user = UserFactory(is_staff=True)
    give_role(user, Role.DESK_STAFF, region=region)
    client.force_login(user)
    assert client.get(reverse("admin:loket_school_changelist")).status_code == 403


@pytest.mark.django_db
def test_staff_without_second_factor_are_sent_to_set_one_up(client, region, settings):
    settings.LOKET_REQUIRE_STAFF_MFA = True
    user = UserFactory()
    give_role(user, Role.DESK_STAFF, region=region)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Setting up the second factor is reachable (allauth may first ask for the password again):
    # the middleware must not send the user round in circles.
    final = client.get(reverse("mfa_activate_totp"), follow=True)
    assert final.status_code == 200
    assert final.redirect_chain == [] or final.redirect_chain[-1][0].startswith("/accounts/")


@pytest.mark.django_db
def test_candidates_are_not_forced_into_mfa(client, settings):
    settings.LOKET_REQUIRE_STAFF_MFA = True
    user = UserFactory()
    give_role(user, Role.CANDIDATE)
    client.force_login(user)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_login_with_email_and_password(client):
    user = UserFactory(email="lotte@example.org")
    response = client.post(
        reverse("account_login"), {"login": "Lotte@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_health_is_reachable_over_plain_http_when_https_is_enforced(client, settings, monkeypatch):
    settings.SECURE_SSL_REDIRECT = True
    monkeypatch.setattr(views, "_check_broker", lambda: True)
    assert client.get("/").status_code == 301
    assert client.get("/health/").status_code == 200
    assert client.get("/health/background/").status_code in (200, 503)  # not a redirect


@pytest.mark.django_db
def test_admin_turns_away_visitors_and_non_staff(client, region):
    school = SchoolFactory(board__region=region)
    url = reverse("admin:loket_school_change", args=[school.pk])
    assert reverse("admin:login") in client.get(url)["Location"]
    client.force_login(UserFactory())
    assert reverse("admin:login") in client.get(url)["Location"]


@pytest.mark.django_db
def test_coordinators_reach_the_admin_through_the_portal_sign_in_in_any_case(client, region):
    coordinator_of(region, email="carla@example.org")
    response = client.post(
        reverse("account_login"),
        {"login": "Carla@Example.org", "password": PASSWORD, "next": "/beheer/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/beheer/"
    assert client.get("/beheer/").status_code == 200


@pytest.mark.django_db
def test_unknown_page_is_a_dutch_404_in_the_layout(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert 'href="#main"' in html


@pytest.mark.django_db
def test_home_page_query_count_does_not_grow_with_data(client, django_assert_max_num_queries):
    for _ in range(20):
        SchoolFactory()
        SubjectFactory(is_shortage=True)
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_home_page_shows_open_vacancies_but_never_drafts(client):
    from tests.vacatures.factories import VacancyFactory

    VacancyFactory(published=True, title="Docent wiskunde bovenbouw")
    VacancyFactory(title="Geheime conceptvacature")
    html = client.get("/").content.decode()
    assert "Openstaande vacatures" in html
    assert "Docent wiskunde bovenbouw" in html
    assert "Geheime conceptvacature" not in html
    assert "Bekijk de openstaande vacature" in html


@pytest.mark.django_db
def test_switching_language_also_sets_the_language_of_a_signed_in_persons_mail(client):
    user = UserFactory(language="nl")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.django_db
def test_head_requests_are_answered_like_get(client):
    assert client.head("/").status_code == 200
    assert client.head(reverse("vacatures:board")).status_code == 200


@pytest.mark.django_db
def test_health_flags_a_stale_heartbeat(client, monkeypatch, settings):
    import datetime

    from django.utils import timezone

    from loket.core.models import Heartbeat

    monkeypatch.setattr(views, "_check_broker", lambda: True)
    response = client.get("/health/background/")
    assert response.status_code == 503 and json.loads(response.content)["heartbeat"]["stale"]
    Heartbeat.objects.create(name="heartbeat", last_run_at=timezone.now())
    assert json.loads(client.get("/health/background/").content)["heartbeat"]["stale"] is False
    Heartbeat.objects.filter(name="heartbeat").update(
        last_run_at=timezone.now()
        - datetime.timedelta(seconds=4 * settings.LOKET_HEARTBEAT_SECONDS)
    )
    response = client.get("/health/background/")
    body = json.loads(response.content)
    assert body["heartbeat"]["stale"] is True and body["checks"]["worker"] == "error"
    assert response.status_code == 503
    assert client.get("/health/").status_code == 200  # the web app itself works
