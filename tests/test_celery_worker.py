"""The heartbeat goes through Redis and a real worker process, and beat schedules it."""

import pytest

from loket.core.health import heartbeat
from loket.core.models import Heartbeat
from tests.worker import celery_processes, wait_for


def _runs() -> int:
    beat = Heartbeat.objects.filter(name="heartbeat").first()
    return beat.runs if beat else 0


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_heartbeat_task_runs_in_a_worker_process(tmp_path):
    with celery_processes(tmp_path) as queue:
        heartbeat.apply_async(queue=queue)
        wait_for(lambda: _runs() >= 1)
    assert Heartbeat.objects.get(name="heartbeat").runs == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_beat_schedules_the_heartbeat_and_the_worker_records_it(tmp_path):
    with celery_processes(tmp_path, beat=True, extra_env={"LOKET_HEARTBEAT_SECONDS": "1"}):
        wait_for(lambda: _runs() >= 2)
    assert Heartbeat.objects.get(name="heartbeat").last_run_at is not None
