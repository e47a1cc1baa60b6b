"""The Celery app: Redis broker, late acks, one task at a time per worker process.

Tasks are another door into the services: they take ids, load rows and call a service, and they
are safe to run twice.
"""

import os

from celery import Celery, Task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")


class PortalTask(Task):
    """Retry defaults for every task: transient database or broker trouble is retried with
    exponential backoff and jitter, a handful of times, then the task fails loudly."""

    autoretry_for = (OperationalError, InterfaceError, BrokerError, ConnectionError, TimeoutError)
    retry_backoff = True
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 5


app = Celery("loket", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks sit beside their services; settings.CELERY_IMPORTS names the modules to load.
