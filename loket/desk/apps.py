from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The desk: its own records of the work with candidates, proposals to schools, matching,
    the pipeline and the candidate file. The only part of the portal that knows both the
    candidates and the vacancies."""

    name = "loket.desk"
    label = "desk"
    verbose_name = _("Desk")

    def ready(self):
        # What the candidate and vacancy apps must set off in the desk without importing it.
        # It imports models, which is possible only once the app registry is ready.
        from loket.desk import hooks  # noqa: PLC0415

        hooks.connect()
