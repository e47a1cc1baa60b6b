"""The insight summary's available candidates per region, municipality, sector and subject."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('desk', '0003_insight_summary'),
        ('loket', '0009_trigram_search'),
    ]

    operations = [
        migrations.CreateModel(
            name='AvailableCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('municipality', models.CharField(blank=True, max_length=100)),
                ('sector', models.CharField(max_length=4, null=True)),
                ('candidates', models.PositiveIntegerField()),
                ('region', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='loket.region')),
                ('subject', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='loket.subject')),
            ],
            options={
                'db_table': 'desk_available_count',
                'indexes': [models.Index(fields=['region', 'municipality'], name='availablecount_region')],
            },
        ),
    ]
