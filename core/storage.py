"""Where private files live: uploaded case files and generated reports, outside every web root,
served only through the permission-checked, logged views."""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
