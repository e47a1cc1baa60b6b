"""The public board: Dutch full-text search, filters, sorting, paging, HTMX and plain GET."""

import datetime
import re

import pytest
from django.utils import timezone

from loket.core.models import PostcodeArea
from tests.factories import BoardFactory, SchoolFactory, SubjectFactory
from tests.vacatures.factories import VacancyFactory, in_days
from vacatures.views import board as views

BOARD = "/vacatures/"


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<h3><a href="/vacatures/\d+/">([^<]+)</a></h3>', html)


@pytest.fixture
def places(db):
    """Two PC4 areas: Utrecht centre and Amersfoort (about 20 km apart)."""
    PostcodeArea.objects.create(
        digits="3511", municipality="Utrecht", latitude=52.092, longitude=5.115
    )
    PostcodeArea.objects.create(
        digits="3811", municipality="Amersfoort", latitude=52.156, longitude=5.387
    )


@pytest.fixture
def utrecht_school(region):
    return SchoolFactory(
        board=BoardFactory(region=region),
        name="Domcollege",
        municipality="Utrecht",
        latitude=52.09,
        longitude=5.12,
        sectors=["vo"],
        school_types=["havo", "vwo"],
    )


@pytest.fixture
def amersfoort_school(other_region):
    return SchoolFactory(
        board=BoardFactory(region=other_region),
        name="Eemschool",
        municipality="Amersfoort",
        latitude=52.157,
        longitude=5.385,
        sectors=["po"],
        school_types=["basisschool"],
    )


@pytest.mark.django_db
def test_board_shows_only_published_vacancies(client, utrecht_school):
    VacancyFactory(school=utrecht_school, title="Openbare vacature", published=True)
    VacancyFactory(school=utrecht_school, title="Nog een concept")
    VacancyFactory(school=utrecht_school, title="Al vervuld", status="filled")
    response = client.get(BOARD)
    assert response.status_code == 200
    assert titles(response) == ["Openbare vacature"]
    assert "1 vacature gevonden" in response.content.decode()


@pytest.mark.django_db
def test_full_text_search_uses_dutch_stemming(client, utrecht_school):
    VacancyFactory(school=utrecht_school, title="Leraar wiskunde", published=True)
    VacancyFactory(
        school=utrecht_school,
        title="Docent Engels",
        published=True,
        description="Je geeft les aan enthousiaste leerlingen in de bovenbouw.",
    )
    # "leraren" (plural) finds "Leraar"; "leerling" finds "leerlingen" in the description.
    assert titles(client.get(BOARD, {"q": "leraren"})) == ["Leraar wiskunde"]
    assert titles(client.get(BOARD, {"q": "leerling"})) == ["Docent Engels"]
    # Web-search syntax: a minus excludes (both texts mention "docent").
    assert titles(client.get(BOARD, {"q": "docent -engels"})) == ["Leraar wiskunde"]
    # The school's town is searchable too.
    assert len(titles(client.get(BOARD, {"q": "utrecht"}))) == 2


@pytest.mark.django_db
def test_filters_subject_sector_type_town_hours_and_switchers(
    client, utrecht_school, amersfoort_school
):
    maths = SubjectFactory(name="Wiskunde", slug="wiskunde")
    VacancyFactory(
        school=utrecht_school,
        title="Wiskunde 32",
        subjects=[maths],
        hours_per_week=32,
        open_to_career_switchers=False,
        published=True,
    )
    VacancyFactory(school=utrecht_school, title="Anders 8", hours_per_week=8, published=True)
    VacancyFactory(school=amersfoort_school, title="Groep 3", hours_per_week=24, published=True)

    assert titles(client.get(BOARD, {"subject": "wiskunde"})) == ["Wiskunde 32"]
    assert titles(client.get(BOARD, {"sector": "po"})) == ["Groep 3"]
    assert titles(client.get(BOARD, {"school_type": "basisschool"})) == ["Groep 3"]
    assert sorted(titles(client.get(BOARD, {"municipality": "Utrecht"}))) == [
        "Anders 8",
        "Wiskunde 32",
    ]
    assert titles(client.get(BOARD, {"region": amersfoort_school.region.slug})) == ["Groep 3"]
    assert sorted(titles(client.get(BOARD, {"min_hours": 20}))) == ["Groep 3", "Wiskunde 32"]
    assert titles(client.get(BOARD, {"min_hours": 20, "max_hours": 30})) == ["Groep 3"]
    assert "Wiskunde 32" not in titles(client.get(BOARD, {"career_switchers": "on"}))


@pytest.mark.django_db
def test_distance_from_a_postcode_filters_and_sorts_nearest_first(
    client, places, utrecht_school, amersfoort_school
):
    VacancyFactory(school=amersfoort_school, title="In Amersfoort", published=True)
    VacancyFactory(school=utrecht_school, title="In Utrecht", published=True)
    near_amersfoort = client.get(BOARD, {"postcode": "3811 AB", "sort": "nearest"})
    assert titles(near_amersfoort) == ["In Amersfoort", "In Utrecht"]
    assert "km hiervandaan" in near_amersfoort.content.decode()
    assert titles(client.get(BOARD, {"postcode": "3511ab", "distance": "10"})) == ["In Utrecht"]
    assert len(titles(client.get(BOARD, {"postcode": "3511ab", "distance": "25"}))) == 2


@pytest.mark.django_db
def test_bad_filter_input_is_explained_and_the_rest_of_the_search_still_works(
    client, places, utrecht_school
):
    VacancyFactory(school=utrecht_school, title="Zichtbaar", published=True)
    response = client.get(BOARD, {"postcode": "12345", "sort": "nearest"})
    html = response.content.decode()
    assert "Vul een Nederlandse postcode in" in html
    assert titles(response) == ["Zichtbaar"]
    response = client.get(BOARD, {"postcode": "9999 ZZ"})
    assert "We weten niet waar deze postcode ligt" in response.content.decode()
    response = client.get(BOARD, {"sort": "nearest"})
    assert "Vul je postcode in" in response.content.decode()
    response = client.get(BOARD, {"min_hours": 30, "max_hours": 10})
    assert "lager dan" in response.content.decode()


@pytest.mark.django_db
def test_sorting_newest_and_closing_soon(client, utrecht_school):
    now = timezone.now()
    VacancyFactory(
        school=utrecht_school,
        title="Oud, sluit laat",
        published=True,
        published_at=now - datetime.timedelta(days=5),
        closing_date=in_days(60),
    )
    VacancyFactory(
        school=utrecht_school,
        title="Nieuw, sluit vroeg",
        published=True,
        published_at=now,
        start_date=None,
        closing_date=in_days(3),
    )
    VacancyFactory(
        school=utrecht_school,
        title="Midden",
        published=True,
        published_at=now - datetime.timedelta(days=1),
        closing_date=in_days(30),
    )
    assert titles(client.get(BOARD)) == ["Nieuw, sluit vroeg", "Midden", "Oud, sluit laat"]
    VacancyFactory(
        school=utrecht_school,
        title="Oudst, sluit eerst",
        published=True,
        published_at=now - datetime.timedelta(days=9),
        start_date=None,
        closing_date=in_days(1),
    )
    closing = titles(client.get(BOARD, {"sort": "closing"}))
    assert closing == ["Oudst, sluit eerst", "Nieuw, sluit vroeg", "Midden", "Oud, sluit laat"]


@pytest.mark.django_db
def test_paging_keeps_the_filters_in_the_links(client, utrecht_school):
    VacancyFactory.create_batch(25, school=utrecht_school, published=True, hours_per_week=30)
    first = client.get(BOARD, {"min_hours": 20})
    html = first.content.decode()
    assert len(titles(first)) == views.BOARD_PAGE_SIZE
    assert 'href="?min_hours=20&amp;page=2"' in html
    second = client.get(BOARD, {"min_hours": 20, "page": 2})
    assert len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))


@pytest.mark.django_db
def test_htmx_gets_only_the_results_with_the_same_content_as_the_plain_page(
    client, places, utrecht_school, amersfoort_school
):
    VacancyFactory(school=amersfoort_school, title="In Amersfoort", published=True)
    VacancyFactory(school=utrecht_school, title="In Utrecht", published=True)
    query = {"postcode": "3511 AB", "sort": "nearest"}
    full = client.get(BOARD, query)
    partial = client.get(BOARD, query, headers={"HX-Request": "true"})
    assert "<html" in full.content.decode()
    assert "<html" not in partial.content.decode()
    assert "<form" not in partial.content.decode()
    assert titles(partial) == titles(full) == ["In Utrecht", "In Amersfoort"]
    assert "HX-Request" in full["Vary"] and "HX-Request" in partial["Vary"]
    # A history restore (back button, cache gone) needs the whole page.
    restore = client.get(
        BOARD, query, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()


@pytest.mark.django_db
def test_the_form_is_a_shareable_get_form_that_htmx_enhances(client):
    html = client.get(BOARD, {"q": "wiskunde", "sector": "vo"}).content.decode()
    assert 'method="get"' in html
    assert 'hx-push-url="true"' in html and 'hx-target="#results"' in html
    assert 'value="wiskunde"' in html  # the search is kept in the form
    assert '<option value="vo" selected>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", [{}, {"q": "docent", "subject": "wiskunde", "postcode": "3511 AB", "sort": "nearest"}]
)
def test_board_query_count_is_the_same_for_5_and_50_results(
    client, places, utrecht_school, django_assert_num_queries, monkeypatch, query
):
    # Show every row on one page, so an N+1 would show up in the count.
    monkeypatch.setattr(views, "BOARD_PAGE_SIZE", 100)
    maths = SubjectFactory(name="Wiskunde", slug="wiskunde")
    other = SubjectFactory(name="Natuurkunde", slug="natuurkunde")
    expected = 6 if not query else 8  # +1 subject lookup, +1 postcode lookup

    def make(n):
        for school in SchoolFactory.create_batch(n, board=utrecht_school.board):
            VacancyFactory(
                school=school, title="Docent wiskunde", subjects=[maths, other], published=True
            )

    make(5)
    with django_assert_num_queries(expected):
        response = client.get(BOARD, query)
    assert len(titles(response)) == 5
    make(45)
    with django_assert_num_queries(expected):
        response = client.get(BOARD, query)
    assert len(titles(response)) == 50


@pytest.mark.django_db
def test_best_match_puts_a_title_hit_before_a_text_hit(client, utrecht_school):
    now = timezone.now()
    VacancyFactory(
        school=utrecht_school,
        title="Docent Engels",
        description="Ook wiskunde geven mag.",
        published=True,
        published_at=now,
    )
    VacancyFactory(
        school=utrecht_school,
        title="Docent wiskunde",
        published=True,
        published_at=now - datetime.timedelta(days=3),
    )
    assert titles(client.get(BOARD, {"q": "wiskunde"})) == ["Docent Engels", "Docent wiskunde"]
    assert titles(client.get(BOARD, {"q": "wiskunde", "sort": "relevance"})) == [
        "Docent wiskunde",
        "Docent Engels",
    ]


@pytest.mark.django_db
def test_a_vacancy_past_its_closing_date_is_not_public_even_before_the_task_closes_it(client):
    expired = VacancyFactory(
        title="Docent verlopen",
        published=True,
        start_date=None,
        closing_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert "Docent verlopen" not in client.get("/vacatures/").content.decode()
    assert client.get(f"/vacatures/{expired.pk}/").status_code == 404
