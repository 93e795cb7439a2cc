"""Local development and `make run`: a fixed non-secret key if none is given; debug only on request.

DEBUG is opt-in (DJANGO_DEBUG=true): a newcomer who mistypes a URL meets the Indonesian 404 page, not
Django's English debug page listing every URL pattern (issue 17 point 7)."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = SECRET_KEY or "insecure-local-only-key-do-not-use-in-production"
# Serve static files straight from the source folders (no collectstatic needed), also with DEBUG off.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
