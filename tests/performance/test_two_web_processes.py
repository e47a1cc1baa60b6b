"""Past one machine: two web processes behind one Redis share sign-ins, rate limits and the
cached public pages, so a load balancer may send each request to either of them.

Two real gunicorn processes on free ports, against the test database and one Redis (CACHE_URL);
marked ``worker`` like the Celery tests: without Redis it is skipped locally and fails in CI.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager

import pytest
import redis
from allauth.account.models import EmailAddress
from django.db import connection

from tests import worker
from tests.factories import BoardFactory, SchoolFactory, UserFactory
from tests.vacatures.factories import VacancyFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
PASSWORD = "een-lang-wachtwoord-voor-de-test"
# The name a load balancer passes on to every node (the sign-in limits are kept per site).
PUBLIC_HOST = "portal.test"
TOO_MANY = "Te vaak een verkeerd wachtwoord vanaf dit apparaat voor dit adres."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def web_processes(count: int, cache_url: str):
    env = {
        **os.environ,
        "DATABASE_URL": worker.test_database_url(),
        "CACHE_URL": cache_url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": f"127.0.0.1,{PUBLIC_HOST}",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATIC_MANIFEST": "false",
        "LOKET_REQUIRE_STAFF_MFA": "false",
        "LOG_LEVEL": "WARNING",
    }
    ports = [free_port() for _ in range(count)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "loket.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"],
            cwd=worker.ROOT,
            env=env,
        )
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2)  # noqa: S310
                    break
                except urllib.error.HTTPError:
                    break  # it answers (the health check may report the broker)
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


class Browser:
    """One visitor: a cookie jar that goes with it to whichever process answers."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str]:
        try:
            request = urllib.request.Request(url, headers={"Host": PUBLIC_HOST})
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in(self, base: str, email: str, password: str) -> str:
        _status, html = self.get(f"{base}/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode(
            {"login": email, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            f"{base}/accounts/login/",
            data=data,
            headers={"Referer": f"{base}/accounts/login/", "Host": PUBLIC_HOST},
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode()


@pytest.fixture
def cache_url():
    """The Redis the two processes share, without the per-address sign-in counts that earlier
    runs from this machine left (they would refuse this run's first sign-in)."""
    broker = worker.require_redis()
    url = os.environ.get("CACHE_URL") or broker
    client = redis.Redis.from_url(url)
    for key in client.scan_iter("*allauth:rl:*:ip:127.0.0.1"):
        client.delete(key)
    return url


def test_a_session_a_rate_limit_and_a_cached_page_are_shared(cache_url):
    # A fresh address each run: the sign-in limits of earlier runs live on in Redis.
    user = UserFactory(email=f"gedeeld-{uuid.uuid4().hex[:10]}@example.org")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    school = SchoolFactory(board=BoardFactory(), name="Gedeelde school")
    vacancy = VacancyFactory(school=school, title="Docent gedeeld cache", published=True)

    with web_processes(2, cache_url) as (first, second):
        # A session begun on the first process is known to the second.
        visitor = Browser()
        visitor.sign_in(first, user.email, PASSWORD)
        status, html = visitor.get(f"{second}/accounts/email/")
        assert status == 200
        assert user.email in html

        # Failed sign-ins count across both: three here and two there make the five allowed,
        # and the sixth is refused on the first, though with the right password.
        attacker = Browser()
        for base in (first, first, first, second, second):
            assert TOO_MANY not in attacker.sign_in(base, user.email, "helemaal-fout-123")
        assert TOO_MANY in attacker.sign_in(first, user.email, PASSWORD)

        # The board rendered by the first process is served by the second from the cache: a
        # change that sends no signal (a raw UPDATE) does not show on either.
        anonymous = Browser()
        assert "Docent gedeeld cache" in anonymous.get(f"{first}/vacatures/?q=gedeeld")[1]
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE vacatures_vacancy SET title = 'Docent niet gecachet' WHERE id = %s",
                [vacancy.pk],
            )
        html = Browser().get(f"{second}/vacatures/?q=gedeeld")[1]
        assert "Docent gedeeld cache" in html
        assert "Docent niet gecachet" not in html
