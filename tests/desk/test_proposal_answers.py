"""Proposals as a good desk handles them: the desk hears every answer (also without a guide),
HR's message reaches the desk and the candidate, a hire carries its start date, hours and
contract, the mails say what is true, My journey does not pretend skipped phases were done,
what no longer applies after a hire is closed, and "I'd rather not" is confirmed and can be
undone while the school has not answered."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kandidaten.models import Appointment, Event, Phase
from loket.core.models import MailReason, OutgoingMail, RoleAssignment
from loket.desk.models import ProposalStatus
from loket.desk.services import proposals as services
from tests.desk.conftest import HIRE, login, messages_of
from tests.desk.test_proposals import MOTIVATION, in_days
from tests.kandidaten.event_factories import (
    AppointmentFactory,
    EventFactory,
    EventRegistrationFactory,
)
from tests.vacatures.factories import desk_staff_of

pytestmark = pytest.mark.django_db

NOTE = "Neem je diploma mee; de sectieleider schuift ook aan."


@pytest.fixture(autouse=True)
def english_readers(candidate, guide):
    """The new sentences reach Dutch once the lead compiles the catalogue: read them in English."""
    for user in (candidate.user, guide):
        user.language = "en"
        user.save(update_fields=["language"])


def send(actor, candidate, vacancy):
    return services.proposal_send(
        actor=actor, candidate=candidate, vacancy=vacancy, motivation=MOTIVATION
    )


def invite(hr, proposal, note=""):
    return services.proposal_accept(
        actor=hr,
        proposal=proposal,
        interview_at=in_days(3),
        interview_location="Het Lyceum, kamer 12",
        note=note,
    )


def answered_mails(**filters):
    return OutgoingMail.objects.filter(reason=MailReason.PROPOSAL_ANSWERED, **filters)


def without_guide(candidate):
    candidate.guide = None
    candidate.save(update_fields=["guide"])


# --- The desk hears when HR answers, also without a guide ---------------------------------------


def test_the_guide_hears_the_answer(guide, candidate, vacancy, hr):
    invite(hr, send(guide, candidate, vacancy))
    assert answered_mails(recipient=guide, key__contains="invited").exists()


def test_without_a_guide_whoever_proposed_hears_the_answer(region, candidate, vacancy, hr):
    colleague = desk_staff_of(region, full_name="Carla Collega")
    without_guide(candidate)
    proposal = send(colleague, candidate, vacancy)
    services.proposal_decline(actor=hr, proposal=proposal, reason="profile", note="")
    assert answered_mails(recipient=colleague, key__contains="declined").exists()


def test_without_a_guide_or_proposer_the_desk_address_hears_the_answer(
    region, candidate, vacancy, hr
):
    region.desk_email = "loket@regio.example"
    region.save()
    colleague = desk_staff_of(region)
    without_guide(candidate)
    proposal = send(colleague, candidate, vacancy)
    RoleAssignment.objects.filter(user=colleague).delete()  # has left the desk since
    invite(hr, proposal)
    mail = answered_mails(to_email="loket@regio.example").get()
    assert "Het Lyceum" in mail.body_text
    assert not answered_mails(recipient=colleague).exists()


# --- HR's message for the desk and the candidate reaches both ------------------------------------


def test_the_schools_message_with_an_invitation_reaches_candidate_and_desk(
    client, guide, candidate, vacancy, hr
):
    proposal = invite(hr, send(guide, candidate, vacancy), note=NOTE)
    assert proposal.school_message == NOTE
    to_candidate = OutgoingMail.objects.get(
        reason=MailReason.PROPOSAL_UPDATE, recipient=candidate.user, key__contains="invited"
    )
    to_guide = answered_mails(recipient=guide, key__contains="invited").get()
    for mail in (to_candidate, to_guide):
        assert NOTE in mail.body_text and NOTE in mail.body_html
        assert "Message from the school, for you and the desk:" in mail.body_text
    login(client, candidate.user)
    html = client.get(reverse("kandidaten:journey")).content.decode()
    assert "Message from the school, for you and the desk" in html and NOTE in html


def test_the_schools_explanation_of_a_decline_is_shown_on_my_journey_too(
    client, guide, candidate, vacancy, hr
):
    proposal = send(guide, candidate, vacancy)
    services.proposal_decline(
        actor=hr, proposal=proposal, reason="other", note="We zoeken iemand voor de bovenbouw."
    )
    login(client, candidate.user)
    html = client.get(reverse("kandidaten:journey")).content.decode()
    assert "The school's explanation, for you and the desk" in html
    assert "We zoeken iemand voor de bovenbouw." in html


# --- A hire with start date, hours and contract type --------------------------------------------


def test_a_hire_records_start_date_hours_and_contract(client, guide, candidate, vacancy, hr):
    proposal = invite(hr, send(guide, candidate, vacancy))
    services.proposal_record_outcome(actor=hr, proposal=proposal, hired=True, **HIRE)
    proposal.refresh_from_db()
    assert (proposal.start_date, proposal.hours_per_week, proposal.contract_type) == (
        HIRE["start_date"],
        24,
        "temporary",
    )
    login(client, candidate.user)
    html = client.get(reverse("kandidaten:journey")).content.decode()
    assert "Start date" in html and "Temporary" in html


def test_a_hire_without_its_details_is_refused_and_nothing_changes(guide, candidate, vacancy, hr):
    proposal = invite(hr, send(guide, candidate, vacancy))
    with pytest.raises(ValidationError) as refused:
        services.proposal_record_outcome(
            actor=hr, proposal=proposal, hired=True, start_date=HIRE["start_date"]
        )
    assert set(refused.value.message_dict) == {"hours_per_week", "contract_type"}
    proposal.refresh_from_db()
    candidate.refresh_from_db()
    assert proposal.status == ProposalStatus.INVITED
    assert candidate.phase == Phase.MATCHING


def test_the_hr_page_asks_for_the_hire_details(client, guide, candidate, vacancy, hr):
    proposal = invite(hr, send(guide, candidate, vacancy))
    login(client, hr)
    url = reverse("vacatures:hr_proposal_outcome", args=[proposal.pk])
    refused = client.post(url, {"hired": "1", "note": ""})
    assert refused.status_code == 400
    assert "Give the start date." in refused.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INVITED
    done = client.post(
        url,
        {
            "hired": "1",
            "start_date": HIRE["start_date"].isoformat(),
            "hours_per_week": "24",
            "contract_type": "permanent",
        },
    )
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.HIRED and proposal.contract_type == "permanent"


# --- The mails say what is true ---------------------------------------------------------------


def hire(hr, proposal):
    invite(hr, proposal)
    return services.proposal_record_outcome(actor=hr, proposal=proposal, hired=True, **HIRE)


def test_with_a_guide_the_candidate_is_told_the_guide_will_call_and_the_guide_is_told(
    guide, candidate, vacancy, hr
):
    hire(hr, send(guide, candidate, vacancy))
    to_candidate = OutgoingMail.objects.get(
        reason=MailReason.PROPOSAL_UPDATE, recipient=candidate.user, key__contains="hired"
    )
    assert "Your guide has been told and will contact you about your start." in (
        to_candidate.body_text
    )
    assert "24 hours a week" in to_candidate.body_text
    to_guide = answered_mails(recipient=guide, key__contains="hired").get()
    assert "has hired the candidate" in to_guide.body_text
    assert HIRE["start_date"].strftime("%B") in to_guide.body_text


def test_without_a_guide_no_mail_promises_one(region, candidate, vacancy, hr):
    colleague = desk_staff_of(region, language="en")
    without_guide(candidate)
    hire(hr, send(colleague, candidate, vacancy))
    to_candidate = OutgoingMail.objects.get(
        reason=MailReason.PROPOSAL_UPDATE, recipient=candidate.user, key__contains="hired"
    )
    assert "guide" not in to_candidate.body_text.lower()
    assert "The desk has been told and will contact you about your start." in (
        to_candidate.body_text
    )
    assert answered_mails(recipient=colleague, key__contains="hired").exists()


def test_my_journey_after_a_hire_without_a_guide_promises_none(
    client, region, candidate, vacancy, hr
):
    without_guide(candidate)
    hire(hr, send(desk_staff_of(region), candidate, vacancy))
    login(client, candidate.user)
    response = client.get(reverse("kandidaten:journey"))
    assert str(response.context["next_step"]) == (
        "You have started at a school. The desk checks in during your first months."
    )
    proposals = response.content.decode().split('id="proposals"')[1]
    assert "The desk will contact you about your start." in proposals
    assert "Your guide" not in proposals


def test_a_decline_without_a_guide_does_not_mention_one(region, candidate, vacancy, hr):
    colleague = desk_staff_of(region)
    without_guide(candidate)
    services.proposal_decline(
        actor=hr, proposal=send(colleague, candidate, vacancy), reason="profile", note=""
    )
    to_candidate = OutgoingMail.objects.get(
        reason=MailReason.PROPOSAL_UPDATE, recipient=candidate.user, key__contains="declined"
    )
    assert "The desk looks with you for other schools." in to_candidate.body_text
    assert "guide" not in to_candidate.body_text.lower()


# --- My journey does not mark skipped phases as done ---------------------------------------------


def test_phases_skipped_on_the_way_to_a_job_are_not_shown_as_done(
    client, guide, candidate, vacancy, hr
):
    hire(hr, send(guide, candidate, vacancy))  # orientation → matching → started
    login(client, candidate.user)
    timeline = {
        str(item["label"]): item["state"]
        for item in client.get(reverse("kandidaten:journey")).context["timeline"]
    }
    assert timeline["Orientation"] == "done"
    assert timeline["Intake"] == "skipped"
    assert timeline["Suitability assessment"] == "skipped"
    assert timeline["Matching"] == "done"
    assert timeline["Started"] == "current"


# --- After a hire, what no longer applies is closed ----------------------------------------------


def test_a_hire_closes_the_intake_and_orientation_events_that_no_longer_apply(
    guide, candidate, vacancy, hr
):
    intake = AppointmentFactory(candidate=candidate, kind=Appointment.Kind.INTAKE)
    follow_up = AppointmentFactory(candidate=candidate, kind=Appointment.Kind.FOLLOW_UP)
    info = EventRegistrationFactory(
        candidate=candidate, event=EventFactory(region=candidate.region, title="Infoavond")
    )
    trial = EventRegistrationFactory(
        candidate=candidate,
        event=EventFactory(region=candidate.region, kind=Event.Kind.TRIAL_DAY),
    )
    workshop = EventRegistrationFactory(
        candidate=candidate,
        event=EventFactory(region=candidate.region, kind=Event.Kind.WORKSHOP),
    )
    candidate.intake_requested_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    candidate.save()

    hire(hr, send(guide, candidate, vacancy))

    for row in (intake, follow_up, info, trial, workshop):
        row.refresh_from_db()
    assert intake.cancelled_at and info.cancelled_at and trial.cancelled_at
    assert follow_up.cancelled_at is None and workshop.cancelled_at is None
    candidate.refresh_from_db()
    assert candidate.intake_requested_at is None
    to_candidate = OutgoingMail.objects.get(
        reason=MailReason.PROPOSAL_UPDATE, recipient=candidate.user, key__contains="hired"
    )
    assert "“Infoavond”" in to_candidate.body_text and "the intake on" in to_candidate.body_text


# --- "I'd rather not": confirmed, with a reason, undoable until the school answers ------------


def test_i_would_rather_not_asks_for_confirmation_first(client, guide, candidate, vacancy, hr):
    proposal = send(guide, candidate, vacancy)
    login(client, candidate.user)
    url = reverse("kandidaten:decline_proposal", args=[proposal.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Would you rather not be proposed to Het Lyceum?" in html and 'name="reason"' in html
    assert client.post(url, {}).status_code == 400  # not confirmed
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SENT


def test_the_reason_reaches_the_desk_and_it_can_be_undone_before_the_school_answers(
    client, guide, candidate, vacancy, hr
):
    proposal = send(guide, candidate, vacancy)
    login(client, candidate.user)
    client.post(
        reverse("kandidaten:decline_proposal", args=[proposal.pk]),
        {"confirm": "1", "reason": "Te ver reizen met de trein."},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN and proposal.withdrawn_by_candidate
    assert proposal.candidate_reason == "Te ver reizen met de trein."
    to_guide = answered_mails(recipient=guide, key__contains="withdrawn").get()
    assert "Te ver reizen met de trein." in to_guide.body_text
    assert "Undo" in client.get(reverse("kandidaten:journey")).content.decode()

    response = client.post(
        reverse("kandidaten:undo_decline_proposal", args=[proposal.pk]), follow=True
    )
    assert "is open again" in " ".join(messages_of(response))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SENT and not proposal.withdrawn_by_candidate
    assert answered_mails(recipient=hr, key__contains="reopened").exists()
    assert answered_mails(recipient=guide, key__contains="reopened").exists()


def test_after_the_schools_answer_it_can_no_longer_be_undone(client, guide, candidate, vacancy, hr):
    proposal = invite(hr, send(guide, candidate, vacancy))
    services.proposal_withdraw(actor=candidate.user, proposal=proposal, reason="")
    with pytest.raises(ValidationError):
        services.proposal_undo_withdrawal(actor=candidate.user, proposal=proposal)
    login(client, candidate.user)
    assert "Undo" not in client.get(reverse("kandidaten:journey")).content.decode()


def test_a_withdrawal_by_the_desk_is_not_the_candidates_to_undo(guide, candidate, vacancy):
    proposal = send(guide, candidate, vacancy)
    services.proposal_withdraw(actor=guide, proposal=proposal, note="Past toch niet.")
    with pytest.raises(ValidationError):
        services.proposal_undo_withdrawal(actor=candidate.user, proposal=proposal)


def test_someone_elses_proposal_cannot_be_undone(client, guide, candidate, vacancy):
    from tests.kandidaten.factories import CandidateFactory

    proposal = send(guide, candidate, vacancy)
    services.proposal_withdraw(actor=candidate.user, proposal=proposal)
    other = CandidateFactory(region=candidate.region)
    login(client, other.user)
    assert (
        client.post(reverse("kandidaten:undo_decline_proposal", args=[proposal.pk])).status_code
        == 404
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
