"""The demo candidates, and the public start page's call to sign up."""

import pytest

from kandidaten.models import Candidate, ConsentRecord, Phase, PhaseEvent
from loket.demo import candidates as demo
from loket.demo import core as loket_demo

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_spans_the_phases():
    loket_demo.seed()
    demo.seed()
    counts = (Candidate.objects.count(), PhaseEvent.objects.count(), ConsentRecord.objects.count())
    demo.seed()
    assert (
        Candidate.objects.count(),
        PhaseEvent.objects.count(),
        ConsentRecord.objects.count(),
    ) == counts
    karim = Candidate.objects.get(user__email="kandidaat@demo.regioloket.example")
    assert karim.phase == Phase.ORIENTATIE and karim.region.slug == "domstad"
    phases = set(Candidate.objects.values_list("phase", flat=True))
    assert phases >= {
        Phase.ORIENTATIE,
        Phase.GESCHIKTHEID,
        Phase.MATCHING,
        Phase.GESTART,
        Phase.GEPAUZEERD,
        Phase.AFGEHAAKT,
    }
    assert Candidate.objects.get(full_name="Lisa Bakker").region.slug == "eemland"


def test_demo_candidate_can_open_their_journey(client):
    loket_demo.seed()
    demo.seed()
    client.login(email="kandidaat@demo.regioloket.example", password=loket_demo.DEMO_PASSWORD)
    page = client.get("/mijn-traject/").content.decode()
    assert "Karim Kandidaat" in page
    assert "Universitaire lerarenopleiding (eerstegraads)" in page


def test_home_page_invites_to_sign_up_and_lists_the_routes(client):
    page = client.get("/").content.decode()
    assert 'href="/aanmelden/"' in page
    assert ">Aanmelden</a>" in page
    assert "Verkorte pabo voor wo-afgestudeerden" in page


def test_sign_up_start_page_for_visitors(client):
    page = client.get("/aanmelden/").content.decode()
    assert "Aanmelden bij het regioloket" in page
    assert "/accounts/signup/?next=/aanmelden/stap/2/" in page
