"""The demo performance tree (kinerja/demo_pohon*.py): Kota Tangerang Selatan's RPJMD period (of the demo's today,
kinerja/demo_jam.py) with tujuan and
sasaran, full branches with indicators, manuals and sub kegiatan budgets for Dinkes, Disdik and DLH, the
thematic branch kemiskinan and the crosscutting stunting node, every PD aligned but one, the gaps left on
purpose, the codes in the nomenclature table, and a reset that leaves nothing behind."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from kinerja import demo
from kinerja.demo_jam import jam_demo
from kinerja.models import DokumenIKU, Indikator, Kontributor, ManualIK, PeriodePerencanaan, Sasaran, Usulan
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.selectors.mutu_pohon import CEK, INDIKATOR, bahan_muat, berpagu_ada, periksa
from kinerja.services.pohon import simpul_periksa
from nomenklatur.models import Nomenklatur
from perangkat_daerah.models import Pemda, Riwayat
from tests.demo_salin import muat_demo_salin

pytestmark = pytest.mark.django_db
JAM = jam_demo()  # the demo's years as of the clock
# (PD, sub kegiatan of the acceptance chain, its nomenclature code)
RANTAI = [
    ("1.02.01", "1.02.01.SK1", "1.02.02.2.02.0004"),
    ("1.01.01", "1.01.01.SK1", "1.01.02.2.01.0029"),
    ("2.11.01", "2.11.01.SK1", "2.11.11.2.01.0001"),
]
TINGKAT_RANTAI = ["sub_kegiatan", "sasaran_kegiatan", "sasaran_program", "sasaran_strategis", "sasaran_rpjmd"]
TINGKAT_POHON = ["sasaran_program", "sasaran_kegiatan", "sub_kegiatan", "tujuan", "tematik"]


@pytest.fixture
def tangsel():
    muat_demo_salin()
    return Pemda.objects.get(kode="kota-tangerang-selatan")


def _leluhur(s: Sasaran) -> list[Sasaran]:
    rantai = []
    while s is not None:
        rantai.append(s)
        s = s.induk
    return rantai


def test_demo_city_has_its_rpjmd_period_and_every_node_obeys_the_tree_rules(tangsel):
    periode = PeriodePerencanaan.objects.get(pemda=tangsel)
    assert (periode.tahun_mulai, periode.tahun_akhir, periode.status) == (*JAM.periode, "final")
    sasaran = Sasaran.objects.filter(pemda=tangsel).select_related("tingkat", "induk")
    assert not sasaran.filter(tingkat__isnull=True).exists() and not sasaran.exclude(periode=periode).exists()
    kota = sasaran.filter(perangkat_daerah__isnull=True)
    assert set(kota.filter(tingkat__kode="tujuan").values_list("kode", flat=True)) == {"K.TJ1", "K.TJ2", "K.TJ3"}
    rpjmd = kota.filter(tingkat__kode="sasaran_rpjmd")
    assert rpjmd.count() == 6 and not rpjmd.filter(induk__isnull=True).exists()
    assert sasaran.get(kode="K.S1").induk.kode == "K.TJ1"
    for s in sasaran:
        simpul_periksa(sasaran=s)  # no error


@pytest.mark.parametrize(("pd", "sub", "nomenklatur"), RANTAI)
def test_acceptance_chain_runs_from_a_city_sasaran_to_a_budgeted_sub_kegiatan(tangsel, pd, sub, nomenklatur):
    rantai = _leluhur(Sasaran.objects.get(pemda=tangsel, kode=sub))
    assert [s.tingkat.kode for s in rantai[:5]] == TINGKAT_RANTAI
    assert rantai[0].kode_nomenklatur == nomenklatur
    assert [s.perangkat_daerah.kode for s in rantai[:4]] == [pd] * 4 and rantai[4].perangkat_daerah is None
    for s in rantai:
        assert Indikator.objects.filter(sasaran=s).exists(), s.kode
    anggaran = AnggaranSubKegiatan.objects.filter(sasaran=rantai[0]).order_by("tahun")
    assert [a.tahun for a in anggaran] == list(JAM.tahun_anggaran)
    for a in anggaran:
        assert a.pagu > 0 and a.realisasi_t1 and a.realisasi_total <= a.pagu
    assert anggaran[0].realisasi_t4 and anggaran[1].realisasi_t4
    # the current year is spent through its due quarter only
    assert [getattr(anggaran[2], f"realisasi_t{tw}") is not None for tw in (1, 2, 3, 4)] == [
        tw <= JAM.triwulan for tw in (1, 2, 3, 4)
    ]
    pagu_2023 = anggaran[0].pagu / (1 + Decimal("0.05") * (anggaran[0].tahun - 2023))
    assert anggaran[1].pagu == (pagu_2023 * (1 + Decimal("0.05") * (anggaran[1].tahun - 2023))).quantize(1)


@pytest.mark.parametrize("pd", ["1.02.01", "1.01.01", "2.11.01"])
def test_each_full_branch_has_several_programmes_kegiatan_and_budgeted_sub_kegiatan(tangsel, pd):
    simpul = Sasaran.objects.filter(pemda=tangsel, perangkat_daerah__kode=pd)
    assert simpul.filter(tingkat__kode="sasaran_program").count() >= 2
    assert simpul.filter(tingkat__kode="sasaran_kegiatan").count() >= 2
    sub = simpul.filter(tingkat__kode="sub_kegiatan")
    assert sub.count() >= 3 and not sub.filter(anggaran_sub_kegiatan__isnull=True).exists()
    ind = Indikator.objects.filter(sasaran__in=simpul.exclude(tingkat__kode="sasaran_strategis"))
    assert ind.exists() and ind.count() == ManualIK.objects.filter(indikator__in=ind).count()
    assert ind.filter(target__tahun=JAM.tahun_depan).distinct().count() == ind.count()


def test_budgets_are_written_through_the_service_with_history(tangsel):
    anggaran = AnggaranSubKegiatan.objects.filter(pemda=tangsel)
    assert anggaran.count() == 14 * 3
    riwayat = Riwayat.objects.filter(aksi="anggaran_sub_kegiatan.simpan", pemda=tangsel)
    assert riwayat.count() == anggaran.count()
    assert {r.oleh.username for r in riwayat} == {"organisasi"}


def test_thematic_branch_kemiskinan_and_the_crosscutting_stunting_node(tangsel):
    kemiskinan = Sasaran.objects.get(pemda=tangsel, kode="K.TM1")
    assert (kemiskinan.tingkat.kode, kemiskinan.tema, kemiskinan.induk.kode) == ("tematik", "Kemiskinan", "K.S1")
    anak = kemiskinan.turunan.filter(tingkat__kode="sasaran_strategis")
    assert set(anak.values_list("perangkat_daerah__singkatan", flat=True)) == {"Dinsos", "Disnaker"}
    assert all(Indikator.objects.filter(sasaran=s).exists() for s in [kemiskinan, *anak])
    stunting = Sasaran.objects.get(pemda=tangsel, kode="K.T1")
    assert (stunting.tingkat.kode, stunting.tema) == ("tematik", "Stunting")
    kontributor = Kontributor.objects.filter(sasaran=stunting).order_by("perangkat_daerah__kode")
    assert [(k.perangkat_daerah.kode, k.status) for k in kontributor] == [
        ("1.02.01", "menunggu"),  # Dinkes is invited: operator.dinkes accepts it in the acceptance walk
        ("2.08.01", "disetujui"),
    ]
    usulan = Usulan.objects.filter(pemda=tangsel).order_by("kode")
    assert [(u.kode, u.status) for u in usulan] == [("1.02.01.S3", "menunggu"), ("1.02.01.S4", "ditolak")]


def test_every_pd_has_an_aligned_sasaran_strategis_but_the_one_gap(tangsel):
    strategis = Sasaran.objects.filter(pemda=tangsel, tingkat__kode="sasaran_strategis")
    assert list(strategis.filter(induk__isnull=True).values_list("kode", flat=True)) == ["7.01.07.S1"]
    selaras = strategis.filter(induk__perangkat_daerah__isnull=False)
    assert not selaras.exists()  # every parent is a city node
    for pd in tangsel.perangkat_daerah.all():
        s = strategis.filter(perangkat_daerah=pd, induk__isnull=False)
        assert s.exists(), pd.kode
        assert all(Indikator.objects.filter(sasaran=x).exists() for x in s), pd.kode


def test_the_gaps_left_on_purpose_are_there_and_only_they(tangsel):
    simpul = Sasaran.objects.filter(pemda=tangsel)
    tanpa_indikator = simpul.filter(indikator__isnull=True).values_list("kode", flat=True)
    assert sorted(tanpa_indikator) == ["1.01.01.K2", "1.01.01.SK4"]
    pohon = Indikator.objects.filter(pemda=tangsel, sasaran__tingkat__kode__in=TINGKAT_POHON)
    assert pohon.count() > 30 and not pohon.filter(manual_ik__isnull=True).exists()
    iku_dinkes = Indikator.objects.filter(pemda=tangsel, perangkat_daerah__kode="1.02.01", iku=True)
    assert list(iku_dinkes.filter(manual_ik__isnull=True).values_list("kode", flat=True)) == ["1.02.01.01"]
    dianggarkan = simpul.filter(anggaran_sub_kegiatan__isnull=False).distinct()
    assert list(dianggarkan.filter(indikator__isnull=True).values_list("kode", flat=True)) == ["1.01.01.SK4"]
    yatim = [s.kode for s in dianggarkan if "sasaran_strategis" not in [x.tingkat.kode for x in _leluhur(s)]]
    assert yatim == ["2.11.01.SK9"]
    assert _leluhur(simpul.get(kode="2.11.01.SK9"))[-1].kode == "2.11.01.P9"


def test_the_quality_checks_of_the_app_find_exactly_the_gaps_left_on_purpose(tangsel):
    simpul = list(
        Sasaran.objects.filter(pemda=tangsel).select_related("tingkat").annotate(berpagu=berpagu_ada(JAM.tahun))
    )
    hasil = periksa(bahan_muat(sasaran=simpul, pemda_id=tangsel.pk))
    kode_simpul = {s.pk: s.kode for s in simpul}
    kode_ind = dict(Indikator.objects.filter(pemda=tangsel).values_list("pk", "kode"))
    gagal = {
        cek.kode: sorted((kode_ind if cek.jenis == INDIKATOR else kode_simpul)[pk] for pk in hasil.gagal[cek.kode])
        for cek in CEK
    }
    assert {cek: daftar for cek, daftar in gagal.items() if cek != "tanpa-manual"} == {
        "tanpa-indikator": ["1.01.01.K2", "1.01.01.SK4"],
        "belum-selaras": ["7.01.07.S1"],
        "program-tanpa-indikator": [],
        "tanpa-output": ["1.01.01.SK4"],
        "anggaran-lepas": ["2.11.01.SK9"],
        "indikator-ganda": [],
    }
    # the indicators without a manual are the generated PD indicators of kinerja.demo (the IKU 1.02.01.01
    # among them), none of the tree's
    assert "1.02.01.01" in gagal["tanpa-manual"] and "1.02.01.02" not in gagal["tanpa-manual"]
    assert not [k for k in gagal["tanpa-manual"] if k.startswith("K.") or k.count(".") > 3]


def test_every_nomenclature_code_of_the_demo_is_in_the_table_with_the_kind_of_its_level(tangsel):
    simpul = Sasaran.objects.filter(pemda=tangsel).exclude(kode_nomenklatur="").select_related("tingkat")
    assert simpul.count() >= 27
    jenis = dict(Nomenklatur.objects.values_list("kode", "jenis"))
    for s in simpul:
        assert jenis.get(s.kode_nomenklatur) == s.tingkat.nomenklatur, s.kode


def test_reset_removes_the_tree_before_its_nodes_and_rebuilds_the_same(tangsel):
    def hitung():
        pemda = Pemda.objects.get(kode=tangsel.kode)  # a reset may rebuild the pemda itself
        return {
            m.__name__: m.objects.filter(**{f: pemda}).count()
            for m, f in [
                (Sasaran, "pemda"), (Indikator, "pemda"), (AnggaranSubKegiatan, "pemda"),
                (ManualIK, "indikator__pemda"), (Kontributor, "sasaran__pemda"), (Usulan, "pemda"),
                (DokumenIKU, "pemda"), (PeriodePerencanaan, "pemda"),
            ]
        }  # fmt: skip

    pertama = hitung()
    demo.hapus()
    assert set(hitung().values()) == {0}
    assert not AnggaranSubKegiatan.objects.exists() and not ManualIK.objects.exists()
    call_command("muat_demo", "--reset")
    assert hitung() == pertama


def test_demo_dinkes_chain_keeps_its_codes_and_the_formula_relation(tangsel):
    rantai = [(s.kode, s.tingkat.kode, s.kode_nomenklatur) for s in _leluhur(Sasaran.objects.get(kode="1.02.01.SK1"))]
    assert rantai == [
        ("1.02.01.SK1", "sub_kegiatan", "1.02.02.2.02.0004"),
        ("1.02.01.K1", "sasaran_kegiatan", "1.02.02.2.02"),
        ("1.02.01.P1", "sasaran_program", "1.02.02"),
        ("1.02.01.S1", "sasaran_strategis", ""),
        ("K.S2", "sasaran_rpjmd", ""),
        ("K.TJ1", "tujuan", ""),
    ]
    k1 = Indikator.objects.get(pemda=tangsel, kode="1.02.01.K1.1")
    assert sorted(k1.turunan.values_list("kode", "relasi_induk")) == [
        ("1.02.01.SK1.1", "rumus"),
        ("1.02.01.SK2.1", "rumus"),
    ]
    assert not k1.realisasi.exists() and Indikator.objects.get(pemda=tangsel, kode="1.02.01.SK1.1").realisasi.exists()
    assert Indikator.objects.get(pemda=tangsel, kode="1.02.01.03").sasaran.kode == "1.02.01.P1"


def test_demo_operator_dinkes_sees_the_chain_with_the_computed_kegiatan_value(client, tangsel):
    assert client.post("/masuk/", {"username": "operator.dinkes", "password": "sakip-demo"}).status_code == 302
    html = client.get(f"/perencanaan/pohon/?tahun={JAM.tahun_lalu}").content.decode()
    for teks in ("K.S2", "1.02.01.S1", "1.02.01.P1", "1.02.01.K1", "1.02.01.SK1", "1.02.01.P2", "1.02.01.SK4"):
        assert teks in html, teks
    assert "dihitung dari 2 indikator turunan:" in html
    for lain in ("1.03.01.S1", "1.01.01.P1", "2.11.01.SK1"):
        assert lain not in html  # other PDs' branches


def test_demo_dinkes_iku_have_manuals_but_one_left_as_the_gap_and_the_city_has_a_draft_iku_document(tangsel):
    dinkes = Indikator.objects.filter(pemda=tangsel, perangkat_daerah__kode="1.02.01")
    iku = dinkes.filter(iku=True).order_by("kode")
    assert [(i.kode, ManualIK.objects.filter(indikator=i).exists()) for i in iku] == [
        ("1.02.01.01", False),
        ("1.02.01.02", True),
    ]
    manual = ManualIK.objects.filter(indikator__in=dinkes).order_by("indikator__kode")
    khusus = {m.indikator.kode: (m.jenis, m.periode_pelaporan) for m in manual}
    assert khusus["1.02.01.02"] == ("outcome", "semesteran") and khusus["1.02.01.03"] == ("outcome", "triwulanan")
    assert "e-PPGBM" in manual.get(indikator__kode="1.02.01.02").sumber_data
    assert all(m.definisi and m.rumus and m.sumber_data and m.penanggung_jawab and m.versi == 1 for m in manual)
    assert {m.diubah_oleh.username for m in manual} == {"operator.dinkes"}
    semua = ManualIK.objects.filter(indikator__pemda=tangsel)
    assert Riwayat.objects.filter(aksi="manual.simpan", pemda=tangsel).count() == semua.count()
    kota = DokumenIKU.objects.get(pemda=tangsel)
    assert (kota.perangkat_daerah, kota.periode.tahun_mulai, kota.status) == (None, JAM.periode[0], "draf")


def test_demo_dinkes_iku_page_flags_the_one_iku_without_a_manual(client, tangsel):
    assert client.post("/masuk/", {"username": "operator.dinkes", "password": "sakip-demo"}).status_code == 302
    resp = client.get("/perencanaan/iku/", follow=True)
    html = resp.content.decode()
    assert "1 IKU belum memiliki manual." in html
    assert html.count("Manual belum ada") == 1
    assert "e-PPGBM" in html
