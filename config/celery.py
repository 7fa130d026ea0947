"""The Celery app: `celery -A config worker` and `celery -A config beat` start the processes."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("aftercare")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def ensure_filesystem_broker_folders(sender: Celery, **kwargs: object) -> None:
    """The file-system broker (used when REDIS_URL is unset) needs its exchange folder."""
    for key in ("data_folder_in", "data_folder_out"):
        folder = sender.conf.broker_transport_options.get(key)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
