"""Writes of the roadmap app, one function per business operation, split by concern:
``actions`` (dated updates, followers), ``consultations`` (opening one), ``questions`` (a
consultation's questionnaire and the checking of answers) and ``positions`` (drafts, revisions,
sign-off, answers included)."""

from .actions import add_timeline_entry, follow_action, unfollow_action
from .consultations import open_consultation
from .positions import create_position, submit_position, update_position
from .questions import add_question, delete_question, has_answers, save_questionnaire, update_question

__all__ = [
    "add_question",
    "add_timeline_entry",
    "create_position",
    "delete_question",
    "follow_action",
    "has_answers",
    "open_consultation",
    "save_questionnaire",
    "submit_position",
    "unfollow_action",
    "update_position",
    "update_question",
]
