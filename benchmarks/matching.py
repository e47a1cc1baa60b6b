"""Benchmark the matching engine with a region of 50,000 candidates and 5,000 vacancies.

Seeds fictional schools, vacancies and candidates (with subjects, sectors, levels and homes spread
around Utrecht and Amersfoort) inside one transaction with bulk inserts, times the top 20 of
``rank_vacancies_for`` for random candidates and of ``rank_candidates_for`` for random vacancies
(the queries plus the explanations of the 20 rows), prints median and p95 and the EXPLAIN
ANALYZE plan of one run of each, and rolls everything back: the database is left as it was.

    DATABASE_URL=postgres://... uv run python benchmarks/matching.py --candidates 50000
"""

import argparse
import datetime
import os
import random
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
from django.utils import timezone  # noqa: E402

from kandidaten.models import Candidate, Phase, TeachingLevel
from loket.core.models import Board, Region, School, Subject, User
from loket.desk.matching import (
    explain_candidate_match,
    explain_vacancy_match,
    rank_candidates_for,
    rank_vacancies_for,
)
from vacatures.models import ContractType, Qualification, Vacancy, VacancyStatus

TOWNS = [
    # (name, latitude, longitude, weight): most people live in the two cities.
    ("Utrecht", 52.09, 5.12, 6),
    ("Amersfoort", 52.156, 5.387, 4),
    ("Zeist", 52.09, 5.23, 1),
    ("Nieuwegein", 52.03, 5.09, 1),
    ("Veenendaal", 52.03, 5.56, 1),
    ("Houten", 52.03, 5.17, 1),
    ("Woerden", 52.085, 4.88, 1),
    ("Baarn", 52.21, 5.29, 1),
    ("Soest", 52.17, 5.30, 1),
    ("IJsselstein", 52.02, 5.04, 1),
]
# (slug, name, sectors, related slugs)
SUBJECTS = [
    ("groep", "Groepsleerkracht", ["po"], []),
    ("wiskunde", "Wiskunde", ["vo"], ["natuurkunde", "informatica"]),
    ("natuurkunde", "Natuurkunde", ["vo"], ["wiskunde", "scheikunde"]),
    ("scheikunde", "Scheikunde", ["vo"], ["natuurkunde", "biologie"]),
    ("biologie", "Biologie", ["vo"], ["scheikunde"]),
    ("nederlands", "Nederlands", ["vo", "mbo"], []),
    ("engels", "Engels", ["vo", "mbo"], ["duits"]),
    ("duits", "Duits", ["vo", "mbo"], ["engels"]),
    ("informatica", "Informatica", ["vo", "mbo"], ["wiskunde", "ict"]),
    ("economie", "Economie", ["vo", "mbo"], []),
    ("geschiedenis", "Geschiedenis", ["vo"], []),
    ("techniek", "Techniek", ["vo", "mbo"], ["elektro"]),
    ("elektro", "Elektrotechniek", ["mbo"], ["techniek"]),
    ("ict", "ICT", ["mbo"], ["informatica"]),
    ("zorg", "Zorg en welzijn", ["vo", "mbo"], ["biologie"]),
]
SECTOR_WISHES = [["vo"]] * 5 + [["po"]] * 3 + [["mbo"]] * 2 + [["vo", "mbo"], ["po", "vo"]]
LEVELS = (
    [TeachingLevel.ROUTE_SECOND] * 5
    + [TeachingLevel.ROUTE_FIRST] * 3
    + [TeachingLevel.NO_DEGREE] * 1
    + [TeachingLevel.QUALIFIED_FIRST, TeachingLevel.QUALIFIED_SECOND]
    + [TeachingLevel.QUALIFIED_PRIMARY]
)
PHASES = (
    [Phase.ORIENTATIE] * 4
    + [Phase.INTAKE] * 2
    + [Phase.GESCHIKTHEID, Phase.MATCHING, Phase.INTERESSE, Phase.GESTART, Phase.AFGEHAAKT]
)


class Rollback(Exception):
    pass


def place(rng: random.Random, spread: float) -> tuple[float, float]:
    _name, lat, lon, _weight = rng.choices(TOWNS, weights=[t[3] for t in TOWNS])[0]
    return lat + rng.gauss(0, spread), lon + rng.gauss(0, spread * 1.6)


def seed(n_candidates: int, n_vacancies: int, n_schools: int, rng: random.Random):
    region = Region.objects.create(name="Benchmarkregio matching", slug="benchmark-matching")
    board = Board.objects.create(region=region, name="Benchmarkbestuur")
    subjects = {}
    for slug, name, sectors, _related in SUBJECTS:
        subjects[slug] = Subject.objects.update_or_create(
            slug=f"bench-{slug}", defaults={"name": name, "sectors": sectors}
        )[0]
    for slug, _name, _sectors, related in SUBJECTS:
        subjects[slug].related.add(*[subjects[r] for r in related])
    by_sector = {
        sector: [s for s in subjects.values() if sector in s.sectors]
        for sector in ("po", "vo", "mbo")
    }

    schools = []
    for i in range(n_schools):
        sector = rng.choice(["po", "po", "vo", "vo", "mbo", "so"])
        latitude, longitude = place(rng, 0.03)
        schools.append(
            School(
                region=region,
                board=board,
                name=f"Matchingschool {i}",
                branch_number=f"M{i:05d}",
                sectors=[sector],
                school_types={
                    "po": ["basisschool"],
                    "vo": rng.choice([["vmbo"], ["havo", "vwo"], ["vmbo", "havo"]]),
                    "mbo": ["mbo"],
                    "so": ["so"],
                }[sector],
                street_address="Schoolstraat 1",
                postcode="3511 AA",
                municipality="Utrecht",
                latitude=latitude,
                longitude=longitude,
                accepts_career_switchers=rng.random() < 0.85,
            )
        )
    schools = School.objects.bulk_create(schools)

    today = timezone.localdate()
    now = timezone.now()
    vacancies, vacancy_subjects = [], []
    for i in range(n_vacancies):
        school = rng.choice(schools)
        sector = school.sectors[0]
        start = None if rng.random() < 0.3 else today + datetime.timedelta(days=rng.randint(7, 200))
        closing = max(start or today, today + datetime.timedelta(days=rng.randint(1, 90)))
        status = rng.choices(
            [VacancyStatus.PUBLISHED, VacancyStatus.DRAFT, VacancyStatus.CLOSED], [8, 1, 1]
        )[0]
        vacancies.append(
            Vacancy(
                school=school,
                title=f"Docent {i}",
                sectors=school.sectors,
                school_types=school.school_types,
                qualification=rng.choice(Qualification.values),
                hours_per_week=rng.randint(8, 40),
                contract_type=rng.choice(ContractType.values),
                start_date=start,
                closing_date=closing,
                open_to_career_switchers=rng.random() < 0.75,
                description="Wij zoeken een collega.",
                contact_name="Benchmark",
                contact_email="bench@example.org",
                status=status,
                published_at=None if status == VacancyStatus.DRAFT else now,
            )
        )
        pool = by_sector.get(sector, by_sector["vo"])
        vacancy_subjects.append(rng.sample(pool, min(len(pool), rng.choice([1, 1, 1, 2]))))
    vacancies = Vacancy.objects.bulk_create(vacancies, batch_size=2000)
    through = Vacancy.subjects.through
    through.objects.bulk_create(
        [
            through(vacancy_id=v.pk, subject_id=s.pk)
            for v, chosen in zip(vacancies, vacancy_subjects, strict=True)
            for s in chosen
        ],
        batch_size=5000,
    )

    users = User.objects.bulk_create(
        [
            User(email=f"bench-matching-{i}@example.org", password="!", full_name=f"Kandidaat {i}")
            for i in range(n_candidates)
        ],
        batch_size=5000,
    )
    candidates, candidate_subjects = [], []
    for i, user in enumerate(users):
        sectors = rng.choice(SECTOR_WISHES)
        abroad = rng.random() < 0.02
        latitude, longitude = (None, None) if abroad else place(rng, 0.06)
        phase = rng.choice(PHASES)
        candidates.append(
            Candidate(
                user=user,
                full_name=user.full_name,
                region=region,
                lives_abroad=abroad,
                latitude=latitude,
                longitude=longitude,
                education="hbo",
                sectors=sectors,
                hours_per_week=rng.choice([None] + list(range(8, 41, 4))),
                earliest_start=None
                if rng.random() < 0.5
                else today + datetime.timedelta(days=rng.randint(0, 240)),
                max_travel_km=rng.choice([10, 15, 20, 25, 25, 30, 40, 50]),
                consent_desk=True,
                consent_region_schools=rng.random() < 0.8,
                phase=phase,
                registration_step=rng.choices([5, 6, 3], [6, 3, 1])[0],
                teaching_level=rng.choice(LEVELS),
            )
        )
        pool = [s for sector in sectors for s in by_sector[sector]]
        candidate_subjects.append(
            rng.sample(pool, min(len(set(pool)), rng.choice([0, 1, 1, 2, 3])))
        )
        if i and i % 10000 == 0:
            print(f"  … {i} candidates prepared", flush=True)
    candidates = Candidate.objects.bulk_create(candidates, batch_size=5000)
    through = Candidate.subjects.through
    through.objects.bulk_create(
        [
            through(candidate_id=c.pk, subject_id=s.pk)
            for c, chosen in zip(candidates, candidate_subjects, strict=True)
            for s in set(chosen)
        ],
        batch_size=10000,
        ignore_conflicts=True,
    )
    with connection.cursor() as cursor:
        for table in (
            "kandidaten_candidate",
            "kandidaten_candidate_subjects",
            "vacatures_vacancy",
            "vacatures_vacancy_subjects",
            "loket_school",
            "loket_subject_related",
        ):
            cursor.execute(f"ANALYZE {table}")
    return region, candidates, vacancies


class SqlTimer:
    """Adds up the time spent in the database, to tell SQL from Python."""

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


def measure(items, rank, explain, runs: int, rng: random.Random):
    total, sql, explained = [], [], []
    for _ in range(runs):
        item = rng.choice(items)
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            rows = list(rank(item)[:20])
            ranked = time.perf_counter()
            for row in rows:
                [str(part.text) for part in explain(item, row).parts]
            done = time.perf_counter()
        total.append((ranked - start) * 1000)
        explained.append((done - ranked) * 1000)
        sql.append(timer.ms)
    return total, sql, explained, timer.queries


def p95(values):
    return statistics.quantiles(values, n=20)[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=50000)
    parser.add_argument("--vacancies", type=int, default=5000)
    parser.add_argument("--schools", type=int, default=600)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--no-plans", action="store_true", help="skip the EXPLAIN ANALYZE plans")
    args = parser.parse_args()
    rng = random.Random(7)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            region, candidates, vacancies = seed(args.candidates, args.vacancies, args.schools, rng)
            seeded = time.perf_counter() - started
            consenting = [c for c in candidates if c.consent_region_schools]
            published = [v for v in vacancies if v.status == VacancyStatus.PUBLISHED]
            matchable = rank_candidates_for(published[0]).count()
            offered = rank_vacancies_for(consenting[0]).count()
            print(
                f"Seeded {args.candidates} candidates and {args.vacancies} vacancies at "
                f"{args.schools} schools in one region in {seeded:.1f} s.\n"
                f"Ranked per call: {matchable} matchable candidates (of {args.candidates}), "
                f"{offered} published vacancies (of {args.vacancies}); top 20 shown; "
                f"{args.runs} runs each.\n"
            )
            print(
                f"{'ranking':<26} {'queries':>7} {'median ms':>10} {'p95 ms':>8} "
                f"{'SQL median':>11} {'explain 20 ms':>14}"
            )
            for name, items, rank, explain in [
                (
                    "vacancies for a candidate",
                    consenting,
                    rank_vacancies_for,
                    explain_vacancy_match,
                ),
                (
                    "candidates for a vacancy",
                    published,
                    rank_candidates_for,
                    explain_candidate_match,
                ),
            ]:
                list(rank(items[0])[:20])  # warm up
                total, sql, explained, queries = measure(items, rank, explain, args.runs, rng)
                print(
                    f"{name:<26} {queries:>7} {statistics.median(total):>10.1f} "
                    f"{p95(total):>8.1f} {statistics.median(sql):>11.1f} "
                    f"{statistics.median(explained):>14.1f}"
                )
            if not args.no_plans:
                for name, queryset in [
                    ("rank_vacancies_for", rank_vacancies_for(rng.choice(consenting))[:20]),
                    ("rank_candidates_for", rank_candidates_for(rng.choice(published))[:20]),
                ]:
                    print(f"\nEXPLAIN ANALYZE {name}(…)[:20]\n")
                    print(queryset.explain(analyze=True, buffers=True))
            raise Rollback
    except Rollback:
        print("\nRolled back: the database is as it was.")


if __name__ == "__main__":
    main()
