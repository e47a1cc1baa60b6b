from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The core: people and roles, the region's reference data, postcodes and the outbox.

    Its label stays ``loket`` (the label the tables, migrations and ``AUTH_USER_MODEL`` were
    made with), so moving the code here changed no table.
    """

    name = "loket.core"
    label = "loket"
    verbose_name = _("Regional desk")

    def ready(self):
        # Every app's reminder rules register themselves on import (<app>/reminders.py).
        # It imports models, which is possible only once the app registry is ready.
        from allauth.mfa.signals import authenticator_added  # noqa: PLC0415

        from loket.core.mail.reminders import registered_rules  # noqa: PLC0415
        from loket.core.middleware import record_new_second_factor  # noqa: PLC0415

        registered_rules()
        authenticator_added.connect(record_new_second_factor, dispatch_uid="loket-new-factor")
