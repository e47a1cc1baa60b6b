from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoketConfig(AppConfig):
    name = "loket"
    verbose_name = _("Regional desk")

    def ready(self):
        # Every app's reminder rules register themselves on import (<app>/reminders.py).
        from loket.mail.reminders import registered_rules

        registered_rules()
