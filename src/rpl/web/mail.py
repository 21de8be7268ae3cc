"""The local-mode mail backend: Django's console backend without the recipients.

Local mode prints e-mails instead of sending them, and the console is a log. A clinic
notification goes to the clinic, but the "your answer is ready" e-mail goes to the patient's
own address, which must never reach a log: the recipients are replaced by a count.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.mail.backends.console import EmailBackend as ConsoleBackend

HIDDEN = "recipient-not-shown@invalid"


class PrivateConsoleBackend(ConsoleBackend):
    def write_message(self, message: Any) -> None:
        shown = copy.copy(message)
        count = len(message.recipients())
        shown.to, shown.cc, shown.bcc, shown.reply_to = [HIDDEN], [], [], []
        shown.extra_headers = {
            name: value
            for name, value in (message.extra_headers or {}).items()
            if name.lower() not in ("to", "cc", "bcc", "reply-to")
        }
        self.stream.write(f"(e-mail to {count} recipient(s); addresses not shown)\n")
        super().write_message(shown)
