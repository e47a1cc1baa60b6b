"""What the outside security probe found (issue 12, items 1-11): each test failed on the code
before the fix."""

import os
import subprocess
import sys
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kandidaten.models import Appointment, Candidate, EventRegistration
from loket.core.http import parse_id, parse_ids
from loket.core.mail import delivery
from loket.core.models import OutgoingMail, Role
from tests.factories import PASSWORD, SchoolFactory, UserFactory, coordinator_of, give_role
from tests.kandidaten.event_factories import EventFactory, EventRegistrationFactory, in_days
from tests.kandidaten.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)


def with_totp(user) -> Authenticator:
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


# --- 1. The admin has no sign-in of its own; the second factor must be used ---------------------


def test_the_admin_sign_in_sends_to_the_portals_sign_in(client):
    response = client.get("/beheer/login/?next=/beheer/loket/school/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fbeheer%2Floket%2Fschool%2F"
    # A password posted to the old admin form signs nobody in.
    coordinator = coordinator_of(SchoolFactory().board.region, email="carla@example.org")
    client.post("/beheer/login/", {"username": coordinator.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_an_admin_page_goes_round_the_portal_sign_in_without_a_loop(client):
    first = client.get("/beheer/")
    assert first["Location"].startswith("/beheer/login/")
    assert client.get(first["Location"])["Location"].startswith("/accounts/login/")
    # A signed-in person without admin access gets a 403, not a redirect back to sign-in.
    client.force_login(UserFactory())
    assert client.get("/beheer/login/?next=/beheer/").status_code == 403


def test_staff_with_a_second_factor_who_signed_in_with_the_password_alone_are_stopped(
    client, region, settings
):
    settings.LOKET_REQUIRE_STAFF_MFA = True
    coordinator = coordinator_of(region)
    with_totp(coordinator)
    candidate = CandidateFactory(region=region)
    # A session that was authenticated without the second factor (as the old admin sign-in did).
    client.force_login(coordinator)
    response = client.get(f"/loket/kandidaten/{candidate.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert "next=%2Floket%2Fkandidaten%2F" in response["Location"]
    assert client.get("/beheer/").status_code == 302


def test_the_portal_sign_in_asks_for_the_code_and_then_lets_staff_in(client, region, settings):
    settings.LOKET_REQUIRE_STAFF_MFA = True
    coordinator = coordinator_of(region)
    with_totp(coordinator)
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    counter = int(time.time()) // 30
    code = format_hotp_value(hotp_value("JBSWY3DPEHPK3PXP", counter))
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get("/loket/").status_code == 200


# --- 3. Someone else's wrong passwords do not lock the owner out ------------------------------


def _sign_in(client, email, password, ip):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    owner = UserFactory(email="eigenaar@example.org")
    for _ in range(6):
        _sign_in(client, owner.email, "fout-wachtwoord-123", "203.0.113.9")
    blocked = _sign_in(client, owner.email, PASSWORD, "203.0.113.9")
    assert "Te vaak een verkeerd wachtwoord vanaf dit apparaat" in blocked.content.decode()
    response = _sign_in(client, owner.email, PASSWORD, "198.51.100.4")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


# --- 4. Content-Security-Policy ----------------------------------------------------------------


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if " " in part)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_htmx_is_told_to_work_under_the_policy(client):
    html = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html
    assert "<style" not in html and 'style="' not in html


# --- 5. No copies of pages with personal data ---------------------------------------------------


def test_pages_for_signed_in_people_are_not_stored(client, region):
    candidate = CandidateFactory(region=region)
    client.force_login(candidate.user)
    assert "no-store" in client.get("/mijn-traject/")["Cache-Control"]
    staff = UserFactory()
    give_role(staff, Role.DESK_STAFF, region=region)
    client.force_login(staff)
    for url in ("/loket/", f"/loket/kandidaten/{candidate.pk}/"):
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_public_pages_for_visitors_stay_cacheable(client):
    assert "no-store" not in client.get("/vacatures/").get("Cache-Control", "")


# --- 6. A `next` that is not a path -------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "home", "//evil.example/", "https://evil.example/x"])
def test_a_strange_next_on_cancelling_an_event_goes_back_to_the_event(client, region, value):
    candidate = CandidateFactory(region=region)
    event = EventFactory(region=region)
    EventRegistrationFactory(event=event, candidate=candidate)
    client.force_login(candidate.user)
    response = client.post(f"/evenementen/{event.pk}/afmelden/", {"next": value})
    assert response.status_code == 302
    assert response["Location"] == f"/evenementen/{event.pk}/"
    assert EventRegistration.objects.get().cancelled_at is not None


def test_a_strange_next_on_the_appointment_form_saves_once_and_redirects(client, region):
    staff = UserFactory()
    give_role(staff, Role.DESK_STAFF, region=region)
    candidate = CandidateFactory(region=region)
    client.force_login(staff)
    response = client.post(
        f"/loket/kandidaten/{candidate.pk}/afspraken/",
        {
            "kind": Appointment.Kind.INTAKE,
            "starts_at": timezone.localtime(in_days(3, hour=14)).strftime("%Y-%m-%dT%H:%M"),
            "location": "Loket, Utrecht",
            "note": "",
            "next": "abc",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/loket/kandidaten/{candidate.pk}/#appointments"
    assert Appointment.objects.count() == 1
    assert OutgoingMail.objects.count() == 1


# --- 7. Ids from a request ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["²", "١٢", "-1", "0", "01", " ", "", "1e3", "9" * 19, None, ["1"]]
)
def test_parse_id_refuses_what_is_not_a_plain_id(value):
    assert parse_id(value) is None


def test_parse_id_and_ids_accept_plain_ids():
    assert parse_id("42") == 42 and parse_id(" 7 ") == 7
    assert parse_ids(["3", "²", "3", "x", "5"]) == [3, 5]


@pytest.mark.parametrize("query", ["vacancy=²", "school=²", "vacancy=99999999999999999999"])
def test_a_superscript_or_huge_id_on_the_propose_page_is_a_message(client, region, query):
    staff = UserFactory()
    give_role(staff, Role.DESK_STAFF, region=region)
    candidate = CandidateFactory(region=region)
    client.force_login(staff)
    response = client.get(f"/loket/kandidaten/{candidate.pk}/voorstellen/?{query}")
    assert response.status_code == 302
    assert response["Location"] == f"/loket/kandidaten/{candidate.pk}/matches/" or response[
        "Location"
    ].endswith("/")


def test_a_superscript_id_in_a_bulk_action_is_a_message(client, region):
    staff = UserFactory()
    give_role(staff, Role.DESK_STAFF, region=region)
    client.force_login(staff)
    response = client.post("/loket/bulk/", {"ids": ["²"], "action": "export"}, follow=True)
    assert response.status_code == 200
    assert "hoort niet bij je loket" in response.content.decode()


# --- 8. Passwords Dutch people pick ------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["wachtwoord1", "welkom2026", "Welkom123!", "zomer2026!", "Wachtwoord2026!", "!!Feyenoord1908"],
)
def test_common_dutch_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_short_passwords_are_refused_and_a_passphrase_is_accepted():
    with pytest.raises(ValidationError):
        validate_password("paars-huis7")  # 11 characters
    validate_password("paarse-fiets-op-het-dak-42")


# --- 10. Staff do not fill in the candidates' sign-up ------------------------------------------


@pytest.mark.parametrize("role", [Role.DESK_STAFF, Role.HR_OFFICER, Role.COORDINATOR])
def test_staff_get_a_message_instead_of_the_sign_up_steps(client, region, role):
    staff = UserFactory(full_name="Lotte Loket")
    scope = {"school": SchoolFactory(board__region=region)} if role == Role.HR_OFFICER else {}
    give_role(staff, role, **(scope or {"region": region}))
    client.force_login(staff)
    response = client.post(
        "/aanmelden/stap/2/",
        {"full_name": "Iemand Anders", "postcode": "3511 AB", "phone": "0612345678"},
        follow=True,
    )
    assert "medewerkersaccount" in response.content.decode()
    assert not Candidate.objects.filter(user=staff).exists()
    staff.refresh_from_db()
    assert staff.full_name == "Lotte Loket"
    assert "medewerkersaccount" in client.get("/aanmelden/", follow=True).content.decode()


# --- 11. Rate limits count across processes ----------------------------------------------------


def _cache_backend(**env) -> str:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'loket.settings');"
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    )
    base = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DEBUG")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_without_cache_url_production_uses_the_database_cache_never_process_memory():
    assert _cache_backend(DEBUG="false") == "django.core.cache.backends.db.DatabaseCache"
    assert _cache_backend(DEBUG="false", CACHE_URL="redis://127.0.0.1:6379/3").endswith(
        "RedisCache"
    )


def test_the_database_cache_table_exists_after_migrate():
    from django.core.cache.backends.db import DatabaseCache

    cache = DatabaseCache("loket_cache", {})
    cache.set("probe", "gedeeld", 30)
    assert cache.get("probe") == "gedeeld"


# --- After signing in, each role lands on its own work page (issue 17) -------------------------


@pytest.mark.parametrize(
    ("role", "start"),
    [
        (Role.DESK_STAFF, "/loket/"),
        (Role.HR_OFFICER, "/vacatures/beheer/"),
        (Role.STUDY_ADVISER, "/opleiding/"),
        (Role.CANDIDATE, "/mijn-traject/"),
        (None, "/aanmelden/"),
    ],
)
def test_each_role_lands_on_its_own_page_after_signing_in(client, region, role, start):
    from loket.core.models import TrainingInstitute

    user = UserFactory()
    scopes = {
        Role.DESK_STAFF: {"region": region},
        Role.HR_OFFICER: {"school": SchoolFactory(board__region=region)} if role else {},
        Role.STUDY_ADVISER: {
            "institute": TrainingInstitute.objects.create(
                name="Hogeschool", kind=TrainingInstitute.Kind.choices[0][0]
            )
        },
        Role.CANDIDATE: {},
    }
    if role is not None:
        give_role(user, role, **scopes[role])
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == start


def test_a_page_that_asked_for_the_sign_in_still_comes_first(client, region):
    user = UserFactory()
    give_role(user, Role.DESK_STAFF, region=region)
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD, "next": "/loket/voorstellen/"},
    )
    assert response["Location"] == "/loket/voorstellen/"


def test_no_template_relies_on_what_the_policy_blocks():
    """Inline handlers, hx-on (eval) and inline scripts or styles would be refused by the
    browser; the page HTML must not use them (mail templates are not pages)."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offending = []
    for template in root.glob("**/templates/**/*.html"):
        if ".venv" in template.parts or "mail" in template.parts:
            continue
        text = template.read_text(encoding="utf-8")
        for needle in ("hx-on", "<script>", "<style", 'style="', " onclick=", " onchange="):
            if needle in text:
                offending.append(f"{template.relative_to(root)}: {needle}")
    assert offending == []
