"""Proposals and their events moved to the desk app (``desk.0001``). State only: the tables and
their rows stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('vacatures', '0002_proposals'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='proposalevent',
                    name='proposal',
                ),
                migrations.RemoveField(
                    model_name='proposalevent',
                    name='actor',
                ),
                migrations.DeleteModel(
                    name='Proposal',
                ),
                migrations.DeleteModel(
                    name='ProposalEvent',
                ),
            ],
            database_operations=[],
        ),
    ]
