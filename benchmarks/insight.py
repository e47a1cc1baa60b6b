"""Time the insight dashboard at national size: the summary's refresh, each panel's queries and
each insight page, with production settings, on a copy of the national data set.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_national_insight \\
        uv run python benchmarks/insight.py [--runs 30] [--before]

The database must hold the national set (``benchmarks/national.py build`` of the perf branch,
or a copy: ``CREATE DATABASE loket_national_insight TEMPLATE loket_national``) and this branch's
migrations (``--migrate`` applies them; never point it at a database others read). It refreshes
the summary once (timed), then runs every panel and page ``--runs`` times for the region with the
most candidates, this school year, and prints p50/p95 per panel and page with its query count.
``--before`` also times the live funnel and regions compared of the code before the summary
(read from git), for comparison. Nothing is written but the summary.
"""

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/loket_national_insight"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
os.environ["DEBUG"] = "false"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("LOKET_REQUIRE_STAFF_MFA", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from kandidaten.models import Candidate, PhaseEvent  # noqa: E402
from loket.core.models import Region, Role, RoleAssignment, User  # noqa: E402
from loket.desk.insight import outside, panels  # noqa: E402
from loket.desk.insight.filters import Filters, school_year_start  # noqa: E402
from loket.desk.insight.summary import insight_refresh  # noqa: E402
from loket.desk.models import FunnelFact  # noqa: E402

BUDGET_MS = 150
SUMMARY_COMMIT = "1a87895"  # the commit that introduced the summary: --before reads its parent


def timed(fn, runs: int) -> tuple[float, float, int]:
    """p50 and p95 in milliseconds over ``runs`` calls (after one warm-up), and queries per call."""
    fn()
    samples = []
    with CaptureQueriesContext(connection) as queries:
        fn()
    count = len(queries)
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
        reset_queries()
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, count


def line(name: str, p50: float, p95: float, queries: int | str) -> None:
    verdict = "ok" if p95 < BUDGET_MS else "OVER"
    print(f"  {name:<42} {p50:8.1f} {p95:8.1f} {queries!s:>8}   {verdict}")


def header(title: str) -> None:
    columns = f"{'p50 ms':>8} {'p95 ms':>8} {'queries':>8}"
    print(f"\n{title}\n  {'':<42} {columns}   budget: p95 < {BUDGET_MS} ms")


def old_queries():
    """The queries module before the summary, loaded from git under another name."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{SUMMARY_COMMIT}^:loket/desk/insight/queries.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "old_insight_queries.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("old_insight_queries", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def page(client: Client, url: str, params: dict | None = None):
    def get():
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, response.status_code)

    return get


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--before", action="store_true", help="also time the live funnel")
    parser.add_argument("--migrate", action="store_true", help="apply this branch's migrations")
    args = parser.parse_args()
    if args.migrate:
        call_command("migrate", verbosity=0)

    print(f"database {connection.settings_dict['NAME']}, load {os.getloadavg()}")
    print(
        f"sizes: {Region.objects.count()} regions, {Candidate.objects.count()} candidates, "
        f"{PhaseEvent.objects.count()} phase events"
    )
    start = time.perf_counter()
    record = insight_refresh()
    refresh_s = time.perf_counter() - start
    print(f"refresh: {record.facts} facts in {refresh_s:.1f} s (with ANALYZE)")
    refreshes = [refresh_s]
    for _ in range(2):
        start = time.perf_counter()
        insight_refresh()
        refreshes.append(time.perf_counter() - start)
    print(f"refresh, three runs: {', '.join(f'{s:.1f} s' for s in refreshes)}")

    biggest = Candidate.objects.values("region").annotate(n=Count("pk")).order_by("-n").first()
    region = Region.objects.get(pk=biggest["region"])
    today = timezone.localdate()
    filters = Filters(region_ids=[region.pk], start=school_year_start(today), end=today)
    everywhere = Filters(
        region_ids=list(Region.objects.values_list("pk", flat=True)),
        start=school_year_start(today),
        end=today,
    )
    print(
        f"region {region.name}: {Candidate.objects.filter(region=region).count()} candidates, "
        f"{FunnelFact.objects.filter(region=region).count()} facts; period {filters.start} to "
        f"{filters.end}"
    )

    header("Panels (their queries and tables)")
    for name, build in panels.DESK_PANELS.items():
        line(name, *timed(lambda build=build: build(filters), args.runs))
    line(
        "funnel, split by sector",
        *timed(lambda: panels.funnel_panel(filters, split="sector"), args.runs),
    )
    line("national (35 regions)", *timed(lambda: outside.national_panel(everywhere), args.runs))
    line("public region", *timed(lambda: outside.public_panel(filters), args.runs))
    line("public index", *timed(lambda: outside.public_regions_panel(filters.start), args.runs))

    if args.before:
        old = old_queries()
        header("Before the summary (the live computation over the phase events)")
        line("funnel: reached", *timed(lambda: old.funnel(filters, split="source"), args.runs))
        line("funnel: median days", *timed(lambda: old.funnel_times(filters), args.runs))
        line("funnel: exits", *timed(lambda: old.funnel_exits(filters), args.runs))
        line("national: regions compared", *timed(lambda: old.regions_compared(everywhere), 5))

    staff = User.objects.filter(
        roles__role=Role.DESK_STAFF, roles__region=region, is_active=True
    ).first()
    admin = User.objects.filter(is_superuser=True, is_active=True).first()
    hr = RoleAssignment.objects.filter(role=Role.HR_OFFICER).exclude(board=None).first()
    header("Pages (test client, production settings)")
    desk = client_for(staff)
    line("/loket/inzicht/", *timed(page(desk, reverse("desk:insight")), args.runs))
    line(
        "/loket/inzicht/ one panel (HTMX, funnel)",
        *timed(
            lambda: desk.get(
                reverse("desk:insight"),
                {"panel": "funnel", "split": "campaign"},
                HTTP_HX_REQUEST="true",
            ),
            args.runs,
        ),
    )
    line(
        "/loket/inzicht/rapport/",
        *timed(page(desk, reverse("desk:insight_report")), args.runs),
    )
    if admin:
        line(
            "/loket/inzicht/landelijk/",
            *timed(page(client_for(admin), reverse("desk:insight_national")), args.runs),
        )
    if hr:
        line(
            "/vacatures/beheer/inzicht/ (a board)",
            *timed(page(client_for(hr.user), reverse("vacatures:hr_insight")), args.runs),
        )
    anonymous = client_for(None)
    line("/inzicht/", *timed(page(anonymous, reverse("insight:index")), args.runs))
    line(
        f"/inzicht/{region.slug}/",
        *timed(page(anonymous, reverse("insight:region", args=[region.slug])), args.runs),
    )


if __name__ == "__main__":
    main()
