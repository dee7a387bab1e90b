"""Settings of the worker process that ``test_lost_worker`` starts and kills: the production settings
(database, broker and SMTP server from the environment the test gives it) with a small checkpoint."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DJANGO_DEBUG", "0")

from snitem_portal.settings import *  # noqa: F403

REMINDERS_RECORD_EVERY = 5
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
