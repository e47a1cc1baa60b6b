"""The access matrix: every staff, HR and study-adviser URL that takes an id answers 404 to a
user of another region, school or institute, and a candidate never sees another candidate.
Nothing changes through a refused request."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kandidaten.models import Phase
from loket.core.models import Role, TrainingInstitute
from loket.desk.models import CandidateNote, Contact, ProposalEvent
from loket.desk.services import proposals as vacancy_services
from loket.desk.services.assessments import assessment_refer
from loket.desk.services.referrals import referral_send
from tests.factories import BoardFactory, SchoolFactory, UserFactory, give_role
from tests.kandidaten.factories import CandidateFactory
from tests.vacatures.factories import desk_staff_of, hr_officer_for


@pytest.fixture
def world(guide, candidate, vacancy, hr, institute, adviser, other_region, region):
    candidate.consent_other_regions = True
    candidate.save()
    proposal = vacancy_services.proposal_send(
        actor=guide,
        candidate=candidate,
        vacancy=vacancy,
        motivation="Een sterke kandidaat voor deze vacature.",
    )
    assessment = assessment_refer(actor=guide, candidate=candidate, institute=institute)
    # A second candidate, referred to the other region, for the referral URLs.
    moving = CandidateFactory(region=region, consent_other_regions=True, phase=Phase.INTAKE)
    referral = referral_send(
        actor=guide, candidate=moving, to_region=other_region, note="Verhuist."
    )
    return {
        "candidate": candidate.pk,
        "vacancy": vacancy.pk,
        "proposal": proposal.pk,
        "assessment": assessment.pk,
        "referral": referral.pk,
    }


TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
URLS = [
    ("get", "desk:candidate", "candidate", {}),
    (
        "post",
        "desk:log_contact",
        "candidate",
        {"kind": "phone", "occurred_on": TOMORROW, "summary": "x"},
    ),
    ("post", "desk:add_note", "candidate", {"text": "x"}),
    ("post", "desk:assign_guide", "candidate", {"guide": ""}),
    ("post", "desk:next_action", "candidate", {"next_action": "x"}),
    ("post", "desk:change_phase", "candidate", {"to_phase": "intake"}),
    ("post", "desk:refer_assessment", "candidate", {}),
    ("post", "desk:refer_region", "candidate", {}),
    ("get", "desk:candidate_matches", "candidate", {}),
    ("get", "desk:propose", "candidate", {}),
    ("post", "desk:propose", "candidate", {"motivation": "x" * 30}),
    ("get", "desk:vacancy_matches", "vacancy", {}),
    ("post", "desk:withdraw_proposal", "proposal", {}),
    ("post", "desk:answer_referral", "referral", {"accept": "1"}),
    ("post", "desk:withdraw_referral", "referral", {}),
    ("get", "vacatures:hr_proposal", "proposal", {}),
    ("post", "vacatures:hr_proposal_invite", "proposal", {"interview_location": "x"}),
    ("post", "vacatures:hr_proposal_decline", "proposal", {"reason": "profile"}),
    ("post", "vacatures:hr_proposal_outcome", "proposal", {"hired": "1"}),
    ("get", "adviser:assessment", "assessment", {}),
    ("post", "adviser:assessment", "assessment", {"outcome": "premaster"}),
    ("post", "kandidaten:decline_proposal", "proposal", {}),
]


def outsiders(region, other_region, school):
    other_institute = TrainingInstitute.objects.create(name="Elders", kind="wo", city="Groningen")
    adviser = UserFactory()
    give_role(adviser, Role.STUDY_ADVISER, institute=other_institute)
    other_candidate = CandidateFactory(region=region)
    return {
        "desk staff of another region": desk_staff_of(other_region),
        "coordinator of another region": _coordinator(other_region),
        "hr of another school of the same board": hr_officer_for(
            school=SchoolFactory(board=school.board)
        ),
        "hr of another board": hr_officer_for(board=BoardFactory(region=region)),
        "study adviser of another institute": adviser,
        "another candidate": other_candidate.user,
        "user without a role": UserFactory(),
    }


def _coordinator(region):
    user = UserFactory()
    give_role(user, Role.COORDINATOR, region=region)
    return user


def state(world_ids):
    from kandidaten.models import Candidate
    from loket.desk.models import Assessment, Referral

    candidate = Candidate.objects.get(pk=world_ids["candidate"])
    return (
        candidate.phase,
        candidate.guide_id,
        candidate.next_action,
        Contact.objects.count(),
        CandidateNote.objects.count(),
        ProposalEvent.objects.count(),
        Assessment.objects.filter(outcome="").count(),
        Referral.objects.filter(status="pending").count(),
    )


@pytest.mark.django_db
def test_every_id_url_is_404_for_outsiders_and_changes_nothing(
    client, world, region, other_region, school
):
    before = state(world)
    for label, user in outsiders(region, other_region, school).items():
        client.force_login(user)
        for method, name, kind, data in URLS:
            # The other region's desk may answer the referral sent to it: not an outsider there.
            if label.endswith("another region") and name == "desk:answer_referral":
                continue
            url = reverse(name, args=[world[kind]])
            if name == "desk:propose":
                url += f"?vacancy={world['vacancy']}"
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (label, method, name, response.status_code)
    assert state(world) == before


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for method, name, kind, data in URLS:
        response = getattr(client, method)(reverse(name, args=[world[kind]]), data)
        assert response.status_code == 302, name
        assert reverse("account_login") in response["Location"], name


@pytest.mark.django_db
def test_the_owners_reach_their_pages(client, world, guide, hr, adviser, candidate):
    client.force_login(guide)
    assert client.get(reverse("desk:candidate", args=[world["candidate"]])).status_code == 200
    assert client.get(reverse("desk:vacancy_matches", args=[world["vacancy"]])).status_code == 200
    client.force_login(hr)
    assert client.get(reverse("vacatures:hr_proposal", args=[world["proposal"]])).status_code == 200
    client.force_login(adviser)
    assert client.get(reverse("adviser:assessment", args=[world["assessment"]])).status_code == 200


@pytest.mark.django_db
def test_list_pages_are_for_their_roles_only(client, world, candidate):
    client.force_login(candidate.user)
    for name in [
        "desk:pipeline",
        "desk:proposals",
        "desk:referrals",
        "vacatures:hr_proposals",
        "adviser:list",
    ]:
        assert client.get(reverse(name)).status_code == 403, name
    assert (
        client.post(
            reverse("desk:bulk"), {"action": "export", "ids": [world["candidate"]]}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_hr_of_the_board_sees_proposals_of_all_its_schools(client, world, school):
    board_officer = hr_officer_for(board=school.board)
    client.force_login(board_officer)
    assert client.get(reverse("vacatures:hr_proposal", args=[world["proposal"]])).status_code == 200
