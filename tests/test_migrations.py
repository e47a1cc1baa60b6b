"""Moving the desk's records to the desk app changed no table (issue 10).

The move is state only (``desk.0001``, ``kandidaten.0006``, ``vacatures.0003``): the tables keep
their names and columns, and only the content types (with their permissions) move to ``desk``.
Two checks that stay true while later migrations change the schema:

- the SQL of the move's migrations, forwards and backwards, changes no table;
- a database at the migrations before the move, with a permission on a moved model, migrates
  forward to today with the content type moved and the permission kept, and back again.
"""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from loket.core.mail import delivery

# main's migrations just before the desk got its own app, and the move itself.
BEFORE_THE_MOVE = [
    ("loket", "0004_mail_reason_vacancy_interest"),
    ("kandidaten", "0005_regional_routes"),
    ("vacatures", "0002_proposals"),
    ("desk", None),
]
THE_MOVE = [
    ("kandidaten", "0006_move_desk_records_to_desk"),
    ("vacatures", "0003_move_proposals_to_desk"),
    ("desk", "0001_desk_records_from_kandidaten_and_vacatures"),
]
MOVED = {
    "kandidaten": ["phasenorm", "contact", "candidatenote", "assessment", "referral"],
    "vacatures": ["proposal", "proposalevent"],
}


def statements(app: str, migration: str, *, backwards: bool = False) -> list[str]:
    out = StringIO()
    call_command("sqlmigrate", app, migration, backwards=backwards, stdout=out)
    lines = [line.strip() for line in out.getvalue().splitlines()]
    return [
        line
        for line in lines
        if line and not line.startswith("--") and line.upper() not in ("BEGIN;", "COMMIT;")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "migration"), THE_MOVE)
@pytest.mark.parametrize("backwards", [False, True])
def test_the_move_changes_no_table(app, migration, backwards):
    assert statements(app, migration, backwards=backwards) == []


@pytest.fixture
def migrator(transactional_db, monkeypatch):
    """A migration executor; whatever the test does, the database ends at today's migrations."""
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)
    yield MigrationExecutor(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_move_takes_content_types_and_permissions_along_and_back(migrator):
    executor = migrator
    executor.migrate(BEFORE_THE_MOVE)
    old_types = {
        (label, model): ContentType.objects.get(app_label=label, model=model).pk
        for label, models in MOVED.items()
        for model in models
    }
    # A group, not a user: today's user and region models may have columns the old schema lacks.
    group = Group.objects.create(name="Loket")
    group.permissions.add(
        Permission.objects.get(
            content_type_id=old_types["kandidaten", "phasenorm"], codename="change_phasenorm"
        )
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    for (label, model), pk in old_types.items():
        moved = ContentType.objects.get(pk=pk)
        assert (moved.app_label, moved.model) == ("desk", model)
        assert not ContentType.objects.filter(app_label=label, model=model).exists()
    assert group.permissions.get().content_type.app_label == "desk"

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    for (label, model), pk in old_types.items():
        back = ContentType.objects.get(pk=pk)
        assert (back.app_label, back.model) == (label, model)
