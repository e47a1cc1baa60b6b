"""The insight summary: the funnel and the regions compared count what the last refresh saw;
a refresh is safe to run twice, runs one at a time, retries, is scheduled on the housekeeping
queue, and the pages say how fresh the figures are."""

import datetime

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from kandidaten.models import Candidate, Phase, PhaseEvent
from loket.celery import app
from loket.core.models import PostcodeArea, Sector
from loket.desk.insight import funnel, queries, summary
from loket.desk.models import FunnelFact, InsightRefresh
from tests.desk.conftest import login
from tests.desk.insight_data import at, build_world
from tests.factories import UserFactory
from tests.kandidaten.factories import CandidateFactory

PERIOD = {"start": "2025-09-01", "end": "2025-12-31"}


@pytest.fixture
def world(db):
    return build_world()


def reached(world) -> list[int]:
    return [step.reached for step in funnel.reached(world.filters(), split="source")[0]]


def facts() -> list[tuple]:
    return sorted(
        FunnelFact.objects.values_list(
            "candidate_id", "region_id", "kind", "phase_rank", "at", "skipped", "went_on"
        )
    )


def test_the_funnel_counts_what_the_last_refresh_saw(world):
    newcomer = CandidateFactory(region=world.r)
    PhaseEvent.objects.create(candidate=newcomer, to_phase=Phase.INTERESSE, created_at=at(11, 2))
    PhaseEvent.objects.create(
        candidate=newcomer, from_phase=Phase.INTERESSE, to_phase=Phase.INTAKE, created_at=at(11, 9)
    )
    assert reached(world) == [6, 4, 3, 2, 2, 1, 0]  # not yet
    summary.insight_refresh()
    # Interest and intake reached, orientation jumped over: reached and skipped.
    assert reached(world) == [7, 5, 4, 2, 2, 1, 0]
    steps = {s.phase: s for s in funnel.reached(world.filters(), split="source")[0]}
    assert (steps["orientatie"].skipped, steps["interesse"].went_on) == (1, 5)


def test_a_refresh_run_twice_gives_the_same_facts(world):
    first = facts()
    assert summary.insight_refresh().facts == len(first) == 27
    assert facts() == first
    assert InsightRefresh.objects.count() == 1


@pytest.fixture
def committed_world(transactional_db):
    """The world committed, so that the refresh's lock ends with its transaction as it does
    outside the tests (a test's own transaction would hold it to the end)."""
    return build_world()


def test_one_refresh_at_a_time(committed_world):
    """A refresh that finds another one running (the advisory lock taken, here by a second
    connection) leaves the facts and their date as they were."""
    world = committed_world
    Candidate.objects.filter(pk=world.people["f"].pk).delete()
    before, refreshed_at = facts(), summary.last_refresh().finished_at
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        taken = other.execute(
            "SELECT pg_try_advisory_lock(hashtext(%s))", [summary.REFRESH_LOCK]
        ).fetchone()[0]
        assert taken
        assert summary.insight_refresh() is None
        other.execute("SELECT pg_advisory_unlock(hashtext(%s))", [summary.REFRESH_LOCK])
    assert facts() == before
    assert summary.last_refresh().finished_at == refreshed_at
    assert summary.insight_refresh() is not None
    assert len(facts()) == len(before) - 1  # F's interest is gone with F


def test_the_task_retries_when_the_database_fails(world, monkeypatch):
    calls = []
    real = summary.insight_refresh

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("connection lost")
        return real()

    monkeypatch.setattr(summary, "insight_refresh", flaky)
    result = summary.refresh_insight.apply()
    assert len(calls) == 2
    assert result.get() == 27


def test_beat_refreshes_the_summary_on_the_housekeeping_queue():
    entry = next(
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "desk.tasks.refresh_insight"
    )
    assert entry["schedule"] == settings.LOKET_INSIGHT_REFRESH_SECONDS
    route = settings.CELERY_TASK_ROUTES["desk.tasks.refresh_insight"]
    assert route["queue"] == settings.CELERY_HOUSEKEEPING_QUEUE
    app.loader.import_default_modules()
    assert "desk.tasks.refresh_insight" in app.tasks


def test_the_pages_say_when_the_figures_were_refreshed(client, world):
    moment = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(14, 5))
    )
    InsightRefresh.objects.filter(pk=1).update(finished_at=moment)
    login(client, world.guide)
    html = client.get(reverse("desk:insight"), PERIOD).content.decode()
    assert "Updated at 14:05" in html
    InsightRefresh.objects.filter(pk=1).update(finished_at=moment - datetime.timedelta(days=1))
    html = client.get(reverse("desk:insight"), PERIOD).content.decode()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert f"Updated on {yesterday.day} " in html and " at 14:05" in html
    InsightRefresh.objects.all().delete()
    html = client.get(reverse("desk:insight"), PERIOD).content.decode()
    assert "Not computed yet" in html


def test_the_national_view_says_when_it_was_refreshed_and_counts_from_the_summary(client, world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    login(client, admin)
    FunnelFact.objects.all().delete()  # as if nothing had been counted yet
    response = client.get(reverse("desk:insight_national"), PERIOD)
    domstad = next(
        r for r in response.context["item"]["panel"].table("regions").rows if "Domstad" in r[0]
    )
    assert domstad[1] == 0
    assert "Updated at" in response.content.decode()
    summary.insight_refresh()
    response = client.get(reverse("desk:insight_national"), PERIOD)
    domstad = next(
        r for r in response.context["item"]["panel"].table("regions").rows if "Domstad" in r[0]
    )
    assert domstad[1] == 6


def available(world, **kwargs) -> tuple[dict, dict]:
    """The shortage picture's candidates: per (subject, sector) and per municipality."""
    filters = world.filters(**kwargs)
    subjects = {(r.key, r.sector): r.candidates for r in queries.shortage_by_subject(filters)}
    places = {r.key: r.candidates for r in queries.shortage_by_municipality(filters)}
    return subjects, places


def test_the_shortage_picture_counts_the_candidates_the_last_refresh_saw(world):
    PostcodeArea.objects.create(digits="3511", municipality="Utrecht", latitude=0, longitude=0)
    PostcodeArea.objects.create(digits="3701", municipality="Zeist", latitude=0, longitude=0)
    summary.insight_refresh()
    before = (
        {("Wiskunde", "vo"): 2, ("Natuurkunde", "vo"): 1},
        {"Utrecht": 2, "Zeist": 0},
    )
    assert available(world) == before
    # G wants maths and physics in two sectors and lives in Zeist; H wants nothing yet; both
    # are in matching. B (matching) and C (intake) live in Utrecht (the factory's postcode).
    g = CandidateFactory(
        region=world.r, phase=Phase.MATCHING, sectors=[Sector.VO, Sector.MBO], postcode="3701 AA"
    )
    g.subjects.set([world.maths, world.physics])
    CandidateFactory(region=world.r, phase=Phase.MATCHING, sectors=[], postcode="9999 ZZ")
    assert available(world) == before
    summary.insight_refresh()
    maths, physics = ("Wiskunde", "vo"), ("Natuurkunde", "vo")
    subjects, places = available(world)
    assert subjects == {maths: 3, physics: 2, ("Wiskunde", "mbo"): 1, ("Natuurkunde", "mbo"): 1}
    # Once each, whatever they want; H lives where no area is known.
    assert places == {"Utrecht": 2, "Zeist": 1, "": 1}
    assert available(world, sector=Sector.MBO) == (
        {("Wiskunde", "mbo"): 1, ("Natuurkunde", "mbo"): 1},
        {"Zeist": 1},  # no vacancies for mbo, nobody for it in Utrecht
    )
    assert available(world, subject_id=world.physics.pk)[1] == {"Utrecht": 1, "Zeist": 1}
    assert available(world, sector=Sector.VO, subject_id=world.maths.pk) == (
        {maths: 3},
        {"Utrecht": 2, "Zeist": 1},
    )
    assert available(world, municipality="Zeist") == (
        {maths: 1, physics: 1, ("Wiskunde", "mbo"): 1, ("Natuurkunde", "mbo"): 1},
        {"Zeist": 1},
    )
    # Placed or dropped out: no longer available, from the next refresh on.
    Candidate.objects.filter(pk=g.pk).update(phase=Phase.GESTART)
    assert available(world, municipality="Zeist")[1] == {"Zeist": 1}
    summary.insight_refresh()
    assert available(world, municipality="Zeist") == ({physics: 0}, {"Zeist": 0})
