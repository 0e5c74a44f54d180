"""The effective window of a record: the dates the sources allow, as every consumer reads them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard.conventions.datefmt import format_span


@dataclass(frozen=True)
class Effective:
    """A record's resolved window and, when it is narrower than the coded one, why."""

    start: date
    end: date
    precision: str
    reasons: tuple[str, ...] = ()

    @property
    def note(self) -> str | None:
        return "; ".join(self.reasons) if self.reasons else None

    @property
    def text(self) -> str:
        return format_span(self.start, self.end, self.precision)
