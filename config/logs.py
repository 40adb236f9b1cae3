"""Logs as JSON lines, each with the id of the request it was written for.

RequestIdMiddleware (config.middleware) sets the id for the thread serving the request and returns
it as X-Request-ID; nginx passes its own $request_id, so one id follows a request through nginx's
access log, the app's lines and an error report. Resident ID numbers never reach a log line: the
formatter replaces them (scrub_id_numbers), whatever a message or a traceback happens to hold.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

# An 18-character resident ID number (GB 11643): 17 digits and a digit or X check character, not
# part of a longer run of letters or digits. Any such run is hidden, valid check digit or not.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
ID_NUMBER_HIDDEN = "[身份证号已隐去]"

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# The attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


def scrub_id_numbers(text: str) -> str:
    return ID_NUMBER.sub(ID_NUMBER_HIDDEN, text)


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, the
    fields given with `extra=`, and the traceback as `exception`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub_id_numbers(record.getMessage()),
            "request_id": getattr(record, "request_id", "") or request_id.get(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = scrub_id_numbers(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exception"] = scrub_id_numbers(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = scrub_id_numbers(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, fmt: str, level: str) -> dict[str, Any]:
    """settings.LOGGING: `fmt` is "json" (production) or "text" (a readable console)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {
            "json": {"()": JsonFormatter},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if fmt == "json" else "text",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own request logger repeats what huanjie.request and the error report say.
            "django.request": {"level": "ERROR"},
            "axes": {"level": "WARNING"},
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            "pikepdf": {"level": "WARNING"},
            # Task registration at every start; the worker's own job lines stay at INFO.
            "procrastinate.blueprints": {"level": "WARNING"},
            "procrastinate.periodic": {"level": "WARNING"},
        },
    }
