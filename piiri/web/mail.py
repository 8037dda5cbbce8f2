"""Sending e-mail: the notice to participants that a workshop's results are published.

Without SMTP settings (``SMTP_HOST`` unset) nothing is sent: ``send_notices`` says so in its
result, and the facilitator's page shows it. Each address gets its own message (no one sees the
others' addresses). Runs in a worker thread; an address the server refuses is counted, not fatal.
"""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from piiri.settings import SmtpSettings

TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class Sent:
    configured: bool
    sent: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()


def send_notices(
    smtp: SmtpSettings | None, recipients: Sequence[str], *, subject: str, body: str
) -> Sent:
    """Send ``body`` to each of ``recipients``; with ``smtp`` None, send nothing."""
    if smtp is None:
        return Sent(configured=False)
    sender = smtp.sender or smtp.user or f"piiri@{smtp.host}"
    sent: list[str] = []
    failed: list[str] = []
    with smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_SECONDS) as server:
        if smtp.starttls:
            server.starttls()
        if smtp.user:
            server.login(smtp.user, str(smtp.password))
        for recipient in recipients:
            message = EmailMessage()
            message["From"] = sender
            message["To"] = recipient
            message["Subject"] = subject
            message.set_content(body)
            try:
                server.send_message(message)
            except smtplib.SMTPRecipientsRefused:
                failed.append(recipient)
            else:
                sent.append(recipient)
    return Sent(configured=True, sent=tuple(sent), failed=tuple(failed))
