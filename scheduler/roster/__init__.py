"""Reading (and writing) roster workbooks: the contract of ROSTER_FORMAT.md."""

from scheduler.roster.reader import read_roster
from scheduler.roster.workbook import RosterError

__all__ = ["RosterError", "read_roster"]
