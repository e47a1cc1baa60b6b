"""Where one page's time goes on the national data set: each SQL statement with its time.

    uv run --group bench python benchmarks/national_profile.py /loket/ [--as EMAIL] [--plan]

Serves the request in-process with the test client (production settings, the benchmark
database), prints the statements slowest first and, with ``--plan``, the EXPLAIN ANALYZE of the
slowest one.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from national import bench_env  # noqa: E402

os.environ.update(bench_env())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from loket.core.models import User  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--as", dest="email", default="loket@demo.regioloket.example")
    parser.add_argument("--plan", action="store_true")
    parser.add_argument("--htmx", action="store_true")
    args = parser.parse_args()
    client = Client()
    if args.email != "-":
        client.force_login(User.objects.get(email=args.email))
    headers = {"HX-Request": "true"} if args.htmx else {}
    client.get(args.path, headers=headers)  # warm: imports, connections
    statements = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(((time.perf_counter() - started) * 1000, sql, params))

    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        response = client.get(args.path, headers=headers)
    total = (time.perf_counter() - started) * 1000
    sql_ms = sum(ms for ms, _sql, _params in statements)
    print(f"{response.status_code} {total:.0f} ms, {len(statements)} queries, {sql_ms:.0f} ms SQL")
    for ms, sql, _params in sorted(statements, key=lambda row: -row[0])[:8]:
        print(f"{ms:8.1f} ms  {sql[:300]}")
    if args.plan and statements:
        _ms, sql, params = max(statements, key=lambda row: row[0])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
