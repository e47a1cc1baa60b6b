"""A proposal from the desk to the school and back: every step, the limits on what the school
sees, and the refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kandidaten.models import Phase
from loket.core.models import MailReason, OutgoingMail
from loket.desk.models import Proposal, ProposalStatus
from loket.desk.services import proposals as services
from tests.desk.conftest import HIRE, login, messages_of
from tests.vacatures.factories import VacancyFactory
from vacatures.models import VacancyStatus

MOTIVATION = "Noor heeft tien jaar ervaring als analist en wil graag wiskunde geven."


def send(guide, candidate, vacancy, **kwargs):
    return services.proposal_send(
        actor=guide, candidate=candidate, vacancy=vacancy, motivation=MOTIVATION, **kwargs
    )


def in_days(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.mark.django_db
def test_sending_moves_the_candidate_to_matching_and_tells_school_and_candidate(
    guide, candidate, vacancy, hr
):
    proposal = send(guide, candidate, vacancy)
    candidate.refresh_from_db()
    assert proposal.status == ProposalStatus.SENT
    assert proposal.school == vacancy.school
    assert candidate.phase == Phase.MATCHING
    mails = {(m.reason, m.recipient_id) for m in OutgoingMail.objects.all()}
    assert (MailReason.PROPOSAL_RECEIVED, hr.pk) in mails
    assert (MailReason.PROPOSAL_UPDATE, candidate.user_id) in mails
    # The school's mail names no candidate: the profile is behind a sign-in.
    received = OutgoingMail.objects.get(reason=MailReason.PROPOSAL_RECEIVED)
    assert "Noor" not in received.body_text and "El Amrani" not in received.body_text
    assert [e.to_status for e in proposal.events.all()] == [ProposalStatus.SENT]


@pytest.mark.django_db
def test_a_candidate_without_consent_for_schools_is_never_proposed(guide, candidate, vacancy):
    candidate.consent_region_schools = False
    candidate.save()
    with pytest.raises(ValidationError, match="not agreed to be shown to schools"):
        send(guide, candidate, vacancy)
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_the_same_vacancy_twice_is_refused_while_the_first_is_open(guide, candidate, vacancy):
    send(guide, candidate, vacancy)
    with pytest.raises(ValidationError, match="already been proposed"):
        send(guide, candidate, vacancy)
    assert Proposal.objects.count() == 1


@pytest.mark.django_db
def test_a_draft_vacancy_or_a_dropped_out_candidate_cannot_be_proposed(guide, candidate, school):
    draft = VacancyFactory(school=school)
    with pytest.raises(ValidationError, match="not open"):
        send(guide, candidate, draft)
    candidate.phase = Phase.AFGEHAAKT
    candidate.dropout_reason = "other_job"
    candidate.save()
    with pytest.raises(ValidationError, match="cannot be proposed"):
        send(guide, candidate, VacancyFactory(school=school, published=True))


@pytest.mark.django_db
def test_a_school_of_another_region_is_refused(guide, candidate, other_region):
    elsewhere = VacancyFactory(school__board__region=other_region, published=True)
    with pytest.raises(ValidationError, match="own region"):
        send(guide, candidate, elsewhere)


@pytest.mark.django_db
def test_desk_staff_of_another_region_cannot_propose(candidate, vacancy, other_region):
    from tests.vacatures.factories import desk_staff_of

    with pytest.raises(ValidationError, match="desk of the candidate's region"):
        send(desk_staff_of(other_region), candidate, vacancy)


@pytest.mark.django_db
def test_the_school_sees_no_name_or_contact_details_until_it_invites(
    client, guide, candidate, vacancy, hr
):
    proposal = send(guide, candidate, vacancy)
    login(client, hr)
    html = client.get(reverse("vacatures:hr_proposal", args=[proposal.pk])).content.decode()
    assert "Noor A." in html
    assert "El Amrani" not in html
    assert candidate.user.email not in html and "0612345678" not in html
    assert MOTIVATION in html

    response = client.post(
        reverse("vacatures:hr_proposal_invite", args=[proposal.pk]),
        {"interview_at": in_days(3).strftime("%Y-%m-%dT%H:%M"), "interview_location": "School"},
    )
    assert response.status_code == 302
    html = client.get(reverse("vacatures:hr_proposal", args=[proposal.pk])).content.decode()
    assert "Noor El Amrani" in html
    assert candidate.user.email in html and "0612345678" in html


@pytest.mark.django_db
def test_an_interview_in_the_past_is_refused_with_a_message(client, guide, candidate, vacancy, hr):
    proposal = send(guide, candidate, vacancy)
    login(client, hr)
    response = client.post(
        reverse("vacatures:hr_proposal_invite", args=[proposal.pk]),
        {"interview_at": in_days(-1).strftime("%Y-%m-%dT%H:%M"), "interview_location": "School"},
    )
    assert response.status_code == 400
    assert "Choose a moment in the future for the interview." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SENT and proposal.interview_at is None


@pytest.mark.django_db
def test_declining_needs_a_reason_and_other_needs_an_explanation(
    client, guide, candidate, vacancy, hr
):
    proposal = send(guide, candidate, vacancy)
    login(client, hr)
    url = reverse("vacatures:hr_proposal_decline", args=[proposal.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "other", "note": " "})
    assert "Explain the reason in a few words." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SENT

    assert client.post(url, {"reason": "filled"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.decline_reason == "filled" and proposal.answered_at is not None
    assert OutgoingMail.objects.filter(
        reason=MailReason.PROPOSAL_UPDATE, key__contains=":declined:"
    ).exists()


@pytest.mark.django_db
def test_hired_is_a_placement_the_vacancy_is_filled_and_other_proposals_are_withdrawn(
    guide, candidate, vacancy, hr, school
):
    other = send(guide, candidate, VacancyFactory(school=school, published=True))
    proposal = send(guide, candidate, vacancy)
    services.proposal_accept(
        actor=hr, proposal=proposal, interview_at=in_days(2), interview_location="School"
    )
    services.proposal_record_outcome(actor=hr, proposal=proposal, hired=True, **HIRE)
    candidate.refresh_from_db()
    vacancy.refresh_from_db()
    other.refresh_from_db()
    assert candidate.phase == Phase.GESTART
    assert vacancy.status == VacancyStatus.FILLED
    assert other.status == ProposalStatus.WITHDRAWN
    steps = [e.to_status for e in Proposal.objects.get(pk=proposal.pk).events.all()]
    assert steps == [ProposalStatus.SENT, ProposalStatus.INVITED, ProposalStatus.HIRED]


@pytest.mark.django_db
def test_steps_out_of_order_are_refused(guide, candidate, vacancy, hr):
    proposal = send(guide, candidate, vacancy)
    with pytest.raises(ValidationError, match="cannot be changed that way"):
        services.proposal_record_outcome(actor=hr, proposal=proposal, hired=True, **HIRE)
    services.proposal_decline(actor=hr, proposal=proposal, reason="profile")
    with pytest.raises(ValidationError, match="cannot be changed that way"):
        services.proposal_accept(
            actor=hr, proposal=proposal, interview_at=in_days(2), interview_location="School"
        )


@pytest.mark.django_db
def test_only_the_schools_hr_officers_may_answer(guide, candidate, vacancy, region):
    from tests.factories import SchoolFactory
    from tests.vacatures.factories import hr_officer_for

    proposal = send(guide, candidate, vacancy)
    stranger = hr_officer_for(school=SchoolFactory(board__region=region))
    with pytest.raises(ValidationError, match="HR officers"):
        services.proposal_decline(actor=stranger, proposal=proposal, reason="profile")


@pytest.mark.django_db
def test_the_candidate_follows_the_proposal_and_can_decline_being_proposed(
    client, guide, candidate, vacancy, hr
):
    proposal = send(guide, candidate, vacancy)
    login(client, candidate.user)
    html = client.get(reverse("kandidaten:journey")).content.decode()
    assert "Het Lyceum" in html and "Docent wiskunde" in html
    response = client.post(
        reverse("kandidaten:decline_proposal", args=[proposal.pk]), {"confirm": "1"}, follow=True
    )
    assert "You will not be proposed to Het Lyceum" in " ".join(messages_of(response))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    # The school hears that no answer is needed any more.
    assert OutgoingMail.objects.filter(
        reason=MailReason.PROPOSAL_ANSWERED, recipient=hr, key__contains="withdrawn"
    ).exists()


@pytest.mark.django_db
def test_the_desk_proposes_through_the_page(client, guide, candidate, vacancy):
    login(client, guide)
    url = reverse("desk:propose", args=[candidate.pk]) + f"?vacancy={vacancy.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert "Docent wiskunde" in page.content.decode()
    short = client.post(url, {"vacancy": vacancy.pk, "motivation": "Te kort"})
    assert short.status_code == 400
    assert not Proposal.objects.exists()
    done = client.post(url, {"vacancy": vacancy.pk, "motivation": MOTIVATION})
    assert done.status_code == 302
    assert Proposal.objects.get().vacancy == vacancy


@pytest.mark.django_db
def test_an_introduction_to_a_school_without_a_vacancy(client, guide, candidate, school, hr):
    login(client, guide)
    url = reverse("desk:propose", args=[candidate.pk]) + f"?school={school.pk}"
    assert client.post(url, {"school": school.pk, "motivation": MOTIVATION}).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.vacancy is None and proposal.school == school
    login(client, hr)
    html = client.get(reverse("vacatures:hr_proposals")).content.decode()
    assert "Introduction without a vacancy" in html or "Kennismaking" in html


@pytest.mark.django_db
def test_the_hr_list_costs_the_same_queries_for_few_and_many_proposals(
    client, guide, hr, school, region, subject
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.kandidaten.factories import CandidateFactory

    def add(n):
        for _ in range(n):
            person = CandidateFactory(region=region, consent_region_schools=True)
            proposal = send(guide, person, VacancyFactory(school=school, published=True))
            services.proposal_accept(
                actor=hr, proposal=proposal, interview_at=in_days(2), interview_location="School"
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("vacatures:hr_proposals")).status_code == 200
        return len(queries)

    login(client, hr)
    add(2)
    few = count()
    add(10)
    assert count() == few


@pytest.mark.django_db
def test_filling_the_vacancy_declines_the_other_candidates_waiting_for_it(
    guide, candidate, vacancy, hr, region
):
    from tests.kandidaten.factories import CandidateFactory

    other = CandidateFactory(region=region, consent_region_schools=True)
    waiting = send(guide, other, vacancy)
    proposal = send(guide, candidate, vacancy)
    services.proposal_accept(
        actor=hr, proposal=proposal, interview_at=in_days(2), interview_location="School"
    )
    services.proposal_record_outcome(actor=hr, proposal=proposal, hired=True, **HIRE)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decline_reason) == (ProposalStatus.DECLINED, "filled")
    assert OutgoingMail.objects.filter(
        recipient=other.user, key__contains=f":{waiting.pk}:declined:"
    ).exists()


@pytest.mark.django_db
def test_the_guide_gets_a_link_to_the_file_when_the_candidate_declines(
    client, guide, candidate, vacancy, hr
):
    proposal = send(guide, candidate, vacancy)
    services.proposal_withdraw(actor=candidate.user, proposal=proposal)
    to_guide = OutgoingMail.objects.get(reason=MailReason.PROPOSAL_ANSWERED, recipient=guide)
    to_hr = OutgoingMail.objects.get(reason=MailReason.PROPOSAL_ANSWERED, recipient=hr)
    assert reverse("desk:candidate", args=[candidate.pk]) in to_guide.body_text
    assert reverse("vacatures:hr_proposal", args=[proposal.pk]) in to_hr.body_text
