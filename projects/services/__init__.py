"""Writes about calls, submissions, attachments, the jury and decisions: one function per business operation.

Each concern has its module; every public name is re-exported here, so callers write
``from projects import services`` and ``services.submit_submission(...)`` whatever module holds it.
"""

from .attachments import add_attachment, delete_attachment, scan_attachment, validate_pdf
from .calls import (
    CALL_TRANSITIONS,
    call_status_error,
    change_call_status,
    create_call,
    move_deadline,
    update_call,
    validate_call_dates,
)
from .jury import call_has_ended, publish_decisions, record_decision, score_submission
from .submissions import (
    EDITABLE_FIELDS,
    create_submission,
    grant_extension,
    render_snapshot,
    reopen_submission,
    submit_submission,
    update_submission,
    withdraw_submission,
)

__all__ = [
    "CALL_TRANSITIONS",
    "EDITABLE_FIELDS",
    "add_attachment",
    "call_has_ended",
    "call_status_error",
    "change_call_status",
    "create_call",
    "create_submission",
    "delete_attachment",
    "grant_extension",
    "move_deadline",
    "publish_decisions",
    "record_decision",
    "render_snapshot",
    "reopen_submission",
    "scan_attachment",
    "score_submission",
    "submit_submission",
    "update_call",
    "update_submission",
    "validate_call_dates",
    "validate_pdf",
    "withdraw_submission",
]
