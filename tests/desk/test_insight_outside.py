"""The views that leave the desk (a school board's, the national one, the public pages) show
aggregates only: every number from 1 to 4 reads "<5", on the page, in the chart and in the CSV,
and no candidate's name or email address appears."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.desk.insight.tables import SMALL, Column, Table, suppress
from loket.desk.models import Proposal
from tests.desk.conftest import login
from tests.desk.insight_data import at, build_world, hire
from tests.factories import UserFactory
from tests.kandidaten.factories import CandidateFactory
from tests.vacatures.factories import hr_officer_for

PERIOD = {"start": "2025-09-01", "end": "2025-12-31"}
SMALL_HTML = "&lt;5"


@pytest.fixture
def world(db):
    world = build_world()
    # Six more placements at R's school, five in October and one in November: seven in all, a
    # number that may be shown as it is; one in November, which may not.
    for day in [(10, 20)] * 5 + [(11, 5)]:
        hire(CandidateFactory(region=world.r), world.school_r, None, at(*day))
    Proposal.objects.update(created_at=at(10, 1))
    return world


def shown_numbers(html: str) -> list[str]:
    """The numbers a reader sees: table cells, the bars' labels, the headline figures and the
    numbers in the charts' descriptions."""
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    bars = re.findall(r'<text [^>]*class="chart__value">([^<]*)</text>', html)
    facts = re.findall(r"<li><strong>([^<]*)</strong>", html)
    descs = " ".join(re.findall(r"<desc[^>]*>([^<]*)</desc>", html))
    in_descs = re.findall(r"(?<![\w;])(\d+)(?=[,;.]|$)", descs)
    return [v.strip() for v in cells + bars + facts + in_descs]


def assert_suppressed(html: str) -> None:
    numbers = shown_numbers(html)
    assert numbers, "nothing to check"
    assert not [n for n in numbers if n in {"1", "2", "3", "4"}], numbers
    assert SMALL_HTML in html


def assert_no_people(html: str, world) -> None:
    for candidate in world.people.values():
        assert candidate.full_name not in html
        # As a word: "Eva" must not be found inside "allowEval" of the page's htmx settings.
        first_name = candidate.full_name.split()[0]
        assert not re.search(rf"\b{re.escape(first_name)}\b", html), first_name
        assert candidate.user.email not in html


def assert_csv_suppressed(response) -> list[list[str]]:
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c in {"1", "2", "3", "4"}], rows
    return rows


def test_suppress_hides_one_to_four_only():
    assert [suppress(n) for n in [0, 1, 2, 3, 4, 5, 12]] == [0, SMALL, SMALL, SMALL, SMALL, 5, 12]
    assert suppress("3") == "3" and suppress(None) is None and suppress(True) is True
    table = Table("t", "t", [Column("a"), Column("n", numeric=True)], [["x", 4], ["y", 40]])
    assert table.suppressed().rows == [["x", SMALL], ["y", 40]]


def test_the_national_view_hides_small_numbers(client, world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    response = login(client, admin).get(reverse("desk:insight_national"), PERIOD)
    html = response.content.decode()
    assert "Onderwijsregio Domstad" in html and "Onderwijsregio Eemland" in html
    # Only the period filters the regions compared.
    assert list(response.context["form"].fields) == ["start", "end"]
    assert_suppressed(html)
    assert_no_people(html, world)
    table = response.context["item"]["panel"].table("regions")
    domstad = next(row for row in table.rows if row[0] == "Onderwijsregio Domstad")
    # Registered in R: A–F (6); reached matching: A, B (2); placements: A and six more (7).
    assert domstad[1:4] == [6, SMALL, 7]
    eemland = next(row for row in table.rows if row[0] == "Onderwijsregio Eemland")
    assert eemland[1:4] == [0, SMALL, SMALL]
    rows = assert_csv_suppressed(
        client.get(reverse("desk:insight_national_csv", args=["regions"]), PERIOD)
    )
    assert rows[1][:4] == ["Onderwijsregio Domstad", "6", "<5", "7"]


def test_the_board_view_hides_small_numbers_and_names(client, world):
    hr = hr_officer_for(board=world.school_r.board)
    response = login(client, hr).get(reverse("vacatures:hr_insight"), PERIOD)
    html = response.content.decode()
    assert "Domstad College" in html and "Eemland College" not in html
    assert_suppressed(html)
    assert_no_people(html, world)
    proposals = response.context["item"]["panel"].table("board-proposals")
    # Seven proposals (all answered after more than five working days), seven hires.
    assert proposals.rows[0] == ["Domstad College", 7, 0, 7, 7]
    # No total row beside the schools: it would give a suppressed school's number away.
    assert [row[0] for row in proposals.rows] == ["Domstad College"]
    months = response.context["item"]["panel"].table("board-placements")
    assert [row[1] for row in months.rows] == [6, SMALL]
    for name in ("board-proposals", "board-placements"):
        rows = assert_csv_suppressed(
            client.get(reverse("vacatures:hr_insight_csv", args=[name]), PERIOD)
        )
        assert rows[1:]
        assert not any(c.full_name in ";".join(r) for r in rows for c in world.people.values())


def test_the_public_pages_hide_small_numbers_and_names(client, world):
    hire(CandidateFactory(region=world.r), world.school_r, None, timezone.now())
    response = client.get(reverse("insight:index"))
    index = response.content.decode()
    regions = response.context["item"]["panel"].table("public-regions").rows
    # This school year: one new teacher in R; R's schools have four open vacancies.
    assert ["Onderwijsregio Domstad", SMALL, SMALL] in regions
    assert_suppressed(index)
    assert reverse("insight:region", args=["domstad"]) in index
    assert_no_people(index, world)
    assert_csv_suppressed(client.get(reverse("insight:index_csv", args=["public-regions"])))
    response = client.get(reverse("insight:region", args=["domstad"]))
    html = response.content.decode()
    assert_no_people(html, world)
    # Physics: two open posts, one person preparing: both shown as "<5".
    assert response.context["item"]["panel"].headline[0][1] == SMALL
    shortage = response.context["item"]["panel"].table("public-shortage")
    assert [row[:1] + row[2:] for row in shortage.rows] == [["Natuurkunde", SMALL, SMALL]]
    assert_suppressed(html)
    assert_csv_suppressed(
        client.get(reverse("insight:region_csv", args=["domstad", "public-shortage"]))
    )


def test_a_suppressed_bar_is_as_long_as_any_other_suppressed_bar(client, world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    response = login(client, admin).get(reverse("desk:insight_national"), PERIOD)
    chart = response.context["item"]["sections"][0]["chart"]
    small = {bar.width for bar in chart.bars if bar.text == SMALL}
    assert len(small) == 1
