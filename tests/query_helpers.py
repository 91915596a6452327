"""Measuring a page's own queries.

The navigation's task counts are kept per person for half a minute (`accounts.work`): the first
page after a change counts them, the next ones read them from the cache. A page measured for how
its queries grow with its rows is measured with the counts kept; what the counts themselves cost
is measured on the home page (tests/test_work_queue.py)."""

from django.contrib.auth import get_user
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.work import counts_by_section


def keep_navigation_counts(client):
    """Count the signed-in person's tasks now, as their previous page would have."""
    counts_by_section(get_user(client))


def queries_of(client, url):
    """The queries of one GET of `url`, with the navigation counts kept."""
    keep_navigation_counts(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
