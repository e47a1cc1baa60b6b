"""Erasure: every table read back afterwards holds none of the candidate's personal values; the
region's figures stay; all or nothing; the account cannot sign in; HR and the other desk are
told without the name."""

import json
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.core import mail as django_mail
from django.db import models
from django.urls import reverse

from kandidaten import hooks
from kandidaten.models import Candidate, ErasureRecord, PhaseEvent
from kandidaten.services.erasure import candidate_erase
from loket.core.models import OutgoingMail, User
from loket.desk.models import Proposal, ProposalStatus, Referral
from tests.desk.conftest import login
from tests.factories import PASSWORD, deliver_outbox
from tests.kandidaten.event_factories import EventFactory
from tests.privacy.filling import fill_everything, person

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, ArrayField)


def every_text_value():
    """(table.column, text) for every text, JSON and array column of every table."""
    for model in apps.get_models(include_auto_created=True):
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        for row in model._base_manager.values_list(*[f.attname for f in fields]):
            for field, value in zip(fields, row, strict=True):
                if value in (None, "", [], {}):
                    continue
                text = value if isinstance(value, str) else json.dumps(value, default=str)
                yield f"{model._meta.db_table}.{field.column}", text


def found(values) -> list[str]:
    needles = [v.lower() for v in values if v]
    return sorted(
        {
            f"{where}: {needle}"
            for where, text in every_text_value()
            for needle in needles
            if needle in text.lower()
        }
    )


def region_figures(region) -> dict:
    """The funnel (phase changes per phase, candidates per phase) and the placements."""
    candidates = Candidate.objects.filter(region=region)
    return {
        "phase_changes": Counter(
            PhaseEvent.objects.filter(candidate__region=region).values_list("to_phase", flat=True)
        ),
        "per_phase": Counter(candidates.values_list("phase", flat=True)),
        "candidates": candidates.count(),
        "placements": Proposal.objects.filter(
            candidate__region=region, status=ProposalStatus.HIRED
        ).count(),
        "sectors": Counter(s for c in candidates for s in c.sectors),
        "subjects": Counter(candidates.values_list("subjects__slug", flat=True)),
        "sources": Counter(candidates.values_list("source", flat=True)),
    }


@pytest.fixture
def filled(region, guide, hr, school, subject, vacancy, no_broker):
    candidate, values = person(region, guide, subject, tag="Erased")
    event = EventFactory(region=region)
    extra = fill_everything(
        candidate, values, guide=guide, hr=hr, school=school, vacancy=vacancy, event=event
    )
    return candidate, values, extra


def personal(values: dict) -> list[str]:
    return [v for k, v in values.items() if v and k != "qualification_text"]


def test_erasure_leaves_no_personal_value_in_any_table_and_keeps_the_figures(
    filled, region, django_capture_on_commit_callbacks
):
    candidate, values, _extra = filled
    assert len(found(personal(values))) > 20  # the filling really reaches the tables
    document = candidate.documents.get()
    stored = Path(document.file.path)
    assert stored.exists()
    before = region_figures(region)

    with django_capture_on_commit_callbacks(execute=True):
        record = candidate_erase(candidate=candidate, actor=None, reason="candidate")
    deliver_outbox()

    assert found(personal(values)) == []
    assert region_figures(region) == before
    assert not stored.exists()
    assert record.reason == "candidate" and record.by is None
    # The anonymous row: region, phase, sectors, subjects, source and the placement stay.
    candidate.refresh_from_db()
    assert candidate.is_anonymised and candidate.region == region
    assert candidate.sectors == ["vo"] and candidate.subjects.count() == 1
    assert candidate.source == "social"
    assert candidate.proposals.filter(status=ProposalStatus.HIRED).count() == 1
    # The confirmation went to the address they had; its row was blanked once sent.
    assert [m.to for m in django_mail.outbox if "verwijderd" in m.subject.lower()] == [
        [values["email"]]
    ]
    confirmation = OutgoingMail.objects.get(key=f"data_removed:{candidate.pk}")
    assert confirmation.status == "sent"
    assert (confirmation.to_email, confirmation.body_text, confirmation.subject) == ("", "", "")


def test_the_account_cannot_sign_in_afterwards(filled, client):
    candidate, values, _extra = filled
    assert client.login(email=values["email"], password=PASSWORD)
    client.logout()
    candidate_erase(candidate=candidate, actor=None, reason="candidate")
    user = User.objects.get(pk=candidate.user_id)
    assert not user.is_active and not user.has_usable_password()
    assert not client.login(email=values["email"], password=PASSWORD)
    response = client.post(
        reverse("account_login"), {"login": values["email"], "password": "x"}, follow=True
    )
    assert not response.context["user"].is_authenticated


def test_open_proposals_and_referrals_are_withdrawn_and_told_without_the_name(filled, hr):
    candidate, values, extra = filled
    candidate_erase(candidate=candidate, actor=None, reason="candidate")
    extra["open_proposal"].refresh_from_db()
    assert extra["open_proposal"].status == ProposalStatus.WITHDRAWN
    assert not candidate.referrals.filter(status=Referral.Status.PENDING).exists()
    to_hr = OutgoingMail.objects.get(recipient=hr, reason="proposal_answered")
    to_desk = OutgoingMail.objects.filter(key__contains=":erased:")
    assert reverse("vacatures:hr_proposal", args=[extra["open_proposal"].pk]) in to_hr.body_text
    assert to_desk.count() == 1 and to_desk.get().body_text
    for message in [to_hr, *to_desk]:
        text = f"{message.subject} {message.body_text} {message.body_html}".lower()
        assert not any(v.lower() in text for v in personal(values))


def test_a_failing_step_leaves_everything_as_it_was(filled):
    candidate, values, _extra = filled
    before = sorted(found(personal(values)))

    def broken(**kwargs):
        raise RuntimeError("the desk's part failed")

    hooks.candidate_erasing.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            candidate_erase(candidate=candidate, actor=None, reason="candidate")
    finally:
        hooks.candidate_erasing.disconnect(broken)
    assert sorted(found(personal(values))) == before
    candidate.refresh_from_db()
    assert not candidate.is_anonymised and candidate.user.is_active
    assert not ErasureRecord.objects.exists()
    assert candidate.documents.count() == 1


def test_the_page_says_so_when_erasure_fails(filled, client, monkeypatch):
    candidate, _values, _extra = filled
    login(client, candidate.user)
    monkeypatch.setattr(
        "allauth.account.internal.flows.reauthentication.did_recently_reauthenticate",
        lambda request: True,
    )

    def broken(**kwargs):
        raise RuntimeError("boom")

    hooks.candidate_erasing.connect(broken)
    try:
        response = client.post(reverse("kandidaten:erase"), {"confirm": "on"})
    finally:
        hooks.candidate_erasing.disconnect(broken)
    assert response.status_code == 400
    assert "Nothing has been changed" in response.content.decode()
    candidate.refresh_from_db()
    assert not candidate.is_anonymised


def test_twice_is_refused(filled):
    candidate, _values, _extra = filled
    candidate_erase(candidate=candidate, actor=None, reason="candidate")
    with pytest.raises(Exception, match="already been anonymised"):
        candidate_erase(candidate=candidate, actor=None, reason="candidate")


# --- The candidate's page: a fresh sign-in first ------------------------------------------------


def test_erasing_asks_for_a_fresh_sign_in_then_replays_the_request(candidate, client, no_broker):
    login(client, candidate.user)
    response = client.post(reverse("kandidaten:erase"), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    candidate.refresh_from_db()
    assert not candidate.is_anonymised
    wrong = client.post(response["Location"], {"password": "wrong"})
    assert wrong.status_code == 200
    candidate.refresh_from_db()
    assert not candidate.is_anonymised
    done = client.post(response["Location"], {"password": PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("kandidaten:erased")
    candidate.refresh_from_db()
    assert candidate.is_anonymised
    assert ErasureRecord.objects.get(candidate=candidate).reason == "candidate"


def test_a_code_by_email_also_confirms(candidate, client, no_broker):
    login(client, candidate.user)
    client.post(reverse("kandidaten:erase"), {"confirm": "on"})
    page = reverse("reauthenticate_code") + "?next=" + reverse("kandidaten:erase")
    client.post(page, {"action": "send"})
    code_mail = OutgoingMail.objects.filter(key__startswith="account:reauthentication_code").get()
    # The stored copy is redacted; the sent message carries the code.
    assert "[hidden #1]" in code_mail.body_text
    sent = [m for m in django_mail.outbox if m.to == [candidate.user.email]][-1]
    code = next(w for w in sent.body.split() if w.isdigit() and len(w) == 6)
    assert code not in code_mail.body_text
    assert (
        client.post(page, {"code": "000000" if code != "000000" else "111111"}).status_code == 200
    )
    candidate.refresh_from_db()
    assert not candidate.is_anonymised
    done = client.post(page, {"code": code})
    assert done.status_code == 302
    candidate.refresh_from_db()
    assert candidate.is_anonymised


def test_without_ticking_the_box_nothing_happens(candidate, client, monkeypatch):
    login(client, candidate.user)
    monkeypatch.setattr(
        "allauth.account.internal.flows.reauthentication.did_recently_reauthenticate",
        lambda request: True,
    )
    response = client.post(reverse("kandidaten:erase"), {})
    assert response.status_code == 400
    candidate.refresh_from_db()
    assert not candidate.is_anonymised


# --- The desk, for a request by phone or letter -------------------------------------------------


def test_the_coordinator_erases_with_a_reason_code(filled, client, region, guide):
    candidate, values, extra = filled
    coordinator = extra["coordinator"]
    login(client, guide)
    assert client.get(reverse("desk:erase_candidate", args=[candidate.pk])).status_code == 404
    login(client, coordinator)
    page = client.get(reverse("desk:candidate", args=[candidate.pk]))
    assert reverse("desk:erase_candidate", args=[candidate.pk]) in page.content.decode()
    refused = client.post(reverse("desk:erase_candidate", args=[candidate.pk]), {"confirm": "on"})
    assert refused.status_code == 400
    response = client.post(
        reverse("desk:erase_candidate", args=[candidate.pk]), {"reason": "phone", "confirm": "on"}
    )
    assert response.status_code == 302
    record = ErasureRecord.objects.get(candidate=candidate)
    assert (record.reason, record.by) == ("phone", coordinator)
    deliver_outbox()
    assert found([values["name"], values["email"], values["phone"]]) == []


def test_the_anonymous_row_leaves_the_desks_lists(filled, client, guide):
    candidate, _values, _extra = filled
    login(client, guide)
    file_url = reverse("desk:candidate", args=[candidate.pk])
    assert file_url in client.get(reverse("desk:pipeline")).content.decode()
    candidate_erase(candidate=candidate, actor=None, reason="candidate")
    assert file_url not in client.get(reverse("desk:pipeline")).content.decode()
    page = client.get(file_url).content.decode()
    assert f"Anonymised candidate {candidate.pk}" in page
