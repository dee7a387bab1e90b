"""Development email: each message is written to a file, and the terminal gets one line per message.

The embedded default when ``EMAIL_URL`` is unset (``make run``): the web process and the Celery worker
both send mail, and a reminder pass sends dozens of messages at once; printing them whole buries the
one line a newcomer looks for. Each message goes to ``<EMAIL_FILE_PATH>/<time>-<pid>-<n>.eml`` (a
standard message any mail reader opens), and the process prints::

    Email "[Snitem] Confirmez votre adresse" to marie@example.com -> data/emails/20250101-101500-....eml
      Link: http://127.0.0.1:8000/compte/confirm-email/MQ:.../

The second line appears for the links a person must follow to get in (email verification, password
reset), so that they can be clicked from the terminal.
"""

import itertools
import os
import re
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

# Paths of the account links worth a line of their own (allauth's verification and password reset).
ACCOUNT_LINK = re.compile(r"https?://\S+/(?:confirm-email|password/reset/key)/\S+")


class FolderEmailBackend(BaseEmailBackend):
    """Write each message to its own ``.eml`` file in ``settings.EMAIL_FILE_PATH``; print one line."""

    _counter = itertools.count(1)
    _lock = threading.Lock()

    def __init__(self, *args, file_path=None, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)
        self.stream = stream or sys.stdout

    def send_messages(self, email_messages) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            path = self._write(message)
            self._announce(message, path)
            sent += 1
        return sent

    def _write(self, message) -> Path:
        with self._lock:
            number = next(self._counter)
        name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{os.getpid()}-{number}.eml"
        path = self.folder / name
        path.write_bytes(message.message().as_bytes(linesep="\n"))
        return path

    def _announce(self, message, path: Path) -> None:
        try:
            shown = path.relative_to(Path.cwd())
        except ValueError:
            shown = path
        lines = [f'Email "{message.subject}" to {", ".join(message.recipients())} -> {shown}']
        lines += [f"  Link: {link}" for link in dict.fromkeys(ACCOUNT_LINK.findall(str(message.body)))]
        with self._lock:
            self.stream.write("\n".join(lines) + "\n")
            self.stream.flush()
