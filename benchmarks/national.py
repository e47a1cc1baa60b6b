"""The portal at national size: build the data set, then serve and load it.

    uv run python benchmarks/national.py build      # minutes; once per database
    uv run --group bench python benchmarks/national.py run [--seconds 20] [--users 20]

``build`` migrates the database named by ``BENCH_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/loket_national``), loads the demo data (its logins work,
password ``demo-loket-2026``) and adds, in SQL (``national_data.sql``: generate_series, one
transaction), 35 regions, 3,000 schools, 200,000 candidates with their phase events, contacts,
subjects, proposals, assessments and event registrations, 10,000 vacancies and 1,000,000 mail
rows. It refuses a database that already holds the set.

``run`` starts gunicorn (2 sync workers, production settings, loopback only) on that database,
drives it with Locust (headless, 20 users, a bounded time per page group) and prints a table per
page: req/s, p50, p95, p99, errors, queries per request (counted by the server, see
``loket.core.bench``), p50 / floor, and the goals beside them (``national_run.py``).
"""

import argparse
import os
import string
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/loket_national"
DATA_SQL = Path(__file__).with_name("national_data.sql")
NATIONAL = {
    "regions": 35,
    "schools": 3000,
    "candidates": 200_000,
    "vacancies": 10_000,
    "mails_per_candidate": 5,
}
SIZES = [
    ("regions", "loket_region"),
    ("schools", "loket_school"),
    ("candidates", "kandidaten_candidate"),
    ("candidate subjects", "kandidaten_candidate_subjects"),
    ("phase events", "kandidaten_phaseevent"),
    ("contacts", "kandidaten_contact"),
    ("vacancies", "vacatures_vacancy"),
    ("proposals", "vacatures_proposal"),
    ("events", "kandidaten_event"),
    ("registrations", "kandidaten_eventregistration"),
    ("mail rows", "loket_outgoingmail"),
    ("users", "loket_user"),
]


def bench_env() -> dict[str, str]:
    """The environment of every process the benchmark starts: production settings."""
    env = dict(os.environ)
    env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    env["DEBUG"] = "false"
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("SECURE_SSL_REDIRECT", "false")
    env.setdefault("SESSION_COOKIE_SECURE", "false")
    env.setdefault("CSRF_COOKIE_SECURE", "false")
    env.setdefault("LOKET_REQUIRE_STAFF_MFA", "false")
    env.setdefault("LOG_LEVEL", "WARNING")
    return env


def manage(*args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], check=True, env=bench_env(), cwd=ROOT
    )


def connect():
    """A psycopg connection to the benchmark database (autocommit off)."""
    import psycopg  # noqa: PLC0415  (benchmarks are scripts, not part of the layered app)

    return psycopg.connect(bench_env()["DATABASE_URL"])


def data_sizes() -> list[tuple[str, int]]:
    with connect() as conn:
        return [
            (label, conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
            for label, table in SIZES
        ]


def data_sql(**sizes: int) -> str:
    """The data set's SQL for these sizes (35 regions, 200,000 candidates... at national size)."""
    return string.Template(DATA_SQL.read_text()).substitute(sizes)


def build(_args: argparse.Namespace) -> None:
    started = time.monotonic()
    manage("migrate", "--no-input", "-v", "0")
    with connect() as conn:
        candidates = conn.execute("SELECT count(*) FROM kandidaten_candidate").fetchone()[0]
    if candidates > 1000:
        sys.exit(f"The database already holds {candidates} candidates: build into another one.")
    manage("seed_demo", "--force")  # fictional logins of a benchmark database
    print(f"migrated and demo data loaded in {time.monotonic() - started:.0f} s")
    sql = data_sql(**NATIONAL)
    with connect() as conn:
        conn.execute("SET work_mem = '256MB'")
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute(sql)
        conn.commit()
    print(f"national data inserted after {time.monotonic() - started:.0f} s")
    with connect() as conn:
        conn.autocommit = True
        conn.execute("VACUUM (ANALYZE)")
    print(f"vacuumed and analysed after {time.monotonic() - started:.0f} s")
    for label, count in data_sizes():
        print(f"  {label:20} {count:>10,}")


def run(args: argparse.Namespace) -> None:
    from national_run import run_benchmark  # noqa: PLC0415

    run_benchmark(args, env=bench_env(), sizes=data_sizes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="migrate and fill the national data set")
    runner = commands.add_parser("run", help="serve it under gunicorn and load it with Locust")
    runner.add_argument("--seconds", type=int, default=20, help="seconds per page group")
    runner.add_argument("--users", type=int, default=20)
    runner.add_argument("--port", type=int, default=8200)
    runner.add_argument("--only", default="", help="comma-separated page groups to run")
    args = parser.parse_args()
    {"build": build, "run": run}[args.command](args)


if __name__ == "__main__":
    main()
