"""The unsubscribe page (no login) and the development outbox pages for staff."""

import re
from datetime import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from loket.core.mail import delivery
from loket.core.mail.outbox import AMSTERDAM, mail_queue
from loket.core.mail.preferences import mail_preference_set, reminders_opted_out, unsubscribe_token
from loket.core.models import MailReason, OutgoingMail, Role
from tests.factories import UserFactory, give_role

Status = OutgoingMail.Status


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    handed = []
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: handed.append(pk))
    monkeypatch.setattr(delivery, "dispatch_many", lambda pks, countdown=None: handed.extend(pks))
    return handed


def unsubscribe_url(user):
    return reverse("mail:unsubscribe", kwargs={"token": unsubscribe_token(user.pk)})


def test_the_link_in_a_reminder_opens_a_confirmation_page_that_changes_nothing(client, person):
    with time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=AMSTERDAM), tick=False):
        reminder = mail_queue(recipient=person, reason=MailReason.TEST, key="test:1")
    link = re.search(r"https?://\S+/e-mail/afmelden/\S+/", reminder.body_text).group(0)
    response = client.get(link.split("testserver", 1)[1])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Wil je geen herinneringen meer ontvangen op" in page
    assert person.email in page
    assert "inlogcodes" in page  # says clearly what still arrives
    assert not reminders_opted_out(person)


def test_posting_the_button_unsubscribes_and_essential_mail_still_goes(client, person):
    response = client.post(unsubscribe_url(person), {"action": "unsubscribe"})
    assert response.status_code == 200
    assert "krijgt geen herinneringen meer" in response.content.decode()
    assert reminders_opted_out(person)
    reminder = mail_queue(recipient=person, reason=MailReason.TEST, key="test:after")
    assert reminder.status == Status.WITHHELD
    account = mail_queue(
        recipient=person,
        reason=MailReason.ACCOUNT,
        key="account:1",
        template="test",
        essential=True,
    )
    assert account.status == Status.QUEUED


def test_a_mail_programs_one_click_post_works_without_csrf_token(person):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        unsubscribe_url(person),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert reminders_opted_out(person)


def test_one_can_subscribe_again(client, person):
    mail_preference_set(user=person, reminders_opt_out=True)
    page = client.get(unsubscribe_url(person)).content.decode()
    assert "Weer herinneringen ontvangen" in page
    response = client.post(unsubscribe_url(person), {"action": "resubscribe"})
    assert "krijgt weer herinneringen" in response.content.decode()
    assert not reminders_opted_out(person)


def test_the_page_speaks_the_persons_language(client, english_person):
    page = client.get(unsubscribe_url(english_person)).content.decode()
    assert "Do you want to stop receiving reminders at" in page


@pytest.mark.parametrize("token", ["1", "1:forged", "not-a-token"])
def test_a_forged_or_broken_token_is_not_found(client, person, token):
    assert client.get(reverse("mail:unsubscribe", kwargs={"token": token})).status_code == 404
    assert client.post(reverse("mail:unsubscribe", kwargs={"token": token})).status_code == 404
    assert not reminders_opted_out(person)


def test_a_token_for_someone_else_does_not_work_for_another_id(client, person):
    token = unsubscribe_token(person.pk)
    forged = f"{person.pk + 1}:{token.split(':', 1)[1]}"
    assert client.get(reverse("mail:unsubscribe", kwargs={"token": forged})).status_code == 404


# --- The development outbox ----------------------------------------------------------------------


def outgoing(region, n=1):
    person = UserFactory()
    return [
        mail_queue(
            recipient=person,
            reason=MailReason.TEST,
            key=f"test:{region.pk}:{person.pk}:{i}",
            region=region,
            essential=True,
        )
        for i in range(n)
    ]


def desk_staff(region):
    user = UserFactory()
    give_role(user, Role.DESK_STAFF, region=region)
    return user


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_outside_debug_the_outbox_lists_mail_but_shows_no_texts(client, region, settings):
    settings.DEBUG = False
    mail = outgoing(region)[0]
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("mail:outbox")).content.decode()
    assert mail.to_email in page
    assert reverse("mail:outbox_detail", args=[mail.pk]) not in page
    assert client.get(reverse("mail:outbox_detail", args=[mail.pk])).status_code == 404


def test_staff_see_their_regions_mail_and_not_other_regions(client, region, other_region, debug):
    mine = outgoing(region)[0]
    theirs = outgoing(other_region)[0]
    client.force_login(desk_staff(region))
    page = client.get(reverse("mail:outbox")).content.decode()
    assert mine.to_email in page and theirs.to_email not in page
    assert client.get(reverse("mail:outbox_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("mail:outbox_detail", args=[theirs.pk])).status_code == 404


def test_a_superuser_sees_all_mail(client, region, other_region, debug):
    mails = outgoing(region) + outgoing(other_region)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("mail:outbox")).content.decode()
    assert all(m.to_email in page for m in mails)
    detail = client.get(reverse("mail:outbox_detail", args=[mails[1].pk])).content.decode()
    assert "Een testbericht van het regioloket" in detail
    # The HTML is shown in a sandboxed frame from its own URL, with its own policy.
    assert reverse("mail:outbox_html", args=[mails[1].pk]) in detail
    html = client.get(reverse("mail:outbox_html", args=[mails[1].pk]))
    assert "script-src" not in html["Content-Security-Policy"]
    assert "sandbox" in html["Content-Security-Policy"]


@pytest.mark.parametrize("role", [None, Role.CANDIDATE])
def test_outsiders_get_not_found(client, region, debug, role):
    mail = outgoing(region)[0]
    user = UserFactory()
    if role:
        give_role(user, role)
    client.force_login(user)
    assert client.get(reverse("mail:outbox")).status_code == 404
    assert client.get(reverse("mail:outbox_detail", args=[mail.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, debug):
    response = client.get(reverse("mail:outbox"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_outbox_list_takes_the_same_queries_for_few_and_many(
    client, region, debug, rows, django_assert_num_queries
):
    outgoing(region, rows)
    staff = desk_staff(region)
    client.force_login(staff)
    # session, user, roles (context), MFA check skipped, can-see check, the list
    with django_assert_num_queries(5):
        response = client.get(reverse("mail:outbox"))
    assert response.content.decode().count("/e-mail/uitgaand/") >= rows


def test_mails_for_user_lists_what_was_sent_and_withheld(person, region):
    from loket.core.mail.selectors import mails_for_user

    sent = mail_queue(recipient=person, reason=MailReason.TEST, key="test:a", region=region)
    withheld = mail_queue(recipient=person, reason=MailReason.TEST, key="test:b", region=region)
    mail_queue(recipient=UserFactory(), reason=MailReason.TEST, key="test:c", region=region)
    assert withheld.status == Status.WITHHELD
    assert [m.pk for m in mails_for_user(person)] == [withheld.pk, sent.pk]
    assert [m.pk for m in mails_for_user(person, include_withheld=False)] == [sent.pk]


def test_the_mail_list_partial_shows_the_reason_for_withholding(person, region):
    from django.template.loader import render_to_string

    from loket.core.mail.selectors import mails_for_user

    mail_queue(recipient=person, reason=MailReason.TEST, key="test:a", region=region)
    mail_queue(recipient=person, reason=MailReason.TEST, key="test:b", region=region)
    html = render_to_string("loket/mail/_mail_list.html", {"mails": mails_for_user(person)})
    assert "De persoon kreeg kortgeleden al een herinnering" in html


def test_the_unsubscribe_page_is_not_cached(client, person):
    response = client.get(unsubscribe_url(person))
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_outbox_can_show_only_failed_mail(client, region, debug):
    ok, broken = outgoing(region, 2)
    OutgoingMail.objects.filter(pk=broken.pk).update(status="failed", last_error="SMTP 550: no")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("mail:outbox"), {"status": "failed"}).content.decode()
    assert "SMTP 550: no" in page
    assert reverse("mail:outbox_detail", args=[ok.pk]) not in page
    assert reverse("mail:outbox_detail", args=[broken.pk]) in page


# --- Queueing failed mail again (issue 12, item 15) -------------------------------------------


def coordinator_of(region):
    user = UserFactory()
    give_role(user, Role.COORDINATOR, region=region)
    return user


def failed(region, n=1):
    mails = outgoing(region, n)
    OutgoingMail.objects.filter(pk__in=[m.pk for m in mails]).update(
        status=Status.FAILED, last_error="SMTP 451: still down", attempts=30
    )
    return mails


def status_of(mail) -> str:
    return OutgoingMail.objects.values_list("status", flat=True).get(pk=mail.pk)


def test_a_coordinator_queues_one_failed_mail_of_their_region_again(
    client, region, no_broker, settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = False
    first, second = failed(region, 2)
    client.force_login(coordinator_of(region))
    page = client.get(reverse("mail:outbox") + "?status=failed").content.decode()
    assert reverse("mail:outbox_requeue", args=[first.pk]) in page
    assert 'name="csrfmiddlewaretoken"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mail:outbox_requeue", args=[first.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.redirect_chain[-1][0] == reverse("mail:outbox") + "?status=failed"
    assert (status_of(first), status_of(second)) == (Status.QUEUED, Status.FAILED)
    record = OutgoingMail.objects.get(pk=first.pk)
    assert (record.retry_until, record.not_before, record.failure_reported_at) == (None,) * 3
    assert no_broker == [first.pk]  # handed to the worker after commit
    assert [str(m) for m in response.context["messages"]] == ["1 message is queued again."]


def test_a_coordinator_queues_all_failed_mail_of_their_regions_and_nothing_else(
    client, region, other_region, no_broker, django_capture_on_commit_callbacks
):
    mine = failed(region, 3)
    theirs = failed(other_region)[0]
    sent = outgoing(region)[0]
    OutgoingMail.objects.filter(pk=sent.pk).update(status=Status.SENT)
    client.force_login(coordinator_of(region))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mail:outbox_requeue_all"))
    assert [status_of(m) for m in mine] == [Status.QUEUED] * 3
    assert (status_of(theirs), status_of(sent)) == (Status.FAILED, Status.SENT)
    assert sorted(no_broker) == sorted(m.pk for m in mine)


def test_a_coordinator_cannot_queue_another_regions_mail(client, region, other_region):
    theirs = failed(other_region)[0]
    client.force_login(coordinator_of(region))
    assert client.post(reverse("mail:outbox_requeue", args=[theirs.pk])).status_code == 404
    assert status_of(theirs) == Status.FAILED


def test_desk_staff_read_the_outbox_but_do_not_queue_mail_again(client, region):
    mail = failed(region)[0]
    client.force_login(desk_staff(region))
    page = client.get(reverse("mail:outbox")).content.decode()
    assert mail.to_email in page
    assert reverse("mail:outbox_requeue", args=[mail.pk]) not in page
    assert reverse("mail:outbox_requeue_all") not in page
    assert client.post(reverse("mail:outbox_requeue", args=[mail.pk])).status_code == 404
    client.post(reverse("mail:outbox_requeue_all"))
    assert status_of(mail) == Status.FAILED


@pytest.mark.parametrize("role", [None, Role.CANDIDATE])
def test_outsiders_cannot_queue_mail_again(client, region, role):
    mail = failed(region)[0]
    user = UserFactory()
    if role:
        give_role(user, role)
    client.force_login(user)
    assert client.post(reverse("mail:outbox_requeue", args=[mail.pk])).status_code == 404
    assert client.post(reverse("mail:outbox_requeue_all")).status_code == 404
    assert status_of(mail) == Status.FAILED


def test_a_superuser_queues_all_failed_mail_again(client, region, other_region):
    mails = failed(region) + failed(other_region)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    client.post(reverse("mail:outbox_requeue_all"))
    assert [status_of(m) for m in mails] == [Status.QUEUED] * 2


def test_queueing_again_needs_a_post_with_a_csrf_token(region):
    mail = failed(region)[0]
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator_of(region))
    assert client.get(reverse("mail:outbox_requeue", args=[mail.pk])).status_code == 405
    assert client.post(reverse("mail:outbox_requeue", args=[mail.pk])).status_code == 403
    assert status_of(mail) == Status.FAILED


def test_a_mail_that_is_no_longer_failed_is_left_alone_with_a_message(client, region, no_broker):
    mail = failed(region)[0]
    OutgoingMail.objects.filter(pk=mail.pk).update(status=Status.SENT)
    client.force_login(coordinator_of(region))
    response = client.post(
        reverse("mail:outbox_requeue", args=[mail.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert status_of(mail) == Status.SENT and no_broker == []
    assert "nothing to do" in response.content.decode()
