"""An index that lets the insight count a region's reminders in a period from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('loket', '0009_trigram_search'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='outgoingmail',
            index=models.Index(fields=['region', 'reason', 'created_at'], include=('status', 'withheld_reason'), name='outgoingmail_region_reason'),
        ),
    ]
