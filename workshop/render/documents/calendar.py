"""Calendar files (RFC 5545) made with the `icalendar` library: a session's agenda.ics, and a
program's program.ics with one event per session.

Each event has a stable UID (the same session gets the same UID on every build, so a calendar
updates the event instead of adding a second one), DTSTAMP from the build's fixed moment,
SEQUENCE, the location, and the agenda in its description. With `timezone:` the times carry
that zone and the file carries its VTIMEZONE; without it they are floating: nine o'clock
wherever the calendar is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar

from workshop import __version__
from workshop.content.text import plain
from workshop.plan import Agenda, clock
from workshop.session import Session, output_time
from workshop.tailor import Tailored

PRODID = f"-//workshop-toolkit//workshop {__version__}//EN"


def uid(session: Session) -> str:
    """The same for the same organization, title, date and start: a rebuilt session updates
    its calendar entry."""
    identity = f"{session.organization}\n{session.title}\n{session.date}\n{session.start}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32] + "@workshop-toolkit"


def _moment(session: Session, minutes: int) -> dt.datetime:
    assert session.date is not None
    moment = dt.datetime.combine(session.date, dt.time()) + dt.timedelta(minutes=minutes)
    return moment.replace(tzinfo=ZoneInfo(session.timezone)) if session.timezone else moment


def description(agenda: Agenda, titles: dict[str, str], outcomes: dict[str, str],
                facilitator: str | None) -> str:
    lines = []
    for block in agenda.blocks:
        lines.append(f"{clock(block.start)}–{clock(block.end)}  "
                     f"{titles.get(block.id or '', block.title)}")
        if block.id in outcomes:
            lines.append(f"    {outcomes[block.id]}")
    if facilitator:
        lines += ["", f"Facilitator: {facilitator}"]
    return "\n".join(lines)


def event(session: Session, agenda: Agenda, text: str) -> icalendar.Event:
    """One session as a VEVENT; the session must have a date."""
    item = icalendar.Event()
    item.add("uid", uid(session))
    item.add("dtstamp", output_time(session.date))
    item.add("sequence", 0)
    item.add("dtstart", _moment(session, agenda.blocks[0].start))
    item.add("dtend", _moment(session, agenda.blocks[-1].end))
    item.add("summary", f"{session.title} ({session.organization})")
    if session.location:
        item.add("location", session.location)
    item.add("description", text)
    return item


def calendar(events: Iterable[icalendar.Event]) -> bytes:
    """A calendar of `events`, with a VTIMEZONE for every zone they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    for item in events:
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()


def session_event(tailored: Tailored) -> icalendar.Event | None:
    session = tailored.session
    if session.date is None:
        return None
    titles = {m.module.id: plain(m.module.title) for m in tailored.modules}
    outcomes = {m.module.id: plain(m.module.outcome) for m in tailored.modules}
    return event(session, tailored.agenda,
                 description(tailored.agenda, titles, outcomes, session.facilitator))


def session_calendar(tailored: Tailored) -> bytes | None:
    """agenda.ics for a dated session, else None."""
    item = session_event(tailored)
    return calendar([item]) if item is not None else None
