from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project wiring (settings, root URLs, the Celery app, the launcher, the demo data).

    An app only so that ``manage.py seed_demo`` is found; it has no models.
    """

    name = "loket"
    label = "portal"
    verbose_name = "Portal"
