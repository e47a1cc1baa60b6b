"""The candidate's own page: timeline, advice, consent, pause and stop; and who may see what."""

import datetime

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from kandidaten.access import get_candidate_for
from kandidaten.models import ConsentRecord, Phase, PhaseEvent
from kandidaten.services.journey import candidate_change_phase
from kandidaten.services.privacy import current_privacy_statement
from loket.core.models import Role
from tests.factories import UserFactory, give_role
from tests.kandidaten.factories import CandidateFactory

pytestmark = pytest.mark.django_db
JOURNEY = "/mijn-traject/"


@pytest.fixture
def candidate(region):
    candidate = CandidateFactory(region=region, full_name="Karim Kandidaat")
    PhaseEvent.objects.create(candidate=candidate, from_phase="", to_phase=Phase.INTERESSE)
    PhaseEvent.objects.create(
        candidate=candidate, from_phase=Phase.INTERESSE, to_phase=Phase.ORIENTATIE
    )
    return candidate


@pytest.fixture
def own(client, candidate):
    client.force_login(candidate.user)
    return client


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_my_journey_shows_where_i_am_what_is_next_and_my_advice(own, candidate):
    page = own.get(JOURNEY).content.decode()
    assert "Hallo Karim Kandidaat" in page
    assert 'aria-current="step"' in page
    current = page.split('aria-current="step"')[1][:200]
    assert "Oriëntatie" in current
    assert "Vraag een intakegesprek aan" in page
    assert "Zij-instroom in het voortgezet onderwijs" in page
    assert "Je krijgt je eigen begeleider bij het loket na de intake." in page


def test_my_journey_names_my_guide(own, candidate):
    candidate.guide = UserFactory(full_name="Lotte Loketmedewerker", email="lotte@loket.example")
    candidate.save()
    page = own.get(JOURNEY).content.decode()
    assert "Lotte Loketmedewerker" in page and "lotte@loket.example" in page


def test_someone_who_has_not_registered_is_sent_to_sign_up(client):
    client.force_login(UserFactory())
    response = client.get(JOURNEY)
    assert response["Location"] == reverse("kandidaten:start")


def test_another_candidate_sees_only_their_own_journey(client, candidate):
    other = CandidateFactory(full_name="Iemand Anders")
    client.force_login(other.user)
    page = client.get(JOURNEY).content.decode()
    assert "Iemand Anders" in page and "Karim Kandidaat" not in page


def test_pause_with_a_resume_date_goes_through_the_phase_service(own, candidate):
    resume_on = timezone.localdate() + datetime.timedelta(days=60)
    response = own.post(
        reverse("kandidaten:pause"), {"paused_until": resume_on.isoformat(), "note": "Verhuizing"}
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.phase, candidate.paused_until) == (Phase.GEPAUZEERD, resume_on)
    event = candidate.phase_events.last()
    assert (event.from_phase, event.to_phase, event.actor, event.note) == (
        Phase.ORIENTATIE,
        Phase.GEPAUZEERD,
        candidate.user,
        "Verhuizing",
    )
    response = own.post(reverse("kandidaten:resume"), follow=True)
    candidate.refresh_from_db()
    assert candidate.phase == Phase.ORIENTATIE and candidate.paused_until is None
    assert "Welkom terug!" in messages_of(response)[-1]


def test_pause_in_the_past_is_refused(own, candidate):
    response = own.post(reverse("kandidaten:pause"), {"paused_until": "2020-01-01"})
    assert response.status_code == 400
    assert "Kies een datum in de toekomst" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.phase == Phase.ORIENTATIE
    assert candidate.phase_events.count() == 2


def test_stopping_needs_a_reason(own, candidate):
    response = own.post(reverse("kandidaten:withdraw"), {"reason": ""})
    assert response.status_code == 400
    candidate.refresh_from_db()
    assert candidate.phase == Phase.ORIENTATIE
    own.post(reverse("kandidaten:withdraw"), {"reason": "other_job", "note": "Andere baan"})
    candidate.refresh_from_db()
    assert (candidate.phase, candidate.dropout_reason) == (Phase.AFGEHAAKT, "other_job")


def test_consent_can_be_withdrawn_and_given_again(own, candidate):
    statement = current_privacy_statement()
    ConsentRecord.objects.create(candidate=candidate, kind="desk", given=True, statement=statement)
    candidate.consent_region_schools = False
    candidate.save()
    own.post(reverse("kandidaten:consent"), {"kind": "region_schools", "given": "1"})
    candidate.refresh_from_db()
    assert candidate.consent_region_schools is True
    own.post(reverse("kandidaten:consent"), {"kind": "region_schools", "given": "0"})
    candidate.refresh_from_db()
    assert candidate.consent_region_schools is False
    records = list(
        ConsentRecord.objects.filter(kind="region_schools").values_list("given", "statement")
    )
    assert records == [(True, statement.pk), (False, statement.pk)]
    page = own.get(JOURNEY).content.decode()
    assert "Ingetrokken" in page


def test_an_unknown_consent_kind_changes_nothing(own, candidate):
    response = own.post(reverse("kandidaten:consent"), {"kind": "everything", "given": "1"})
    assert response.status_code == 302
    assert not ConsentRecord.objects.exists()


def test_asking_for_an_intake_twice_is_one_request(own, candidate):
    own.post(reverse("kandidaten:request_intake"))
    first = type(candidate).objects.get(pk=candidate.pk).intake_requested_at
    response = own.post(reverse("kandidaten:request_intake"), follow=True)
    assert type(candidate).objects.get(pk=candidate.pk).intake_requested_at == first
    assert "Je hebt al een intake aangevraagd" in messages_of(response)[-1]


def test_journey_query_count_does_not_grow_with_history(own, candidate, django_assert_num_queries):
    own.get(JOURNEY)  # warm the session and caches

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert own.get(JOURNEY).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _ in range(20):
        candidate_change_phase(
            candidate=candidate,
            to_phase=Phase.INTAKE if candidate.phase != Phase.INTAKE else Phase.ORIENTATIE,
            actor=candidate.user,
        )
        ConsentRecord.objects.create(
            candidate=candidate, kind="desk", given=True, statement=current_privacy_statement()
        )
    with django_assert_num_queries(few):
        assert own.get(JOURNEY).status_code == 200


# --- Access: one helper per object kind, 404 for everyone who may not see the candidate -----


def test_owner_may_see_their_candidate(candidate):
    assert get_candidate_for(candidate.user, candidate.pk) == candidate


def test_desk_staff_of_the_region_may_see_the_candidate(candidate, region):
    staff = UserFactory()
    give_role(staff, Role.DESK_STAFF, region=region)
    assert get_candidate_for(staff, candidate.pk) == candidate


def test_desk_staff_of_another_region_gets_404(candidate, other_region):
    staff = UserFactory()
    give_role(staff, Role.DESK_STAFF, region=other_region)
    with pytest.raises(Http404):
        get_candidate_for(staff, candidate.pk)


def test_another_candidate_gets_404(candidate):
    other = CandidateFactory()
    with pytest.raises(Http404):
        get_candidate_for(other.user, candidate.pk)


def test_outsider_and_anonymous_get_404(candidate):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        get_candidate_for(UserFactory(), candidate.pk)
    with pytest.raises(Http404):
        get_candidate_for(AnonymousUser(), candidate.pk)


def test_phase_change_rules(candidate):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        candidate_change_phase(candidate=candidate, to_phase=Phase.ORIENTATIE, actor=None)
    with pytest.raises(ValidationError):
        candidate_change_phase(candidate=candidate, to_phase=Phase.DOORVERWEZEN, actor=None)
    with pytest.raises(ValidationError):
        candidate_change_phase(candidate=candidate, to_phase="nowhere", actor=None)
    event = candidate_change_phase(
        candidate=candidate, to_phase=Phase.DOORVERWEZEN, actor=None, note="Regio Eemland"
    )
    assert (event.from_phase, event.to_phase) == (Phase.ORIENTATIE, Phase.DOORVERWEZEN)


def test_a_coordinator_edits_routes_in_the_admin(client, region):
    from kandidaten.models import Route
    from tests.factories import coordinator_of

    coordinator = coordinator_of(region)
    client.force_login(coordinator)
    route = Route.objects.get(slug="pabo")
    assert client.get(f"/beheer/kandidaten/route/{route.pk}/change/").status_code == 200
    assert client.get("/beheer/kandidaten/route/").status_code == 200


def test_desk_staff_cannot_edit_routes(client, region):
    from kandidaten.models import Route

    staff = UserFactory(is_staff=True)
    give_role(staff, Role.DESK_STAFF, region=region)
    client.force_login(staff)
    route = Route.objects.get(slug="pabo")
    assert client.get(f"/beheer/kandidaten/route/{route.pk}/change/").status_code == 403


def test_withdrawing_consent_for_the_desk_asks_first_then_stops_the_journey(own, candidate):
    statement = current_privacy_statement()
    for kind in ("desk", "region_schools"):
        ConsentRecord.objects.create(
            candidate=candidate, kind=kind, given=True, statement=statement
        )
    candidate.consent_region_schools = True
    candidate.save()
    ask = own.post(reverse("kandidaten:consent"), {"kind": "desk", "given": "0"})
    assert ask.status_code == 200
    assert 'name="confirm" value="yes"' in ask.content.decode()
    candidate.refresh_from_db()
    assert candidate.consent_desk is True and candidate.phase == Phase.ORIENTATIE

    own.post(reverse("kandidaten:consent"), {"kind": "desk", "given": "0", "confirm": "yes"})
    candidate.refresh_from_db()
    assert (candidate.consent_desk, candidate.consent_region_schools) == (False, False)
    assert candidate.phase == Phase.AFGEHAAKT
    # Continuing needs the consent back first.
    own.post(reverse("kandidaten:resume"))
    candidate.refresh_from_db()
    assert candidate.phase == Phase.AFGEHAAKT
    own.post(reverse("kandidaten:consent"), {"kind": "desk", "given": "1"})
    own.post(reverse("kandidaten:resume"))
    candidate.refresh_from_db()
    assert candidate.phase == Phase.ORIENTATIE


def test_a_pause_then_a_stop_resumes_in_the_phase_before_both(own, candidate):
    import datetime

    from django.utils import timezone

    from kandidaten.services.journey import candidate_change_phase

    soon = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    candidate_change_phase(candidate=candidate, to_phase=Phase.MATCHING, actor=None)
    own.post(reverse("kandidaten:pause"), {"paused_until": soon})
    candidate.refresh_from_db()
    assert candidate.phase == Phase.GEPAUZEERD
    own.post(reverse("kandidaten:withdraw"), {"reason": "personal"})
    candidate.refresh_from_db()
    assert candidate.phase == Phase.AFGEHAAKT
    # Stopped already: pausing again is not offered and changes nothing.
    own.post(reverse("kandidaten:pause"), {"paused_until": soon})
    candidate.refresh_from_db()
    assert candidate.phase == Phase.AFGEHAAKT
    own.post(reverse("kandidaten:resume"))
    candidate.refresh_from_db()
    assert candidate.phase == Phase.MATCHING


def test_a_planned_intake_replaces_the_request_button(own, candidate):
    import datetime

    from django.utils import timezone

    from kandidaten.models import Appointment

    assert "Vraag een intakegesprek aan" in own.get(JOURNEY).content.decode()
    Appointment.objects.create(
        candidate=candidate,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        ends_at=timezone.now() + datetime.timedelta(days=3, hours=1),
        location="Het loket",
    )
    html = own.get(JOURNEY).content.decode()
    assert "Vraag een intakegesprek aan" not in html
    assert "Je intake is gepland" in html
