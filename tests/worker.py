"""Run a real Celery worker (and beat) as separate processes against the test database."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def require_redis() -> str:
    """The broker URL, or skip (locally) / fail (in CI) when no Redis answers."""
    url = settings.CELERY_BROKER_URL
    reason = None
    if not url.startswith("redis://"):
        reason = f"the broker is not Redis ({url.split(':')[0]})"
    else:
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            reason = f"Redis at {url} does not answer ({error.__class__.__name__})"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the worker tests, but {reason}")
        pytest.skip(f"needs a real Redis: {reason}; install redis-server or set REDIS_URL")
    return url


def test_database_url() -> str:
    db = connection.settings_dict
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'])}{password}@{host}{port}/{db['NAME']}"


@contextmanager
def celery_processes(tmp_path, *, beat: bool = False, extra_env: dict | None = None):
    """Start a worker (and optionally beat) on a private queue; yields the queue name."""
    require_redis()
    queue = f"test-{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "CELERY_QUEUE": queue,
        "CELERY_BEAT_SCHEDULE_FILENAME": str(tmp_path / "beat-schedule"),
        **(extra_env or {}),
    }
    command = [sys.executable, "-m", "celery", "-A", "loket"]
    processes = [
        subprocess.Popen(
            [
                *command,
                "worker",
                "-Q",
                queue,
                "--pool",
                "solo",
                "--loglevel",
                "WARNING",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
        )
    ]
    if beat:
        processes.append(
            subprocess.Popen([*command, "beat", "--loglevel", "WARNING"], cwd=ROOT, env=env)
        )
    try:
        yield queue
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for(condition, *, timeout: float = 60.0, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"gave up after {timeout} seconds")
