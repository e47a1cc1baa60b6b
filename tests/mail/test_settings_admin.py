"""A coordinator sets their region's reminder rules in the admin; nonsense is refused."""

import pytest
from django.urls import reverse

from loket.core.mail.forms import ReminderSettingForm
from loket.core.models import ReminderSetting
from tests.factories import coordinator_of


def form(region, rule, params):
    import json

    return ReminderSettingForm(
        data={"region": region.pk, "rule": rule, "enabled": "on", "params": json.dumps(params)}
    )


def test_a_known_setting_of_the_right_kind_is_accepted(region):
    assert form(region, "account_unverified", {"days": [3, 10]}).is_valid()
    assert form(region, "cap", {"days": 5}).is_valid()


@pytest.mark.parametrize(
    ("rule", "params", "message"),
    [
        ("account_unverified", {"dayz": [2]}, "Deze regel heeft geen instelling “dayz”"),
        ("account_unverified", {"days": 2}, "“days” moet eruitzien als de standaardwaarde"),
        ("cap", {"days": -1}, "“days” moet eruitzien als de standaardwaarde"),
        ("cap", [3], "Schrijf de instellingen als een object"),
    ],
)
def test_unknown_or_wrongly_shaped_settings_are_refused(region, rule, params, message):
    bound = form(region, rule, params)
    assert not bound.is_valid()
    assert message in str(bound.errors["params"])


def test_a_rule_that_does_not_exist_cannot_be_chosen(region):
    assert "rule" in form(region, "no_such_rule", {}).errors


def test_a_coordinator_saves_a_setting_for_their_own_region_only(client, region, other_region):
    client.force_login(coordinator_of(region))
    url = reverse("admin:loket_remindersetting_add")
    data = {"rule": "cap", "enabled": "on", "params": '{"days": 7}'}
    refused = client.post(url, {**data, "region": other_region.pk})
    assert refused.status_code == 200 and not ReminderSetting.objects.exists()
    client.post(url, {**data, "region": region.pk})
    assert ReminderSetting.objects.get().params == {"days": 7}
