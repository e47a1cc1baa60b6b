"""The export: every kind of record is there, nothing of another candidate who shares the guide,
an event and a vacancy, no staff beyond the guide's work address; written to the access log."""

import json

import pytest
from django.urls import reverse

from kandidaten.models import CandidateAccess
from kandidaten.services.erasure import candidate_erase
from kandidaten.services.export import candidate_export
from loket.core.mail.outbox import mail_queue_rendered
from loket.core.models import MailReason
from tests.desk.conftest import login
from tests.kandidaten.event_factories import EventFactory
from tests.privacy.filling import fill_everything, person

pytestmark = pytest.mark.django_db

SECTIONS = [
    "profile",
    "route_advice",
    "consents",
    "phase_history",
    "appointments",
    "event_registrations",
    "documents",
    "mail",
    "access_log",
    "contacts",
    "desk_notes",
    "proposals",
    "referrals",
    "assessments",
]


@pytest.fixture
def two(region, guide, hr, school, subject, vacancy, no_broker):
    event = EventFactory(region=region)
    mine, my_values = person(region, guide, subject, tag="Mine")
    fill_everything(
        mine, my_values, guide=guide, hr=hr, school=school, vacancy=vacancy, event=event
    )
    theirs, their_values = person(region, guide, subject, tag="Theirs")
    extra = fill_everything(
        theirs, their_values, guide=guide, hr=hr, school=school, vacancy=vacancy, event=event
    )
    mail_queue_rendered(
        recipient=mine.user,
        reason=MailReason.TEST,
        key="export:mine",
        subject="Hallo",
        text="Een bericht",
        essential=True,
    )
    return mine, my_values, theirs, their_values, extra


def test_the_json_holds_every_kind_of_record_and_nothing_of_anybody_else(two, client, guide, hr):
    mine, my_values, _theirs, their_values, extra = two
    login(client, mine.user)
    response = client.get(reverse("kandidaten:data_export") + "?format=json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    for key in SECTIONS:
        assert data[key], f"section {key} is empty"
    text = json.dumps(data, ensure_ascii=False)
    # Mine, all of it.
    for key, value in my_values.items():
        if value and key != "qualification_text":
            assert value in text, key
    steps = [step for p in data["proposals"] for step in p["steps"]]
    assert any(s["note"] == my_values["step_note"] for s in steps)
    assert {c["kind"] for c in data["consents"]} and data["consents"][0]["statement_version"]
    # Nothing of theirs, though we share the guide, the event and the vacancy.
    for key, value in their_values.items():
        if value and key not in {"qualification_text"}:
            assert value not in text, key
    # People: the guide by name and work address; everybody else by role only.
    assert guide.email in text
    for outsider in (hr.full_name, hr.email, extra["coordinator"].full_name, "Olga Ander Loket"):
        assert outsider not in text


def test_the_page_shows_the_same_and_each_export_is_logged(two, client):
    mine, my_values, _theirs, their_values, _extra = two
    login(client, mine.user)
    journey = client.get(reverse("kandidaten:journey")).content.decode()
    assert reverse("kandidaten:data_export") in journey
    before = CandidateAccess.objects.filter(candidate=mine, action="export").count()
    page = client.get(reverse("kandidaten:data_export"))
    assert page.status_code == 200
    html = page.content.decode()
    assert my_values["note"] in html and my_values["contact"] in html
    assert their_values["name"] not in html
    client.get(reverse("kandidaten:data_export") + "?format=json")
    logged = CandidateAccess.objects.filter(candidate=mine, action="export")
    assert logged.count() == before + 2
    assert set(logged.values_list("user", flat=True)) == {mine.user_id}


def test_an_anonymised_record_is_refused_with_a_message(candidate, client, no_broker):
    candidate_erase(candidate=candidate, actor=None, reason="candidate")
    candidate.refresh_from_db()
    with pytest.raises(Exception, match="anonymised"):
        candidate_export(candidate=candidate, by=candidate.user)
