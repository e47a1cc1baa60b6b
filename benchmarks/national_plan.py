"""Which requests ``national.py run`` makes, per page group, as whom.

Reads ids from the national data set (built by ``national.py build``): the demo desk user and
coordinator of domstad (10,000 candidates), the HR officer of domstad's largest board, candidates
of the set for My journey and for the registration steps. ``session_for(user)`` gives a session
key; nobody signs in with a password during the run.
"""

import random

from django.db.models import Count

from kandidaten.models import Candidate, Phase
from loket.core.models import Board, Region, Role, User
from vacatures.models import Vacancy, VacancyStatus

HTMX = {"HX-Request": "true", "HX-Target": "results"}
SURNAMES = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Mulder", "Yilmaz", "Brouwer"]
POSTCODES = ["3511", "3512", "3521", "3581", "3811", "3818"]


def _sample(items: list, size: int, rng: random.Random) -> list:
    return rng.sample(items, min(size, len(items)))


def build_plan(*, session_for) -> list[tuple[str, list[dict]]]:
    rng = random.Random(13)
    region = Region.objects.get(slug="domstad")
    desk = session_for(User.objects.get(email="loket@demo.regioloket.example"))
    coordinator = session_for(User.objects.get(email="coordinator@demo.regioloket.example"))
    board = (
        Board.objects.filter(region=region)
        .annotate(school_count=Count("schools"))
        .order_by("-school_count")
        .first()
    )
    hr_user = User.objects.filter(roles__role=Role.HR_OFFICER, roles__board=board).first()
    hr = session_for(hr_user)

    in_region = Candidate.objects.filter(region=region, anonymised_at=None)
    file_ids = list(
        in_region.exclude(phase=Phase.INTERESSE).order_by("id").values_list("id", flat=True)
    )
    file_ids = _sample(file_ids, 200, rng)
    matching_ids = list(
        in_region.filter(phase=Phase.MATCHING).order_by("id").values_list("id", flat=True)
    )
    matching_ids = _sample(matching_ids, 100, rng)
    vacancy_ids = list(
        Vacancy.objects.filter(status=VacancyStatus.PUBLISHED)
        .order_by("id")
        .values_list("id", flat=True)
    )
    region_vacancy_ids = list(
        Vacancy.objects.filter(status=VacancyStatus.PUBLISHED, school__region=region)
        .order_by("id")
        .values_list("id", flat=True)
    )
    journey_users = list(
        User.objects.filter(candidate__in=in_region.filter(phase=Phase.MATCHING)).order_by("id")[
            :40
        ]
    )
    steps = [
        (candidate.user, candidate.registration_step + 1)
        for candidate in in_region.filter(phase=Phase.INTERESSE, registration_step__lt=6)
        .select_related("user")
        .order_by("id")[:40]
    ]

    def desk_get(name, path, headers=None):
        return {"name": name, "path": path, "session": desk, "headers": headers or {}}

    return [
        ("board", [{"name": "board", "path": "/vacatures/"}]),
        (
            "board_distance",
            [
                {"name": "board_distance", "path": f"/vacatures/?postcode={pc}&distance=25"}
                for pc in POSTCODES
            ],
        ),
        ("home", [{"name": "home", "path": "/"}]),
        ("events", [{"name": "events", "path": "/evenementen/"}]),
        (
            "vacancy",
            [
                {"name": "vacancy", "path": f"/vacatures/{pk}/"}
                for pk in _sample(vacancy_ids, 300, rng)
            ],
        ),
        (
            "registration",
            [{"name": "registration", "path": "/aanmelden/"}]
            + [
                {
                    "name": "registration",
                    "path": f"/aanmelden/stap/{number}/",
                    "session": session_for(user),
                }
                for user, number in steps
            ],
        ),
        (
            "journey",
            [
                {"name": "journey", "path": "/mijn-traject/", "session": session_for(user)}
                for user in journey_users
            ],
        ),
        # The frame every signed-in page pays (session, user, roles, header and footer) around
        # a page that reads nothing: what is left of the goals for a page's own work.
        ("signed_in_static", [desk_get("signed_in_static", "/toegankelijkheid/")]),
        ("pipeline", [desk_get("pipeline", "/loket/")]),
        (
            "pipeline_search",
            [desk_get("pipeline_search", f"/loket/?q={name}") for name in SURNAMES],
        ),
        ("pipeline_board", [desk_get("pipeline_board", "/loket/?view=board")]),
        (
            "pipeline_partial",
            [
                desk_get("pipeline_partial", f"/loket/?phase={phase}", HTMX)
                for phase in ("intake", "orientatie", "matching", "geschiktheid")
            ],
        ),
        (
            "candidate_file",
            [desk_get("candidate_file", f"/loket/kandidaten/{pk}/") for pk in file_ids],
        ),
        (
            "candidate_matches",
            [
                desk_get("candidate_matches", f"/loket/kandidaten/{pk}/matches/")
                for pk in matching_ids
            ],
        ),
        (
            "vacancy_matches",
            [
                desk_get("vacancy_matches", f"/loket/vacatures/{pk}/kandidaten/")
                for pk in _sample(region_vacancy_ids, 100, rng)
            ],
        ),
        (
            "hr_proposals",
            [{"name": "hr_proposals", "path": "/vacatures/beheer/voorstellen/", "session": hr}],
        ),
        (
            "insight",
            [{"name": "insight", "path": "/loket/inzicht/", "session": coordinator}],
        ),
    ]
