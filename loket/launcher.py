"""What ``./portal up`` and ``./portal test`` do once the project's environment exists.

Both make sure a database and a broker are there first:
- PostgreSQL: ``DATABASE_URL`` if set, else the embedded server under ``.data/postgres``, kept
  alive by this process and stopped when it exits.
- Broker: ``REDIS_URL`` if set, else a private ``redis-server`` on a free port when one is
  installed, else (``up`` only) Celery's filesystem broker under ``.data/broker``, which needs no
  server. The tests that need a real worker are skipped, with the reason, when there is no Redis.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from loket.demo_constants import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
PYTHON = sys.executable


def say(message: str) -> None:
    print(f"[portal] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_answers(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def ensure_database(env: dict[str, str]) -> None:
    if env.get("DATABASE_URL"):
        say("PostgreSQL: using DATABASE_URL")
        return
    # Only without DATABASE_URL: the embedded server's wheel is a dev dependency.
    from loket.embedded_pg import database_url  # noqa: PLC0415

    say("PostgreSQL: starting the embedded server (.data/postgres) ...")
    env["DATABASE_URL"] = database_url(ROOT)


def start_redis(env: dict[str, str]) -> subprocess.Popen | None:
    """Start a private redis-server if one is installed; returns its process."""
    binary = shutil.which("redis-server")
    if not binary:
        return None
    port = free_port()
    folder = DATA / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
            "--logfile",
            str(folder / "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        # Its own session: Ctrl-C must not take the broker away while the worker shuts down.
        start_new_session=True,
    )
    for _ in range(50):
        if port_answers(port):
            break
        time.sleep(0.1)
    else:
        process.terminate()
        return None
    env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    say(f"Redis: started a private redis-server on port {port}")
    return process


def ensure_broker(env: dict[str, str], *, allow_filesystem: bool) -> subprocess.Popen | None:
    if env.get("REDIS_URL"):
        say("Redis: using REDIS_URL")
        return None
    process = start_redis(env)
    if process is None and allow_filesystem:
        for name in ("queue", "processed"):
            (DATA / "broker" / name).mkdir(parents=True, exist_ok=True)
        env["CELERY_BROKER_URL"] = "filesystem://"
        say("Redis: none installed; Celery uses the filesystem broker in .data/broker")
    elif process is None:
        say("Redis: none installed and REDIS_URL not set; worker tests will be skipped")
    return process


def ensure_services(env: dict[str, str], *, allow_filesystem_broker: bool) -> list:
    """Database and broker for the children; returns the processes this launcher started."""
    ensure_database(env)
    redis = ensure_broker(env, allow_filesystem=allow_filesystem_broker)
    return [redis] if redis else []


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def worker_command(*, loglevel: str = "INFO", concurrency: int = 2) -> list[str]:
    """The Celery worker of ``up``. No ``-Q``: it serves every queue in ``CELERY_TASK_QUEUES``,
    the mail queue and the housekeeping queue (heartbeat, sweep, prune, reminder rules), so
    housekeeping never waits behind a backlog of mail."""
    return [
        *[PYTHON, "-m", "celery", "-A", "loket", "worker"],
        *["--loglevel", loglevel, "--concurrency", str(concurrency)],
    ]


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def secret_key() -> str:
    path = DATA / "secret_key"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def up() -> int:
    env = dict(os.environ)
    env.setdefault("DEBUG", "true")
    env.setdefault("SECRET_KEY", secret_key())
    env.setdefault("LOKET_REQUIRE_STAFF_MFA", "false")
    port = env.get("PORT", "8000")
    if port_answers(int(port)):
        say(f"Port {port} is already in use; stop what runs there or set PORT.")
        return 1
    stopping: list[int] = []

    def request_stop(signum, frame):
        stopping.append(signum)

    helpers = ensure_services(env, allow_filesystem_broker=True)
    children: list[subprocess.Popen] = []
    try:
        say("Migrating the database ...")
        manage(env, "migrate", "--noinput", "-v", "0")
        say("Loading demo data ...")
        manage(env, "seed_demo")
        # From here Ctrl-C (which reaches the whole process group) stops the children by itself;
        # this process notices, waits for them, then stops the services it started.
        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        celery = [PYTHON, "-m", "celery", "-A", "loket"]
        children = [
            subprocess.Popen(
                [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=ROOT,
                env=env,
            ),
            subprocess.Popen(worker_command(), cwd=ROOT, env=env),
            subprocess.Popen([*celery, "beat", "--loglevel", "INFO"], cwd=ROOT, env=env),
        ]
        for _ in range(150):
            if stopping or port_answers(int(port)) or children[0].poll() is not None:
                break
            time.sleep(0.2)
        if not stopping and children[0].poll() is None:
            say(f"The portal runs at http://127.0.0.1:{port}/ (web, worker, beat).")
            say(f"Demo logins: the addresses above, password {DEMO_PASSWORD}. Ctrl-C stops all.")
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.5)
        say("Stopping ..." if stopping else "A process stopped unexpectedly; stopping the rest.")
        return 0 if stopping else 1
    finally:
        stop(children)
        stop(helpers)


def test(args: list[str]) -> int:
    env = dict(os.environ)
    env.setdefault("LOKET_EMBEDDED_DB", "true")
    helpers = ensure_services(env, allow_filesystem_broker=False)
    try:
        for lint in (["check", "."], ["format", "--check", "."]):
            say(f"ruff {' '.join(lint)}")
            result = subprocess.run([PYTHON, "-m", "ruff", *lint], cwd=ROOT, env=env)
            if result.returncode:
                return result.returncode
        # The layering contract (pyproject.toml, [tool.importlinter]) before any test runs.
        say("lint-imports")
        lint_imports = Path(PYTHON).with_name("lint-imports")
        result = subprocess.run([str(lint_imports)], cwd=ROOT, env=env)
        if result.returncode:
            return result.returncode
        return subprocess.run([PYTHON, "-m", "pytest", *args], cwd=ROOT, env=env).returncode
    finally:
        stop(helpers)


def main() -> int:
    command, *rest = sys.argv[1:] or ["up"]
    if command == "up":
        return up()
    if command == "test":
        return test(rest)
    print("usage: python -m loket.launcher up|test [pytest args]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
