"""Zorgwekkend settings: one module, every deployment difference read from the environment."""

from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from zorgwekkend.env import (
    env_bool,
    env_database,
    env_group,
    env_int,
    env_json,
    env_list,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# Off unless asked for: a forgotten variable must never mean debug pages in production.
DEBUG = env_bool("DJANGO_DEBUG", False)
# Only the local demo may run without a secret of its own; production must set one.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key" if DEBUG else None)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "zorgwekkend.apps.ZorgwekkendAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "guardian",
    "simple_history",
    "django_fsm",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "accounts",
    "audit",
    "cases",
    "escalation",
    "overleg",
    "incidents",
    "training",
    "network",
    "directory",
    "programme",
    "retention",
    "subject_access",
    "demo",
    "loadgen",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.MfaRequiredMiddleware",
    "accounts.middleware.WorkCountsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "zorgwekkend.headers.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.middleware.DomainErrorMiddleware",
    "core.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "zorgwekkend.urls"
WSGI_APPLICATION = "zorgwekkend.wsgi.application"
ASGI_APPLICATION = "zorgwekkend.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `{% field %}` in every template without a `{% load %}` (core/form_field_tag.py).
            "builtins": ["core.form_field_tag"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zorgwekkend.navigation.navigation",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No request or task waits long for a row lock, and a transaction left open and idle (a
    # stuck process, a debugger) is ended by the server instead of holding its locks — among
    # them the access log's chain head, which every read of case data takes. 0 turns one off.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c lock_timeout={env_int('DATABASE_LOCK_TIMEOUT_SECONDS', 5, minimum=0)}s "
        "-c idle_in_transaction_session_timeout="
        f"{env_int('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS', 60, minimum=0)}s"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.StaffBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Guardian: no anonymous user object; anonymous visitors hold no object permission at all.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# Brute-force protection: lock the account-and-address pair after repeated failures.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True


LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Uploaded case files, generated reports and directory uploads live outside every web root and
# are only served by a checked, logged view: in a local folder for one web node, or in a private
# S3-compatible bucket (MinIO) that every node shares. Set all of bucket and keys, or none.
PRIVATE_FILES_ROOT = Path(env_str("ZW_PRIVATE_FILES_ROOT", str(BASE_DIR / "var" / "private")))
_s3 = env_group(
    {
        "bucket_name": "ZW_S3_BUCKET",
        "access_key": "ZW_S3_ACCESS_KEY_ID",
        "secret_key": "ZW_S3_SECRET_ACCESS_KEY",
    },
    optional={"endpoint_url": "ZW_S3_ENDPOINT_URL", "region_name": "ZW_S3_REGION"},
)
if _s3.get("endpoint_url"):
    _s3["endpoint_url"] = env_url("ZW_S3_ENDPOINT_URL", None)
    _s3["addressing_style"] = "path"  # MinIO and other self-hosted stores: no bucket subdomains
PRIVATE_STORAGE = (
    {"BACKEND": "core.s3.PrivateS3Storage", "OPTIONS": _s3}
    if _s3
    else {
        "BACKEND": "core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_FILES_ROOT, "base_url": None},
    }
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# The cache keeps computed aggregates (the trends page) for a while. Production points it at
# Redis, shared by every worker; without it each process keeps its own copy in memory.
ZW_CACHE_URL = env_str("ZW_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": ZW_CACHE_URL}
        if ZW_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
    # Keys carry the database's name, so two instances sharing one Redis database (staging and
    # production, say) never read each other's figures.
    | {"KEY_PREFIX": f"zw-{Path(str(DATABASES['default']['NAME'])).name}"}
}
# Celery: with no broker configured, tasks run eagerly in the web process (the local demo).
CELERY_TASK_ALWAYS_EAGER = not env_str("CELERY_BROKER_URL", "")
# Eager tasks need no broker; naming the in-memory one keeps kombu from guessing a host.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "") or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
# Nobody reads a task's result: no result backend, nothing stored, nothing to wait for.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Scheduled jobs (run by `celery beat`); each task is thin and safe to run twice.
CELERY_BEAT_SCHEDULE = {
    "network-remind-lapsing-agreements": {
        "task": "network.tasks.remind_lapsing_agreements",
        "schedule": crontab(hour=7, minute=0),
    },
    # The outbox (accounts/outbox.py): what the fast path after a commit could not hand to the
    # broker goes now; a run the broker kept too long is dropped, the next one comes.
    "accounts-relay-outbox": {
        "task": "accounts.tasks.relay_outbox",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
    "accounts-prune-outbox": {
        "task": "accounts.tasks.prune_outbox",
        "schedule": crontab(hour=3, minute=40),
    },
}
# A row handed to the broker but not done after this long is handed over again.
ZW_OUTBOX_REDELIVER_MINUTES = env_int("ZW_OUTBOX_REDELIVER_MINUTES", 10, minimum=1)
# /healthz reports the outbox "behind" (still a 200) when the oldest row not yet done has
# waited longer than this.
ZW_OUTBOX_ALERT_SECONDS = env_int("ZW_OUTBOX_ALERT_SECONDS", 300, minimum=1)

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "zorgwekkend@localhost")
# The address that e-mails link back to; notifications carry only a link, never case content.
SITE_URL = env_str("ZW_SITE_URL", "http://127.0.0.1:8000")

# Sessions (database backend): signed out after 15 minutes without activity and 12 hours after
# signing in (accounts.middleware.SessionLimitsMiddleware); HTTP-only cookies, secure transport
# whenever DEBUG is off.
SESSION_ENGINE = "django.contrib.sessions.backends.db"  # accounts.sessions.end_sessions_of
ZW_SESSION_IDLE_MINUTES = env_int("ZW_SESSION_IDLE_MINUTES", 15, minimum=1)
ZW_SESSION_ABSOLUTE_HOURS = env_int("ZW_SESSION_ABSOLUTE_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = ZW_SESSION_ABSOLUTE_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe speaks plain HTTP
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
if env_bool("DJANGO_BEHIND_TLS_PROXY", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Browser features the product never uses, off for every page (zorgwekkend/headers.py).
ZW_PERMISSIONS_POLICY = dict.fromkeys(
    ["accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone"]
    + ["payment", "usb"],
    [],
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # Axes reports every sign-in at INFO; failures and lockouts still come through.
    "loggers": {"axes": {"level": "WARNING"}},
}
if CELERY_TASK_ALWAYS_EAGER:
    # Tasks run in this process (the local demo): a line per task that succeeded, one per
    # e-mail, would bury what matters. A worker keeps them in its own log.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
CSRF_FAILURE_VIEW = "zorgwekkend.views.csrf_failure"
AXES_VERBOSE = False

# History reasons are what people typed ("why"), often longer than a line: no length limit.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The local demo (debug on) may load accounts whose password is "demo"; production never.
ZW_LOCAL_DEMO = DEBUG

# Two-step sign-in (TOTP) for every role with case data (accounts/mfa.py): on in production,
# off in the local demo unless asked for.
ZW_MFA_REQUIRED = env_bool("ZW_MFA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = env_str("ZW_MFA_ISSUER", "Zorgwekkend")
# Approving a disclosure, exporting case data or changing a case team needs a fresh proof.
ZW_REAUTH_MINUTES = env_int("ZW_REAUTH_MINUTES", 5, minimum=1)
# Wrong confirmations in one session before it ends (not counted towards the sign-in lockout,
# so someone at an unlocked workstation cannot lock its owner out).
ZW_REAUTH_ATTEMPTS = env_int("ZW_REAUTH_ATTEMPTS", 3, minimum=1)

# Single sign-on with OpenID Connect (accounts/oidc.py): on when a client id is configured.
ZW_OIDC_ENABLED = bool(env_str("ZW_OIDC_CLIENT_ID", ""))
if ZW_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.insert(-1, "accounts.oidc.OidcBackend")
    OIDC_RP_CLIENT_ID = env_str("ZW_OIDC_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("ZW_OIDC_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("ZW_OIDC_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("ZW_OIDC_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("ZW_OIDC_USERINFO_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("ZW_OIDC_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env_str("ZW_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("ZW_OIDC_SCOPES", "openid email profile")
OIDC_CREATE_USER = env_bool("ZW_OIDC_CREATE_USERS", False)
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
# Which claim holds unit codes and which holds roles (empty: roles are not taken from sign-on);
# role names map to role codes as JSON, e.g. ZW_OIDC_ROLE_NAMES='{"SLB-er": "counsellor"}'.
ZW_OIDC_UNIT_CLAIM = env_str("ZW_OIDC_UNIT_CLAIM", "")
ZW_OIDC_ROLE_CLAIM = env_str("ZW_OIDC_ROLE_CLAIM", "")
ZW_OIDC_ROLE_NAMES = env_json("ZW_OIDC_ROLE_NAMES", {})
# Case roles (and units that widen them) from the claims wait for a second person, unless the
# institution makes its identity provider an approving source; each grant then says so.
ZW_OIDC_APPROVES_ROLES = env_bool("ZW_OIDC_APPROVES_ROLES", False)

# Access log: the privacy officer's daily signals of unusual access (audit/anomalies.py).
ZW_ANOMALY_CASES_PER_DAY = env_int("ZW_ANOMALY_CASES_PER_DAY", 30, minimum=1)
ZW_ANOMALY_DENIED_PER_DAY = env_int("ZW_ANOMALY_DENIED_PER_DAY", 3, minimum=1)
# Where the nightly report also appends the access log's anchor (empty: the application log only).
ZW_ACCESS_LOG_ANCHOR_FILE = env_str("ZW_ACCESS_LOG_ANCHOR_FILE", "")
# The access log's sealer (audit/chain.py) links new rows into the hash chain every few seconds;
# with tasks run eagerly (the embedded setup, no beat) it runs right after each commit instead.
ZW_SEAL_INTERVAL_SECONDS = env_int("ZW_SEAL_INTERVAL_SECONDS", 5, minimum=1)
ZW_SEAL_ON_COMMIT = env_bool("ZW_SEAL_ON_COMMIT", CELERY_TASK_ALWAYS_EAGER)
# /healthz reports the sealing "behind" (still a 200), and the nightly report names the rows,
# when a row waits longer than this.
ZW_SEAL_ALERT_SECONDS = env_int("ZW_SEAL_ALERT_SECONDS", 300, minimum=1)
CELERY_BEAT_SCHEDULE["audit-seal-access-log"] = {
    "task": "audit.tasks.seal_access_log",
    "schedule": float(ZW_SEAL_INTERVAL_SECONDS),
    # A run the broker kept too long is dropped: the next one seals the same rows.
    "options": {"expires": max(ZW_SEAL_INTERVAL_SECONDS - 1, 1)},
}
CELERY_BEAT_SCHEDULE["audit-report-access-anomalies"] = {
    "task": "audit.tasks.report_access_anomalies",
    "schedule": crontab(hour=5, minute=45),
}

# Cases
ZW_ATTACHMENT_MAX_BYTES = env_int("ZW_ATTACHMENT_MAX_MB", 10, minimum=1) * 1024 * 1024
ZW_FIRST_REVIEW_DAYS = env_int("ZW_FIRST_REVIEW_DAYS", 14, minimum=1)
ZW_SMALL_COUNT_THRESHOLD = env_int("ZW_SMALL_COUNT_THRESHOLD", 5, minimum=1)  # trends: "<5"
# How long the trends page's figures are kept before they are counted again (0: every view).
ZW_TRENDS_CACHE_SECONDS = env_int("ZW_TRENDS_CACHE_SECONDS", 600, minimum=0)
# With a shared cache (Redis) the first view is counted again a minute before it expires; each
# process's own in-memory cache would keep the worker's count to itself.
if ZW_CACHE_URL and ZW_TRENDS_CACHE_SECONDS >= 120:
    CELERY_BEAT_SCHEDULE["overleg-recount-trends"] = {
        "task": "overleg.tasks.recount_trends",
        "schedule": ZW_TRENDS_CACHE_SECONDS - 60,
    }

# Knowledge and network
# Days before an agreement with a partner ends that its managers get a reminder.
ZW_AGREEMENT_REMINDER_DAYS = env_int("ZW_AGREEMENT_REMINDER_DAYS", 60, minimum=1)

# Escalation ladder
# A weighing framework 1 older than this no longer supports a step up.
ZW_FRAMEWORK1_VALID_DAYS = env_int("ZW_FRAMEWORK1_VALID_DAYS", 30, minimum=1)
# Review period per rung, in days, from the day the case reached that rung.
ZW_REVIEW_DAYS = {
    "support": env_int("ZW_REVIEW_DAYS_SUPPORT", 14, minimum=1),
    "care_meeting": env_int("ZW_REVIEW_DAYS_CARE_MEETING", 28, minimum=1),
    "board": env_int("ZW_REVIEW_DAYS_BOARD", 7, minimum=1),
}
# Acute risk: the board decides on the acute disclosure within this time; reminders until then.
ZW_ACUTE_DECISION_MINUTES = env_int("ZW_ACUTE_DECISION_MINUTES", 60, minimum=5)
ZW_ACUTE_REMINDER_MINUTES = env_int("ZW_ACUTE_REMINDER_MINUTES", 15, minimum=5)
CELERY_BEAT_SCHEDULE["escalation-flag-overdue-reviews"] = {
    "task": "escalation.tasks.flag_overdue_reviews",
    "schedule": crontab(hour=6, minute=30),
}
CELERY_BEAT_SCHEDULE["escalation-remind-acute-disclosures"] = {
    "task": "escalation.tasks.remind_acute_disclosures",
    "schedule": crontab(minute="*/5"),
}

# Training
# Whether case roles need a valid action-perspective certificate: off, warn (shown on the assign
# page, allowed) or enforce (a counsellor without one cannot become handler).
ZW_CASE_ROLE_CERTIFICATE = env_str("ZW_CASE_ROLE_CERTIFICATE", "off").strip().lower()
if ZW_CASE_ROLE_CERTIFICATE not in {"off", "warn", "enforce"}:
    raise ValueError(
        f"ZW_CASE_ROLE_CERTIFICATE={ZW_CASE_ROLE_CERTIFICATE!r}: use off, warn or enforce."
    )
# Days before a certificate lapses that its holder gets a reminder.
ZW_CERTIFICATE_REMINDER_DAYS = env_int("ZW_CERTIFICATE_REMINDER_DAYS", 30, minimum=1)
# Hours before a session starts that the enrolled get a reminder ("two days before").
ZW_SESSION_REMINDER_HOURS = env_int("ZW_SESSION_REMINDER_HOURS", 48, minimum=1)
CELERY_BEAT_SCHEDULE["training-remind-upcoming-sessions"] = {
    "task": "training.tasks.remind_upcoming_sessions",
    "schedule": crontab(minute=15),
}
CELERY_BEAT_SCHEDULE["training-remind-expiring-certificates"] = {
    "task": "training.tasks.remind_expiring_certificates",
    "schedule": crontab(hour=7, minute=15),
}
CELERY_BEAT_SCHEDULE["incidents-remind-overdue-actions"] = {
    "task": "incidents.tasks.remind_overdue_improvement_actions",
    "schedule": crontab(hour=7, minute=30),
}

# Directory import (students, units and staff from CSV exports)
ZW_IMPORT_MAX_BYTES = env_int("ZW_IMPORT_MAX_MB", 50, minimum=1) * 1024 * 1024
# Extra CSV header names per field, and source role names per role code, as JSON; checked at
# start-up. E.g. ZW_IMPORT_COLUMN_ALIASES='{"student_number": ["stud_nr"]}' and
# ZW_IMPORT_ROLE_NAMES='{"SLB-er": "counsellor", "Decaan": "counsellor"}'.
ZW_IMPORT_COLUMN_ALIASES = env_str("ZW_IMPORT_COLUMN_ALIASES", "{}")
ZW_IMPORT_ROLE_NAMES = env_str("ZW_IMPORT_ROLE_NAMES", "{}")
# Four eyes on roles: a case role from the staff export is a request a second person approves,
# unless the institution makes its scheduled import (run as the system user) the approving source;
# each grant then says so. A file uploaded by hand is never approving.
ZW_IMPORT_APPROVES_ROLES = env_bool("ZW_IMPORT_APPROVES_ROLES", False)
CELERY_BEAT_SCHEDULE["directory-discard-stale-uploads"] = {
    "task": "directory.tasks.discard_stale_uploads",
    "schedule": crontab(hour=3, minute=15),
}

# Care meetings: publishing an agenda gives invitees pseudonymised access to its cases until this
# many days after the meeting.
ZW_MEETING_ACCESS_DAYS = env_int("ZW_MEETING_ACCESS_DAYS", 7, minimum=0)
# At most this many cases per reason (care-meeting rung, acute, overdue review) on a proposal.
ZW_MEETING_PROPOSALS_PER_SOURCE = env_int("ZW_MEETING_PROPOSALS_PER_SOURCE", 25, minimum=1)
CELERY_BEAT_SCHEDULE["overleg-end-expired-access"] = {
    "task": "overleg.tasks.end_expired_access",
    "schedule": crontab(minute=5),
}
CELERY_BEAT_SCHEDULE["overleg-remind-overdue-actions"] = {
    "task": "overleg.tasks.remind_overdue_actions",
    "schedule": crontab(hour=7, minute=30),
}

# Retention (retention/policy.py): years a closed case is kept; a report that led to nothing is
# kept shorter. Rules per concern category (in /beheer/) replace these defaults.
ZW_RETENTION_YEARS = env_int("ZW_RETENTION_YEARS", 5, minimum=1)
ZW_RETENTION_YEARS_NOTHING = env_int("ZW_RETENTION_YEARS_NOTHING", 1, minimum=1)
CELERY_BEAT_SCHEDULE["retention-apply"] = {
    "task": "retention.tasks.apply_retention_policy",
    "schedule": crontab(hour=2, minute=30),
}
CELERY_BEAT_SCHEDULE["programme-quarterly-report"] = {
    "task": "programme.tasks.produce_quarterly_report",
    "schedule": crontab(minute=0, hour=6, day_of_month=1, month_of_year="1,4,7,10"),
}
