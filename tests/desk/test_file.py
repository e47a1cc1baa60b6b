"""The candidate file: contact log, notes, guide, next action, phase, timeline, access log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kandidaten.models import CandidateAccess, Phase
from loket.desk.models import Contact
from tests.desk.conftest import login
from tests.vacatures.factories import desk_staff_of

TODAY = timezone.localdate


@pytest.mark.django_db
def test_the_file_shows_profile_consent_advice_and_logs_the_view(client, guide, candidate):
    login(client, guide)
    response = client.get(reverse("desk:candidate", args=[candidate.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Noor El Amrani" in html and candidate.user.email in html
    assert 'hx-history="false"' in html
    assert CandidateAccess.objects.filter(candidate=candidate, user=guide, action="view").exists()


@pytest.mark.django_db
def test_logging_a_contact_updates_the_last_contact_and_the_timeline(client, guide, candidate):
    login(client, guide)
    url = reverse("desk:log_contact", args=[candidate.pk])
    day = TODAY() - datetime.timedelta(days=2)
    response = client.post(
        url, {"kind": "phone", "occurred_on": day.isoformat(), "summary": "Gebeld over de route."}
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.last_contact_on == day
    html = client.get(reverse("desk:candidate", args=[candidate.pk])).content.decode()
    assert "Gebeld over de route." in html

    # An older contact logged late does not move the last contact back.
    client.post(
        url,
        {
            "kind": "email",
            "occurred_on": (day - datetime.timedelta(days=5)).isoformat(),
            "summary": "Mail gestuurd.",
        },
    )
    candidate.refresh_from_db()
    assert candidate.last_contact_on == day


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kind": "phone", "occurred_on": "2999-01-01", "summary": "x"},
            "A contact cannot take place in the future.",
        ),
        ({"kind": "fax", "occurred_on": "", "summary": "x"}, "Select a valid choice."),
        ({"kind": "phone", "occurred_on": "", "summary": "x" * 2001}, "at most 2000"),
    ],
)
def test_bad_contacts_are_refused_and_nothing_is_saved(client, guide, candidate, data, message):
    if not data["occurred_on"]:
        data["occurred_on"] = TODAY().isoformat()
    login(client, guide)
    client.cookies.load({"django_language": "en"})
    response = client.post(reverse("desk:log_contact", args=[candidate.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_htmx_swaps_the_contact_log_in_place(client, guide, candidate):
    login(client, guide)
    response = client.post(
        reverse("desk:log_contact", args=[candidate.pk]),
        {"kind": "meeting", "occurred_on": TODAY().isoformat(), "summary": "Intake gehad."},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="contact-log">')
    assert "Intake gehad." in html and "<html" not in html


@pytest.mark.django_db
def test_a_guide_must_work_for_the_candidates_region(client, guide, candidate, other_region):
    outsider = desk_staff_of(other_region)
    login(client, guide)
    response = client.post(
        reverse("desk:assign_guide", args=[candidate.pk]), {"guide": outsider.pk}
    )
    assert response.status_code == 400
    candidate.refresh_from_db()
    assert candidate.guide == guide
    colleague = desk_staff_of(candidate.region, full_name="Cor Collega")
    client.post(reverse("desk:assign_guide", args=[candidate.pk]), {"guide": colleague.pk})
    candidate.refresh_from_db()
    assert candidate.guide == colleague


@pytest.mark.django_db
def test_next_action_needs_a_text_and_a_date_from_today(client, guide, candidate):
    login(client, guide)
    url = reverse("desk:next_action", args=[candidate.pk])
    yesterday = (TODAY() - datetime.timedelta(days=1)).isoformat()
    assert (
        client.post(url, {"next_action": "Bellen", "next_action_on": yesterday}).status_code == 400
    )
    assert (
        client.post(url, {"next_action": "", "next_action_on": TODAY().isoformat()}).status_code
        == 400
    )
    candidate.refresh_from_db()
    assert candidate.next_action == ""
    client.post(url, {"next_action": "Bellen over intake", "next_action_on": TODAY().isoformat()})
    candidate.refresh_from_db()
    assert (candidate.next_action, candidate.next_action_on) == ("Bellen over intake", TODAY())


@pytest.mark.django_db
def test_staff_change_the_phase_with_the_reasons_side_exits_need(client, guide, candidate):
    login(client, guide)
    url = reverse("desk:change_phase", args=[candidate.pk])
    assert client.post(url, {"to_phase": "gepauzeerd"}).status_code == 400
    assert client.post(url, {"to_phase": "afgehaakt"}).status_code == 400
    candidate.refresh_from_db()
    assert candidate.phase == Phase.ORIENTATIE
    assert client.post(url, {"to_phase": "intake", "note": "Intake gepland"}).status_code == 302
    candidate.refresh_from_db()
    assert candidate.phase == Phase.INTAKE
    event = candidate.phase_events.last()
    assert (event.actor, event.note) == (guide, "Intake gepland")
    # A referral to another region has its own form: the phase form refuses it.
    assert client.post(url, {"to_phase": "doorverwezen", "note": "x"}).status_code == 400


@pytest.mark.django_db
def test_notes_are_for_the_desk_only(client, guide, candidate):
    login(client, guide)
    client.post(reverse("desk:add_note", args=[candidate.pk]), {"text": "Twijfelt over po."})
    assert (
        "Twijfelt over po."
        in client.get(reverse("desk:candidate", args=[candidate.pk])).content.decode()
    )
    login(client, candidate.user)
    assert "Twijfelt over po." not in client.get(reverse("kandidaten:journey")).content.decode()


@pytest.mark.django_db
def test_the_file_costs_the_same_queries_with_a_long_history(
    client, guide, candidate, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from loket.desk.services import guidance as services

    login(client, guide)
    url = reverse("desk:candidate", args=[candidate.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(20):
        services.candidate_log_contact(
            actor=guide, candidate=candidate, kind="phone", occurred_on=TODAY(), summary=f"{n}"
        )
        services.candidate_add_note(actor=guide, candidate=candidate, text=f"note {n}")
    assert count() == few


@pytest.mark.django_db
def test_htmx_save_confirms_in_the_swapped_log_and_leaves_no_message_behind(
    client, guide, candidate
):
    login(client, guide)
    response = client.post(
        reverse("desk:log_contact", args=[candidate.pk]),
        {"kind": "meeting", "occurred_on": TODAY().isoformat(), "summary": "Intake gehad."},
        HTTP_HX_REQUEST="true",
    )
    assert 'id="contact-saved"' in response.content.decode()
    assert "The contact has been logged." in response.content.decode()
    # Not also in the session, to turn up on whatever page is opened next.
    page = client.get(reverse("desk:candidate", args=[candidate.pk])).content.decode()
    assert "The contact has been logged." not in page
