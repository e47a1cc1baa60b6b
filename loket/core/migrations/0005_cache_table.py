"""The database cache's table (settings.DATABASE_CACHE_TABLE): the shared cache when no
CACHE_URL is set and DEBUG is off, so that rate limits count across all web processes.

It is made here rather than by ``createcachetable`` so that every deployment has it after
``migrate``, whatever CACHES says at that moment.
"""

from django.conf import settings
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, settings.DATABASE_CACHE_TABLE, False)


def drop_cache_table(apps, schema_editor):
    table = schema_editor.quote_name(settings.DATABASE_CACHE_TABLE)
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("loket", "0004_mail_reason_vacancy_interest")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
