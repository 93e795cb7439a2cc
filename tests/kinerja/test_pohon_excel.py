"""The Excel round trip of the performance tree (issue 13 point 8): export, import, the round trip of a
Dinkes-like tree into a fresh pemda, all-or-nothing, THE node rule in bulk, rights, locks and the file guard."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from kinerja.excel import BerkasDitolak
from kinerja.excel_pohon import ekspor_pohon
from kinerja.impor.pohon import impor_pohon
from kinerja.models import DokumenRencana, Indikator, PeriodePerencanaan, PerjanjianKinerja, Sasaran, Target
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.models_manual import ManualIK
from kinerja.services.pohon import tingkat_bawaan_pastikan
from perangkat_daerah.access import Peran
from perangkat_daerah.models import Riwayat
from tests.factories import buat_pd, buat_pemda, buat_pengguna

pytestmark = pytest.mark.django_db

F_SIMPUL = ["uraian", "tema", "kode_nomenklatur", "jabatan", "nip"]
F_INDIKATOR = ["uraian", "satuan", "iku", "arah", "agregasi", "relasi_induk", "boleh_negatif", "nilai_minimum",
               "nilai_maksimum"]  # fmt: skip
F_MANUAL = ["definisi", "rumus", "alasan", "jenis", "sumber_data", "penanggung_jawab", "periode_pelaporan"]
F_ANGGARAN = ["pagu", "realisasi_t1", "realisasi_t2", "realisasi_t3", "realisasi_t4"]


def nomenklatur_uji():
    from nomenklatur.services import nomenklatur_muat

    nomenklatur_muat(baris=[
        {"kode": "1", "nama": "URUSAN WAJIB PELAYANAN DASAR"},
        {"kode": "1.02", "nama": "URUSAN KESEHATAN"},
        {"kode": "1.02.02", "nama": "PROGRAM PEMENUHAN UPAYA KESEHATAN"},
        {"kode": "1.02.02.2.02", "nama": "Penyediaan Layanan Kesehatan"},
        {"kode": "1.02.02.2.02.0001", "nama": "Pengelolaan Pelayanan Kesehatan Ibu Hamil"},
    ], sumber="uji")  # fmt: skip


def siapkan_pemda(pemda):
    """Levels and the 2021–2026 period of a pemda."""
    tingkat = tingkat_bawaan_pastikan(pemda=pemda)
    periode = PeriodePerencanaan.objects.create(pemda=pemda, tahun_mulai=2021, tahun_akhir=2026)
    return tingkat, periode


def pohon_dinkes(pemda, dinkes, lain):
    """A Dinkes-like tree: tujuan → sasaran RPJMD (IKU kota) → Dinkes sasaran strategis → program → kegiatan →
    sub kegiatan, each with an indicator, targets (one a range), manuals and sub kegiatan budgets; and one
    node of another PD."""
    nomenklatur_uji()
    tingkat, periode = siapkan_pemda(pemda)

    def simpul(kode, t, pd=None, induk=None, **kw):
        return Sasaran.objects.create(pemda=pemda, perangkat_daerah=pd, kode=kode, uraian=f"Uraian {kode}",
                                      tingkat=tingkat[t], periode=periode, induk=induk, **kw)  # fmt: skip

    t1 = simpul("T1", "tujuan")
    s1 = simpul("S1", "sasaran_rpjmd", induk=t1, tema="kemiskinan")
    d1 = simpul("D1", "sasaran_strategis", dinkes, s1, jabatan="Kepala Dinas Kesehatan", nip="197001011990031001")
    p1 = simpul("D1.1", "sasaran_program", dinkes, d1, kode_nomenklatur="1.02.02")
    k1 = simpul("D1.1.1", "sasaran_kegiatan", dinkes, p1, kode_nomenklatur="1.02.02.2.02")
    sk = simpul("D1.1.1.1", "sub_kegiatan", dinkes, k1, kode_nomenklatur="1.02.02.2.02.0001")
    simpul("B1", "sasaran_strategis", lain, s1)
    ik = {}
    for kode, node, kw in [
        ("IKU-K1", s1, {"iku": True, "satuan": "%", "nilai_maksimum": Decimal(100)}),
        ("IK-D1", d1, {"arah": "turun", "agregasi": "rata_rata"}),
        ("IK-P1", p1, {"boleh_negatif": True, "nilai_minimum": Decimal("-10.5"), "agregasi": "kumulatif"}),
        ("IK-K1", k1, {}),
        ("IK-SK1", sk, {"uraian": '=HYPERLINK("http://x")'}),
    ]:
        kw.setdefault("uraian", f"Indikator {kode}")
        kw.setdefault("satuan", "orang")
        ik[kode] = Indikator.objects.create(sasaran=node, kode=kode, **kw)
    ik["IK-D1"].induk_indikator, ik["IK-D1"].relasi_induk = ik["IKU-K1"], "kontribusi"
    ik["IK-D1"].save()
    for tahun in range(2021, 2027):
        Target.objects.create(indikator=ik["IKU-K1"], tahun=tahun, nilai=Decimal(60 + tahun - 2021))
    Target.objects.create(indikator=ik["IK-D1"], tahun=2025, lo=Decimal(70), hi=Decimal("80.5"))
    Target.objects.create(indikator=ik["IK-P1"], tahun=2024, nilai=Decimal("-2.25"))
    Target.objects.create(indikator=ik["IK-SK1"], tahun=2025, nilai=Decimal(1200))
    ManualIK.objects.create(
        indikator=ik["IKU-K1"],
        definisi="Persentase balita",
        rumus="a/b×100",
        alasan="RPJMD",
        jenis="impact",
        sumber_data="Dinkes",
        penanggung_jawab="Kabid",
        periode_pelaporan="tahunan",
    )
    ManualIK.objects.create(indikator=ik["IK-SK1"], definisi="+cek", jenis="output")  # fmt: skip
    AnggaranSubKegiatan.objects.create(sasaran=sk, tahun=2025, pagu=Decimal("1250000000"),
                                       realisasi_t1=Decimal("250000000.5"), realisasi_t2=Decimal(0))  # fmt: skip
    AnggaranSubKegiatan.objects.create(sasaran=sk, tahun=2024, pagu=Decimal("1000000000"))
    return ik


@pytest.fixture
def pohon(pemeran):
    return pohon_dinkes(pemeran.pemda, pemeran.pd_a, pemeran.pd_b)


def ekspor(user, pd=None) -> bytes:
    return ekspor_pohon(user=user, tahun=2025, perangkat_daerah=pd)


def ubah(data: bytes, lembar: str, baris: int | None, nilai: dict[int, object] | list) -> bytes:
    """The workbook with a sheet's row changed (column index → value), or a row appended (`baris` None)."""
    buku = load_workbook(io.BytesIO(data))
    ws = buku[lembar]
    if baris is None:
        ws.append(nilai)
    else:
        for kolom, v in nilai.items():
            ws.cell(row=baris, column=kolom + 1, value=v)
    keluar = io.BytesIO()
    buku.save(keluar)
    return keluar.getvalue()


def baris_kode(data: bytes, lembar: str, kode: str, kolom: int = 0) -> int:
    ws = load_workbook(io.BytesIO(data), read_only=True)[lembar]
    for n, baris in enumerate(ws.iter_rows(values_only=True), start=1):
        if n > 4 and baris[kolom] == kode:
            return n
    raise AssertionError(kode)


def potret_pohon(pemda) -> dict:
    """The tree of a pemda by code, field by field (nodes, parents, levels, indicators, targets, manuals,
    budgets), without ids."""
    simpul = {
        s.kode: (s.induk.kode if s.induk else "", s.tingkat.kode, str(s.periode), s.perangkat_daerah.kode
                 if s.perangkat_daerah else "", *(getattr(s, f) for f in F_SIMPUL))
        for s in Sasaran.objects.filter(pemda=pemda).select_related("induk", "tingkat", "periode", "perangkat_daerah")
    }  # fmt: skip
    indikator = {
        i.kode: (i.sasaran.kode, i.induk_indikator.kode if i.induk_indikator else "",
                 i.perangkat_daerah.kode if i.perangkat_daerah else "", *(getattr(i, f) for f in F_INDIKATOR))
        for i in Indikator.objects.filter(pemda=pemda).select_related("sasaran", "induk_indikator", "perangkat_daerah")
    }  # fmt: skip
    target = {(t.indikator.kode, t.tahun): (t.nilai, t.lo, t.hi) for t in Target.objects.filter(indikator__pemda=pemda)}
    manual = {m.indikator.kode: tuple(getattr(m, f) for f in F_MANUAL)
              for m in ManualIK.objects.filter(indikator__pemda=pemda)}  # fmt: skip
    anggaran = {(a.sasaran.kode, a.tahun): (a.perangkat_daerah.kode, *(getattr(a, f) for f in F_ANGGARAN))
                for a in AnggaranSubKegiatan.objects.filter(pemda=pemda)}  # fmt: skip
    return {"simpul": simpul, "indikator": indikator, "target": target, "manual": manual, "anggaran": anggaran}


def test_round_trip_into_a_fresh_pemda_gives_the_same_tree(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    baru = buat_pemda(nama="Kota Baru")
    for pd in (pemeran.pd_a, pemeran.pd_b):
        buat_pd(baru, kode=pd.kode, nama=pd.nama)
    siapkan_pemda(baru)
    organisasi = buat_pengguna(baru, Peran.BAGIAN_ORGANISASI)
    hasil = impor_pohon(data=data, oleh=organisasi)
    assert hasil.galat == []
    asal, salinan = potret_pohon(pemeran.pemda), potret_pohon(baru)
    assert salinan == asal
    assert len(asal["simpul"]) == 7 and len(asal["target"]) == 9 and len(asal["anggaran"]) == 2
    assert salinan["indikator"]["IK-SK1"][3] == '=HYPERLINK("http://x")'  # a formula-like text stays text
    # the created rows: one summary history row on the pemda (counts, and the new nodes' codes)
    (r,) = Riwayat.objects.filter(pemda=baru)
    assert (r.aksi, r.oleh, r.sebelum) == ("pohon.impor", organisasi, None)
    assert r.sesudah["dibuat"] == {"simpul": 7, "indikator": 5, "target": 9, "manual": 2, "anggaran_sub_kegiatan": 2}
    assert sorted(r.sesudah["simpul_baru"]) == sorted(asal["simpul"]) and hasil.jumlah == 25


def test_re_importing_an_unchanged_export_changes_nothing(pemeran, pohon):
    hasil = impor_pohon(data=ekspor(pemeran.organisasi), oleh=pemeran.organisasi)
    assert (hasil.galat, hasil.jumlah) == ([], 0)
    assert not Riwayat.objects.filter(pemda=pemeran.pemda).exists()


def test_one_bad_row_saves_nothing_and_every_error_names_sheet_row_and_column(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    data = ubah(data, "Simpul", None, ["D9", "D1", "sasaran_program", "2021–2026", pemeran.pd_a.kode, "", "Baru"])
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "D1.1"), {6: "Program diubah"})
    data = ubah(data, "Indikator", baris_kode(data, "Indikator", "IK-D1", 1), {5: "menyamping"})
    sebelum = potret_pohon(pemeran.pemda)
    hasil = impor_pohon(data=data, oleh=pemeran.organisasi)
    assert hasil.jumlah == 0
    assert [(g.kolom, g.pesan) for g in hasil.galat] == [
        ("Indikator · F (Arah)", "“menyamping” tidak dikenal. Pilih: naik, turun."),
    ]
    assert hasil.galat[0].baris == baris_kode(data, "Indikator", "IK-D1", 1)
    assert potret_pohon(pemeran.pemda) == sebelum
    assert not Sasaran.objects.filter(kode="D9").exists()


def test_the_node_rule_runs_over_the_batch_with_its_own_messages(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    tambah = [
        ["X1", "S1", "sub_kegiatan", "", pemeran.pd_a.kode, "", "Sub kegiatan di bawah sasaran RPJMD"],
        ["X2", "X3", "sasaran_program", "", pemeran.pd_a.kode, "", "Siklus 1"],
        ["X3", "X2", "sasaran_program", "", pemeran.pd_a.kode, "", "Siklus 2"],
        ["X4", "T1", "tujuan", "", pemeran.pd_a.kode, "", "Tingkat kota milik PD"],
        ["X5", "D1", "sasaran_program", "", pemeran.pd_a.kode, "", "Program", "", "9.99.99"],
        ["X6", "TIDAKADA", "sasaran_strategis", "", pemeran.pd_a.kode, "", "Induk tak dikenal"],
        ["X7", "", "", "", pemeran.pd_a.kode, "", "Tanpa tingkat", "", "", "", "12345"],
    ]
    for b in tambah:
        data = ubah(data, "Simpul", None, b)
    galat = {(g.baris - 11, g.kolom, g.pesan) for g in impor_pohon(data=data, oleh=pemeran.organisasi).galat}
    assert galat == {
        (1, "Simpul · B (Kode Induk)", "Simpul Sub Kegiatan hanya boleh di bawah: Sasaran Kegiatan."),
        (2, "Simpul · B (Kode Induk)", "Induk ini membuat pohon berputar (siklus): pilih induk lain."),
        (3, "Simpul · B (Kode Induk)", "Induk ini membuat pohon berputar (siklus): pilih induk lain."),
        (4, "Simpul · C (Tingkat)", "Tingkat Tujuan milik kota, bukan perangkat daerah."),
        (4, "Simpul · B (Kode Induk)", "Simpul Tujuan hanya boleh di bawah: (tanpa induk)."),
        (5, "Simpul · I (Kode Nomenklatur)", "Kode nomenklatur 9.99.99 tidak ada dalam tabel nomenklatur."),
        (6, "Simpul · B (Kode Induk)", "Kode induk “TIDAKADA” tidak ada di lembar Simpul maupun di pohon Anda."),
        (7, "Simpul · C (Tingkat)", "Pilih tingkat simpul."),
        (7, "Simpul · K (NIP)", "NIP harus terdiri dari 18 digit angka."),
    }
    assert not Sasaran.objects.filter(kode__startswith="X").exists()


def test_a_pd_user_exports_their_branch_with_the_city_nodes_above_marked_read_only(pemeran, pohon):
    data = ekspor(pemeran.operator_a)
    ws = load_workbook(io.BytesIO(data), read_only=True)["Simpul"]
    baris = {b[0]: b[11] for b in list(ws.iter_rows(values_only=True))[4:]}
    assert baris == {"T1": "Ya", "S1": "Ya", "D1": "Tidak", "D1.1": "Tidak", "D1.1.1": "Tidak", "D1.1.1.1": "Tidak"}


def test_a_pd_user_imports_their_branch_and_city_rows_stay_unchanged_references(pemeran, pohon):
    data = ekspor(pemeran.operator_a)
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "D1.1"), {6: "Program diubah oleh PD"})
    data = ubah(data, "Simpul", None, ["D1.2", "D1", "sasaran_program", "2021–2026", pemeran.pd_a.kode, "", "Baru"])
    hasil = impor_pohon(data=data, oleh=pemeran.operator_a)
    assert (hasil.galat, hasil.jumlah) == ([], 2)
    assert Sasaran.objects.get(kode="D1.1").uraian == "Program diubah oleh PD"
    assert Sasaran.objects.get(kode="D1.2").induk.kode == "D1"
    # a changed city row, a row of another PD and a city node are refused by row
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "S1"), {6: "Sasaran kota diubah PD"})
    data = ubah(data, "Simpul", None, ["B9", "S1", "sasaran_strategis", "", pemeran.pd_b.kode, "", "PD lain"])
    data = ubah(data, "Simpul", None, ["K9", "T1", "sasaran_rpjmd", "", "", "", "Kota baru"])
    data = ubah(data, "Simpul", None, ["B1", "S1", "sasaran_strategis", "", pemeran.pd_a.kode, "", "Rebut kode"])
    pesan = [(g.kolom, g.pesan) for g in impor_pohon(data=data, oleh=pemeran.operator_a).galat]
    assert pesan == [
        ("Simpul · A (Kode)", "Simpul “S1” hanya baca bagi Anda (milik kota atau perangkat daerah lain): biarkan "
                              "baris ini seperti aslinya."),
        ("Simpul · E (Kode PD)", f"Kode PD “{pemeran.pd_b.kode}” tidak dikenal atau bukan wewenang Anda."),
        ("Simpul · E (Kode PD)", "Simpul kota (Kode PD kosong) hanya dapat ditulis oleh Bagian Organisasi."),
        ("Simpul · A (Kode)", "Kode “B1” sudah dipakai simpul di luar wewenang Anda. Pakai kode lain."),
    ]  # fmt: skip
    assert Sasaran.objects.get(kode="S1").uraian == "Uraian S1"


def test_roles_that_only_read_cannot_import(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    for user in (pemeran.pimpinan, pemeran.inspektorat):
        with pytest.raises(PermissionDenied):
            impor_pohon(data=data, oleh=user)


def test_a_target_of_a_set_pk_is_refused_and_points_to_the_pk_revision(pemeran, pohon):
    PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_a, tahun=2025, status="ditetapkan")
    data = ekspor(pemeran.organisasi)
    baris = baris_kode(data, "Indikator", "IK-SK1", 1)
    data = ubah(data, "Indikator", baris, {13 + 4: 1300, 13 + 3: 900})  # 2025 changed; 2024 new
    galat = impor_pohon(data=data, oleh=pemeran.organisasi).galat
    assert [(g.baris, g.kolom) for g in galat] == [(baris, "Indikator · R (Target 2025)")]
    assert galat[0].pesan.startswith("PK 2025 sudah ditetapkan: target tahun ini hanya berubah melalui revisi PK")
    assert Target.objects.get(indikator__kode="IK-SK1", tahun=2025).nilai == 1200


def test_a_target_outside_the_indicators_range_is_refused_by_the_range_rule(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    data = ubah(data, "Indikator", baris_kode(data, "Indikator", "IKU-K1", 1), {13 + 2: "101,5"})
    galat = impor_pohon(data=data, oleh=pemeran.organisasi).galat
    assert [(g.kolom, g.pesan) for g in galat] == [
        ("Indikator · P (Target 2023)", "“101,5”: paling besar 100% untuk indikator ini.")
    ]
    # a number cell: its value as the user would type it again (formatted only for the message)
    data = ubah(data, "Indikator", baris_kode(data, "Indikator", "IKU-K1", 1), {13 + 2: 1234.5, 13 + 3: -1})
    galat = impor_pohon(data=data, oleh=pemeran.organisasi).galat
    assert [(g.kolom, g.pesan) for g in galat] == [
        ("Indikator · P (Target 2023)", "“1.234,5”: paling besar 100% untuk indikator ini."),
        ("Indikator · Q (Target 2024)", "“-1”: indikator IKU-K1 tidak boleh bernilai negatif."),
    ]


def test_a_change_under_a_final_renstra_needs_the_reason_and_is_recorded_as_a_revision(pemeran, pohon):
    periode = PeriodePerencanaan.objects.get(pemda=pemeran.pemda)
    DokumenRencana.objects.create(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=periode, status="final")
    data = ekspor(pemeran.operator_a)
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "D1.1"), {6: "Program direvisi"})
    galat = impor_pohon(data=data, oleh=pemeran.operator_a).galat
    assert [g.pesan for g in galat] == [
        f"Renstra {pemeran.pd_a} RPJMD 2021–2026 sudah final: perubahan ini adalah revisi dan memerlukan alasan. "
        "Isi alasan revisi di formulir impor."
    ]
    hasil = impor_pohon(data=data, oleh=pemeran.operator_a, alasan="Penyesuaian nomenklatur")
    assert hasil.galat == []
    r = Riwayat.objects.exclude(aksi="renstra.revisi").get(pemda=pemeran.pemda)  # and the count's own row
    assert (r.aksi, r.catatan, r.sebelum["uraian"], r.sesudah["uraian"]) == (
        "simpul.impor.revisi", "Penyesuaian nomenklatur", "Uraian D1.1", "Program direvisi",
    )  # fmt: skip


def test_a_budget_under_a_final_renja_needs_the_reason(pemeran, pohon):
    periode = PeriodePerencanaan.objects.get(pemda=pemeran.pemda)
    DokumenRencana.objects.create(jenis="renja", perangkat_daerah=pemeran.pd_a, periode=periode, tahun=2025,
                                  status="final")  # fmt: skip
    data = ekspor(pemeran.organisasi)
    baris = [n for n in range(5, 7) if load_workbook(io.BytesIO(data))["Anggaran"].cell(n, 2).value == 2025][0]
    data = ubah(data, "Anggaran", baris, {2: "1.300.000.000"})
    galat = impor_pohon(data=data, oleh=pemeran.organisasi).galat
    assert [(g.baris, g.kolom) for g in galat] == [(baris, "Anggaran · C (Pagu)")]
    assert impor_pohon(data=data, oleh=pemeran.organisasi, alasan="APBD perubahan").galat == []
    a = AnggaranSubKegiatan.objects.get(tahun=2025)
    assert (a.pagu, a.versi) == (Decimal(1300000000), 2)
    assert Riwayat.objects.exclude(aksi="renja.revisi").get(pemda=pemeran.pemda).aksi == (
        "anggaran_sub_kegiatan.impor.revisi"
    )


def test_a_budget_follows_the_sub_kegiatan_budget_rules(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    data = ubah(data, "Anggaran", None, ["D1.1", 2025, 1000])
    data = ubah(data, "Anggaran", None, ["D1.1.1.1", 2026, -5])
    data = ubah(data, "Anggaran", None, ["D1.1.1.1", 2030, 5])
    data = ubah(data, "Anggaran", None, ["D1.1.1.1", 2023, 100, 60, 50])
    pesan = [(g.kolom, g.pesan) for g in impor_pohon(data=data, oleh=pemeran.organisasi).galat]
    assert pesan == [
        ("Anggaran · A (Kode Sub Kegiatan)",
         "Anggaran hanya dicatat pada simpul sub kegiatan; D1.1 bukan sub kegiatan."),
        ("Anggaran · C (Pagu)", "Pagu tidak boleh negatif."),
        ("Anggaran · B (Tahun)", "Tahun 2030 di luar periode RPJMD 2021–2026 simpul ini."),
        ("Anggaran · D (Realisasi TW I)", "Total realisasi Rp110 melebihi pagu Rp100. Periksa kembali isian triwulan."),
    ]  # fmt: skip


def test_a_pd_user_cannot_change_budgets_which_bagian_organisasi_writes(pemeran, pohon):
    data = ekspor(pemeran.operator_a)
    assert impor_pohon(data=data, oleh=pemeran.operator_a).galat == []  # unchanged references pass
    data = ubah(data, "Anggaran", 5, {2: 999})
    pesan = [(g.kolom, g.pesan) for g in impor_pohon(data=data, oleh=pemeran.operator_a).galat]
    assert pesan == [
        (
            "Anggaran · A (Kode Sub Kegiatan)",
            "Hanya Bagian Organisasi yang dapat mengisi anggaran; baris ini hanya rujukan.",
        )
    ]


@pytest.mark.parametrize(
    "rusak, pesan",
    [
        (lambda d: b"<html><table><tr><td>1</td></tr></table></html>", "bukan berkas Excel .xlsx"),
        (lambda d: ubah(d, "Simpul", 5, {6: "=1+1"}), "berisi rumus"),
        (lambda d: ubah(d, "Simpul", 4, {1: "Induk"}), "judul kolom di baris 4 tidak sesuai"),
        (lambda d: b"PK\x03\x04" + b"\0" * 100, "rusak"),
    ],
)
def test_a_malformed_or_hostile_file_is_refused_by_the_guard(pemeran, pohon, rusak, pesan):
    with pytest.raises(BerkasDitolak) as exc:
        impor_pohon(data=rusak(ekspor(pemeran.organisasi)), oleh=pemeran.organisasi)
    assert pesan in str(exc.value)


def test_a_workbook_without_a_sheet_is_refused(pemeran, pohon):
    buku = load_workbook(io.BytesIO(ekspor(pemeran.organisasi)))
    del buku["Manual"]
    keluar = io.BytesIO()
    buku.save(keluar)
    with pytest.raises(BerkasDitolak, match="Lembar “Manual” tidak ditemukan"):
        impor_pohon(data=keluar.getvalue(), oleh=pemeran.organisasi)


def test_manual_and_indicator_changes_are_saved_with_history(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    data = ubah(data, "Manual", baris_kode(data, "Manual", "IKU-K1"), {1: "Definisi baru"})
    data = ubah(data, "Indikator", baris_kode(data, "Indikator", "IK-K1", 1), {7: "IK-D1", 8: "rumus"})
    assert impor_pohon(data=data, oleh=pemeran.organisasi).galat == []
    m = ManualIK.objects.get(indikator__kode="IKU-K1")
    assert (m.definisi, m.versi, m.diubah_oleh) == ("Definisi baru", 2, pemeran.organisasi)
    ik = Indikator.objects.get(kode="IK-K1")
    assert (ik.induk_indikator.kode, ik.relasi_induk) == ("IK-D1", "rumus")
    assert sorted(Riwayat.objects.values_list("aksi", flat=True)) == ["indikator.impor", "manual.impor"]


def test_an_indicator_parent_without_its_relation_is_refused(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    data = ubah(data, "Indikator", baris_kode(data, "Indikator", "IK-K1", 1), {7: "IK-D1"})
    assert [g.pesan for g in impor_pohon(data=data, oleh=pemeran.organisasi).galat] == [
        "Isi indikator induk dan relasinya bersama-sama."
    ]


def test_an_indicator_parent_chain_that_loops_is_refused(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    data = ubah(data, "Indikator", baris_kode(data, "Indikator", "IKU-K1", 1), {7: "IK-D1", 8: "sama"})
    assert [(g.kolom, g.pesan) for g in impor_pohon(data=data, oleh=pemeran.organisasi).galat] == [
        ("Indikator · H (Kode Indikator Induk)",
         "Indikator induk ini membuat rantai berputar (siklus): pilih indikator induk lain."),
        ("Indikator · H (Kode Indikator Induk)",
         "Indikator induk ini membuat rantai berputar (siklus): pilih indikator induk lain."),
    ]  # fmt: skip


def test_a_pd_user_hangs_nodes_only_under_city_nodes_or_their_own(pemeran, pohon):
    data = ekspor(pemeran.operator_b)
    data = ubah(data, "Simpul", None, ["B2", "D1.1", "sasaran_program", "", pemeran.pd_b.kode, "", "Di bawah PD A"])
    assert [g.pesan for g in impor_pohon(data=data, oleh=pemeran.operator_b).galat] == [
        "Kode induk “D1.1” tidak ada di lembar Simpul maupun di pohon Anda."
    ]


def test_a_changed_row_gets_its_own_history_and_a_new_version(pemeran, pohon):
    node, ind = Sasaran.objects.get(kode="D1"), Indikator.objects.get(kode="IK-D1")
    data = ekspor(pemeran.organisasi)
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "D1"), {7: "stunting"})
    data = ubah(data, "Indikator", baris_kode(data, "Indikator", "IK-D1", 1), {3: "persen"})
    assert impor_pohon(data=data, oleh=pemeran.organisasi, alasan="catatan").jumlah == 2
    baru_node, baru_ind = Sasaran.objects.get(pk=node.pk), Indikator.objects.get(pk=ind.pk)
    assert (baru_node.tema, baru_node.versi, baru_ind.satuan, baru_ind.versi) == ("stunting", 2, "persen", 2)
    aksi = {r.aksi: (r.sebelum, r.sesudah, r.catatan) for r in Riwayat.objects.filter(pemda=pemeran.pemda)}
    assert aksi["simpul.impor"][0]["tema"] == "" and aksi["simpul.impor"][1]["tema"] == "stunting"
    assert aksi["indikator.impor"][1]["satuan"] == "persen" and aksi["indikator.impor"][2] == "catatan"


def test_a_changed_target_is_updated_with_its_history_and_an_empty_cell_keeps_it(pemeran, pohon):
    data = ekspor(pemeran.organisasi)
    baris = baris_kode(data, "Indikator", "IKU-K1", 1)
    data = ubah(data, "Indikator", baris, {13 + 2: "63,5", 13 + 3: None})  # 2023 changed, 2024 emptied
    assert impor_pohon(data=data, oleh=pemeran.organisasi).jumlah == 1
    t = Target.objects.get(indikator__kode="IKU-K1", tahun=2023)
    assert (t.nilai, t.versi) == (Decimal("63.5"), 2)
    assert Target.objects.get(indikator__kode="IKU-K1", tahun=2024).nilai == 63
    r = Riwayat.objects.get(pemda=pemeran.pemda)
    assert (r.aksi, r.sebelum["nilai"], r.sesudah["nilai"]) == ("target.impor", "62.0000", "63.5000")
