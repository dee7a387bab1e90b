"""gunicorn settings of the portal, read by `gunicorn snitem_portal.wsgi` from the project folder.

Chosen by measurement (`make bench-http`, docs/performance.md): threaded workers keep the
connection of a browser or an API client open between requests (sync workers close it after
each one) and each thread keeps its database connection (CONN_MAX_AGE). Every value can be
overridden on the command line or with the environment variables below.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One process per core: the work is Python (templates, serializers), which one process runs on one core.
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
# A few threads per process overlap database round trips; each holds one PostgreSQL connection.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Recycle processes now and then, so that a slow leak never grows for weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
