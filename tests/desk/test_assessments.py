"""Suitability assessments: the desk refers, the study adviser records, everyone sees it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kandidaten.models import Phase
from loket.core.models import MailReason, OutgoingMail, TrainingInstitute
from loket.desk.models import Assessment
from loket.desk.services import assessments as services
from tests.desk.conftest import login


@pytest.mark.django_db
def test_referral_moves_the_candidate_to_the_assessment_and_tells_the_adviser(
    client, guide, candidate, institute, adviser
):
    login(client, guide)
    response = client.post(
        reverse("desk:refer_assessment", args=[candidate.pk]),
        {"institute": institute.pk, "question": "Tweedegraads wiskunde?"},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.phase == Phase.GESCHIKTHEID
    assert OutgoingMail.objects.filter(
        reason=MailReason.ASSESSMENT_REQUESTED, recipient=adviser
    ).exists()
    # Twice at the same institute while open: refused with a message.
    again = client.post(
        reverse("desk:refer_assessment", args=[candidate.pk]), {"institute": institute.pk}
    )
    assert again.status_code == 400
    assert Assessment.objects.count() == 1


@pytest.mark.django_db
def test_an_institute_outside_the_region_cannot_be_chosen(client, guide, candidate):
    elsewhere = TrainingInstitute.objects.create(name="Elders", kind="wo", city="Groningen")
    login(client, guide)
    response = client.post(
        reverse("desk:refer_assessment", args=[candidate.pk]), {"institute": elsewhere.pk}
    )
    assert response.status_code == 400
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_the_adviser_records_the_outcome_once_and_desk_and_candidate_see_it(
    client, guide, candidate, institute, adviser
):
    assessment = services.assessment_refer(actor=guide, candidate=candidate, institute=institute)
    login(client, adviser)
    listing = client.get(reverse("adviser:list")).content.decode()
    assert "Noor El Amrani" in listing
    url = reverse("adviser:assessment", args=[assessment.pk])
    assert client.post(url, {"outcome": "made-up"}).status_code == 400
    response = client.post(url, {"outcome": "admissible_no_job", "note": "Goede basis."})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.outcome == "admissible_no_job" and assessment.recorded_by == adviser
    assert OutgoingMail.objects.filter(
        reason=MailReason.ASSESSMENT_OUTCOME, recipient=candidate.user
    ).exists()
    assert OutgoingMail.objects.filter(
        reason=MailReason.ASSESSMENT_OUTCOME, recipient=guide
    ).exists()
    with pytest.raises(ValidationError, match="already been recorded"):
        services.assessment_record_outcome(
            actor=adviser, assessment=assessment, outcome="premaster"
        )

    login(client, candidate.user)
    assert "Goede basis." in client.get(reverse("kandidaten:journey")).content.decode()
    login(client, guide)
    assert (
        "Goede basis."
        in client.get(reverse("desk:candidate", args=[candidate.pk])).content.decode()
    )


@pytest.mark.django_db
def test_an_adviser_of_another_institute_sees_nothing(client, guide, candidate, institute):
    from loket.core.models import Role
    from tests.factories import UserFactory, give_role

    assessment = services.assessment_refer(actor=guide, candidate=candidate, institute=institute)
    other = TrainingInstitute.objects.create(name="Andere Hogeschool", kind="hbo", city="Zwolle")
    stranger = UserFactory()
    give_role(stranger, Role.STUDY_ADVISER, institute=other)
    login(client, stranger)
    assert "Noor" not in client.get(reverse("adviser:list")).content.decode()
    url = reverse("adviser:assessment", args=[assessment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": "premaster"}).status_code == 404
    with pytest.raises(ValidationError):
        services.assessment_record_outcome(
            actor=stranger, assessment=assessment, outcome="premaster"
        )
