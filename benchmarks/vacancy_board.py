"""Benchmark the public vacancy board with thousands of published vacancies.

Seeds fictional schools and vacancies inside one transaction (through the same service that
keeps the Dutch search vector), times full GET requests of the board for a few typical
searches, prints median and p95, and rolls everything back: the database is left as it was.

    DATABASE_URL=postgres://... uv run python benchmarks/vacancy_board.py --vacancies 5000
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("LOKET_REQUIRE_STAFF_MFA", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")

warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from loket.core.models import Board, PostcodeArea, Region, School, Subject
from vacatures.models import ContractType, Qualification, Vacancy, VacancyStatus
from vacatures.services.vacancies import vacancy_refresh_search_vector

TOWNS = [
    ("Utrecht", 52.09, 5.12),
    ("Amersfoort", 52.156, 5.387),
    ("Zeist", 52.09, 5.23),
    ("Nieuwegein", 52.03, 5.09),
    ("Veenendaal", 52.03, 5.56),
    ("Houten", 52.03, 5.17),
    ("Woerden", 52.085, 4.88),
    ("Baarn", 52.21, 5.29),
]
WORDS = ["docent", "leraar", "leerkracht", "mentor", "praktijkdocent", "instructeur"]
SEARCHES = {
    "no filters": {},
    "text 'docent wiskunde'": {"q": "docent wiskunde"},
    "subject + sector + hours": {"subject": "bench-wiskunde", "sector": "vo", "min_hours": "20"},
    "postcode 25 km, nearest": {"postcode": "3511 AB", "distance": "25", "sort": "nearest"},
    "all combined": {
        "q": "leraren",
        "subject": "bench-wiskunde",
        "postcode": "3511 AB",
        "distance": "50",
        "career_switchers": "on",
        "sort": "nearest",
    },
    "page 10, closing soon": {"sort": "closing", "page": "10"},
}


class Rollback(Exception):
    pass


def seed(n_vacancies: int, n_schools: int, rng: random.Random) -> None:
    PostcodeArea.objects.get_or_create(
        digits="3511", defaults={"municipality": "Utrecht", "latitude": 52.092, "longitude": 5.115}
    )
    region = Region.objects.create(name="Benchmarkregio", slug="benchmarkregio")
    board = Board.objects.create(region=region, name="Benchmarkbestuur")
    subjects = [
        Subject.objects.update_or_create(
            slug=f"bench-{slug}", defaults={"name": name, "sectors": ["vo"]}
        )[0]
        for slug, name in [
            ("wiskunde", "Wiskunde"),
            ("nederlands", "Nederlands"),
            ("engels", "Engels"),
            ("natuurkunde", "Natuurkunde"),
            ("biologie", "Biologie"),
            ("techniek", "Techniek"),
            ("groep", "Groepsleerkracht"),
            ("economie", "Economie"),
        ]
    ]
    schools = []
    for i in range(n_schools):
        town, lat, lon = rng.choice(TOWNS)
        sector = rng.choice(["po", "vo", "vo", "mbo"])
        schools.append(
            School(
                region=region,
                board=board,
                name=f"Benchmarkschool {i}",
                branch_number=f"B{i:05d}",
                sectors=[sector],
                school_types={"po": ["basisschool"], "vo": ["vmbo", "havo"], "mbo": ["mbo"]}[
                    sector
                ],
                street_address="Schoolstraat 1",
                postcode="3511 AA",
                municipality=town,
                latitude=lat + rng.uniform(-0.05, 0.05),
                longitude=lon + rng.uniform(-0.05, 0.05),
            )
        )
    schools = School.objects.bulk_create(schools)
    today = timezone.localdate()
    now = timezone.now()
    vacancies = []
    for i in range(n_vacancies):
        school = rng.choice(schools)
        closing = today + timezone.timedelta(days=rng.randint(1, 90))
        vacancies.append(
            Vacancy(
                school=school,
                title=f"{rng.choice(WORDS).capitalize()} {rng.choice(subjects).name.lower()} {i}",
                sectors=school.sectors,
                school_types=school.school_types,
                qualification=rng.choice(Qualification.values),
                hours_per_week=rng.randint(8, 40),
                contract_type=rng.choice(ContractType.values),
                start_date=None,
                closing_date=closing,
                open_to_career_switchers=rng.random() < 0.7,
                description="Wij zoeken een enthousiaste collega voor onze leerlingen. " * 5,
                contact_name="Benchmark",
                contact_email="bench@example.org",
                status=VacancyStatus.PUBLISHED,
                published_at=now - timezone.timedelta(minutes=i),
            )
        )
    vacancies = Vacancy.objects.bulk_create(vacancies, batch_size=1000)
    through = Vacancy.subjects.through
    through.objects.bulk_create(
        [
            through(vacancy_id=v.pk, subject_id=subject.pk)
            for v in vacancies
            for subject in rng.sample(subjects, rng.choice([1, 1, 2]))
        ],
        batch_size=5000,
    )
    for vacancy in vacancies:
        vacancy_refresh_search_vector(vacancy=vacancy)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE vacatures_vacancy")
        cursor.execute("ANALYZE vacatures_vacancy_subjects")
        cursor.execute("ANALYZE loket_school")


class SqlTimer:
    """Adds up the time spent in the database, to tell SQL from template rendering."""

    def __init__(self):
        self.ms = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - start) * 1000
            self.queries += 1


def measure(client: Client, query: dict, runs: int) -> tuple[list[float], list[float], int, int]:
    client.get("/vacatures/", query)  # warm up
    times, sql_times = [], []
    for _ in range(runs):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            response = client.get("/vacatures/", query)
            times.append((time.perf_counter() - start) * 1000)
        sql_times.append(timer.ms)
        assert response.status_code == 200
    heading = re.search(rb'class="board__count"[^>]*>\s*(\d+)', response.content)
    return times, sql_times, int(heading.group(1)), timer.queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vacancies", type=int, default=5000)
    parser.add_argument("--schools", type=int, default=300)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(4)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            seed(args.vacancies, args.schools, rng)
            seeded = time.perf_counter() - started
            total = Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).count()
            print(
                f"Seeded {args.vacancies} vacancies at {args.schools} schools in {seeded:.1f} s "
                f"({total} published in the database); {args.runs} requests per search.\n"
            )
            print(
                f"{'search':<28} {'results':>8} {'queries':>8} {'median ms':>10} {'p95 ms':>8}"
                f" {'SQL median ms':>14}"
            )
            client = Client()
            for name, query in SEARCHES.items():
                times, sql_times, count, queries = measure(client, query, args.runs)
                p95 = statistics.quantiles(times, n=20)[18]
                print(
                    f"{name:<28} {count:>8} {queries:>8} {statistics.median(times):>10.1f}"
                    f" {p95:>8.1f} {statistics.median(sql_times):>14.1f}"
                )
            raise Rollback
    except Rollback:
        print("\nRolled back: the database is as it was.")


if __name__ == "__main__":
    main()
