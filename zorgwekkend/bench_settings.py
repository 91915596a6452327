"""Settings for the benchmark only (`bench/run.py` selects them with DJANGO_SETTINGS_MODULE).

Production settings plus two things production never has: the URL conf with a case-model
admin changelist (the familiar baseline the issue compares with) and a middleware that counts
the queries of each request into a response header. Everything else — DEBUG off, the database,
sessions, security middleware — is what production runs.
"""

from zorgwekkend.settings import *  # noqa: F403  the production settings, unchanged
from zorgwekkend.settings import MIDDLEWARE

ROOT_URLCONF = "zorgwekkend.bench_urls"
MIDDLEWARE = ["bench.middleware.count_queries", *MIDDLEWARE]
