"""The private store as an S3-compatible bucket that every web node shares (MinIO, say). Imported
only when `ZW_S3_BUCKET` is set, so a single node never loads the S3 client."""

from storages.backends.s3 import S3Storage

from core.storage import NoUrls

# Whatever the settings say: objects are written private and never overwritten (two periodic
# reports of one period keep both files), and any address the library might make is signed,
# short-lived and on the store itself, never on a public domain.
_SAFE = {
    "default_acl": "private",
    "querystring_auth": True,
    "querystring_expire": 60,
    "custom_domain": None,
    "file_overwrite": False,
}


class PrivateS3Storage(NoUrls, S3Storage):
    """A private bucket; the checked views read from it and stream what they read."""

    def __init__(self, **settings):
        # Reading an object spools it to a temporary file past 1 MB instead of keeping it all
        # in memory.
        super().__init__(**{"max_memory_size": 1024 * 1024, **settings, **_SAFE})
