"""The PDF system check names the Debian packages when Pango is missing, and never raises."""

from __future__ import annotations

import builtins

from django.core.management import call_command

from laporan import sistem


def test_missing_pango_names_the_debian_package(monkeypatch):
    asli = builtins.__import__

    def impor_tanpa_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return asli(name, *args, **kwargs)

    sistem.masalah_pdf.cache_clear()
    monkeypatch.setattr(builtins, "__import__", impor_tanpa_pango)
    try:
        pesan = sistem.masalah_pdf()
    finally:
        monkeypatch.setattr(builtins, "__import__", asli)
        sistem.masalah_pdf.cache_clear()
    assert pesan is not None and "apt-get install libpango-1.0-0" in pesan


def test_cek_sistem_reports_what_it_found_and_does_not_fail(capsys):
    call_command("cek_sistem")
    keluaran = capsys.readouterr().out
    if sistem.masalah_pdf() is None:
        assert "Pustaka PDF (WeasyPrint + Pango) tersedia." in keluaran
    else:
        assert "apt-get install" in keluaran
