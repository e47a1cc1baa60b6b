"""The insight summary: the funnel's facts, computed from the phase events by a periodic task
(``loket.desk.insight.summary``) so that no page scans every phase event it counts.

The rules they keep are those of ``loket.desk.insight.queries``: a row says that a candidate
reached a main phase for the first time (``reached``, with the phase's rank), or left the
journey, came back or arrived from another region, at a moment and in the region the candidate
belonged to then. A candidate reaches each phase at most once, so the rows add up over regions
and periods. The table holds derived figures only: a refresh replaces it as a whole.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from kandidaten.models import Candidate
from loket.core.models import Region, Subject


class FunnelFact(models.Model):
    """One step of one candidate's journey as the funnel counts it (see the module)."""

    class Kind(models.TextChoices):
        # Not shown to anyone as such: the panels label what they count.
        REACHED = "reached"
        PAUSED = "gepauzeerd"
        DROPPED_OUT = "afgehaakt"
        REFERRED = "doorverwezen"
        RETURNED = "returned"
        ARRIVED = "arrived"

    # No foreign-key constraints or indexes of their own: the rows are derived and replaced as
    # a whole (a candidate deleted meanwhile must not make a refresh fail; their rows go with
    # the next one), and the pages read them through the indexes below.
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    region = models.ForeignKey(
        Region, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # The main phase reached (1 interest … 7 induction); 0 for the other kinds.
    phase_rank = models.PositiveSmallIntegerField(default=0)
    at = models.DateTimeField()
    # Reached by jumping over it; reached a later phase by the time of the refresh.
    skipped = models.BooleanField(default=False)
    went_on = models.BooleanField(default=False)
    # Days the candidate spent in the phase before this one (the sum of their stays in it, the
    # time paused left out); None when they never stayed there (they skipped it).
    days_before = models.FloatField(null=True)
    # The candidate as the funnel splits and filters them, copied at the refresh so that a page
    # reads one table: how they heard of the desk, the utm campaign, the route advised, their
    # sectors and subjects, the four digits of their postcode, why they dropped out.
    source = models.CharField(max_length=10, blank=True)
    campaign = models.TextField(blank=True)
    route = models.CharField(max_length=20, blank=True)
    sectors = ArrayField(models.CharField(max_length=4), default=list)
    subjects = ArrayField(models.BigIntegerField(), default=list)
    postcode_digits = models.CharField(max_length=4, blank=True)
    dropout_reason = models.CharField(max_length=10, blank=True)

    class Meta:
        db_table = "desk_funnel_fact"
        indexes = [
            # The desk's panels: one region's rows in a period.
            models.Index(fields=["region", "at"], name="funnelfact_region_at"),
            # The regions compared: who reached a phase in a period, read from the index alone.
            models.Index(
                fields=["phase_rank", "at"],
                include=["region"],
                condition=models.Q(kind="reached"),
                name="funnelfact_reached",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.kind} {self.phase_rank or ''} at {self.at:%Y-%m-%d}"


class SupplyCount(models.Model):
    """Per region and subject: the candidates available to propose (orientation up to
    matching) who want it, as the refresh counted them, for the regions compared."""

    region = models.ForeignKey(
        Region, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    candidates = models.PositiveIntegerField()

    class Meta:
        db_table = "desk_supply_count"
        indexes = [models.Index(fields=["region", "subject"], name="supplycount_region_subject")]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.subject_id}: {self.candidates}"


class AvailableCount(models.Model):
    """The candidates available to propose (orientation up to matching) as the refresh counted
    them, for the shortage picture: per region and municipality (of their postcode; '' when
    unknown), and within that per sector, per subject and per sector and subject (NULL: any).
    A candidate counts once in a row, so each filter the dashboard offers reads one level of
    rows, and rows of one level add up over municipalities and regions."""

    region = models.ForeignKey(
        Region, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    municipality = models.CharField(max_length=100, blank=True)
    sector = models.CharField(max_length=4, null=True)  # noqa: DJ001 - NULL is "any sector"
    subject = models.ForeignKey(
        Subject,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    candidates = models.PositiveIntegerField()

    class Meta:
        db_table = "desk_available_count"
        indexes = [models.Index(fields=["region", "municipality"], name="availablecount_region")]

    def __str__(self) -> str:
        return (
            f"{self.region_id}/{self.municipality}/{self.sector or '*'}/"
            f"{self.subject_id or '*'}: {self.candidates}"
        )


class InsightRefresh(models.Model):
    """When the summary was last refreshed (one row), so pages can say how fresh it is."""

    finished_at = models.DateTimeField()
    seconds = models.FloatField()
    facts = models.PositiveIntegerField()

    class Meta:
        db_table = "desk_insight_refresh"

    def __str__(self) -> str:
        return f"{self.facts} facts at {self.finished_at:%Y-%m-%d %H:%M}"
