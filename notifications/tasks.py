"""Thin Celery tasks: take ids, call a service, return early if the row is gone."""

import random

from celery import Task, shared_task
from django.utils import timezone

from .alerts import escalation_alert, escalations_chase_overdue
from .channels import TransientError
from .services import checkin_remind, checkins_dispatch

MAX_SEND_RETRIES = 6


def backoff_seconds(retries: int) -> int:
    """30 s, 1 min, 2 min … capped at an hour, with jitter so retries do not arrive together."""
    return min(30 * 2**retries, 3600) + random.randint(0, 15)  # noqa: S311 - not security


@shared_task
def dispatch_due_checkins() -> int:
    claimed = checkins_dispatch(now=timezone.now())
    for checkin_id, step in claimed:
        send_checkin_reminder.delay(checkin_id, step)
    return len(claimed)


@shared_task(bind=True, max_retries=MAX_SEND_RETRIES)
def send_checkin_reminder(self: Task, checkin_id: int, step: int) -> None:
    final = self.request.retries >= MAX_SEND_RETRIES
    try:
        checkin_remind(checkin_id=checkin_id, step=step, final_attempt=final)
    except TransientError as error:
        raise self.retry(exc=error, countdown=backoff_seconds(self.request.retries)) from error


@shared_task(bind=True, max_retries=MAX_SEND_RETRIES)
def alert_escalation(self: Task, escalation_id: int, step: int) -> None:
    final = self.request.retries >= MAX_SEND_RETRIES
    try:
        escalation_alert(escalation_id=escalation_id, step=step, final_attempt=final)
    except TransientError as error:
        raise self.retry(exc=error, countdown=backoff_seconds(self.request.retries)) from error


@shared_task
def chase_overdue_escalations() -> int:
    chased = escalations_chase_overdue(now=timezone.now())
    for escalation_id, step in chased:
        alert_escalation.delay(escalation_id, step)
    return len(chased)
