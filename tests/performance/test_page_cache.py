"""Whole public pages for anonymous visitors come from the cache, each with its own CSRF token."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from loket.core.page_cache import MAX_QUERY_LENGTH, page_key
from tests.factories import BoardFactory, SchoolFactory, UserFactory
from tests.kandidaten.event_factories import EventFactory
from tests.vacatures.factories import VacancyFactory

LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PUBLIC_PAGES = ("/", "/vacatures/", "/evenementen/")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
ANY_TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")
# A render's placeholder is 64 hex digits; a real token mixes upper and lower case.
PLACEHOLDER = re.compile(r"\b[0-9a-f]{64}\b")


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {"default": {**LOCAL_CACHE["default"], "LOCATION": f"pages-{id(settings)}"}}
    settings.LOKET_FRAGMENT_CACHE = True


@pytest.fixture
def vacancy(region):
    school = SchoolFactory(board=BoardFactory(region=region), name="Domcollege")
    return VacancyFactory(school=school, title="Docent aardrijkskunde", published=True)


def visit(path: str, **headers) -> tuple:
    """A visitor who has never been here: no cookie at all."""
    client = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return client, response, len(queries)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_later_visitor_gets_the_page_without_a_query_or_a_template(path, vacancy, page_cache):
    EventFactory(region=vacancy.school.region, title="Informatieavond zij-instroom")
    _client, first, _queries = visit(path)
    _client, second, queries = visit(path)
    assert second.status_code == 200
    assert queries == 0
    assert second.templates == []  # nothing rendered: the stored page itself
    assert ANY_TOKEN.sub("", second.content.decode()) == ANY_TOKEN.sub("", first.content.decode())


def test_the_vacancy_page_too(vacancy, page_cache):
    visit(f"/vacatures/{vacancy.pk}/")
    _client, response, queries = visit(f"/vacatures/{vacancy.pk}/")
    assert "Docent aardrijkskunde" in response.content.decode()
    assert queries == 0


def test_every_visitor_gets_a_token_of_their_own_that_works(vacancy, page_cache):
    visit("/vacatures/")
    tokens = set()
    for _ in range(2):
        client, response, _queries = visit("/vacatures/")
        html = response.content.decode()
        assert not PLACEHOLDER.search(html)
        found = set(TOKEN.findall(html))
        assert found and "csrftoken" in response.cookies
        tokens |= found
        # The token of the stored page is this visitor's own: the language form posts with it.
        posted = client.post(
            "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": found.pop()}
        )
        assert posted.status_code == 302
    assert len(tokens) >= 2


def test_a_stolen_cached_page_token_is_refused_for_another_visitor(vacancy, page_cache):
    visit("/vacatures/")
    _client, response, _queries = visit("/vacatures/")
    token = TOKEN.search(response.content.decode()).group(1)
    stranger = Client(enforce_csrf_checks=True)
    stranger.get("/vacatures/")  # a cookie of their own
    posted = stranger.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token})
    assert posted.status_code == 403


def test_dutch_and_english_visitors_each_get_their_own_page(vacancy, page_cache):
    for _ in range(2):
        _client, dutch, _queries = visit("/vacatures/", accept_language="nl")
        _client, english, _queries = visit("/vacatures/", accept_language="en")
        assert '<html lang="nl"' in dutch.content.decode()
        assert '<html lang="en"' in english.content.decode()


def test_each_site_name_has_its_own_pages(vacancy, page_cache, settings):
    """The vacancy page holds its own absolute address (JobPosting): never another host's."""
    settings.ALLOWED_HOSTS = ["werkenindeklas.example", "www.werkenindeklas.example"]
    path = f"/vacatures/{vacancy.pk}/"
    for _ in range(2):
        _client, bare, _queries = visit(path, host="werkenindeklas.example")
        _client, www, _queries = visit(path, host="www.werkenindeklas.example")
        assert "//werkenindeklas.example/vacatures/" in bare.content.decode()
        assert "//www.werkenindeklas.example/vacatures/" in www.content.decode()
        assert "//www.werkenindeklas.example/" not in bare.content.decode()


def test_the_htmx_results_and_the_whole_page_are_kept_apart(vacancy, page_cache):
    for _ in range(2):
        _client, page, _queries = visit("/vacatures/")
        _client, results, _queries = visit("/vacatures/", hx_request="true", hx_target="results")
        assert "<html" in page.content.decode()
        assert "<html" not in results.content.decode()
        assert "Docent aardrijkskunde" in results.content.decode()


def test_a_signed_in_person_is_never_served_nor_stored(vacancy, page_cache, client):
    visit("/")
    client.force_login(UserFactory(full_name="Fenna Wouters"))
    signed_in = client.get("/")
    assert signed_in.templates  # rendered for them
    assert "/accounts/logout/" in signed_in.content.decode()
    _client, anonymous, queries = visit("/")
    assert queries == 0
    assert "/accounts/logout/" not in anonymous.content.decode()


def test_a_visitor_with_a_message_waiting_gets_a_fresh_render(vacancy, page_cache):
    visit("/vacatures/")
    storage = CookieStorage(HttpRequest())
    storage.add(constants.SUCCESS, "Uw aanmelding is ontvangen.")
    carrier = HttpResponse()
    storage.update(carrier)
    client = Client()
    client.cookies["messages"] = carrier.cookies["messages"].value
    page = client.get("/vacatures/")
    assert page.templates
    assert "Uw aanmelding is ontvangen." in page.content.decode()


def test_a_page_that_is_not_found_is_not_stored(vacancy, page_cache):
    vacancy.status = "draft"
    vacancy.save()
    client, response, _queries = visit(f"/vacatures/{vacancy.pk}/")
    assert response.status_code == 404
    # Rendered while the placeholder was on, yet with this visitor's own working token.
    html = response.content.decode()
    assert not PLACEHOLDER.search(html)
    token = TOKEN.search(html).group(1)
    posted = client.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token})
    assert posted.status_code == 302
    vacancy.status = "published"
    vacancy.save()
    assert visit(f"/vacatures/{vacancy.pk}/")[1].status_code == 200


def test_a_change_shows_at_once(vacancy, page_cache):
    visit("/vacatures/")
    vacancy.title = "Docent geschiedenis"
    vacancy.save()
    html = visit("/vacatures/")[1].content.decode()
    assert "Docent geschiedenis" in html and "Docent aardrijkskunde" not in html


def test_a_stored_page_costs_one_cache_round_trip(vacancy, page_cache, monkeypatch):
    """The page and the versions of its data are read together: one call to the cache."""
    from django.core.cache import cache  # noqa: PLC0415

    from loket.core import cache as fragments  # noqa: PLC0415
    from loket.core import page_cache as pages  # noqa: PLC0415

    calls = []

    class Counted:
        def __getattr__(self, name):
            real = getattr(cache, name)
            return lambda *args, **kwargs: calls.append(name) or real(*args, **kwargs)

    visit("/vacatures/")
    monkeypatch.setattr(pages, "cache", Counted())
    monkeypatch.setattr(fragments, "cache", Counted())
    _client, response, queries = visit("/vacatures/")
    assert response.templates == [] and queries == 0
    assert calls == ["get_many"]


def test_a_page_of_older_versions_is_rendered_again_in_its_place(vacancy, page_cache):
    from django.core.cache import cache  # noqa: PLC0415
    from django.test import RequestFactory  # noqa: PLC0415

    visit("/vacatures/")
    before = cache.get(page_key(RequestFactory().get("/vacatures/")))
    vacancy.title = "Docent geschiedenis"
    vacancy.save()
    _client, response, _queries = visit("/vacatures/")
    assert response.templates and "Docent geschiedenis" in response.content.decode()
    after = cache.get(page_key(RequestFactory().get("/vacatures/")))
    assert after["versions"] != before["versions"] and b"Docent geschiedenis" in after["content"]


def test_without_the_cache_every_visit_is_rendered(vacancy, settings):
    settings.LOKET_FRAGMENT_CACHE = False
    visit("/vacatures/")
    _client, response, queries = visit("/vacatures/")
    assert response.templates and queries > 0


def test_every_render_has_a_placeholder_of_its_own(vacancy, page_cache):
    """Nobody can name the placeholder in text of their own (a description, a search)."""
    from django.core.cache import cache  # noqa: PLC0415
    from django.test import RequestFactory  # noqa: PLC0415

    stored = []
    for query in ("", "?q=Docent"):
        visit(f"/vacatures/{query}")
        entry = cache.get(page_key(RequestFactory().get(f"/vacatures/{query}")))
        assert entry["placeholder"].encode() in entry["content"]
        stored.append(entry["placeholder"])
    assert stored[0] != stored[1]


def test_made_up_htmx_headers_share_one_entry(vacancy, page_cache):
    visit("/vacatures/", hx_request="true", hx_target="results", hx_trigger="a")
    _client, response, queries = visit(
        "/vacatures/", hx_request="true", hx_target="anything", hx_trigger="b"
    )
    assert queries == 0 and response.templates == []


def test_a_very_long_query_is_rendered_not_kept(vacancy, page_cache):
    path = "/vacatures/?q=" + "x" * MAX_QUERY_LENGTH
    visit(path)
    _client, response, _queries = visit(path)
    assert response.status_code == 200 and response.templates


def test_public_pages_and_changes_still_work_while_redis_is_down(vacancy, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    settings.LOKET_FRAGMENT_CACHE = True
    for path in (*PUBLIC_PAGES, f"/vacatures/{vacancy.pk}/"):
        response = visit(path)[1]
        assert response.status_code == 200
        assert "Docent aardrijkskunde" in response.content.decode() or path == "/evenementen/"
    vacancy.title = "Docent economie"
    vacancy.save()  # the version bump fails quietly
    assert "Docent economie" in visit("/vacatures/")[1].content.decode()
