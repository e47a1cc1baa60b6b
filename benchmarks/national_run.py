"""``national.py run``: gunicorn on the national data set, Locust over the pages, one table.

Each page is its own group: Locust (headless, ``--users`` users, no think time) runs for
``--seconds`` against a gunicorn with 2 sync workers and production settings on 127.0.0.1,
alternating a request of the page with one of the floor view (``/bench/floor/``, mounted only
with ``LOKET_BENCH=true``). Signed-in pages use sessions made here for real users of the set,
so no password hashing is timed. Every URL is asked once before timing and must answer 200.
"""

import csv
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
P95_GOAL = 150.0
PARTIAL_P95_GOAL = 80.0
PUBLIC_RPS_GOAL = 300.0
PUBLIC_FLOOR_FACTOR = 5.0
QUERY_GOAL = 15
PUBLIC = {"board", "board_distance", "home", "events", "vacancy"}
PARTIAL = {"pipeline_partial"}


def run_benchmark(args, *, env: dict[str, str], sizes: list[tuple[str, int]]) -> None:
    env = {
        **env,
        "LOKET_BENCH": "true",
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/2"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    sys.path.insert(0, str(ROOT))
    import django  # noqa: PLC0415

    django.setup()
    from national_plan import build_plan  # noqa: PLC0415

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        check=True,
        env=env,
        cwd=ROOT,
    )
    plan = build_plan(session_for=_session_for)
    only = {name for name in args.only.split(",") if name}
    groups = [(name, reqs) for name, reqs in plan if not only or name in only]
    groups.insert(0, ("floor", [{"name": "floor", "path": "/bench/floor/"}]))
    host = f"http://127.0.0.1:{args.port}"
    load_before = os.getloadavg()
    server = _start_gunicorn(env, args.port)
    rows = []
    try:
        for name, requests in groups:
            # A public page is rendered once per address and then served from the cache until
            # its data changes: measure that steady state (the first render is in-process).
            for item in requests if name in PUBLIC else requests[:1]:
                _warm(host, item)
            row = _run_group(name, requests, host=host, args=args, env=env)
            rows.append(row)
            print(f"  {name}: {row}", file=sys.stderr)
        floor = rows[0]["p50"]
        for row in rows:
            row["floor_p50"] = floor
    finally:
        server.terminate()
        server.wait(timeout=30)
    _print_report(rows, sizes=sizes, load_before=load_before, load_after=os.getloadavg(), args=args)


def _session_for(user) -> str:
    """A signed-in session for ``user`` in the portal's session store; returns its key."""
    from django.conf import settings  # noqa: PLC0415
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa

    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "loket.wsgi",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            # Long enough to measure the slowest page before its fix (production keeps 30 s).
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor/", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def _warm(host: str, item: dict) -> None:
    """Ask a URL once before measuring (a worker's first request pays for imports and
    connections); a refusal or a redirect means the plan is wrong, so the run stops."""
    request = urllib.request.Request(host + item["path"], headers=item.get("headers", {}))
    if item.get("session"):
        request.add_header("Cookie", f"sessionid={item['session']}")
    try:
        status = urllib.request.build_opener(_NoRedirect).open(request, timeout=120).status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:  # a worker killed by gunicorn's timeout: measured, not fatal
        print(f"  {item['name']}: warm-up failed ({error})", file=sys.stderr)
        return
    if status in {301, 302, 403, 404}:
        raise SystemExit(f"{item['name']}: {item['path']} answered {status}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _run_group(name: str, requests: list[dict], *, host: str, args, env: dict[str, str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        plan_path = Path(tmp) / "plan.json"
        plan_path.write_text(json.dumps({"requests": requests, "alone": name == "floor"}))
        queries_path = Path(tmp) / "queries.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.users),
                "--run-time",
                f"{args.seconds}s",
                "--host",
                host,
                "--csv",
                str(Path(tmp) / "stats"),
                "--only-summary",
                "--loglevel",
                "ERROR",
                "--exit-code-on-error",
                "0",
                # Requests still running at the end finish and count (slow pages have few).
                "--stop-timeout",
                "60",
            ],
            check=True,
            env={**env, "BENCH_PLAN": str(plan_path), "BENCH_QUERIES": str(queries_path)},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        stats = {
            row["Name"]: row
            for row in csv.DictReader((Path(tmp) / "stats_stats.csv").open())
            if row["Type"] == "GET"
        }
        queries = json.loads(queries_path.read_text()) if queries_path.exists() else {}
    # A page whose requests all outlive the run has no row: nothing answered in time.
    page = stats.get(name) or {
        "Requests/s": 0,
        "50%": "nan",
        "95%": "nan",
        "99%": "nan",
        "Failure Count": args.users,
        "Request Count": 0,
    }
    counts = queries.get(name, [])
    return {
        "name": name,
        "rps": float(page["Requests/s"]),
        "p50": float(page["50%"]),
        "p95": float(page["95%"]),
        "p99": float(page["99%"]),
        "errors": int(page["Failure Count"]),
        "requests": int(page["Request Count"]),
        # The usual count (a cached page's first render costs more: that is the maximum).
        "queries": statistics.median_low(counts) if counts else None,
        "queries_max": max(counts) if counts else None,
    }


def _goal(name: str) -> str:
    if name == "floor":
        return "the floor"
    p95 = PARTIAL_P95_GOAL if name in PARTIAL else P95_GOAL
    text = f"p95<{p95:.0f}"
    if name in PUBLIC:
        text += f", >={PUBLIC_RPS_GOAL:.0f}/s, p50<={PUBLIC_FLOOR_FACTOR:.0f}x floor"
    return text + f", q<={QUERY_GOAL}"


def _met(row: dict) -> bool:
    p95 = PARTIAL_P95_GOAL if row["name"] in PARTIAL else P95_GOAL
    ok = row["p95"] < p95 and row["errors"] == 0
    ok = ok and row["queries_max"] is not None and row["queries_max"] <= QUERY_GOAL
    if row["name"] in PUBLIC:
        ok = ok and row["rps"] >= PUBLIC_RPS_GOAL
        ok = ok and row["p50"] <= PUBLIC_FLOOR_FACTOR * max(row["floor_p50"], 1.0)
    return ok


def _print_report(rows, *, sizes, load_before, load_after, args) -> None:
    print(
        f"\n{args.users} users, {args.seconds} s per page, gunicorn 2 sync workers, "
        f"{os.cpu_count()} cores; load average before {load_before[0]:.2f} "
        f"{load_before[1]:.2f} {load_before[2]:.2f}, after {load_after[0]:.2f} "
        f"{load_after[1]:.2f} {load_after[2]:.2f}"
    )
    print("data: " + ", ".join(f"{label} {count:,}" for label, count in sizes))
    header = (
        f"{'page':18} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'err':>4} {'q':>4} "
        f"{'qmax':>4} {'floor':>6} {'x':>5}  goal"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        factor = row["p50"] / max(row["floor_p50"], 1.0)
        queries = "?" if row["queries"] is None else str(row["queries"])
        queries_max = "?" if row["queries_max"] is None else str(row["queries_max"])
        mark = "" if row["name"] == "floor" else (": ok" if _met(row) else ": MISSED")
        print(
            f"{row['name']:18} {row['rps']:7.1f} {row['p50']:6.0f} {row['p95']:6.0f} "
            f"{row['p99']:6.0f} {row['errors']:4d} {queries:>4} {queries_max:>4} "
            f"{row['floor_p50']:6.0f} "
            f"{factor:5.1f}  {_goal(row['name'])}{mark}"
        )
    print(
        "times in ms; floor = p50 of /bench/floor/ alone (first row), each page is interleaved "
        "1:1 with it; x = p50 / floor; q = usual queries per request (server-side), qmax = most"
    )
