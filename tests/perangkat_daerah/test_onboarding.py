"""Onboarding a pemda from one workbook (issue 18 point 3): `manage.py buat_pemda` and the admin page create the
pemda, its PD and heads, the default instruments and scale, the RPJMD period and the users with initial
passwords shown once; the same workbook twice changes nothing; one bad row saves nothing and names its sheet,
row and column; a hostile file is refused by the upload guard; the admin page is the superuser's only. The
example workbook is built here from the template (no binary file in the repository)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from evaluasi.models import PengaturanEvaluasi
from evaluasi.onboarding import BerkasDitolak, buat_pemda, templat_onboarding
from kinerja import excel
from kinerja.models import PeriodePerencanaan, TingkatPohon
from perangkat_daerah.models import GrupPemda, Pemda, PerangkatDaerah, Profil, Riwayat
from tests.evaluasi.factories import KODE_A, KODE_B, bawaan_a, bawaan_b
from tests.kinerja.test_impor_makro import BERMAKRO
from tests.test_bom_unggahan import bom

pytestmark = pytest.mark.django_db
User = get_user_model()

NIP = "19700101 199503 1 001"


def isi_contoh(**ubah) -> dict[str, list[list]]:
    """A small pemda: two PD with heads, the national instruments, one RPJMD period and three users."""
    isi = {
        "Pemda": [["kota-contoh", "Kota Contoh", "Kota", "Budi Santoso", "", "Contoh", ""]],
        "Perangkat Daerah": [
            ["1.02.01", "Dinas Kesehatan", "Dinkes", "dinas", "dr. Sri Lestari", NIP, "", "Pembina Utama Muda (IV/c)"],
            ["6.01.01", "Inspektorat", "Itko", "Inspektorat", "Ahmad", "", "Inspektur", ""],
        ],
        "Instrumen": [[KODE_A, "", KODE_B, "", ""]],
        "Periode": [[2025, 2029, "Kota yang sehat", "Misi satu\nMisi dua"]],
        "Pengguna": [
            ["admin.contoh", "Admin Contoh", "admin@contoh.go.id", "admin", "", ""],
            ["ops.dinkes", "Operator Dinkes", "ops@contoh.go.id", "Operator PD", "1.02.01", "Pengelola data"],
            ["org.contoh", "Bagian Organisasi", "", "bagian_organisasi", "", ""],
        ],
    }
    isi.update(ubah)
    return isi


def contoh(**ubah) -> bytes:
    return templat_onboarding(isi_contoh(**ubah))


def jumlah() -> dict[str, int]:
    return {
        "pemda": Pemda.objects.count(),
        "pd": PerangkatDaerah.objects.count(),
        "pengguna": User.objects.count(),
        "profil": Profil.objects.count(),
        "periode": PeriodePerencanaan.objects.count(),
        "pengaturan": PengaturanEvaluasi.objects.count(),
        "tingkat": TingkatPohon.objects.count(),
        "riwayat": Riwayat.objects.count(),
    }


def test_a_small_workbook_creates_the_pemda_its_pd_instruments_period_and_users():
    hasil = buat_pemda(contoh())
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    pemda = Pemda.objects.get(kode="kota-contoh")
    assert (pemda.nama, pemda.jenis, pemda.kepala_nama, pemda.ibu_kota) == ("Kota Contoh", "kota", "Budi Santoso",
                                                                          "Contoh")  # fmt: skip
    dinkes = PerangkatDaerah.objects.get(pemda=pemda, kode="1.02.01")
    assert dinkes.kepala_nip == "197001011995031001"  # THE NIP rule removed the grouping spaces
    assert PerangkatDaerah.objects.get(pemda=pemda, kode="6.01.01").jenis == "inspektorat"  # by its label
    atur = PengaturanEvaluasi.objects.get(pemda=pemda)
    assert (atur.instrumen_kota, atur.instrumen_pd) == (bawaan_a(), bawaan_b())
    assert atur.skala_predikat == bawaan_a().skala_predikat
    periode = PeriodePerencanaan.objects.get(pemda=pemda)
    assert (periode.tahun_mulai, periode.tahun_akhir, periode.misi) == (2025, 2029, "Misi satu\nMisi dua")
    assert TingkatPohon.objects.filter(pemda=pemda).exists()  # the default tree levels
    ops = User.objects.get(username="ops.dinkes")
    assert (ops.profil.pemda, ops.profil.perangkat_daerah, ops.profil.peran) == (pemda, dinkes, "operator_pd")
    assert User.objects.get(username="admin.contoh").is_staff
    assert not User.objects.get(username="org.contoh").is_staff
    assert {s.username for s in hasil.sandi} == {"admin.contoh", "ops.dinkes", "org.contoh"}
    for s in hasil.sandi:  # each initial password works, and is stored only hashed
        user = User.objects.get(username=s.username)
        assert user.check_password(s.sandi) and s.sandi not in user.password
        assert len(s.sandi) >= 16
    assert not Riwayat.objects.filter(sesudah__icontains=hasil.sandi[0].sandi).exists()
    assert Riwayat.objects.filter(pemda=pemda, aksi="onboarding.buat").count() == 1 + 2 + 1 + 1 + 3
    assert "dibuat" in hasil.ringkasan()


def test_the_same_workbook_twice_changes_nothing_the_second_time():
    data = contoh()
    assert buat_pemda(data).berhasil
    sebelum = jumlah()
    sandi = {u.username: u.password for u in User.objects.all()}
    versi = {p.kode: p.versi for p in PerangkatDaerah.objects.all()}
    hasil = buat_pemda(data)
    assert hasil.berhasil and not hasil.ada_perubahan
    assert hasil.sandi == [] and jumlah() == sebelum
    assert {u.username: u.password for u in User.objects.all()} == sandi
    assert {p.kode: p.versi for p in PerangkatDaerah.objects.all()} == versi
    assert "Tidak ada perubahan" in hasil.ringkasan()


def test_a_changed_row_is_updated_with_history_and_nothing_else_moves():
    assert buat_pemda(contoh()).berhasil
    pd_lama = list(isi_contoh()["Perangkat Daerah"])
    pd_lama[0] = [*pd_lama[0][:4], "dr. Baru", *pd_lama[0][5:]]
    pengguna = list(isi_contoh()["Pengguna"])
    pengguna[1] = ["ops.dinkes", "Operator Dinkes", "ops@contoh.go.id", "kepala_pd", "1.02.01", "Kepala"]
    sandi_lama = User.objects.get(username="ops.dinkes").password
    riwayat = Riwayat.objects.count()
    hasil = buat_pemda(contoh(**{"Perangkat Daerah": pd_lama, "Pengguna": pengguna}))
    assert hasil.berhasil and (hasil.diubah["pd"], hasil.diubah["pengguna"]) == (1, 1)
    assert not +hasil.dibuat and hasil.sandi == []
    dinkes = PerangkatDaerah.objects.get(kode="1.02.01")
    assert dinkes.kepala_nama == "dr. Baru" and dinkes.versi == 2
    assert Riwayat.objects.count() == riwayat + 2
    r = Riwayat.objects.get(aksi="onboarding.ubah", object_id=dinkes.pk)
    assert (r.sebelum["kepala_nama"], r.sesudah["kepala_nama"]) == ("dr. Sri Lestari", "dr. Baru")
    ops = User.objects.get(username="ops.dinkes")
    assert ops.profil.peran == "kepala_pd" and ops.password == sandi_lama


def test_an_empty_instrument_sheet_leaves_the_settings_as_they_are():
    assert buat_pemda(contoh()).berhasil
    atur = PengaturanEvaluasi.objects.get()
    hasil = buat_pemda(contoh(Instrumen=[]))
    assert hasil.berhasil and not hasil.ada_perubahan
    assert PengaturanEvaluasi.objects.get().instrumen_kota == atur.instrumen_kota == bawaan_a()


def test_one_bad_row_saves_nothing_and_names_sheet_row_and_column():
    pengguna = [*isi_contoh()["Pengguna"], ["salah", "Tanpa PD", "", "operator_pd", "9.99.99", ""]]
    pd = [*isi_contoh()["Perangkat Daerah"], ["7.01.01", "Kecamatan A", "KecA", "kecamatan", "Camat", "123", "", ""]]
    sebelum = jumlah()
    hasil = buat_pemda(contoh(**{"Perangkat Daerah": pd, "Pengguna": pengguna}))
    assert not hasil.berhasil and jumlah() == sebelum
    teks = [str(g) for g in hasil.galat]
    assert "Lembar “Perangkat Daerah”, baris 7, kolom F (NIP Kepala): NIP harus terdiri dari 18 digit angka." in teks
    assert any(t.startswith("Lembar “Pengguna”, baris 8, kolom E (Kode PD):") and "9.99.99" in t for t in teks)


def test_a_role_without_its_pd_is_refused_by_the_profile_rule_and_rolls_back():
    pengguna = [*isi_contoh()["Pengguna"], ["ops.tanpa", "Operator", "", "operator_pd", "", ""]]
    sebelum = jumlah()
    hasil = buat_pemda(contoh(Pengguna=pengguna))
    assert not hasil.berhasil and jumlah() == sebelum  # checked on the written PD, then rolled back
    assert [str(g) for g in hasil.galat] == [
        "Lembar “Pengguna”, baris 8, kolom E (Kode PD): Peran ini wajib terikat pada satu perangkat daerah."
    ]


def test_more_rules_each_on_its_cell():
    hasil = buat_pemda(contoh(
        Pemda=[["Kota Contoh!", "", "desa", "", "", "", "tidak-ada"]],
        Instrumen=[["tidak-ada", "", KODE_A, "", ""]],
        Periode=[[2029, 2025, "", ""]],
        Pengguna=[["org.contoh", "Org", "bukan surel", "raja", "", ""]],
    ))  # fmt: skip
    kolom = {(g.lembar, g.baris, g.kolom.split(" ")[0]) for g in hasil.galat}
    harap = {("Pemda", 5, "A"), ("Pemda", 5, "B"), ("Pemda", 5, "C"), ("Pemda", 5, "G"), ("Instrumen", 5, "A"),
             ("Instrumen", 5, "C"), ("Periode", 5, "B"), ("Pengguna", 5, "C"), ("Pengguna", 5, "D")}  # fmt: skip
    assert harap <= kolom
    assert Pemda.objects.count() == 0


def test_a_concurrent_writer_is_an_error_not_a_crash(monkeypatch):
    from django.db import IntegrityError

    import evaluasi.onboarding as onboarding

    def bentrok(rencana, *, oleh):
        onboarding.tulis.buat_dengan_riwayat(Pemda, oleh=None, aksi="x", pemda_id=None, kolom=[], **rencana.nilai_pemda)
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(onboarding, "tulis_rencana", bentrok)
    hasil = buat_pemda(contoh())
    assert [g.pesan for g in hasil.galat] == ["Data pemda ini berubah saat workbook diproses; tidak ada yang "
                                              "disimpan. Unggah ulang."]  # fmt: skip
    assert Pemda.objects.count() == 0 and Riwayat.objects.count() == 0  # rolled back


def test_a_username_of_another_pemda_is_refused(pemeran):
    pengguna = [[pemeran.operator_lain.username, "Curi", "", "pimpinan", "", ""]]
    hasil = buat_pemda(contoh(Pengguna=pengguna))
    assert [g.kolom for g in hasil.galat] == ["A (Username)"]
    assert not Pemda.objects.filter(kode="kota-contoh").exists()


@pytest.mark.parametrize("jenis", ["vbaProject.bin", "xlsm bernama xlsx"])
def test_a_workbook_with_macros_is_refused(jenis):
    with pytest.raises(BerkasDitolak, match="makro"):
        buat_pemda(BERMAKRO[jenis](contoh()))
    assert Pemda.objects.count() == 0


def test_a_zip_bomb_is_refused():
    with pytest.raises(BerkasDitolak):
        buat_pemda(bom("impor", 300, bohong=True))
    assert Pemda.objects.count() == 0


def test_a_missing_sheet_is_named():
    data = excel.tulis_templat(judul="x", keterangan="", nama_lembar="Pemda", kolom=[], baris=[])
    hasil = buat_pemda(data)
    assert {g.lembar for g in hasil.galat} >= {"Perangkat Daerah", "Pengguna"}
    assert all("tidak ditemukan" in g.pesan for g in hasil.galat if g.lembar == "Pengguna")


def test_the_grup_column_adds_the_pemda_to_a_group_once():
    grup = GrupPemda.objects.create(kode="jabar", nama="Provinsi Jawa Barat")
    pemda_baris = [["kota-contoh", "Kota Contoh", "kota", "", "", "", "jabar"]]
    assert buat_pemda(contoh(Pemda=pemda_baris)).berhasil
    assert list(grup.anggota.values_list("kode", flat=True)) == ["kota-contoh"]
    assert not buat_pemda(contoh(Pemda=pemda_baris)).ada_perubahan


def test_initial_passwords_by_email_when_asked(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    hasil = buat_pemda(contoh(), kirim_surel=True)
    assert {s.username for s in hasil.terkirim} == {"admin.contoh", "ops.dinkes"}
    assert [s.username for s in hasil.sandi] == ["org.contoh"]  # no e-mail address: shown
    assert len(mail.outbox) == 2
    surat = next(m for m in mail.outbox if m.to == ["ops@contoh.go.id"])
    sandi = re.search(r"Kata sandi awal: (\S+)", surat.body).group(1)
    assert User.objects.get(username="ops.dinkes").check_password(sandi)


def test_the_command_prints_the_passwords_once_then_says_no_change(tmp_path, capsys):
    berkas = tmp_path / "pemda.xlsx"
    berkas.write_bytes(contoh())
    call_command("buat_pemda", str(berkas))
    keluar = capsys.readouterr().out
    for baris in ("admin.contoh", "ops.dinkes", "org.contoh"):
        sandi = re.search(rf"^{re.escape(baris)}\s+(\S+)", keluar, re.M).group(1)
        assert User.objects.get(username=baris).check_password(sandi)
    call_command("buat_pemda", str(berkas))
    kedua = capsys.readouterr().out
    assert "Tidak ada perubahan" in kedua and "Kata sandi" not in kedua


def test_the_command_writes_the_template_and_reports_errors(tmp_path):
    keluaran = tmp_path / "templat.xlsx"
    call_command("buat_pemda", "--templat", str(keluaran))
    excel.wajib_xlsx_aman(keluaran.read_bytes())
    hasil = buat_pemda(keluaran.read_bytes())  # the empty template: the Pemda row is missing
    assert [str(g) for g in hasil.galat] == [
        "Lembar “Pemda”: Lembar ini harus berisi tepat satu baris pemda (sekarang 0)."
    ]
    with pytest.raises(CommandError, match="tidak ada yang disimpan"):
        call_command("buat_pemda", str(keluaran))


# --- the admin page ---------------------------------------------------------------------------------

URL = "admin:perangkat_daerah_pemda_onboarding"


def test_the_admin_page_as_superuser_creates_the_pemda_and_shows_the_passwords_once(admin_client):
    halaman = admin_client.get(reverse(URL))
    assert halaman.status_code == 200
    assert reverse("admin:perangkat_daerah_pemda_onboarding_templat").encode() in halaman.content
    templat = admin_client.get(reverse("admin:perangkat_daerah_pemda_onboarding_templat"))
    assert templat.status_code == 200 and templat["Content-Type"] == excel.MIME_XLSX
    assert reverse(URL).encode() in admin_client.get(reverse("admin:perangkat_daerah_pemda_changelist")).content
    resp = admin_client.post(reverse(URL), {"berkas": SimpleUploadedFile("p.xlsx", contoh())})
    assert resp.status_code == 200 and "no-store" in resp["Cache-Control"]
    teks = resp.content.decode()
    sandi = re.search(r'data-sandi="ops\.dinkes">([^<]+)<', teks).group(1)
    assert User.objects.get(username="ops.dinkes").check_password(sandi)
    assert Riwayat.objects.filter(aksi="onboarding.buat", oleh__username="admin").exists()
    kedua = admin_client.post(reverse(URL), {"berkas": SimpleUploadedFile("p.xlsx", contoh())}).content.decode()
    assert "Tidak ada perubahan" in kedua and "data-sandi" not in kedua  # shown once, never again
    assert sandi not in admin_client.get(reverse(URL)).content.decode()


def test_the_admin_page_lists_errors_and_refuses_a_hostile_file(admin_client):
    pengguna = [["ops.tanpa", "Operator", "", "operator_pd", "", ""]]
    resp = admin_client.post(reverse(URL), {"berkas": SimpleUploadedFile("p.xlsx", contoh(Pengguna=pengguna))})
    assert resp.status_code == 400 and "Peran ini wajib terikat" in resp.content.decode()
    resp = admin_client.post(
        reverse(URL), {"berkas": SimpleUploadedFile("p.xlsx", BERMAKRO["vbaProject.bin"](contoh()))}
    )
    assert resp.status_code == 400 and "makro" in resp.content.decode()
    assert Pemda.objects.count() == 0


def test_the_admin_page_is_refused_to_a_pemda_administrator(pemeran):
    pemeran.admin.is_staff = True
    pemeran.admin.save()
    klien = Client()
    klien.force_login(pemeran.admin)
    assert klien.get(reverse(URL)).status_code == 403
    assert klien.get(reverse("admin:perangkat_daerah_pemda_onboarding_templat")).status_code == 403
    assert klien.post(reverse(URL), {"berkas": SimpleUploadedFile("p.xlsx", contoh())}).status_code == 403
    assert not Pemda.objects.filter(kode="kota-contoh").exists()
    assert reverse(URL).encode() not in klien.get(reverse("admin:perangkat_daerah_pemda_changelist")).content
