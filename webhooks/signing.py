"""The signature of a webhook body: ``X-Snitem-Signature: t=<unix time>,v1=<hex HMAC-SHA256>``.

The HMAC covers ``"<t>." + body`` with the endpoint's secret, so a receiver checks both the body and
its age (and refuses a replayed old message). ``verify`` is what a receiver runs; the tests use it.
"""

import hashlib
import hmac
import time

HEADER = "X-Snitem-Signature"


def sign(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(*, secret: str, body: bytes, header: str, tolerance: int = 300, now: float | None = None) -> bool:
    """True when ``header`` signs ``body`` with ``secret`` less than ``tolerance`` seconds ago."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = sign(secret=secret, body=body, timestamp=timestamp).split(",", 1)[1]
    return hmac.compare_digest(expected, f"v1={parts.get('v1', '')}")
