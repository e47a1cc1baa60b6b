"""The reminder rule framework: apps register rules; beat runs them; keys make reruns harmless.

A rule is a function that finds what is due with indexed queries and queues one message per
person and occasion through ``run.queue(...)``. The key it gives must name the occasion
(``f"{candidate.pk}:2d"``), never the time of the run, so a second run (beat firing twice, two
workers, a retry) queues nothing new. Rules live in ``<app>/reminders.py``; every installed
app's module of that name is imported at start-up::

    from loket.core.mail.reminders import reminder_rule
    from loket.core.models import MailReason

    @reminder_rule("registration_unfinished", reason=MailReason.REGISTRATION_UNFINISHED,
                   label=_("Registration not finished"), defaults={"days": [2, 7]})
    def registration_unfinished(run):
        for days in run.params["days"]:
            for candidate in due_candidates(run.region, run.now, days):
                run.queue(recipient=candidate.user, key=f"{candidate.pk}:{days}d",
                          context={"candidate": candidate, "days": days})

A regional rule runs once per region that has it switched on, with that region's settings
(``ReminderSetting``) laid over the defaults.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from celery import shared_task
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from loket.core.mail.bulk import Message, mail_queue_many
from loket.core.mail.outbox import AMSTERDAM, mail_queue
from loket.core.models import OutgoingMail, Region, ReminderSetting, User

# Working days moved to loket.core.workdays (they now skip Dutch public holidays); the old name
# stays importable from here for code written against it.
from loket.core.workdays import working_days_before  # noqa: E402, F401


@dataclass(frozen=True)
class Rule:
    name: str
    function: Callable[["RuleRun"], None]
    reason: str
    label: str
    defaults: dict = field(default_factory=dict)
    enabled_by_default: bool = True
    regional: bool = True


KEY_CHUNK = 1000

_RULES: dict[str, Rule] = {}
_discovered = False


def reminder_rule(
    name: str,
    *,
    reason: str,
    label: str,
    defaults: dict | None = None,
    enabled: bool = True,
    regional: bool = True,
):
    """Register a rule under a unique name (the name is also the prefix of its mail keys)."""

    def register(function):
        if name in _RULES and _RULES[name].function is not function:
            raise ValueError(f"A reminder rule named {name!r} exists already.")
        _RULES[name] = Rule(
            name=name,
            function=function,
            reason=reason,
            label=label,
            defaults=dict(defaults or {}),
            enabled_by_default=enabled,
            regional=regional,
        )
        return function

    return register


def registered_rules() -> dict[str, Rule]:
    global _discovered
    if not _discovered:
        autodiscover_modules("reminders")
        _discovered = True
    return dict(_RULES)


def unregister(name: str) -> None:
    """For tests that register a rule of their own."""
    _RULES.pop(name, None)


@dataclass
class RuleRun:
    """One run of one rule for one region: what the rule function gets."""

    rule: Rule
    region: Region | None
    params: dict
    now: datetime
    queued: int = 0
    pending: list[Message] = field(default_factory=list)
    recorded_keys: list[str] = field(default_factory=list)

    @property
    def today(self) -> date:
        """The date in the Netherlands, which is what 'tomorrow' and 'in 3 days' mean."""
        return self.now.astimezone(AMSTERDAM).date()

    def key(self, occasion: str) -> str:
        return f"{self.rule.name}:{occasion}"

    def not_mailed(self, suffix: str = "", *, ref: str = "pk") -> Exists:
        """A filter for rows whose key ``<rule>:<ref><suffix>`` was not queued yet, so a rule that
        may find many rows leaves the mailed ones out in the query (one index probe per row)."""
        return self.not_mailed_key(Cast(OuterRef(ref), CharField()), suffix)

    def not_mailed_key(self, *parts) -> Exists:
        """The same for keys with more in them: ``parts`` are literal strings and expressions on
        the outer row, joined after ``<rule>:``."""
        pieces = [Value(part) if isinstance(part, str) else part for part in parts]
        key = Concat(Value(self.key("")), *pieces, output_field=CharField())
        return ~Exists(OutgoingMail.objects.filter(key=key))

    def mailed_occasions(self, occasions: list[str]) -> set[str]:
        """Which of these occasions (key suffixes) have a message already, for rules that pick
        their rows in Python; one query per thousand keys."""
        found = set()
        keys = [self.key(occasion) for occasion in occasions]
        for start in range(0, len(keys), KEY_CHUNK):
            chunk = keys[start : start + KEY_CHUNK]
            found.update(OutgoingMail.objects.filter(key__in=chunk).values_list("key", flat=True))
        prefix = len(self.key(""))
        return {key[prefix:] for key in found}

    def queue(
        self,
        *,
        recipient: User,
        key: str,
        context: dict | None = None,
        template: str | None = None,
        reason: str | None = None,
        essential: bool = False,
    ) -> OutgoingMail | None:
        """Queue one message for this occasion; each in its own savepoint, so one message that
        cannot be rendered does not take the rest of the run with it."""
        with transaction.atomic():
            mail = mail_queue(
                recipient=recipient,
                reason=reason or self.rule.reason,
                key=self.key(key),
                template=template,
                context=context,
                essential=essential,
                region=self.region,
                now=self.now,
            )
        if mail is not None:
            self.queued += 1
        return mail

    def queue_later(
        self,
        *,
        recipient: User,
        key: str,
        context: dict | None = None,
        template: str | None = None,
        reason: str | None = None,
        essential: bool = False,
    ) -> None:
        """``queue`` for rules that find many people: the message waits in the run and is
        recorded with the others in bulk (``flush``, which the run does at its end and every
        thousand messages), with the same keys, preferences, cap and quiet hours."""
        self.pending.append(
            Message(
                recipient=recipient,
                reason=reason or self.rule.reason,
                key=self.key(key),
                template=template,
                context=context or {},
                essential=essential,
                region=self.region,
            )
        )
        if len(self.pending) >= KEY_CHUNK:
            self._record()

    def flush(self) -> list[str]:
        """Record the waiting messages; returns the keys recorded since the last call (none for
        a key queued already, by this run or another)."""
        self._record()
        keys, self.recorded_keys = self.recorded_keys, []
        return keys

    def _record(self) -> None:
        pending, self.pending = self.pending, []
        recorded = mail_queue_many(pending, now=self.now)
        self.queued += len(recorded)
        self.recorded_keys += [mail.key for mail in recorded]


def rule_runs(rule: Rule, *, now: datetime) -> list[RuleRun]:
    """The runs a rule gets now: one per region that has it on (two queries), or one overall."""
    if not rule.regional:
        return [RuleRun(rule=rule, region=None, params=dict(rule.defaults), now=now)]
    overrides = {s.region_id: s for s in ReminderSetting.objects.filter(rule=rule.name)}
    runs = []
    for region in Region.objects.order_by("pk"):
        setting = overrides.get(region.pk)
        enabled = setting.enabled if setting else rule.enabled_by_default
        if enabled:
            params = {**rule.defaults, **(setting.params if setting else {})}
            runs.append(RuleRun(rule=rule, region=region, params=params, now=now))
    return runs


def reminder_rule_run(*, name: str, now: datetime | None = None) -> int:
    """Run one registered rule everywhere it is on; returns how many messages it recorded."""
    rule = registered_rules()[name]
    total = 0
    for run in rule_runs(rule, now=now or timezone.now()):
        rule.function(run)
        run.flush()
        total += run.queued
    return total


# --- Tasks (names kept from loket.tasks, so beat entries and queued runs still match) ---------


@shared_task(name="loket.tasks.run_reminder_rules")
def run_reminder_rules() -> list[str]:
    """Fan out: one task per registered reminder rule, so one rule's trouble stops no other."""
    names = sorted(registered_rules())
    for name in names:
        run_reminder_rule.delay(name)
    return names


@shared_task(name="loket.tasks.run_reminder_rule")
def run_reminder_rule(name: str) -> int:
    """Run one rule for every region that has it on; returns how many messages it queued."""
    return reminder_rule_run(name=name)
