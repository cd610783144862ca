"""Plan a session: choose modules, order them, size them to fill the time, place the breaks.

Choosing and ordering are in select.py (relevance), sizing in depth.py (elastic modules),
timing in schedule.py (blocks and breaks).
"""

from __future__ import annotations

from dataclasses import replace

from workshop.content.library import Library
from workshop.plan.agenda import Agenda, Block, Dropped, clock
from workshop.plan.select import automatic, explicit
from workshop.results.intake import Intake
from workshop.session import Session

__all__ = ["Agenda", "Block", "Dropped", "clock", "plan"]


def plan(session: Session, library: Library, intake: Intake | None = None) -> Agenda:
    """The agenda for `session`, shaped by the participants' `intake` answers when there are
    some; FieldProblems (located in the session file) if impossible."""
    if session.modules is not None:
        return replace(explicit(session, library), intake=intake)
    return automatic(session, library, intake)
