"""Attendance on one screen: phases move on confirmation, no-shows get a friendly mail and the
guide a follow-up on the next working day; the timeline shows it."""

import datetime

import pytest
from django.utils import timezone

from kandidaten.models import Candidate, Event, EventRegistration, Phase, PhaseEvent
from loket.core.mail import delivery
from loket.core.models import MailReason, OutgoingMail, Role
from loket.core.workdays import next_working_day
from loket.desk.selectors.timeline import candidate_timeline
from tests.factories import UserFactory, give_role
from tests.kandidaten.event_factories import EventFactory, EventRegistrationFactory, in_days
from tests.kandidaten.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)


@pytest.fixture
def staff(region):
    user = UserFactory(full_name="Lotte Loket")
    give_role(user, Role.DESK_STAFF, region=region)
    return user


@pytest.fixture
def past_event(region):
    return EventFactory(
        region=region,
        kind=Event.Kind.TRIAL_DAY,
        title="Meeloopdag",
        starts_at=in_days(-1, hour=9),
        ends_at=in_days(-1, hour=15),
    )


def url(event):
    return f"/loket/evenementen/{event.pk}/aanwezigheid/"


def test_the_desk_marks_the_whole_list_at_once(client, staff, region, past_event):
    came = EventRegistrationFactory(
        event=past_event, candidate=CandidateFactory(region=region, phase=Phase.INTERESSE)
    )
    missed = EventRegistrationFactory(
        event=past_event,
        candidate=CandidateFactory(region=region, guide=staff, full_name="Nadia Niet"),
    )
    client.force_login(staff)
    page = client.get(url(past_event)).content.decode()
    assert "Aanwezigheid" in page and "Nadia Niet" in page
    response = client.post(
        url(past_event), {f"came-{came.pk}": "ja", f"came-{missed.pk}": "nee"}, follow=True
    )
    assert response.status_code == 200
    came.refresh_from_db()
    missed.refresh_from_db()
    assert came.attended is True and missed.attended is False
    # Interest → Orientation, as an event with the desk member as actor.
    candidate = Candidate.objects.get(pk=came.candidate_id)
    assert candidate.phase == Phase.ORIENTATIE
    step = PhaseEvent.objects.get(candidate=candidate, to_phase=Phase.ORIENTATIE)
    assert step.actor == staff and "Meeloopdag" in step.note
    # The no-show: a friendly mail once, and a follow-up for the guide.
    mail = OutgoingMail.objects.get(reason=MailReason.EVENT_MISSED)
    assert mail.recipient_id == missed.candidate.user_id
    follow_up = Candidate.objects.get(pk=missed.candidate_id)
    assert "Meeloopdag" in follow_up.next_action
    assert follow_up.next_action_on == next_working_day(timezone.localdate())
    # Saving the same list again mails and moves nothing twice.
    client.post(url(past_event), {f"came-{came.pk}": "ja", f"came-{missed.pk}": "nee"})
    assert OutgoingMail.objects.filter(reason=MailReason.EVENT_MISSED).count() == 1
    assert PhaseEvent.objects.filter(candidate=candidate, to_phase=Phase.ORIENTATIE).count() == 1
    titles = [entry.title for entry in candidate_timeline(follow_up)]
    assert "Niet gekomen naar “Meeloopdag”" in titles or "Did not come to “Meeloopdag”" in titles


def test_a_guides_own_next_action_stays(client, staff, region, past_event):
    candidate = CandidateFactory(
        region=region, guide=staff, next_action="Bellen over vakken", next_action_on=None
    )
    registration = EventRegistrationFactory(event=past_event, candidate=candidate)
    client.force_login(staff)
    client.post(url(past_event), {f"came-{registration.pk}": "nee"})
    assert Candidate.objects.get(pk=candidate.pk).next_action == "Bellen over vakken"


def test_an_empty_list_or_an_event_to_come_changes_nothing(client, staff, region, past_event):
    registration = EventRegistrationFactory(
        event=past_event, candidate=CandidateFactory(region=region)
    )
    client.force_login(staff)
    response = client.post(url(past_event), {"came-abc": "ja", f"came-{registration.pk}": "?"})
    assert response.status_code == 400
    assert "Geef voor minstens één persoon aan of die kwam." in response.content.decode()
    upcoming = EventFactory(region=region)
    later = EventRegistrationFactory(event=upcoming, candidate=CandidateFactory(region=region))
    response = client.post(url(upcoming), {f"came-{later.pk}": "ja"})
    assert response.status_code == 400
    assert not EventRegistration.objects.exclude(attended=None).exists()


def test_staff_of_another_region_get_a_404(client, other_region, past_event):
    outsider = UserFactory()
    give_role(outsider, Role.DESK_STAFF, region=other_region)
    client.force_login(outsider)
    assert client.get(url(past_event)).status_code == 404


def test_next_working_day_skips_weekend_and_kings_day():
    assert next_working_day(datetime.date(2026, 4, 24)) == datetime.date(2026, 4, 28)
