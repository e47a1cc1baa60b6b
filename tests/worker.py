"""Run a real Celery worker (and beat) as separate processes against the test database."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager, suppress
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
        # No -Q: the worker serves the mail queue and the housekeeping queue beside it.
        subprocess.Popen(
            [
                *command,
                "worker",
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own on a free port: it may be restarted, and its clients
    dropped, without touching the Redis that other tests and people use."""

    def __init__(self, folder):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            if os.environ.get("CI"):
                pytest.fail("CI must run the worker tests, but redis-server is not installed")
            pytest.skip("needs redis-server to start a private broker")
        self.folder = folder
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *[self.binary, "--port", str(self.port), "--bind", "127.0.0.1"],
                *["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(self._answers, timeout=20, interval=0.05)

    def _answers(self) -> bool:
        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=2)

    def drop_connections(self) -> int:
        """Every client (worker, beat) loses its connection; the data stays."""
        return self.client().execute_command("CLIENT", "KILL", "TYPE", "normal")

    def restart(self) -> None:
        """A real restart: without persistence every queued task is gone."""
        self.stop()
        self.start()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=20)


@contextmanager
def private_redis(folder):
    server = PrivateRedis(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def start_group(command: list[str], env: dict) -> subprocess.Popen:
    """A process in its own process group, so SIGKILL takes its pool children too."""
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def kill_group(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)
