"""Local development and `make run`: debug on, a fixed non-secret key if none is given."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "insecure-local-only-key-do-not-use-in-production"
# Serve static files straight from the source folders (no collectstatic needed), also with DEBUG off.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
