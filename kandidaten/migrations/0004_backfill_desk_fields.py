"""Fill the fields the desk reads for candidates who registered before they existed."""

from django.db import migrations
from django.db.models import Max


def backfill(apps, schema_editor):
    from kandidaten.advice import teaching_level_of

    Candidate = apps.get_model("kandidaten", "Candidate")
    PhaseEvent = apps.get_model("kandidaten", "PhaseEvent")
    latest = dict(
        PhaseEvent.objects.values("candidate").annotate(at=Max("created_at")).values_list(
            "candidate", "at"
        )
    )
    for candidate in Candidate.objects.prefetch_related("qualifications").iterator(chunk_size=500):
        candidate.teaching_level = teaching_level_of(
            education=candidate.education,
            field_related=candidate.field_related,
            qualifications=[(q.country, q.grade) for q in candidate.qualifications.all()],
        )
        candidate.phase_changed_at = latest.get(candidate.pk, candidate.created_at)
        candidate.save(update_fields=["teaching_level", "phase_changed_at"])


class Migration(migrations.Migration):
    dependencies = [("kandidaten", "0003_desk_work")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
