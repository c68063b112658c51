"""Business days in the user's country: weekends and public holidays are never due dates.

>>> days = Workdays.for_country("US")
>>> days.add(date(2026, 12, 24), 1)      # Christmas Day is skipped
datetime.date(2026, 12, 28)
"""

from __future__ import annotations

import locale
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import numpy as np

from coffeechat.errors import ProfileError

# Holidays are looked up for a window around today; plans do not reach further.
_YEARS_BACK, _YEARS_AHEAD = 3, 4


def default_country() -> str:
    """The country of the user's locale (`en_GB` -> `GB`), else US."""
    try:
        name = locale.getlocale()[0] or ""
    except ValueError:
        name = ""
    _, _, region = name.partition("_")
    region = region.split(".")[0].upper()
    return region if len(region) == 2 and region.isalpha() else "US"


@dataclass(frozen=True)
class Workdays:
    """Monday to Friday minus the public holidays of `country` (an ISO 3166 code)."""

    country: str = ""
    holidays: tuple[date, ...] = ()

    @cached_property
    def _calendar(self) -> np.busdaycalendar:
        # Built on first use: a module-level WEEKDAYS must not import numpy by being defined.
        return np.busdaycalendar(holidays=np.array(self.holidays, dtype="datetime64[D]"))

    @classmethod
    def for_country(cls, country: str, *, around: date | None = None) -> Workdays:
        """The calendar of a country's public holidays (the `holidays` package, no network)."""
        import holidays

        code = country.strip().upper()
        year = (around or date.today()).year
        try:
            found = holidays.country_holidays(
                code, years=range(year - _YEARS_BACK, year + _YEARS_AHEAD + 1)
            )
        except NotImplementedError:
            raise ProfileError(
                f"unknown country '{country}'",
                where="coffeechat.toml [me] country",
                fix="use a two-letter country code such as US, GB, DE or IN",
            ) from None
        return cls(code, tuple(sorted(found)))

    def is_business_day(self, day: date) -> bool:
        return bool(np.is_busday(np.datetime64(day), busdaycal=self._calendar))

    def roll(self, day: date) -> date:
        """The day itself if it is a business day, else the next one."""
        return self.add(day, 0)

    def add(self, start: date, days: int) -> date:
        """`days` business days after `start` (a start on a day off counts from the next one)."""
        moved: date = np.busday_offset(
            np.datetime64(start), days, roll="forward", busdaycal=self._calendar
        ).astype(date)
        return moved

    def add_weeks(self, start: date, weeks: int) -> date:
        """`weeks` calendar weeks on, rolled forward to a business day."""
        return self.roll(start + timedelta(weeks=weeks))

    def between(self, start: date, end: date) -> int:
        """Business days from `start` (included) to `end` (excluded)."""
        return int(
            np.busday_count(np.datetime64(start), np.datetime64(end), busdaycal=self._calendar)
        )


# Weekends only: for pure date arithmetic where no country applies.
WEEKDAYS = Workdays()
