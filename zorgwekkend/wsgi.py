import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgwekkend.settings")
application = get_wsgi_application()

# The outbox's fast path must not wait for the broker's client library to load in a request.
from accounts.outbox import load_broker_client  # noqa: E402  (needs the application set up)

load_broker_client()
