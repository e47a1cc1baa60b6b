"""Referral to another region: consent first, the other desk decides, the sender keeps history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kandidaten.models import Phase
from loket.core.models import MailReason, OutgoingMail
from loket.desk.models import Referral
from loket.desk.services.assessments import assessment_refer
from loket.desk.services.guidance import candidate_add_note, candidate_staff_change_phase
from loket.desk.services.referrals import referral_answer, referral_send, referral_withdraw
from tests.desk.conftest import HIRE, login
from tests.vacatures.factories import desk_staff_of


@pytest.fixture
def other_desk(other_region):
    return desk_staff_of(other_region, full_name="Olga Overkant")


@pytest.fixture
def consenting(candidate):
    candidate.consent_other_regions = True
    candidate.save()
    return candidate


@pytest.mark.django_db
def test_without_consent_for_other_regions_there_is_no_referral(guide, candidate, other_region):
    with pytest.raises(ValidationError, match="not agreed to be shown to other regions"):
        referral_send(
            actor=guide, candidate=candidate, to_region=other_region, note="Geen vacature hier."
        )
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_the_receiving_desk_reads_the_file_and_accepts(
    client, guide, consenting, other_region, other_desk
):
    referral = referral_send(
        actor=guide, candidate=consenting, to_region=other_region, note="Verhuist naar jullie."
    )
    consenting.refresh_from_db()
    assert consenting.phase == Phase.DOORVERWEZEN
    assert OutgoingMail.objects.filter(
        reason=MailReason.REFERRAL_UPDATE, recipient=other_desk
    ).exists()

    login(client, other_desk)
    page = client.get(reverse("desk:candidate", args=[consenting.pk]))
    assert page.status_code == 200 and "Verhuist naar jullie." in page.content.decode()
    # Reading is allowed; working on the file is not, until they accept.
    assert (
        client.post(
            reverse("desk:add_note", args=[consenting.pk]), {"text": "te vroeg"}
        ).status_code
        == 404
    )
    response = client.post(
        reverse("desk:answer_referral", args=[referral.pk]), {"accept": "1", "note": ""}
    )
    assert response.status_code == 302
    consenting.refresh_from_db()
    assert consenting.region == other_region
    assert consenting.phase == Phase.ORIENTATIE  # back where they were referred from
    assert consenting.guide is None
    assert (
        client.post(reverse("desk:add_note", args=[consenting.pk]), {"text": "Welkom"}).status_code
        == 302
    )


@pytest.mark.django_db
def test_the_sending_desk_keeps_a_read_only_history(
    client, guide, consenting, other_region, other_desk
):
    referral = referral_send(
        actor=guide, candidate=consenting, to_region=other_region, note="Verhuist."
    )
    referral_answer(actor=other_desk, referral=referral, accept=True)
    login(client, guide)
    page = client.get(reverse("desk:candidate", args=[consenting.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "You see the history only" in html or "alleen de geschiedenis" in html
    assert f'action="/loket/kandidaten/{consenting.pk}/contact/"' not in html
    assert (
        client.post(
            reverse("desk:log_contact", args=[consenting.pk]),
            {"kind": "phone", "occurred_on": "2026-01-01", "summary": "x"},
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_declining_needs_a_reason_and_sends_the_candidate_back(
    guide, consenting, other_region, other_desk
):
    referral = referral_send(
        actor=guide, candidate=consenting, to_region=other_region, note="Verhuist."
    )
    with pytest.raises(ValidationError, match="Say why"):
        referral_answer(actor=other_desk, referral=referral, accept=False, note="")
    referral_answer(actor=other_desk, referral=referral, accept=False, note="Vol.")
    consenting.refresh_from_db()
    assert consenting.region == guide.roles.first().region
    assert consenting.phase == Phase.ORIENTATIE
    with pytest.raises(ValidationError, match="already been answered"):
        referral_answer(actor=other_desk, referral=referral, accept=True)


@pytest.mark.django_db
def test_only_the_receiving_desk_answers_and_one_referral_at_a_time(
    guide, consenting, other_region, region
):
    referral = referral_send(
        actor=guide, candidate=consenting, to_region=other_region, note="Verhuist."
    )
    with pytest.raises(ValidationError, match="referred to can answer"):
        referral_answer(actor=guide, referral=referral, accept=True)
    with pytest.raises(ValidationError):
        referral_send(actor=guide, candidate=consenting, to_region=other_region, note="Nog eens.")


@pytest.mark.django_db
def test_the_sender_can_withdraw_a_pending_referral(guide, consenting, other_region):
    referral = referral_send(
        actor=guide, candidate=consenting, to_region=other_region, note="Verhuist."
    )
    referral_withdraw(actor=guide, referral=referral)
    consenting.refresh_from_db()
    assert consenting.phase == Phase.ORIENTATIE
    assert Referral.objects.get().status == Referral.Status.WITHDRAWN


@pytest.mark.django_db
def test_a_placement_counts_for_the_region_where_it_happens(
    guide, consenting, other_region, other_desk
):
    import datetime

    from django.utils import timezone

    from loket.desk.models import Proposal
    from loket.desk.services import proposals as vacancy_services
    from tests.vacatures.factories import VacancyFactory, hr_officer_for

    referral = referral_send(
        actor=guide, candidate=consenting, to_region=other_region, note="Verhuist."
    )
    referral_answer(actor=other_desk, referral=referral, accept=True)
    vacancy = VacancyFactory(school__board__region=other_region, published=True)
    hr = hr_officer_for(school=vacancy.school)
    proposal = vacancy_services.proposal_send(
        actor=other_desk,
        candidate=consenting,
        vacancy=vacancy,
        motivation="Een goede kandidaat voor jullie school.",
    )
    vacancy_services.proposal_accept(
        actor=hr,
        proposal=proposal,
        interview_at=timezone.now() + datetime.timedelta(days=2),
        interview_location="School",
    )
    vacancy_services.proposal_record_outcome(actor=hr, proposal=proposal, hired=True, **HIRE)
    placements = Proposal.objects.filter(status="hired")
    assert list(placements.values_list("school__region", flat=True)) == [other_region.pk]


@pytest.mark.django_db
def test_a_pending_referral_keeps_the_phase_until_it_is_answered(
    client, guide, consenting, other_region
):
    referral_send(actor=guide, candidate=consenting, to_region=other_region, note="Verhuist.")
    with pytest.raises(ValidationError, match="waiting for an answer"):
        candidate_staff_change_phase(actor=guide, candidate=consenting, to_phase=Phase.ORIENTATIE)
    consenting.refresh_from_db()
    assert consenting.phase == Phase.DOORVERWEZEN


@pytest.mark.django_db
def test_no_referral_while_proposals_to_schools_here_are_open(
    guide, consenting, vacancy, other_region
):
    from loket.desk.services import proposals as vacancy_services

    vacancy_services.proposal_send(
        actor=guide,
        candidate=consenting,
        vacancy=vacancy,
        motivation="Een sterke kandidaat voor deze vacature.",
    )
    with pytest.raises(ValidationError, match="open proposals"):
        referral_send(actor=guide, candidate=consenting, to_region=other_region, note="Verhuist.")
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_the_sending_desk_does_not_see_what_the_new_desk_adds_later(
    client, guide, consenting, other_region, other_desk
):
    candidate_add_note(actor=guide, candidate=consenting, text="Onze notitie")
    referral = referral_send(
        actor=guide, candidate=consenting, to_region=other_region, note="Verhuist."
    )
    referral_answer(actor=other_desk, referral=referral, accept=True)
    consenting.refresh_from_db()
    candidate_add_note(actor=other_desk, candidate=consenting, text="Hun notitie")
    login(client, guide)
    html = client.get(reverse("desk:candidate", args=[consenting.pk])).content.decode()
    assert "Onze notitie" in html
    assert "Hun notitie" not in html
    assert "Plan an appointment" not in html  # nothing to change on a read-only file
    login(client, other_desk)
    html = client.get(reverse("desk:candidate", args=[consenting.pk])).content.decode()
    assert "Onze notitie" in html and "Hun notitie" in html


@pytest.mark.django_db
def test_staff_cannot_work_on_a_candidate_who_withdrew_consent(client, guide, candidate, institute):
    from kandidaten.services.privacy import (
        candidate_withdraw_desk_consent,
        current_privacy_statement,
    )

    candidate_withdraw_desk_consent(candidate=candidate, statement=current_privacy_statement())
    candidate.refresh_from_db()
    with pytest.raises(ValidationError, match="withdrawn consent"):
        candidate_staff_change_phase(actor=guide, candidate=candidate, to_phase=Phase.INTAKE)
    with pytest.raises(ValidationError, match="withdrawn consent"):
        assessment_refer(actor=guide, candidate=candidate, institute=institute)
