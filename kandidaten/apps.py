from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KandidatenConfig(AppConfig):
    name = "kandidaten"
    verbose_name = _("Candidates")

    def ready(self):
        # A new privacy statement is put to the candidate at the next sign-in. It imports
        # models, which is possible only once the app registry is ready.
        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415

        from kandidaten.middleware import mark_session_on_login  # noqa: PLC0415

        user_logged_in.connect(mark_session_on_login, dispatch_uid="kandidaten.privacy_recheck")

        # The events list and the home page are cached for anonymous visitors
        # (loket.core.cache); a change of an event or its registrations gives them a new version.
        from kandidaten.models import Event, EventRegistration, Route  # noqa: PLC0415
        from loket.core.cache import bump_on_change  # noqa: PLC0415
        from loket.core.models import Region  # noqa: PLC0415

        bump_on_change(("events",), Event, EventRegistration, Region)
        bump_on_change(("routes",), Route)
