"""The personal calendar feed and its secret, revocable address."""

from django.db import IntegrityError, transaction

from core.history import save_with_history
from training.models import (
    CalendarFeed,
    new_feed_token,
)
from training.services.base import Reason, TrainingActionRefused


def calendar_feed_for(user):
    """The person's calendar feed, made on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is not None:
        return feed
    feed = CalendarFeed(user=user)
    try:
        with transaction.atomic():
            save_with_history(feed, acting_user=user, reason=Reason.FEED_CREATED)
    except IntegrityError:  # made a moment ago in another tab
        return CalendarFeed.objects.get(user=user)
    return feed


def reset_calendar_feed(user, *, acting_user):
    """A new secret address; the old one stops working at once."""
    TrainingActionRefused.unless(acting_user == user)
    with transaction.atomic():
        feed = calendar_feed_for(user)
        feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
        feed.token = new_feed_token()
        save_with_history(feed, acting_user=acting_user, reason=Reason.FEED_RESET)
    return feed
