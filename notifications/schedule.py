"""When to remind a patient: inside their waking hours, on their own clock (DST-safe)."""

from datetime import datetime, time, timedelta, tzinfo

WAKING_START = time(9, 0)
WAKING_END = time(20, 0)
SECOND_REMINDER_AFTER = timedelta(hours=3)
SECOND_REMINDER_AT_LEAST = timedelta(hours=2)


def _at(day: datetime, clock: time, zone: tzinfo) -> datetime:
    # Built from the local date and wall-clock time, so a DST change in between is harmless.
    return datetime.combine(day.date(), clock, tzinfo=zone)


def within_waking_hours(moment: datetime, zone: tzinfo) -> datetime:
    """`moment`, moved forward to 09:00 if it falls before 09:00 or after 20:00 local time."""
    local = moment.astimezone(zone)
    if local.time() < WAKING_START:
        return _at(local, WAKING_START, zone)
    if local.time() > WAKING_END:
        return _at(local + timedelta(days=1), WAKING_START, zone)
    return local


def second_reminder_at(due_at: datetime, zone: tzinfo) -> datetime | None:
    """A few hours after the first reminder, but not after the patient's evening; none when
    the evening leaves too little time for it to be a second chance rather than a repeat."""
    local = due_at.astimezone(zone)
    candidate = min(local + SECOND_REMINDER_AFTER, _at(local, WAKING_END, zone))
    return candidate if candidate - local >= SECOND_REMINDER_AT_LEAST else None


def end_of_day(due_at: datetime, zone: tzinfo) -> datetime:
    """Midnight after the due time, local: unanswered by then, the check-in is missed."""
    local = due_at.astimezone(zone)
    return _at(local + timedelta(days=1), time(0, 0), zone)
