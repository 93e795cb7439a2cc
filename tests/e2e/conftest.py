"""End-to-end journeys in the system Chromium (pytest-playwright), against the app as `make run` starts it:
a real web server and Celery worker on the embedded defaults (SQLite, filesystem broker) with the demo
city, in a private folder. Skipped with the reason where Chromium is missing; under CI=true that fails.

Screenshots: set SAKIP_SCREENSHOT_DIR to a folder and every `foto()` call saves the page there at
1366×768 and 390×844.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import weakref
from pathlib import Path

import pytest

from perangkat_daerah.management.commands.jalankan import siapkan_anak

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SAKIP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
PASSWORD = "sakip-demo"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _wajib_chromium() -> str:
    if CHROMIUM is None:
        pesan = "Chromium tidak ditemukan (apt-get install chromium): tes e2e dilewati."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true tetapi " + pesan)
        pytest.skip(pesan)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """The system Chromium, with no network beyond loopback."""
    return {
        **browser_type_launch_args,
        "executable_path": _wajib_chromium(),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "id-ID",
        "timezone_id": "Asia/Jakarta",
        "viewport": {"width": 1366, "height": 768},
        "accept_downloads": True,
    }


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tunggu_siap(url: str, proses: subprocess.Popen, detik: int = 120) -> None:
    batas = time.monotonic() + detik
    while time.monotonic() < batas:
        if proses.poll() is not None:
            raise RuntimeError(f"Server berhenti dengan kode {proses.returncode}")
        try:
            with urllib.request.urlopen(url + "/masuk/", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("Server tidak siap dalam waktu yang ditentukan")


def proses_sesi(sid: int) -> list[int]:
    """The live processes of session `sid` (Linux /proc; the children of `jalankan` have their own process
    groups, but stay in its session)."""
    hasil = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            bidang = stat.read_text().rpartition(")")[2].split()
        except OSError:  # it ended meanwhile
            continue
        if bidang[0] not in ("Z", "X") and int(bidang[3]) == sid:
            hasil.append(int(stat.parent.name))
    return hasil


_TERMIGRASI: list[Path] = []


def _basis_termigrasi(env: dict[str, str]) -> Path:
    """The embedded SQLite database after `migrate`, made once per session: each app started here begins from a
    copy of it (a fresh `migrate` takes 10–40 s, and makes the same file every time)."""
    if not _TERMIGRASI:
        folder = tempfile.mkdtemp(prefix="sakip-e2e-migrasi-")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env={**env, "SAKIP_VAR_DIR": folder},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        _TERMIGRASI.append(Path(folder) / "db.sqlite3")
    return _TERMIGRASI[0]


@contextlib.contextmanager
def aplikasi_berjalan(*, demo: bool = True, env_tambahan: dict[str, str] | None = None):
    """`manage.py jalankan` (web server + Celery worker, embedded defaults) in a private folder, as `make run`
    starts it; yields (url, process, folder). On exit it is stopped as a supervisor would (SIGTERM), and
    `jalankan` must stop its children itself; its whole session is killed only if it does not."""
    folder = tempfile.mkdtemp(prefix="sakip-e2e-")
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
    }
    env.update(
        {
            "SAKIP_VAR_DIR": folder,
            "DJANGO_SETTINGS_MODULE": "sakip.settings.local",
            "DJANGO_DEBUG": "false",
            "SAKIP_LOGIN_GAGAL_MAKS": "50",
            **(env_tambahan or {}),
        }
    )
    shutil.copyfile(_basis_termigrasi(env), Path(folder) / "db.sqlite3")
    if demo:
        subprocess.run(
            [sys.executable, "manage.py", "muat_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    port = _port_bebas()
    log = open(Path(folder) / "server.log", "w")  # noqa: SIM115 - closed below
    proses = subprocess.Popen(
        [sys.executable, "manage.py", "jalankan", "--alamat", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own session, which everything it starts shares (see below)
        preexec_fn=siapkan_anak(os.getpid()),  # dies with pytest, even a killed one (SIGKILL)
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _tunggu_siap(url, proses)
        yield url, proses, folder
    finally:
        proses.terminate()
        try:
            proses.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proses.kill()
            proses.wait()
        for pid in proses_sesi(proses.pid):  # anything `jalankan` failed to stop (its test says: nothing)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        log.close()


_FOLDER_APLIKASI: dict[str, str] = {}


@pytest.fixture(scope="session")
def aplikasi():
    """The app started like `make run` (web server + Celery worker, embedded defaults, demo city)."""
    _wajib_chromium()
    with aplikasi_berjalan() as (url, _proses, folder):
        _FOLDER_APLIKASI["folder"] = folder
        yield url


@pytest.fixture(scope="session")
def basis_demo(aplikasi, django_db_blocker):
    """The database alias ("demo") of the running app's own SQLite file, so a test derives what a page must
    show from the demo's rows with the ORM (`Model.objects.using(basis_demo)`), never from literals."""
    from django.db import connections

    alias = "demo"
    nama = str(Path(_FOLDER_APLIKASI["folder"]) / "db.sqlite3")
    eigen = {"ENGINE": "django.db.backends.sqlite3", "NAME": nama}
    connections.settings[alias] = connections.configure_settings({"default": eigen, alias: eigen})[alias]
    with django_db_blocker.unblock():
        yield alias
        connections[alias].close()


@pytest.fixture
def galat_konsol(page):
    """Console errors (e.g. CSP violations or a missing vendored script) collected during the test."""
    daftar: list[str] = []
    page.on("console", lambda pesan: daftar.append(pesan.text) if pesan.type == "error" else None)
    page.on("pageerror", lambda exc: daftar.append(str(exc)))
    return daftar


@pytest.fixture
def masuk(page, aplikasi):
    """Log in as a demo user through the login form."""

    def _masuk(username: str):
        page.context.clear_cookies()
        page.goto(aplikasi + "/masuk/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Masuk").click()
        tunggu_sepi(page)
        assert "/masuk/" not in page.url, f"{username} tidak berhasil masuk"
        return page

    return _masuk


@pytest.fixture
def foto(page):
    """Save screenshots of the current page at laptop and phone size when SAKIP_SCREENSHOT_DIR is set."""
    folder = os.environ.get("SAKIP_SCREENSHOT_DIR")

    def _foto(nama: str) -> None:
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        for lebar, tinggi in ((1366, 768), (390, 844)):
            page.set_viewport_size({"width": lebar, "height": tinggi})
            page.wait_for_timeout(150)
            page.screenshot(path=str(Path(folder) / f"{nama}-{lebar}.png"), full_page=True)
        page.set_viewport_size({"width": 1366, "height": 768})

    return _foto


AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()


def periksa_aksesibilitas(page) -> list[dict]:
    """axe-core on the current page: the serious and critical violations."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_init_script(AXE)  # injected by the browser, so the page's self-only CSP still applies to us
        page.reload()
        tunggu_sepi(page)
    hasil = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in hasil["violations"]
        if v["impact"] in ("serious", "critical")
    ]


_JARINGAN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # page -> its requests in flight


def pantau_jaringan(page):
    """Track the page's requests in flight from now on (for `tunggu_sepi`); returns the page."""
    berjalan: set = set()
    page.on("request", lambda r: berjalan.add(r))  # Playwright takes Python functions, not builtin methods
    page.on("requestfinished", lambda r: berjalan.discard(r))
    page.on("requestfailed", lambda r: berjalan.discard(r))
    _JARINGAN[page] = berjalan
    return page


@pytest.fixture
def page(page):
    """pytest-playwright's page, its requests tracked from the start (`tunggu_sepi`)."""
    return pantau_jaringan(page)


def tunggu_sepi(page, batas_ms: int = 5000) -> None:
    """After a navigation that waited for its `load` (goto, reload, expect_navigation): wait until every request
    the page started has ended (what its scripts fetch on load too, e.g. the notification bell's htmx `load`).
    That is `networkidle` without the fixed 500 ms of silence it waits on every page (our pages start nothing
    on a timer when they load); a page not tracked (`pantau_jaringan`), or a request still running after
    `batas_ms`, is left to `networkidle` itself."""
    berjalan = _JARINGAN.get(page)
    if berjalan is not None:
        page.wait_for_load_state("load")
        for _ in range(batas_ms // 25):
            if not berjalan:  # and still none after the page ran, for a frame, what the last answers queued
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
                if not berjalan:
                    return
            page.wait_for_timeout(25)
    page.wait_for_load_state("networkidle")


def tidak_gulir_samping(page) -> bool:
    """On the phone size nothing scrolls sideways except inside wide tables (.tabel-gulir)."""
    page.wait_for_timeout(400)  # charts resize after the viewport changes
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def pilih_tahun(page, tahun: str) -> None:
    """Choose the working year with the header's selector (it submits itself) and wait for the new page."""
    with page.expect_navigation():
        page.get_by_label("Tahun", exact=True).select_option(tahun)
    page.wait_for_load_state("networkidle")
