"""How `piiri serve` logs: quiet about sockets, never a token, text or JSON lines.

- uvicorn writes a line for every WebSocket handshake (``"WebSocket /ws/w/123456" [accepted]``,
  and with other protocols "connection open" and "connection closed"): a room of 2,000 phones
  would write thousands of lines before anything happens. They are dropped; the endpoint writes
  one line per socket session instead (realtime/endpoint.py), when it ends.
- Secret links and login links carry their token in the path (``/login/<token>``,
  ``/screen/<token>``, ``/ws/screen/<token>``): every line is redacted before it is written,
  whichever logger wrote it.
- ``LOG_FORMAT=json`` writes one JSON object per line for log collectors (the standard
  library's logging with a formatter of its own: no extra dependency).

What people wrote never reaches a log line: the code logs ids, roles and command names only.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

# A path segment after one of these is a secret.
SECRET_PATH = re.compile(r"(/(?:ws/)?(?:login|screen)/)[^\s/?#\"']+")
REDACTED = "[redacted]"

# uvicorn's per-handshake lines (websockets-sansio and wsproto: '%s - "WebSocket %s" ...';
# the legacy websockets protocol: "connection open" / "connection closed").
_HANDSHAKE_PREFIX = '%s - "WebSocket %s"'
_CONNECTION_LINES = frozenset({"connection open", "connection closed"})

# Fields a record may carry (``extra=``) that the JSON lines keep as their own keys.
JSON_FIELDS = ("role", "workshop", "seconds", "close_code")


def redact(text: str) -> str:
    """``text`` with every token of a login or secret link replaced."""
    return SECRET_PATH.sub(rf"\1{REDACTED}", text)


class QuietSockets(logging.Filter):
    """Drops uvicorn's INFO lines about single WebSocket connections."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("uvicorn") or record.levelno > logging.INFO:
            return True
        message = record.msg if isinstance(record.msg, str) else ""
        return not (message.startswith(_HANDSHAKE_PREFIX) or message in _CONNECTION_LINES)


class RedactSecrets(logging.Filter):
    """Rewrites a record's message with its tokens redacted (the access log's paths)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class JsonLines(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, message, and known extras."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in JSON_FIELDS:
            if field in record.__dict__:
                line[field] = record.__dict__[field]
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class TextLines(logging.Formatter):
    """The plain format, with tracebacks redacted too."""

    def formatException(self, ei: Any) -> str:
        return redact(super().formatException(ei))


def log_config(log_format: str, level: str = "INFO") -> dict[str, Any]:
    """The ``logging.config.dictConfig`` for `piiri serve` (given to uvicorn as log_config).

    One handler on the root logger; uvicorn's loggers propagate to it, so its access log is
    redacted and its handshake lines are dropped like everything else."""
    formatter: dict[str, Any] = (
        {"()": JsonLines}
        if log_format == "json"
        else {"()": TextLines, "format": "%(levelname)s %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"quiet": {"()": QuietSockets}, "redact": {"()": RedactSecrets}},
        "formatters": {"lines": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "lines",
                "filters": ["quiet", "redact"],
            }
        },
        "loggers": {
            "uvicorn": {"level": level, "handlers": [], "propagate": True},
            "uvicorn.error": {"level": level, "handlers": [], "propagate": True},
            "uvicorn.access": {"level": level, "handlers": [], "propagate": True},
        },
        "root": {"level": level, "handlers": ["stderr"]},
    }
