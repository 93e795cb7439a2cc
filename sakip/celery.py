"""The Celery app. The broker comes from settings (filesystem transport by default, Redis in services)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings.local")

app = Celery("sakip")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="sakip.ping")
def ping() -> str:
    """Answer 'pong': proves a worker is connected to the broker."""
    return "pong"
