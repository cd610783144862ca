"""The session as one iCalendar event (RFC 5545), with the agenda in its description."""

from __future__ import annotations

import datetime as dt
import hashlib

from workshop import __version__
from workshop.content.text import plain
from workshop.plan import clock
from workshop.session import output_time
from workshop.tailor import Tailored

LINE_OCTETS = 75  # RFC 5545 3.1: lines longer than 75 octets are folded


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces joined by CRLF + space, never inside a character."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1  # continuation lines start with a space
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _local(date: dt.date, minutes: int) -> str:
    # Floating local time: the event happens at 09:00 wherever the room is.
    moment = dt.datetime(date.year, date.month, date.day) + dt.timedelta(minutes=minutes)
    return moment.strftime("%Y%m%dT%H%M%S")


def description(tailored: Tailored) -> str:
    lines = []
    for block in tailored.agenda.blocks:
        module = tailored.module_for(block)
        title = plain(module.module.title) if module else block.title
        lines.append(f"{clock(block.start)}–{clock(block.end)}  {title}")
        if module:
            lines.append(f"    {plain(module.module.outcome)}")
    session = tailored.session
    if session.facilitator:
        lines += ["", f"Facilitator: {session.facilitator}"]
    return "\n".join(lines)


def event(tailored: Tailored) -> bytes | None:
    """agenda.ics for a dated session, else None."""
    session = tailored.session
    if session.date is None:
        return None
    agenda = tailored.agenda
    start, end = agenda.blocks[0].start, agenda.blocks[-1].end
    identity = f"{session.organization}\n{session.title}\n{session.date}\n{session.start}"
    uid = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
    summary = f"{session.title} ({session.organization})"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//workshop-toolkit//workshop {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}@workshop-toolkit",
        f"DTSTAMP:{output_time(session).strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART:{_local(session.date, start)}",
        f"DTEND:{_local(session.date, end)}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description(tailored))}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("".join(fold(line) + "\r\n" for line in lines)).encode("utf-8")
