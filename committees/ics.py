"""A minimal iCalendar (RFC 5545) writer for briefing calendars, without a library.

Only what the briefing calendars need: one VCALENDAR holding VEVENTs whose times
are in UTC. Text values are escaped (section 3.3.11), lines end with CRLF and are
folded at 75 octets without splitting a UTF-8 character (section 3.1).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//Declaration Portal//Committee briefings//EN"
CRLF = "\r\n"
MAX_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime
    end: datetime
    summary: str
    stamp: datetime
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = "CONFIRMED"


def escape_text(value):
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def format_utc(moment):
    """A DATE-TIME in UTC ("form #2"), e.g. 20300105T140000Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line):
    """Split a content line into lines of at most 75 octets, continuations indented."""
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        # Continuation lines start with a space, which counts towards their 75 octets.
        limit = MAX_OCTETS if not parts else MAX_OCTETS - 1
        if size + width > limit:
            parts.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def _event_lines(event):
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{format_utc(event.stamp)}",
        f"DTSTART:{format_utc(event.start)}",
        f"DTEND:{format_utc(event.end)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        # URI values are not TEXT: they are written as they are.
        lines.append(f"URL:{event.url}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    lines += [f"STATUS:{event.status}", "END:VEVENT"]
    return lines


def calendar(events, *, name=""):
    """The text of a VCALENDAR with ``events``, ready to serve as text/calendar."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines.append("METHOD:PUBLISH")
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines += _event_lines(event)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
