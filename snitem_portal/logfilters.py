"""Logging filters of the portal."""


def drop_expected_traceback(record) -> bool:
    """Keep the one-line warning of a refused request (4xx) but not its traceback.

    Django logs a PermissionDenied (403) with the exception's traceback; a refusal is the expected
    answer to a wrong user, and pages of tracebacks in the log bury the real errors (5xx keep theirs).
    """
    if 400 <= getattr(record, "status_code", 0) < 500:
        record.exc_info = None
        record.exc_text = None
    return True
