"""The insight pages: the desk's dashboard with its filters, HTMX panels, CSV and monthly
report; who may open which page; the query count of the dashboard."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kandidaten.models import Candidate, Phase, PhaseEvent
from loket.core.models import Role, User
from loket.desk.insight import panels
from loket.desk.insight.summary import insight_refresh
from loket.desk.models import Proposal
from tests.desk.conftest import login
from tests.desk.insight_data import at, build_world
from tests.factories import UserFactory, coordinator_of, give_role
from tests.vacatures.factories import desk_staff_of, hr_officer_for

PERIOD = {"start": "2025-09-01", "end": "2025-12-31"}


@pytest.fixture
def world(db):
    return build_world()


def test_the_dashboard_shows_the_five_panels_for_the_staffs_region(client, world):
    response = login(client, world.guide).get(reverse("desk:insight"), PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    for name in panels.DESK_PANELS:
        assert f'id="panel-{name}"' in html
    # A chart with its title and description beside each table.
    assert html.count("<svg") >= 7 and "<desc" in html and "<caption" in html
    assert "Domstad College" in html  # a placement in R
    assert "Eemland College" not in html  # S's placement is S's
    assert "Event attendance in the period" in html
    # The shortage subject with more vacancies than candidates is highlighted.
    assert 'class="is-marked"' in html


def test_one_panel_refreshes_alone_with_htmx(client, world):
    login(client, world.guide)
    response = client.get(
        reverse("desk:insight"),
        {**PERIOD, "panel": "funnel", "split": "campaign"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert 'id="panel-funnel"' in html and "<html" not in html
    assert 'id="panel-shortage"' not in html
    assert "No campaign" in html
    # The filters refresh every panel, still without the page around them.
    response = client.get(reverse("desk:insight"), PERIOD, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'id="panel-shortage"' in html and 'id="panel-followup"' in html
    # Without JavaScript the same address is the whole page.
    response = client.get(reverse("desk:insight"), {**PERIOD, "panel": "funnel", "split": "route"})
    assert "<html" in response.content.decode()
    assert 'id="panel-shortage"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"start": "gisteren"},
        {"start": "2025-12-01", "end": "2025-01-01"},
        {"start": "1990-01-01", "end": "2025-01-01"},
        {"subject": "999999"},
        {"subject": "abc"},
        {"sector": "hbo"},
        {"municipality": "Nergenshuizen"},
        {"region": "eemland"},  # staff of one region have no choice: ignored
        {"panel": "../etc", "split": "'; drop table"},
    ],
)
def test_bad_filters_are_explained_not_a_server_error(client, world, query):
    response = login(client, world.guide).get(reverse("desk:insight"), query)
    assert response.status_code == 200
    if set(query) - {"panel", "split", "region"}:
        assert "Check the filters" in response.content.decode()


def test_the_filters_narrow_the_figures(client, world):
    login(client, world.guide)
    response = client.get(reverse("desk:insight"), {**PERIOD, "municipality": "Zeist"})
    shortage = response.context["panels"][0]["panel"].table("shortage-subjects")
    assert [row[0] for row in shortage.rows if row[2]] == ["Natuurkunde"]
    response = client.get(reverse("desk:insight"), {**PERIOD, "subject": world.physics.pk})
    funnel = response.context["panels"][1]["panel"].table("funnel")
    assert funnel.rows[0][1] == 2  # C and F want physics


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_every_table_downloads_as_csv_with_the_pages_cells(client, world):
    login(client, world.guide)
    page = client.get(reverse("desk:insight"), PERIOD)
    names = [s["table"].name for item in page.context["panels"] for s in item["sections"]]
    assert len(names) == 13
    for name in names:
        rows = csv_rows(client.get(reverse("desk:insight_csv", args=[name]), PERIOD))
        assert rows[0], name
    funnel = csv_rows(client.get(reverse("desk:insight_csv", args=["funnel"]), PERIOD))
    assert funnel[1][:4] == ["Interest", "6", "0", "4"]
    assert client.get(reverse("desk:insight_csv", args=["nothing"])).status_code == 404


def test_the_monthly_report_prints_one_month(client, world):
    login(client, world.guide)
    response = client.get(reverse("desk:insight_report"), {"month": "2025-10"})
    assert response.status_code == 200
    assert response.context["filters"].start == datetime.date(2025, 10, 1)
    assert response.context["filters"].end == datetime.date(2025, 10, 31)
    placements = response.context["panels"][2]["panel"].table("placements-month")
    assert [row[1] for row in placements.rows] == [1]
    assert "insight.css" in response.content.decode()
    bad = client.get(reverse("desk:insight_report"), {"month": "oktober"})
    assert bad.status_code == 200
    assert "Choose a month" in bad.content.decode()


# --- Who may open what ---------------------------------------------------------------------------


def test_staff_of_another_region_see_only_their_own(client, world):
    other = desk_staff_of(world.s)
    response = login(client, other).get(reverse("desk:insight"), PERIOD)
    html = response.content.decode()
    assert "Eemland College" in html and "Domstad College" not in html
    # Asking for the other region by its slug is not a way in.
    response = client.get(reverse("desk:insight"), {**PERIOD, "region": "domstad"})
    assert "Domstad College" not in response.content.decode()
    csv_text = client.get(reverse("desk:insight_csv", args=["placements-school"]), PERIOD)
    assert "Domstad" not in csv_text.content.decode()


def test_a_coordinator_of_two_regions_chooses_one(client, world):
    coordinator = coordinator_of(world.r)
    give_role(coordinator, Role.COORDINATOR, region=world.s)
    login(client, coordinator)
    both = client.get(reverse("desk:insight"), PERIOD).content.decode()
    assert "Domstad College" in both and "Eemland College" in both
    one = client.get(reverse("desk:insight"), {**PERIOD, "region": "eemland"}).content.decode()
    assert "Eemland College" in one and "Domstad College" not in one


@pytest.mark.parametrize("url", ["desk:insight", "desk:insight_report", "desk:insight_national"])
def test_desk_pages_refuse_others(client, world, url):
    assert client.get(reverse(url)).status_code == 302  # to the sign-in page
    hr = hr_officer_for(school=world.school_r)
    candidate = world.people["a"].user
    adviser = UserFactory()
    for user in (hr, candidate, adviser):
        assert login(client, user).get(reverse(url)).status_code == 403
    csv_url = reverse("desk:insight_csv", args=["funnel"])
    assert login(client, hr).get(csv_url).status_code == 403


def test_the_national_view_is_for_an_administrator_only(client, world):
    coordinator = coordinator_of(world.r)
    assert login(client, coordinator).get(reverse("desk:insight_national")).status_code == 403
    assert login(client, world.guide).get(reverse("desk:insight_national")).status_code == 403
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert login(client, admin).get(reverse("desk:insight_national")).status_code == 200
    url = reverse("desk:insight_national_csv", args=["regions"])
    assert login(client, coordinator).get(url).status_code == 403


def test_the_board_view_is_for_hr_officers_and_their_schools(client, world):
    assert client.get(reverse("vacatures:hr_insight")).status_code == 302
    for user in (world.guide, world.people["a"].user):
        assert login(client, user).get(reverse("vacatures:hr_insight")).status_code == 403
    hr_s = hr_officer_for(school=world.school_s)
    html = login(client, hr_s).get(reverse("vacatures:hr_insight")).content.decode()
    assert "Eemland College" in html and "Domstad College" not in html


def test_the_public_pages_are_open_and_unknown_addresses_404(client, world):
    assert client.get(reverse("insight:index")).status_code == 200
    assert client.get(reverse("insight:region", args=["domstad"])).status_code == 200
    assert client.get(reverse("insight:region", args=["nergens"])).status_code == 404
    assert client.get(reverse("insight:region_csv", args=["domstad", "x"])).status_code == 404
    assert reverse("insight:index") in client.get(reverse("home")).content.decode()


# --- Cost ----------------------------------------------------------------------------------------


def add_candidates(region, guide, count: int) -> None:
    """Many candidates at once, each with a journey of three phase changes."""
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"bulk{start + i}@example.org", password=make_password(None))
        for i in range(count)
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(
            user=u,
            region=region,
            guide=guide,
            full_name=f"Bulk {i}",
            sectors=["vo"],
            postcode="3511 AB",
            phase=Phase.INTAKE,
            source="social",
            utm={"utm_campaign": f"c{i % 7}"},
            consent_desk=True,
        )
        for i, u in enumerate(users)
    )
    PhaseEvent.objects.bulk_create(
        PhaseEvent(candidate=c, from_phase=previous, to_phase=phase, created_at=at(9, day))
        for c in candidates
        for previous, phase, day in [
            ("", "interesse", 2),
            ("interesse", "orientatie", 9),
            ("orientatie", "intake", 19),
        ]
    )


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("desk:insight"), PERIOD)
    assert response.status_code == 200
    return len(queries)


# The session and the user, their roles, their regions, the municipalities and the subjects
# for the filters; when the summary was refreshed (once, for the panels that read it); shortage
# 2, funnel 3, successes 3, proposals 1, follow-up 4 (with the event attendance).
DASHBOARD_QUERIES = 20


def test_the_dashboard_costs_the_same_queries_for_10_and_1000_candidates(client, world):
    login(client, world.guide)
    add_candidates(world.r, world.guide, 5)  # with the five of the world still in R: ten
    assert Candidate.objects.filter(region=world.r).count() == 10
    insight_refresh()
    few = dashboard_queries(client)
    add_candidates(world.r, world.guide, 990)
    assert Candidate.objects.filter(region=world.r).count() == 1000
    insight_refresh()
    many = dashboard_queries(client)
    assert few == many == DASHBOARD_QUERIES
    response = client.get(reverse("desk:insight"), PERIOD)
    funnel = response.context["panels"][1]["panel"].table("funnel")
    assert funnel.rows[2][1] == 3 + 995  # intake reached


def test_the_demo_gives_the_dashboards_something_to_show(client):
    from loket import demo

    demo.seed()
    demo.seed()  # twice: still one placement
    assert Proposal.objects.filter(status="hired").count() == 1
    eemland = User.objects.get(email="loket.eemland@demo.regioloket.example")
    response = login(client, eemland).get(reverse("desk:insight"))
    successes = response.context["panels"][2]["panel"]
    assert successes.table("placements").rows[0][1:3] == [
        "Lisa",
        successes.table("placements-school").rows[0][0],
    ]
    domstad = User.objects.get(email="coordinator@demo.regioloket.example")
    response = login(client, domstad).get(reverse("desk:insight"))
    assert response.context["panels"][1]["panel"].table("funnel").rows[0][1] > 0
    public = client.get(reverse("insight:region", args=["eemland"])).content.decode()
    assert "&lt;5" in public


@pytest.fixture
def panel_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"insight-{id(settings)}",
        }
    }
    settings.LOKET_FRAGMENT_CACHE = True


def test_with_the_shared_cache_panels_are_computed_once_per_refresh_and_say_when(
    client, world, panel_cache
):
    login(client, world.guide)
    insight_refresh()
    first = dashboard_queries(client)
    second = dashboard_queries(client)
    # The second visit only reads who is asking, the filters' choices and the refresh time.
    assert second < first - 5
    html = client.get(reverse("desk:insight"), PERIOD).content.decode()
    assert "Computed at" in html
    # Another period is computed for itself; a new summary refresh starts the panels afresh.
    other = client.get(reverse("desk:insight"), {**PERIOD, "end": "2025-10-31"})
    assert other.status_code == 200
    candidate = Candidate.objects.filter(region=world.r).first()
    PhaseEvent.objects.create(
        candidate=candidate, from_phase="", to_phase="interesse", created_at=at(10, 3)
    )
    insight_refresh()
    assert dashboard_queries(client) == first
