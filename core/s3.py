"""The private store as an S3-compatible bucket that every web node shares (MinIO, say). Imported
only when `ZW_S3_BUCKET` is set, so a single node never loads the S3 client."""

from botocore.exceptions import ClientError
from django.core.files import File
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

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
        super().__init__(**{"max_memory_size": 1024 * 1024, **settings, **_SAFE})

    def _open(self, name, mode="rb"):
        """Reading hands out the object's body as it arrives from the store, so a download
        starts at once and no web node holds a whole file in memory or on disk."""
        if mode != "rb":
            return super()._open(name, mode)
        key = self._normalize_name(clean_name(name))
        try:
            body = self.bucket.Object(key).get()["Body"]
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(f"No object {key} in the private store.") from None
            raise
        return File(body, name)
