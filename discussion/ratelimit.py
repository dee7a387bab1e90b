"""How often one person may post: a fixed window counted in the shared cache (Redis in production).

The cache is the one the portal's other limits use (``CACHE_URL``), so the count holds across
web processes and machines. ``COMMENTS_RATE`` reads like DRF's rates: ``10/m``, ``30/h``, ``100/d``.
"""

import time

from django.core.cache import cache

from . import conf

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"10/m"`` -> ``(10, 60)``: the number of comments and the window in seconds."""
    count, _sep, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[:1].lower()]


def consume(user) -> int | None:
    """Count one comment by ``user``; the seconds to wait when that is over the limit (not counted), else None."""
    limit, window = parse_rate(conf.comments_rate())
    now = time.time()
    start = int(now // window) * window
    key = f"discussion:rate:{user.pk}:{start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        cache.decr(key)
        return max(1, int(start + window - now) + 1)
    return None
