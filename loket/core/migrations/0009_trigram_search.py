"""pg_trgm and a trigram index on users' email addresses, for the pipeline's search.

Both only where the server has pg_trgm (every packaged PostgreSQL has it; the embedded
development server does not): there the search still works, by a scan."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations

INDEX = django.contrib.postgres.indexes.GinIndex(
    django.contrib.postgres.indexes.OpClass(
        django.db.models.functions.text.Upper("email"), name="gin_trgm_ops"
    ),
    name="user_email_trgm",
)


def has_trigram(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return False
        # A trusted extension: the owner of the database may create it.
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        return True


def add_index(apps, schema_editor):
    if has_trigram(schema_editor):
        schema_editor.add_index(apps.get_model("loket", "User"), INDEX)


def remove_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS user_email_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("loket", "0008_mail_attachments"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="user", index=INDEX)],
            database_operations=[migrations.RunPython(add_index, remove_index)],
        ),
    ]
