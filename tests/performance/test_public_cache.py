"""The public pages' rendered parts are shared by anonymous visitors and follow every change."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kandidaten.models import Event
from kandidaten.services.events import candidate_close_after_start
from tests.factories import BoardFactory, SchoolFactory, UserFactory
from tests.kandidaten.event_factories import EventFactory, EventRegistrationFactory
from tests.vacatures.factories import VacancyFactory

LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def main_part(response) -> str:
    """The page's main element (the rest holds the visitor's own CSRF token)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def fragment_cache(settings):
    settings.CACHES = {
        "default": {**LOCAL_CACHE["default"], "LOCATION": f"fragments-{id(settings)}"}
    }
    settings.LOKET_FRAGMENT_CACHE = True


@pytest.fixture
def school(region):
    return SchoolFactory(
        board=BoardFactory(region=region), name="Domcollege", municipality="Utrecht"
    )


def test_a_second_anonymous_visit_of_the_board_costs_no_query(client, school, fragment_cache):
    VacancyFactory(school=school, title="Docent aardrijkskunde", published=True)
    first = client.get("/vacatures/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/vacatures/")
    assert "Docent aardrijkskunde" in second.content.decode()
    assert main_part(second) == main_part(first)
    assert len(queries) == 0


def test_a_changed_vacancy_shows_at_once_on_board_page_and_home(client, school, fragment_cache):
    vacancy = VacancyFactory(school=school, title="Docent Duits", published=True)
    for path in ("/vacatures/", f"/vacatures/{vacancy.pk}/", "/"):
        assert "Docent Duits" in client.get(path).content.decode()
    vacancy.title = "Docent Frans"
    vacancy.save()
    for path in ("/vacatures/", f"/vacatures/{vacancy.pk}/", "/"):
        html = client.get(path).content.decode()
        assert "Docent Frans" in html
        assert "Docent Duits" not in html


def test_a_closed_vacancy_leaves_the_cached_board(client, school, fragment_cache):
    vacancy = VacancyFactory(school=school, title="Docent Latijn", published=True)
    assert "Docent Latijn" in client.get("/vacatures/").content.decode()
    vacancy.status = "closed"
    vacancy.save()
    assert "Docent Latijn" not in client.get("/vacatures/").content.decode()


def test_signed_in_people_never_get_the_shared_render(client, school, fragment_cache):
    """A change that sends no signal (a raw update) shows who is served from the cache: the
    anonymous visitor keeps the shared render, a signed-in person sees the change."""
    vacancy = VacancyFactory(school=school, title="Docent muziek", published=True)
    client.get("/vacatures/")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE vacatures_vacancy SET title = 'Docent drama' WHERE id = %s", [vacancy.pk]
        )
    assert "Docent muziek" in client.get("/vacatures/").content.decode()
    client.force_login(UserFactory())
    assert "Docent drama" in client.get("/vacatures/").content.decode()


def test_each_search_has_its_own_fragment(client, school, fragment_cache):
    VacancyFactory(school=school, title="Docent biologie", published=True)
    VacancyFactory(school=school, title="Docent scheikunde", published=True)
    html = client.get("/vacatures/", {"q": "biologie"}).content.decode()
    assert "Docent biologie" in html and "Docent scheikunde" not in html
    html = client.get("/vacatures/", {"q": "scheikunde"}).content.decode()
    assert "Docent scheikunde" in html and "Docent biologie" not in html


def test_a_new_event_shows_at_once_on_the_cached_events_list(client, region, fragment_cache):
    assert "Open avond" not in client.get("/evenementen/").content.decode()
    start = timezone.now() + datetime.timedelta(days=7)
    Event.objects.create(
        region=region,
        kind=Event.Kind.INFO,
        title="Open avond zij-instroom",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        location="Online",
        is_published=True,
    )
    assert "Open avond zij-instroom" in client.get("/evenementen/").content.decode()


def test_a_place_freed_by_a_hire_shows_at_once_on_the_cached_events_list(
    client, region, fragment_cache
):
    event = EventFactory(region=region, title="Meeloopdag Domcollege", capacity=1)
    registration = EventRegistrationFactory(event=event, candidate__region=region)
    assert "<strong>Vol</strong>" in client.get("/evenementen/").content.decode()
    # Hired: the places still to come are given up in one bulk update (no signal).
    candidate_close_after_start(candidate=registration.candidate)
    html = client.get("/evenementen/").content.decode()
    assert "<strong>Vol</strong>" not in html and "Nog 1 plek vrij" in html


def test_the_municipality_is_typed_and_matched_whatever_the_case(client, school, region):
    other = SchoolFactory(board=BoardFactory(region=region), name="Eemschool", municipality="Baarn")
    VacancyFactory(school=school, title="Docent in Utrecht", published=True)
    VacancyFactory(school=other, title="Docent in Baarn", published=True)
    response = client.get("/vacatures/", {"municipality": "  utrecht "})
    html = response.content.decode()
    assert "Docent in Utrecht" in html and "Docent in Baarn" not in html
    assert 'list="board-municipalities"' in html
    assert '<option value="Baarn">' in html
    assert "<select" not in html.split('id="id_municipality"')[0][-200:]


def test_an_unknown_municipality_gets_a_dutch_message_and_the_rest_of_the_search(client, school):
    VacancyFactory(school=school, title="Docent in Utrecht", published=True)
    response = client.get("/vacatures/", {"municipality": "Atlantis"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "We kennen geen school in een gemeente die “Atlantis” heet." in html
    assert "Docent in Utrecht" in html
