"""How the site's log lines look (settings.LOGGING)."""

import logging
import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class SiteFormatter(logging.Formatter):
    """Django's security events (a bad Host header, a NUL in a request, a suspicious
    session) are one line each: the logger, the level, the message and the request's method
    and path. They are an answer the site chose (400), not a bug: a traceback per probe
    would bury real errors. Control characters a client sent are escaped, so that nobody
    can forge a log line. Every other record is logged as usual."""

    def format(self, record):
        if not record.name.startswith("django.security"):
            return super().format(record)
        line = f"{record.name} {record.levelname} {record.getMessage()}"
        request = getattr(record, "request", None)
        if request is not None:
            line += f" ({request.method} {request.path})"
        return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", line)
