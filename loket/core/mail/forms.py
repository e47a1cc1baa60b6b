"""The admin form for a region's reminder settings: only rules that exist, only numbers they use."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from loket.core.mail.outbox import CAP_SETTING
from loket.core.mail.reminders import registered_rules
from loket.core.models import ReminderSetting


def rule_choices() -> list[tuple[str, str]]:
    rules = sorted(registered_rules().values(), key=lambda rule: rule.name)
    return [(CAP_SETTING, _("Reminder cap: at most one reminder per person per N days"))] + [
        (rule.name, rule.label) for rule in rules
    ]


def rule_defaults(name: str) -> dict:
    if name == CAP_SETTING:
        return {"days": settings.LOKET_MAIL_REMINDER_CAP_DAYS}
    return registered_rules()[name].defaults


class ReminderSettingForm(forms.ModelForm):
    """A region overrides a rule's defaults; a setting the rule does not know, or a value of the
    wrong kind, would be silently ignored at night, so it is refused here."""

    class Meta:
        model = ReminderSetting
        fields = ["region", "rule", "enabled", "params"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"] = forms.ChoiceField(label=_("rule"), choices=rule_choices())

    def clean(self):
        cleaned = super().clean()
        rule, params = cleaned.get("rule"), cleaned.get("params")
        if not rule or params is None:
            return cleaned
        if not isinstance(params, dict):
            self.add_error("params", _('Write the settings as an object, e.g. {"days": 3}.'))
            return cleaned
        defaults = rule_defaults(rule)
        for name, value in params.items():
            if name not in defaults:
                known = ", ".join(sorted(defaults)) or "–"
                self.add_error(
                    "params",
                    _("This rule has no setting “%(name)s”. Its settings: %(known)s.")
                    % {"name": name, "known": known},
                )
            elif not _same_kind(value, defaults[name]):
                self.add_error(
                    "params",
                    _("“%(name)s” must look like the default, %(default)s.")
                    % {"name": name, "default": defaults[name]},
                )
        return cleaned


def _same_kind(value, default) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if isinstance(default, list):
        return isinstance(value, list) and all(_same_kind(v, default[0]) for v in value)
    return isinstance(value, type(default))
