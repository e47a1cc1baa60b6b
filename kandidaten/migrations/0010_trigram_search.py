"""A trigram index on candidates' names for the pipeline's search (``icontains``), where the
server has pg_trgm (see loket 0009)."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations

INDEX = django.contrib.postgres.indexes.GinIndex(
    django.contrib.postgres.indexes.OpClass(
        django.db.models.functions.text.Upper("full_name"), name="gin_trgm_ops"
    ),
    name="candidate_name_trgm",
)


def add_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        installed = cursor.fetchone() is not None
    if installed:
        schema_editor.add_index(apps.get_model("kandidaten", "Candidate"), INDEX)


def remove_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS candidate_name_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("kandidaten", "0009_events_complete"),
        ("loket", "0009_trigram_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="candidate", index=INDEX)],
            database_operations=[migrations.RunPython(add_index, remove_index)],
        ),
    ]
