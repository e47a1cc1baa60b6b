"""The desk's records, moved here from ``kandidaten`` and ``vacatures`` without touching a table.

Every model keeps its ``db_table``, so the state changes and the database does not (no row is
copied). The content types are renamed in place, so the permissions given on these models (the
coordinators' phase norms) and the admin's history keep pointing at them."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models



MOVED = {
    "kandidaten": ["phasenorm", "contact", "candidatenote", "assessment", "referral"],
    "vacatures": ["proposal", "proposalevent"],
}


def _rename(apps, *, to_desk: bool) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for old_label, models in MOVED.items():
        source, target = ("desk", old_label) if not to_desk else (old_label, "desk")
        for model in models:
            if content_type.objects.filter(app_label=target, model=model).exists():
                continue
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types(apps, schema_editor):
    _rename(apps, to_desk=True)


def move_content_types_back(apps, schema_editor):
    _rename(apps, to_desk=False)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('kandidaten', '0006_move_desk_records_to_desk'),
        ('loket', '0004_mail_reason_vacancy_interest'),
        ('vacatures', '0003_move_proposals_to_desk'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CandidateNote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(max_length=2000, verbose_name='note')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='written at')),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='written by')),
                        ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='kandidaten.candidate', verbose_name='candidate')),
                    ],
                    options={
                        'verbose_name': 'note',
                        'verbose_name_plural': 'notes',
                        'db_table': 'kandidaten_candidatenote',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Proposal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('motivation', models.TextField(max_length=2000, verbose_name='motivation')),
                        ('status', models.CharField(choices=[('sent', "Waiting for the school's answer"), ('invited', 'Invited for an interview'), ('declined', 'Declined by the school'), ('hired', 'Hired'), ('not_hired', 'Not hired after the interview'), ('withdrawn', 'Withdrawn')], default='sent', max_length=10, verbose_name='status')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='proposed at')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                        ('interview_at', models.DateTimeField(blank=True, null=True, verbose_name='interview')),
                        ('interview_location', models.CharField(blank=True, max_length=200, verbose_name='interview location')),
                        ('decline_reason', models.CharField(blank=True, choices=[('profile', 'The profile does not fit the post'), ('qualification', 'The post needs another qualification'), ('filled', 'The post has been filled'), ('supervision', 'We cannot supervise a career switcher now'), ('interview', 'After the interview: not the right fit'), ('other', 'Another reason')], max_length=14, verbose_name='reason')),
                        ('decline_note', models.TextField(blank=True, max_length=1000, verbose_name='explanation')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposals', to='kandidaten.candidate', verbose_name='candidate')),
                        ('proposed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='proposed by')),
                        ('school', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='proposals', to='loket.school', verbose_name='school')),
                        ('vacancy', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='proposals', to='vacatures.vacancy', verbose_name='vacancy')),
                    ],
                    options={
                        'verbose_name': 'proposal',
                        'verbose_name_plural': 'proposals',
                        'db_table': 'vacatures_proposal',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ProposalEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(blank=True, choices=[('sent', "Waiting for the school's answer"), ('invited', 'Invited for an interview'), ('declined', 'Declined by the school'), ('hired', 'Hired'), ('not_hired', 'Not hired after the interview'), ('withdrawn', 'Withdrawn')], max_length=10, verbose_name='from status')),
                        ('to_status', models.CharField(choices=[('sent', "Waiting for the school's answer"), ('invited', 'Invited for an interview'), ('declined', 'Declined by the school'), ('hired', 'Hired'), ('not_hired', 'Not hired after the interview'), ('withdrawn', 'Withdrawn')], max_length=10, verbose_name='to status')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                        ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='desk.proposal', verbose_name='proposal')),
                    ],
                    options={
                        'verbose_name': 'proposal step',
                        'verbose_name_plural': 'proposal steps',
                        'db_table': 'vacatures_proposalevent',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Referral',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('note', models.TextField(max_length=2000, verbose_name='why this region')),
                        ('from_phase', models.CharField(max_length=14, verbose_name='phase before the referral')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='referred at')),
                        ('status', models.CharField(choices=[('pending', 'Waiting for the other desk'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], default='pending', max_length=10, verbose_name='status')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                        ('answer_note', models.TextField(blank=True, max_length=2000, verbose_name='answer')),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by')),
                        ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='referrals', to='kandidaten.candidate', verbose_name='candidate')),
                        ('from_region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='loket.region', verbose_name='from region')),
                        ('referred_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='referred by')),
                        ('to_region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='incoming_referrals', to='loket.region', verbose_name='to region')),
                    ],
                    options={
                        'verbose_name': 'referral to another region',
                        'verbose_name_plural': 'referrals to other regions',
                        'db_table': 'kandidaten_referral',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Assessment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('question', models.TextField(blank=True, max_length=1000, verbose_name='question for the institute')),
                        ('referred_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='referred at')),
                        ('outcome', models.CharField(blank=True, choices=[('admissible_job', 'Admissible, with a job: start zij-instroom'), ('admissible_no_job', 'Admissible, no job yet: matching first'), ('admissible_regular', 'Admissible, chooses a regular programme'), ('admissible_later', 'Admissible, but postpones'), ('premaster', 'Not directly admissible: pre-master and master needed'), ('hbo_programme', 'Not directly admissible: referred to an hbo programme'), ('subject_test', 'Not directly admissible: subject test needed first'), ('deficiencies', 'Not directly admissible: deficiencies to clear first')], max_length=20, verbose_name='outcome')),
                        ('outcome_note', models.TextField(blank=True, max_length=2000, verbose_name='explanation of the outcome')),
                        ('recorded_at', models.DateTimeField(blank=True, null=True, verbose_name='recorded at')),
                        ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assessments', to='kandidaten.candidate', verbose_name='candidate')),
                        ('institute', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='loket.traininginstitute', verbose_name='training institute')),
                        ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('referred_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='referred by')),
                    ],
                    options={
                        'verbose_name': 'suitability assessment',
                        'verbose_name_plural': 'suitability assessments',
                        'db_table': 'kandidaten_assessment',
                        'ordering': ['-referred_at', '-pk'],
                        'indexes': [models.Index(fields=['institute', 'outcome'], name='assessment_institute')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('outcome', '')), fields=('candidate', 'institute'), name='assessment_one_open_per_institute'), models.CheckConstraint(condition=models.Q(models.Q(('outcome', ''), ('recorded_at__isnull', True)), models.Q(models.Q(('outcome', ''), _negated=True), ('recorded_at__isnull', False)), _connector='OR'), name='assessment_outcome_has_time')],
                    },
                ),
                migrations.CreateModel(
                    name='Contact',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('phone', 'Phone call'), ('email', 'Email'), ('meeting', 'Meeting'), ('referral', 'Referral'), ('advice', 'Advice conversation'), ('trial_day', 'Trial day')], max_length=10, verbose_name='kind')),
                        ('occurred_on', models.DateField(verbose_name='date')),
                        ('summary', models.TextField(max_length=2000, verbose_name='summary')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='logged at')),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='logged by')),
                        ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='kandidaten.candidate', verbose_name='candidate')),
                    ],
                    options={
                        'verbose_name': 'contact',
                        'verbose_name_plural': 'contacts',
                        'db_table': 'kandidaten_contact',
                        'ordering': ['-occurred_on', '-created_at'],
                        'indexes': [models.Index(fields=['candidate', '-occurred_on'], name='contact_latest')],
                    },
                ),
                migrations.CreateModel(
                    name='PhaseNorm',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('phase', models.CharField(choices=[('interesse', 'Interest'), ('orientatie', 'Orientation'), ('intake', 'Intake'), ('geschiktheid', 'Suitability assessment'), ('matching', 'Matching')], max_length=14, verbose_name='phase')),
                        ('days', models.PositiveSmallIntegerField(verbose_name='days')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='phase_norms', to='loket.region', verbose_name='region')),
                    ],
                    options={
                        'verbose_name': 'phase norm',
                        'verbose_name_plural': 'phase norms',
                        'db_table': 'kandidaten_phasenorm',
                        'ordering': ['region', 'phase'],
                        'constraints': [models.UniqueConstraint(fields=('region', 'phase'), name='phasenorm_unique'), models.CheckConstraint(condition=models.Q(('days__gte', 1)), name='phasenorm_days_positive')],
                    },
                ),
                migrations.AddIndex(
                    model_name='proposal',
                    index=models.Index(fields=['school', 'status', '-created_at'], name='proposal_school'),
                ),
                migrations.AddIndex(
                    model_name='proposal',
                    index=models.Index(condition=models.Q(('status', 'sent')), fields=['status', 'created_at'], name='proposal_unanswered'),
                ),
                migrations.AddIndex(
                    model_name='proposal',
                    index=models.Index(fields=['candidate', '-created_at'], name='proposal_candidate'),
                ),
                migrations.AddConstraint(
                    model_name='proposal',
                    constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['sent', 'invited']), ('vacancy__isnull', False)), fields=('candidate', 'vacancy'), name='proposal_one_open_per_vacancy'),
                ),
                migrations.AddConstraint(
                    model_name='proposal',
                    constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['sent', 'invited']), ('vacancy__isnull', True)), fields=('candidate', 'school'), name='proposal_one_open_per_school'),
                ),
                migrations.AddConstraint(
                    model_name='proposal',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'invited'), _negated=True), ('interview_at__isnull', False), _connector='OR'), name='proposal_invited_has_interview'),
                ),
                migrations.AddConstraint(
                    model_name='proposal',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['declined', 'not_hired']), _negated=True), models.Q(('decline_reason', ''), _negated=True), _connector='OR'), name='proposal_declined_has_reason'),
                ),
                migrations.AddIndex(
                    model_name='referral',
                    index=models.Index(fields=['to_region', 'status'], name='referral_incoming'),
                ),
                migrations.AddConstraint(
                    model_name='referral',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('candidate',), name='referral_one_pending'),
                ),
                migrations.AddConstraint(
                    model_name='referral',
                    constraint=models.CheckConstraint(condition=models.Q(('from_region', models.F('to_region')), _negated=True), name='referral_other_region'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=False),
    ]
