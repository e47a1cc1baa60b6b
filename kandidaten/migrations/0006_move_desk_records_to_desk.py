"""The desk's own records (phase norms, contacts, notes, assessments, referrals) moved to the desk
app (``desk.0001``). State only: the tables and their rows stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('kandidaten', '0005_regional_routes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='candidatenote',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='candidatenote',
                    name='candidate',
                ),
                migrations.RemoveField(
                    model_name='contact',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='contact',
                    name='candidate',
                ),
                migrations.RemoveField(
                    model_name='phasenorm',
                    name='region',
                ),
                migrations.RemoveField(
                    model_name='referral',
                    name='answered_by',
                ),
                migrations.RemoveField(
                    model_name='referral',
                    name='candidate',
                ),
                migrations.RemoveField(
                    model_name='referral',
                    name='from_region',
                ),
                migrations.RemoveField(
                    model_name='referral',
                    name='referred_by',
                ),
                migrations.RemoveField(
                    model_name='referral',
                    name='to_region',
                ),
                migrations.DeleteModel(
                    name='Assessment',
                ),
                migrations.DeleteModel(
                    name='CandidateNote',
                ),
                migrations.DeleteModel(
                    name='Contact',
                ),
                migrations.DeleteModel(
                    name='PhaseNorm',
                ),
                migrations.DeleteModel(
                    name='Referral',
                ),
            ],
            database_operations=[],
        ),
    ]
