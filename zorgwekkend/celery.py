"""The Celery application; workers and beat load Django settings from the same module."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgwekkend.settings")

app = Celery("zorgwekkend")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
