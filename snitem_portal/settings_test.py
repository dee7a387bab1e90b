"""Test overlay: the real settings, with fast hashing and mail kept in memory."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DJANGO_DEBUG", "0")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "confirm_email": None}  # noqa: F405
PRIVATE_MEDIA_ROOT = DATA_DIR / "test-private"  # noqa: F405
# Threads of the live server and of the race tests open their own connections: none outlives its test.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Query budgets count the session read, as production does when the cache misses (cached_db there).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# One test process: its own memory is the shared cache (query budgets count no cache queries).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}  # noqa: F405
