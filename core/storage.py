"""Where private files live: uploaded case files, generated reports and directory uploads, outside
every web root, served only through the permission-checked, logged views.

One web node keeps them in a local folder (the default); several nodes share an S3-compatible
bucket (MinIO, say: `ZW_S3_*` in settings, `core/s3.py`). Either way the store is private: no
URL to a file is ever made, so nothing reaches a browser but what a view streams after its
checks."""

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class NoUrls:
    def url(self, name, *args, **kwargs):
        raise NotImplementedError(
            "Private files have no URL; serve them through their checked, logged view."
        )


class PrivateFileSystemStorage(NoUrls, FileSystemStorage):
    """A local folder outside every web root: the embedded default, for one web node."""


class _PrivateStorage(LazyObject):
    """The storage configured as "private" in STORAGES, looked up when first used (and again
    after the setting changes, as Django does for its default storage), so file fields, the
    retention job and the directory import always write to the same place."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def private_storage():
    return _private


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty
