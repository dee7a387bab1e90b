"""Logs as JSON lines (``LOG_FORMAT=json``), each tied to the request that wrote it.

``RequestLogMiddleware`` gives every request an id (the proxy's ``X-Request-ID`` when it is a
plain token, else a new one), sends it back in the response header, and logs one line per
request: method, path, status, duration, user id. ``JsonFormatter`` writes every record, ours
and Django's, as one JSON object per line with that request id and user id, for log collectors.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
user_id: ContextVar[int | None] = ContextVar("user_id", default=None)

SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
logger = logging.getLogger("snitem_portal.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        rid_token, uid_token = request_id.set(rid), user_id.set(None)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            user_id.set(user.pk if user is not None and user.is_authenticated else None)
            response["X-Request-ID"] = rid
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(rid_token)
            user_id.reset(uid_token)


class JsonFormatter(logging.Formatter):
    FIELDS = ("method", "path", "status", "duration_ms")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
            "user_id": user_id.get(),
        }
        entry.update({name: getattr(record, name) for name in self.FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
