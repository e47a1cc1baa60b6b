"""The foundation: settings, the user model and roles, migrations, deploy checks, demo data."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from loket.core.models import Board, Region, Role, RoleAssignment, School, Subject, User
from loket.env import env_bool, env_int, env_list, env_str
from tests.factories import BoardFactory, SchoolFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent


def test_env_readers_refuse_values_they_cannot_understand(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "ten")
    monkeypatch.setenv("X_SMALL", "2")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL must be true or false"):
        env_bool("X_BOOL", False)
    with pytest.raises(ImproperlyConfigured, match="X_INT must be a whole number"):
        env_int("X_INT", 1)
    with pytest.raises(ImproperlyConfigured, match="at least 5"):
        env_int("X_SMALL", 10, minimum=5)
    monkeypatch.delenv("X_MISSING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="Set the environment variable X_MISSING"):
        env_str("X_MISSING")


def test_env_readers_parse_good_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    assert env_bool("X_BOOL", False) is True
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    assert env_int("X_UNSET_INT", 7) == 7


def test_database_is_postgresql():
    assert connection.vendor == "postgresql"


def _production_env() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "STATIC_MANIFEST",
            "WHITENOISE_USE_FINDERS",
            "LOKET_REQUIRE_STAFF_MFA",
            "EMAIL_BACKEND",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "LOKET_EMBEDDED_DB",
        }
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="werkeninhetonderwijs.example",
    )
    return env


def test_check_deploy_with_production_settings_is_clean():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = _production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_migrations_are_complete(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_email_is_the_login_and_unique_regardless_of_case():
    User.objects.create_user("Anna@Example.org", "x-long-password")
    assert User.objects.get().email == "anna@example.org"
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="ANNA@example.org")


@pytest.mark.django_db
def test_a_user_can_hold_several_roles(region):
    school = SchoolFactory(board__region=region)
    user = UserFactory()
    RoleAssignment.objects.create(user=user, role=Role.DESK_STAFF, region=region)
    RoleAssignment.objects.create(user=user, role=Role.HR_OFFICER, school=school)
    assert set(user.roles.values_list("role", flat=True)) == {"desk_staff", "hr_officer"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, scope",
    [
        (Role.DESK_STAFF, {}),
        (Role.COORDINATOR, {"school": "school"}),
        (Role.HR_OFFICER, {}),
        (Role.HR_OFFICER, {"school": "school", "board": "board"}),
        (Role.STUDY_ADVISER, {"region": "region"}),
        (Role.CANDIDATE, {"region": "region"}),
    ],
)
def test_a_role_without_its_scope_is_refused_by_the_database(region, role, scope):
    school = SchoolFactory(board__region=region)
    objects = {"school": school, "board": school.board, "region": region}
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=UserFactory(), role=role, **{key: objects[value] for key, value in scope.items()}
        )


@pytest.mark.django_db
def test_school_coordinates_must_be_on_earth(region):
    board = BoardFactory(region=region)
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolFactory(board=board, latitude=123.0)


@pytest.mark.django_db
def test_seed_demo_builds_regions_and_is_idempotent(capsys):
    def counts():
        models = [Region, Board, School, Subject, User, RoleAssignment]
        return {model.__name__: model.objects.count() for model in models}

    call_command("seed_demo", "--force")
    first = counts()
    call_command("seed_demo", "--force")
    assert counts() == first
    assert School.objects.count() >= 20
    sectors = {sector for school in School.objects.all() for sector in school.sectors}
    assert {"po", "vo", "mbo"} <= sectors
    assert Subject.objects.filter(is_shortage=True, slug="wiskunde").exists()
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    assert "coordinator@demo.regioloket.example" in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_unless_forced():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="public passwords"):
        call_command("seed_demo")


@pytest.mark.django_db
def test_heartbeat_counts_every_run():
    from loket.core.health import heartbeat_record

    heartbeat_record(name="heartbeat")
    beat = heartbeat_record(name="heartbeat")
    assert beat.runs == 2


@pytest.mark.django_db
def test_a_school_cannot_belong_to_a_board_of_another_region(region, other_region):
    from django.core.exceptions import ValidationError

    school = SchoolFactory(board__region=region)
    school.region = other_region
    with pytest.raises(ValidationError) as error:
        school.full_clean()
    assert "board" in error.value.message_dict


def test_production_refuses_the_embedded_database():
    env = _production_env()
    env.pop("DATABASE_URL", None)
    env.pop("LOKET_EMBEDDED_DB", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set DATABASE_URL" in result.stderr


def test_the_launcher_loads_without_django_settings():
    """./portal imports the launcher before any setting exists (it prints the demo password and
    starts the servers): it must not load Django models on import."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG"}
    }
    result = subprocess.run(
        [sys.executable, "-c", "import loket.launcher"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
