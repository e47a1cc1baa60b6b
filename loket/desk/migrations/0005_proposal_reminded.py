"""Proposals remember when the unanswered-proposal rule dealt with them (it now sends one overview
per HR officer and per guide instead of one mail per proposal); filled from the keys of the mails
the rule sent before, so nobody is reminded again of what they heard about already."""

from django.conf import settings
from django.db import migrations, models


# Keys of the old rule: proposal_unanswered:<proposal>:<n>wd:<officer> (HR) and
# proposal_unanswered:<proposal>:<n>wd (the guide).
BACKFILL = """
UPDATE vacatures_proposal p SET hr_reminded_at = m.at
FROM (SELECT split_part(key, ':', 2)::bigint AS id, min(created_at) AS at
      FROM loket_outgoingmail WHERE key ~ '^proposal_unanswered:[0-9]+:[0-9]+wd:[0-9]+$'
      GROUP BY 1) m
WHERE p.id = m.id;
UPDATE vacatures_proposal p SET escalated_at = m.at
FROM (SELECT split_part(key, ':', 2)::bigint AS id, min(created_at) AS at
      FROM loket_outgoingmail WHERE key ~ '^proposal_unanswered:[0-9]+:[0-9]+wd$'
      GROUP BY 1) m
WHERE p.id = m.id;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('desk', '0004_available_count'),
        ('kandidaten', '0010_trigram_search'),
        ('loket', '0010_outgoingmail_region_reason'),
        ('vacatures', '0004_hr_invitations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='proposal',
            name='escalated_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='escalated to the guide at'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='hr_reminded_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='HR reminded at'),
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(condition=models.Q(('hr_reminded_at__isnull', True), ('status', 'sent')), fields=['created_at'], name='proposal_hr_reminder_due'),
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(condition=models.Q(('escalated_at__isnull', True), ('status', 'sent')), fields=['created_at'], name='proposal_escalation_due'),
        ),
        migrations.RunSQL(
            BACKFILL,
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
