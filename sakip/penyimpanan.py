"""The object store behind `SAKIP_PENYIMPANAN=s3` (sakip/settings/base.py; docs/ARCHITECTURE.md "Files and shared
storage"): django-storages' S3 backend, so that evidence and generated reports written on one host (a web
process, any Celery worker) are read on every other one.

Files are private: objects are written with the `private` ACL (or none, on a bucket whose ACLs are disabled),
and no URL into the store ever leaves the app. Every download is streamed by an access-checked view
(perangkat_daerah/unduhan.py), so `url()` gives what the filesystem storage gives, a link under MEDIA_URL that
nothing serves, never a bucket URL nor a signed one that would bypass the access check."""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PenyimpananObjek(S3Storage):
    """S3-compatible storage that never hands out a URL into the bucket."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL or "/", filepath_to_uri(name).lstrip("/"))
