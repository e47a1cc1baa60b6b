"""The heartbeat of the periodic tasks."""

from django.db import models


class Heartbeat(models.Model):
    """The last run of a periodic task, proving that beat, broker and worker work together."""

    name = models.CharField(max_length=60, unique=True)
    last_run_at = models.DateTimeField()
    runs = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_run_at:%Y-%m-%d %H:%M:%S}"
