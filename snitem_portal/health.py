"""Probes for load balancers and orchestrators, answered without login.

``/healthz``: the process answers (no dependency is touched). ``/readyz``: the database, the
cache, the broker and the private files are reachable, each within ``HEALTH_CHECK_TIMEOUT``
seconds; 503 names the failing checks. Both are exempt from the HTTPS redirect, so a probe over
plain HTTP on the private network gets the answer, not a 301.
"""

import logging
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def check_database() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        # The check runs in a worker thread: its connection must not outlive it.
        connection.close()


def check_cache() -> None:
    key = f"readyz:{time.monotonic_ns()}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


def check_broker() -> None:
    from .celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=timeout())


def check_private_storage() -> None:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=root, prefix=".readyz-") as probe:
        probe.write(b"ok")
        probe.flush()


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "private_storage": check_private_storage,
}


def timeout() -> float:
    return float(getattr(settings, "HEALTH_CHECK_TIMEOUT", 3))


def run_checks(checks: dict[str, Callable[[], None]] | None = None) -> dict[str, str]:
    """Each check's outcome ("ok", or why it failed), the checks running side by side."""
    checks = CHECKS if checks is None else checks
    results = {}
    executor = ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="readyz")
    futures = {name: executor.submit(check) for name, check in checks.items()}
    deadline = time.monotonic() + timeout()
    for name, future in futures.items():
        try:
            future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            results[name] = f"no answer within {timeout():g} s"
        except Exception as error:
            results[name] = f"{type(error).__name__}: {error}"[:200]
        else:
            results[name] = "ok"
    # A check that hangs keeps its thread; the answer does not wait for it.
    executor.shutdown(wait=False, cancel_futures=True)
    return results


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    results = run_checks()
    failing = sorted(name for name, outcome in results.items() if outcome != "ok")
    if failing:
        logger.error("readyz: failing checks %s", results)
        return JsonResponse({"status": "unavailable", "failing": failing, "checks": results}, status=503)
    return JsonResponse({"status": "ok", "checks": results})
