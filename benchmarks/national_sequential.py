"""What one request costs the server, one at a time, in-process: less noisy than a load run.

    BENCH_DATABASE_URL=postgres://.../loket_national CACHE_URL=redis://127.0.0.1:6379/2 \\
      uv run python benchmarks/national_sequential.py /vacatures/ / /evenementen/ /vacatures/1/

Calls the portal's WSGI application directly (production settings as ``national.py run`` sets
them, no gunicorn, no network, no load generator), anonymously or ``--as`` a user of the set
(``--htmx`` sends the headers of the pipeline's partial), ``--requests`` times per batch,
and prints per path the median of ``--batches`` batches in microseconds per request, with the
floor view measured the same way and the ratio to it. Each path is asked twice before it is
timed, so a public page is measured as served from the cache. Use it to compare two versions
of the code on one machine (run both, in turn, twice); a load run (``national.py run``) says
what 20 users get. ``--profile`` prints where the time of the last path goes (cProfile,
the functions that took longest on their own).
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = "/bench/floor/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--batches", type=int, default=7)
    parser.add_argument("--as", dest="email", help="sign in as this user of the set")
    parser.add_argument("--htmx", action="store_true", help="ask as the pipeline's partial")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    database = os.environ.get("BENCH_DATABASE_URL")
    if not database:
        raise SystemExit("Set BENCH_DATABASE_URL to the national data set's database.")
    os.environ.update(
        DATABASE_URL=database,
        DJANGO_SETTINGS_MODULE="loket.settings",
        DEBUG="false",
        LOKET_BENCH="true",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        LOKET_REQUIRE_STAFF_MFA="false",
        LOG_LEVEL="WARNING",
        CACHE_URL=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/2"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
    )
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from django.core.wsgi import get_wsgi_application  # noqa: PLC0415

    application = get_wsgi_application()
    extra = {}
    if args.email:
        from django.conf import settings  # noqa: PLC0415
        from national_run import _session_for  # noqa: PLC0415

        from loket.core.models import User  # noqa: PLC0415

        key = _session_for(User.objects.get(email=args.email))
        extra["HTTP_COOKIE"] = f"{settings.SESSION_COOKIE_NAME}={key}"
    if args.htmx:
        extra.update(HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    floor = None
    print(f"{'path':40} {'µs/request':>11} {'x floor':>8} {'bytes':>8}")
    for path in [FLOOR, *args.paths]:
        headers = extra if path != FLOOR else {}
        size = _call(application, path, headers)
        _call(application, path, headers)
        batches = []
        for _ in range(args.batches):
            started = time.perf_counter()
            for _ in range(args.requests):
                _call(application, path, headers)
            batches.append((time.perf_counter() - started) / args.requests * 1e6)
        cost = statistics.median(batches)
        floor = floor or cost
        print(f"{path:40} {cost:11.0f} {cost / floor:8.2f} {size:8}")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            _call(application, args.paths[-1], extra)
        profile.disable()
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(60)


def _call(application, path: str, headers: dict) -> int:
    path_info, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        **headers,
    }
    status = []
    body = b"".join(application(environ, lambda line, headers, *_: status.append(line)))
    if not status[0].startswith("200"):
        raise SystemExit(f"{path} answered {status[0]}")
    return len(body)


if __name__ == "__main__":
    main()
