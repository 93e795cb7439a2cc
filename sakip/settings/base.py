"""Settings shared by every run mode. Every value that differs between machines comes from the environment.

With nothing set, the app runs embedded: SQLite under var/ and a Celery broker on kombu's filesystem
transport (no server). DATABASE_URL and CELERY_BROKER_URL switch to PostgreSQL and Redis; the code is the same.
"""

from __future__ import annotations

import datetime
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SAKIP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # embedded SQLite and the filesystem broker live here

_TRUE = {"1", "true", "yes", "on", "ya"}
_FALSE = {"0", "false", "no", "off", "tidak", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean strictly: anything but the known words is a configuration error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false).")


def env_int(name: str, default: int) -> int:
    """Read an integer, refusing anything that is not one."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "perangkat_daerah",
    "nomenklatur",
    "kinerja",
    "evaluasi",
    "laporan",
    "dasbor",
    "notifikasi",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "perangkat_daerah.middleware.SesiAbsolutMiddleware",
    "perangkat_daerah.middleware.TahunMiddleware",
    "perangkat_daerah.middleware.KebijakanKontenMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "sakip.urls"
WSGI_APPLICATION = "sakip.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "perangkat_daerah.context_processors.sakip",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded mode serves several threads and a worker at once: WAL lets readers and a writer work
    # together, and IMMEDIATE transactions take the write lock up front instead of failing at upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Always Indonesian (no LocaleMiddleware): an English browser still sees "31 Desember 2024" and 69,04.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploads live outside the web root and are served only through views that check access.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# Files (evidence, generated reports; docs/ARCHITECTURE.md "Files and shared storage"): where every web and
# worker host reads and writes them, always through Django's storage (never a path). `lokal` (default):
# MEDIA_ROOT, for one host or a folder that every host mounts. `s3`: an S3-compatible object store (MinIO,
# AWS S3, ...) that every host reaches, with the SAKIP_S3_* values below. Either way a file leaves only through
# an access-checked view that streams it: objects are private and no store URL is ever handed out
# (sakip/penyimpanan.py, perangkat_daerah/unduhan.py).
SAKIP_PENYIMPANAN = os.environ.get("SAKIP_PENYIMPANAN", "lokal").strip().lower() or "lokal"
if SAKIP_PENYIMPANAN not in {"lokal", "s3"}:
    raise ImproperlyConfigured(f"SAKIP_PENYIMPANAN={SAKIP_PENYIMPANAN!r} is not one of lokal, s3.")
if SAKIP_PENYIMPANAN == "s3":
    _S3_ENDPOINT = os.environ.get("SAKIP_S3_ENDPOINT", "").strip()  # empty: AWS S3 itself
    if _S3_ENDPOINT and not _S3_ENDPOINT.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"SAKIP_S3_ENDPOINT={_S3_ENDPOINT!r} must be an http:// or https:// URL.")
    _S3_BUCKET = os.environ.get("SAKIP_S3_BUCKET", "").strip()
    if not _S3_BUCKET:
        raise ImproperlyConfigured("SAKIP_S3_BUCKET must be set when SAKIP_PENYIMPANAN=s3.")
    _S3_KUNCI = os.environ.get("SAKIP_S3_ACCESS_KEY", "").strip()
    _S3_RAHASIA = os.environ.get("SAKIP_S3_SECRET_KEY", "").strip()
    if bool(_S3_KUNCI) != bool(_S3_RAHASIA):  # neither: boto3's own chain (instance role, ~/.aws)
        raise ImproperlyConfigured("SAKIP_S3_ACCESS_KEY and SAKIP_S3_SECRET_KEY are set together or not at all.")
    _S3_GAYA = os.environ.get("SAKIP_S3_GAYA_ALAMAT", "path").strip().lower()
    if _S3_GAYA not in {"path", "virtual", "auto"}:
        raise ImproperlyConfigured(f"SAKIP_S3_GAYA_ALAMAT={_S3_GAYA!r} is not one of path, virtual, auto.")
    _S3_ACL = os.environ.get("SAKIP_S3_ACL", "private").strip()
    if _S3_ACL not in {"private", ""}:  # empty: send none (an AWS bucket whose ACLs are disabled is private)
        raise ImproperlyConfigured(f"SAKIP_S3_ACL={_S3_ACL!r} must be private or empty: files are never public.")
    _PENYIMPANAN_UTAMA = {
        "BACKEND": "sakip.penyimpanan.PenyimpananObjek",
        "OPTIONS": {
            "bucket_name": _S3_BUCKET,
            "endpoint_url": _S3_ENDPOINT or None,
            "access_key": _S3_KUNCI or None,
            "secret_key": _S3_RAHASIA or None,
            "region_name": os.environ.get("SAKIP_S3_REGION", "").strip() or "us-east-1",
            "addressing_style": _S3_GAYA,
            "signature_version": "s3v4",
            "location": os.environ.get("SAKIP_S3_AWALAN", "").strip().strip("/"),  # a key prefix in a shared bucket
            "default_acl": _S3_ACL or None,
            "querystring_auth": False,  # the app streams every download: no signed URL is ever made
            "file_overwrite": False,  # a name already taken gets a new one, as on the filesystem
            "max_memory_size": env_int("SAKIP_S3_MEMORI_MAKS", 8 * 2**20),  # a larger download spools to disk
        },
    }
else:
    _PENYIMPANAN_UTAMA = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _PENYIMPANAN_UTAMA,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "/masuk/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/masuk/"

# Idle expiry: the session is re-saved (and its expiry pushed back) at most once a minute by
# perangkat_daerah.middleware.SesiAbsolutMiddleware, not on every request, so a page costs no session write.
SESSION_COOKIE_AGE = env_int("SAKIP_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SAKIP_SESSION_PERBARUI_DETIK = env_int("SAKIP_SESSION_PERBARUI_DETIK", 60)
SESSION_ABSOLUTE_SECONDS = env_int("SAKIP_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Cache: per process by default; SAKIP_CACHE_URL=redis://… shares it between web workers (sessions, the
# dashboards' content cache, API throttling). The per-process cache holds up to 5.000 entries, not Django's 300:
# the city tree page keeps one summary per PD branch, role and filter (kinerja/selectors/pohon_kota_cabang.py),
# about 80 entries a page, which 300 entries evicted after a few pages (each then rebuilt whole).
_CACHE_URL = os.environ.get("SAKIP_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
        if _CACHE_URL.startswith(("redis://", "rediss://"))
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "sakip",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["sakip.api.SaringanKetat"],
    "DEFAULT_PAGINATION_CLASS": "sakip.api.Halaman",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "sakip.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "sakip.skema.SkemaSakip",
}

# Costly actions (report requests, Excel imports): one limit per user and one per pemda, shared by the pages
# and the API (perangkat_daerah/pembatas.py, counters in the cache). "<n>/<second|minute|hour|day>".
SAKIP_BATAS_LAJU = {
    "laporan": os.environ.get("SAKIP_BATAS_LAPORAN", "60/hour"),
    "laporan_pemda": os.environ.get("SAKIP_BATAS_LAPORAN_PEMDA", "300/hour"),
    "impor": os.environ.get("SAKIP_BATAS_IMPOR", "30/hour"),
    "impor_pemda": os.environ.get("SAKIP_BATAS_IMPOR_PEMDA", "150/hour"),
}
# Fair report queue: at most this many jobs of one pemda wait in the worker queue at a time; the rest wait in
# the database and are sent as that pemda's jobs finish, so one pemda's batch cannot starve the others.
SAKIP_LAPORAN_ANTRE_PER_PEMDA = env_int("SAKIP_LAPORAN_ANTRE_PER_PEMDA", 4)
# A group's report batch (laporan/batch_grup.py): reports per Celery task (one chunk).
SAKIP_LAPORAN_GRUP_PER_TUGAS = env_int("SAKIP_LAPORAN_GRUP_PER_TUGAS", 5)

SPECTACULAR_SETTINGS = {
    "TITLE": "SAKIP Kota API",
    "DESCRIPTION": "API SAKIP Kota. Semua data dibatasi oleh peran dan perangkat daerah pengguna.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sakip.api.dokumentasi_hak",
    ],
    "ENUM_NAME_OVERRIDES": {
        "JenisPemdaEnum": "perangkat_daerah.models.Pemda.Jenis",
        "JenisPerangkatDaerahEnum": "perangkat_daerah.models.PerangkatDaerah.Jenis",
        "JenisSubKomponenEnum": "evaluasi.models.SubKomponen.Jenis",
        "JenisEvaluasiEnum": "evaluasi.models.Evaluasi.Jenis",
        "EvaluasiStatusEnum": "evaluasi.models.Evaluasi.Status",
        "JenisLaporanEnum": "laporan.models.Laporan.Jenis",
        # one workflow (kinerja/services/alur.py): a quarter's realisation and an action plan's month share it
        "StatusAlurEnum": "kinerja.models.Realisasi.Status",
    },
}

# Login lockout (django-axes): 5 failures lock the pair (username, client address) for 15 minutes, so
# nobody can lock the wali kota out from their own address (issue 11 point 16). A flat list in axes means
# "either one"; the nested list means "both together".
# Behind a TLS proxy set SAKIP_PROXY_COUNT (the number of proxies, which must each append the address to
# X-Forwarded-For); otherwise every user has the proxy's address and the pair locks the username everywhere.
AXES_FAILURE_LIMIT = env_int("SAKIP_LOGIN_GAGAL_MAKS", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SAKIP_LOGIN_JEDA_MENIT", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
SAKIP_PROXY_COUNT = env_int("SAKIP_PROXY_COUNT", 0)
if SAKIP_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"SAKIP_PROXY_COUNT={SAKIP_PROXY_COUNT} tidak boleh negatif.")
AXES_CLIENT_IP_CALLABLE = "sakip.lib.alamat.alamat_klien"
# DRF's throttles (anonymous API clients) read the client address the same way: only behind the proxies.
REST_FRAMEWORK["NUM_PROXIES"] = SAKIP_PROXY_COUNT or None
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "perangkat_daerah/terkunci.html"
AXES_VERBOSE = False

# Content-Security-Policy: self only; the vendored JS and CSS work under it.
SAKIP_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Celery: with no broker configured, kombu's filesystem transport under var/ needs no server.
# "localhost": the transport ignores it, and without a host kombu logged "No hostname was supplied" into make run's
# terminal whenever beat or the worker opened a connection, after the summary that should end it
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://localhost/")
_BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem"):
    for _sub in ("out", "processed", "control"):
        (_BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(_BROKER_DIR / "out"),
        "data_folder_out": str(_BROKER_DIR / "out"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    # Redis: a worker that consumes several queues takes them in the order of its -Q list (interaktif first),
    # instead of kombu's round robin: a user's report never waits behind a batch's backlog.
    else {"queue_order_strategy": "priority"}
)
# Results are only needed to prove a worker answers (make run, CI); reports store their state in the database.
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or (
    f"file://{VAR_DIR / 'celery-hasil'}" if CELERY_BROKER_URL.startswith("filesystem") else None
)
if CELERY_RESULT_BACKEND and CELERY_RESULT_BACKEND.startswith("file://"):
    Path(CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 20)
# Queues (docs/ARCHITECTURE.md "Batch work and queues"): `interaktif`, a report a user asked for on a page or the
# API (laporan/antrean.py sends a job of a batch to `batch` instead); `batch`, work nobody
# waits for on a page: a year recomputed over many pemda, report batches, beat's sweeps. Every worker command
# (make run's `jalankan`, .ci/run, docker-compose.yml) consumes `interaktif` first, and compose runs a worker
# for it alone, so batch work cannot starve it. `celery`: the rest (ping, webhooks).
ANTREAN_INTERAKTIF, ANTREAN_BATCH = "interaktif", "batch"
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = (
    "laporan.antrean.rute",  # laporan.buat: `interaktif`, or `batch` for a job of a batch
    {
        "laporan.pulihkan_macet": {"queue": ANTREAN_BATCH},
        "notifikasi.harian": {"queue": ANTREAN_BATCH},
        "evaluasi.hitung_ulang_bagian": {"queue": ANTREAN_BATCH},
        "laporan.buat_grup": {"queue": ANTREAN_BATCH},
        "evaluasi.hitung_pulihkan_macet": {"queue": ANTREAN_BATCH},
        "laporan.pulihkan_grup_macet": {"queue": ANTREAN_BATCH},
        "notifikasi.bersihkan": {"queue": ANTREAN_BATCH},
    },
)
# A year's recompute over many pemda (evaluasi/services/hitung.py): pemda per Celery task (one chunk).
SAKIP_HITUNG_PEMDA_PER_TUGAS = env_int("SAKIP_HITUNG_PEMDA_PER_TUGAS", 10)
# A batch with no pemda finished for this long has its waiting chunks sent again (beat: evaluasi.hitung_pulihkan_macet).
SAKIP_HITUNG_MACET_DETIK = env_int("SAKIP_HITUNG_MACET_DETIK", 900)
# A group's report batch with no report finished for this long has its waiting chunks sent again (beat:
# laporan.pulihkan_grup_macet); longer than a report's hard time limit, so one slow report is not taken for lost.
SAKIP_LAPORAN_GRUP_MACET_DETIK = env_int("SAKIP_LAPORAN_GRUP_MACET_DETIK", 900)
# Report rendering limits (seconds): the soft limit fails the job readably, the hard one kills the process.
SAKIP_LAPORAN_BATAS_LUNAK = env_int("SAKIP_LAPORAN_BATAS_LUNAK", 240)
SAKIP_LAPORAN_BATAS_KERAS = env_int("SAKIP_LAPORAN_BATAS_KERAS", 300)
CELERY_BEAT_SCHEDULE = {
    "laporan-pulihkan-macet": {"task": "laporan.pulihkan_macet", "schedule": 300.0},
    "hitung-pulihkan-macet": {"task": "evaluasi.hitung_pulihkan_macet", "schedule": 300.0},
    "laporan-pulihkan-grup-macet": {"task": "laporan.pulihkan_grup_macet", "schedule": 300.0},
    # the sweep of reminders and the e-mail digest (notifikasi/tasks.py): once a day, and at beat's first start
    "notifikasi-harian": {"task": "notifikasi.harian", "schedule": timedelta(days=1)},
    # notifications read longer ago than SAKIP_NOTIFIKASI_SIMPAN_HARI are deleted (notifikasi.services.bersihkan)
    "notifikasi-bersihkan": {"task": "notifikasi.bersihkan", "schedule": timedelta(days=1)},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# E-mail (the daily notification digest): the console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SAKIP Kota <sakip@localhost>")
# The address of this install, for links in e-mails and webhook events (no request to read it from there).
SAKIP_URL_DASAR = os.environ.get("SAKIP_URL_DASAR", "http://127.0.0.1:8000")
# A pemda's webhook never goes to this machine or a link-local address (a cloud's metadata service): a pemda
# administrator must not reach the server's own services through it. A gateway on the pemda's LAN is allowed.
# true only for a gateway running on this very host (and in tests, with their local server).
SAKIP_WEBHOOK_IZINKAN_LOKAL = env_bool("SAKIP_WEBHOOK_IZINKAN_LOKAL", False)
# A webhook to a private network's address (10.x, 192.168.x, 172.16–31.x, fc00::/7: a gateway on the pemda's
# LAN) is refused, when the pemda saves it and at send, unless this is true (notifikasi/webhook.py).
SAKIP_WEBHOOK_IZINKAN_PRIVAT = env_bool("SAKIP_WEBHOOK_IZINKAN_PRIVAT", False)
# Never a flood (notifikasi/services.py): a user told more events of one kind than this in one run (a sweep)
# gets one summary notification of them instead.
SAKIP_NOTIFIKASI_BATAS_SEJENIS = env_int("SAKIP_NOTIFIKASI_BATAS_SEJENIS", 5)
# Read notifications are deleted this many days after they were read (the beat task notifikasi.bersihkan).
SAKIP_NOTIFIKASI_SIMPAN_HARI = env_int("SAKIP_NOTIFIKASI_SIMPAN_HARI", 90)

SAKIP_TARGET_NILAI_KOTA = os.environ.get("SAKIP_TARGET_NILAI_KOTA", "70")
# The years the year selector offers: from SAKIP_TAHUN_PERTAMA up to next year (perangkat_daerah/tahun.py);
# a year outside them is a 404 in a page's path (sakip/konverter.py).
# The demo's "today" (perangkat_daerah.demo.hari_ini_demo), YYYY-MM-DD; empty: the clock. A test session pins the
# day it began (tests/conftest.py), so a run that crosses midnight builds and checks the demo of one day.
SAKIP_DEMO_HARI_INI = os.environ.get("SAKIP_DEMO_HARI_INI", "").strip()
if SAKIP_DEMO_HARI_INI:
    try:
        datetime.date.fromisoformat(SAKIP_DEMO_HARI_INI)
    except ValueError as exc:
        raise ImproperlyConfigured(f"SAKIP_DEMO_HARI_INI={SAKIP_DEMO_HARI_INI!r} is not a date (YYYY-MM-DD).") from exc
SAKIP_TAHUN_PERTAMA = env_int("SAKIP_TAHUN_PERTAMA", 2021)
# The working year before a user chooses one; empty means the current calendar year.
SAKIP_TAHUN_AKTIF = env_int("SAKIP_TAHUN_AKTIF", 0) or None
# How long a dashboard's rendered content is reused (seconds; 0 renders every request). Any write changes
# the data fingerprint, so the cache never shows stale figures; this only bounds memory (dasbor/tembolok.py).
SAKIP_DASBOR_TEMBOLOK_DETIK = env_int("SAKIP_DASBOR_TEMBOLOK_DETIK", 600)
# The pemda (its kode) that /publik/ shows when the install holds several; empty: the only pemda, else a list
# of them linking to /publik/<kode>/ (dasbor/publik.py).
SAKIP_PEMDA_PUBLIK = os.environ.get("SAKIP_PEMDA_PUBLIK", "")
# Data-quality thresholds of realisasi (kinerja/penilaian.py): keys capaian_atas, capaian_bawah and
# kelipatan_tahun_lalu replace kinerja.capaian.AmbangKualitas's defaults; empty keeps the defaults.
SAKIP_AMBANG_KUALITAS: dict[str, str] = {}
# A year's PD internal results become the city's current picture once this share (%) of the active PD
# have a final internal evaluation (100: every PD); before that the year is shown as under way.
SAKIP_EVALUASI_PD_LENGKAP_PERSEN = env_int("SAKIP_EVALUASI_PD_LENGKAP_PERSEN", 100)
if not 1 <= SAKIP_EVALUASI_PD_LENGKAP_PERSEN <= 100:
    raise ImproperlyConfigured("SAKIP_EVALUASI_PD_LENGKAP_PERSEN must be between 1 and 100.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO; only its warnings matter.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}


def require(name: str, value: object) -> None:
    """Refuse to start when a required setting is empty."""
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment.")
