"""Waking hours on the patient's own clock, across DST changes (no database)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from notifications.schedule import end_of_day, second_reminder_at, within_waking_hours

CPH = ZoneInfo("Europe/Copenhagen")
IST = ZoneInfo("Europe/Istanbul")


def test_it_keeps_a_time_inside_waking_hours():
    moment = datetime(2026, 11, 22, 11, 0, tzinfo=IST)  # 09:00 in Copenhagen
    assert within_waking_hours(moment, CPH) == datetime(2026, 11, 22, 9, 0, tzinfo=CPH)


def test_it_moves_an_early_morning_to_nine():
    moment = datetime(2026, 11, 22, 8, 0, tzinfo=IST)  # 06:00 in Copenhagen
    assert within_waking_hours(moment, CPH) == datetime(2026, 11, 22, 9, 0, tzinfo=CPH)


def test_it_moves_a_late_evening_to_nine_next_morning():
    moment = datetime(2026, 11, 22, 22, 30, tzinfo=IST)  # 20:30 in Copenhagen
    assert within_waking_hours(moment, CPH) == datetime(2026, 11, 23, 9, 0, tzinfo=CPH)


def test_it_follows_the_patients_clock_not_the_clinics():
    moment = datetime(2026, 11, 22, 21, 30, tzinfo=IST)  # 21:30 in Istanbul, 19:30 in Copenhagen
    assert within_waking_hours(moment, CPH).hour == 19


def test_it_is_nine_local_on_both_sides_of_a_dst_change():
    before = within_waking_hours(datetime(2026, 10, 24, 4, 0, tzinfo=UTC), CPH)
    after = within_waking_hours(datetime(2026, 10, 26, 4, 0, tzinfo=UTC), CPH)
    assert (before.hour, after.hour) == (9, 9)
    assert before.utcoffset() != after.utcoffset()
    assert after.astimezone(UTC).hour == 8  # CET after the change


def test_it_handles_the_night_the_clocks_go_forward():
    moment = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST, just after the gap
    assert within_waking_hours(moment, CPH) == datetime(2026, 3, 29, 9, 0, tzinfo=CPH)


def test_it_reminds_again_three_hours_later_but_not_after_eight_pm():
    assert second_reminder_at(datetime(2026, 11, 22, 9, 0, tzinfo=CPH), CPH) == datetime(
        2026, 11, 22, 12, 0, tzinfo=CPH
    )
    assert second_reminder_at(datetime(2026, 11, 22, 18, 0, tzinfo=CPH), CPH) == datetime(
        2026, 11, 22, 20, 0, tzinfo=CPH
    )
    assert second_reminder_at(datetime(2026, 11, 22, 18, 30, tzinfo=CPH), CPH) is None
    assert second_reminder_at(datetime(2026, 11, 22, 20, 0, tzinfo=CPH), CPH) is None


def test_it_marks_missed_at_the_patients_midnight():
    due = datetime(2026, 11, 22, 19, 0, tzinfo=CPH)
    assert end_of_day(due, CPH) == datetime(2026, 11, 23, 0, 0, tzinfo=CPH)
