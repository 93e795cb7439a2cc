"""The tree page reads its nodes and indicators as rows (`pohon_baca`), not as models (issue 13: a PD page
within 3× the baseline): each node row says what the model read says (columns, level, PD, period, the year's
budget, whether it is above zero, the crosscutting mark), each indicator row measures as the model (targets
single, ranged and by quarter, formula children, counts, relations, manuals), the page is the same, and on
PostgreSQL its per-pemda queries still start from the pemda's (or the PD's) index."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.models import Indikator, Realisasi
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.models_manual import ManualIK
from kinerja.models_usulan import Kontributor, StatusKeputusan
from kinerja.selectors import mutu_pohon, pohon
from kinerja.selectors.simpul import hak_pohon
from perangkat_daerah.models import PerangkatDaerah
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target
from tests.kinerja.test_anggaran_pohon import pohon_anggaran
from tests.test_explain_pemda import PER_PEMDA, TAHUN, data, periksa_rencana  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cabang(pemeran):
    """`pohon_anggaran` with a zero budget, a node without level or period, and PD B's program that PD A
    accepted to contribute to (crosscutting: shown on A's page, without B's nodes above it)."""
    p = pohon_anggaran(pemeran)
    AnggaranSubKegiatan.objects.create(sasaran=p.n["A.SK3"], tahun=2025, pagu=Decimal("0"))
    buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.X", uraian="Tanpa tingkat", induk=p.n["A.SS"])
    Kontributor.objects.create(sasaran=p.n["B.P"], perangkat_daerah=pemeran.pd_a, status=StatusKeputusan.DISETUJUI)
    return p


def _seperti_model(s) -> tuple:
    """What the tree page reads of a node, from a model (select_related) or a row."""
    return (
        s.pk, s.induk_id, s.perangkat_daerah_id, s.tingkat_id, s.periode_id, s.kode, s.uraian, s.tema,
        s.kode_nomenklatur, s.jabatan, s.nip, bool(s.berpagu), bool(getattr(s, "lintas", False)),
        s.anggaran_pagu, s.anggaran_t1, s.anggaran_t2, s.anggaran_t3, s.anggaran_t4,
        (s.tingkat.nama, s.tingkat.urutan, s.tingkat.kode) if s.tingkat else None,
        (s.perangkat_daerah.singkatan, s.perangkat_daerah.nama) if s.perangkat_daerah else None,
        (s.periode.pk, str(s.periode), s.periode.visi, s.periode.tahun_mulai) if s.periode else None,
    )  # fmt: skip


@pytest.mark.parametrize("peran, pd", [("organisasi", "pd_a"), ("organisasi", None), ("operator_a", None),
                                       ("operator_b", None), ("kepala_a", "pd_a")])  # fmt: skip
def test_the_rows_say_what_the_models_say(pemeran, cabang, peran, pd):
    user, pd = getattr(pemeran, peran), getattr(pemeran, pd) if pd else None
    model = pohon._simpul_terlihat(user, tahun=2025, perangkat_daerah=pd)
    baris = pohon._simpul_terlihat(user, tahun=2025, perangkat_daerah=pd, baca=True)
    assert [_seperti_model(s) for s in baris] == [_seperti_model(s) for s in model]
    ringkas = {s.kode: (s.berpagu, s.lintas) for s in baris}
    if pd is not None or peran == "operator_a":
        assert ringkas["A.SK1"] == (True, False) and ringkas["A.SK3"] == (False, False)  # 0 is no budget
        assert ringkas["B.P"] == (False, True) and "B.SS" not in ringkas and "B.SK" not in ringkas
        assert ringkas["A.X"] == (False, False)


def test_the_indicator_rows_measure_as_the_models(pemeran, cabang):
    n, terverifikasi = cabang.n, Realisasi.Status.DIVERIFIKASI
    induk = buat_indikator(sasaran=n["A.P"], kode="R", uraian="Induk rumus", satuan="orang", arah="turun")
    buat_target(induk, 2025, nilai="1500")
    for i, nilai in enumerate(("700", "650")):
        anak = buat_indikator(sasaran=n["A.K1"], kode=f"R.{i}", induk_indikator=induk,
                              relasi_induk=Indikator.Relasi.RUMUS, satuan="orang")  # fmt: skip
        buat_realisasi(anak, 2025, 2, nilai=nilai, status=terverifikasi)
    sama = buat_indikator(sasaran=n["A.K2"], kode="S", induk_indikator=induk, relasi_induk=Indikator.Relasi.SAMA)
    buat_target(sama, 2025, lo="80", hi="90")
    tw = buat_indikator(sasaran=n["A.SK1"], kode="T", bilangan_bulat=True, satuan="%")
    buat_target(tw, 2025, nilai="100", t1="20", t2="45")
    buat_realisasi(tw, 2025, 2, nilai="40.5", status=terverifikasi)
    ManualIK.objects.create(indikator=tw, definisi="Definisi", jenis=ManualIK.Jenis.OUTPUT)
    ids = [s.pk for s in n.values()]
    model, baris = pohon.ukuran(ids, 2025), pohon.ukuran(ids, 2025, baca=True)
    assert model.per_sasaran.keys() == baris.per_sasaran.keys()
    for s_id, daftar in model.per_sasaran.items():
        assert [vars(pohon.baris_indikator(i, model, 2025)) for i in daftar] == [
            vars(pohon.baris_indikator(i, baris, 2025)) for i in baris.per_sasaran[s_id]
        ]
        assert [mutu_pohon.indikator_dari(i) for i in daftar] == [
            mutu_pohon.indikator_dari(i) for i in baris.per_sasaran[s_id]
        ]
    teks = {b.kode: b for i in baris.per_sasaran[n["A.P"].pk] for b in [pohon.baris_indikator(i, baris, 2025)]}
    assert teks["R"].rumus.startswith("dihitung dari 2 indikator turunan: 1.350")
    assert {i.kode for d in baris.per_sasaran.values() for i in d} >= {"R", "R.0", "R.1", "S", "T"}


def test_the_pd_page_shows_the_budgets_levels_and_the_crosscutting_node(client, pemeran, cabang):
    client.force_login(pemeran.organisasi)
    html = client.get(f"/perencanaan/pohon/pd/{pemeran.pd_a.pk}/?tahun=2025").content.decode()
    for teks in ("Uraian A.SK1", "Uraian B.P", "Tanpa tingkat", "lintas PD"):
        assert teks in html
    assert "Uraian B.SS" not in html and "Uraian B.SK" not in html  # another PD's nodes: only the accepted one
    assert html.count('class="kecil anggaran-simpul"') == 8  # K, A.SS, A.P, A.K1, A.K2, A.SK1, A.SK2, A.SK3


def test_the_page_rights_are_the_same_read_for_some_nodes_or_for_the_whole_scope(pemeran, cabang):
    """`hak_pohon` for the page's nodes (no filter by right in SQL) answers as for the whole scope."""
    for user in (pemeran.organisasi, pemeran.operator_a, pemeran.kepala_a, pemeran.pimpinan):
        semua = hak_pohon(user)
        ids = [s.pk for s in cabang.n.values()]
        bagian = hak_pohon(user, sasaran_ids=ids)
        for nama in ("ubah", "induk", "usulkan", "lihat"):
            assert getattr(bagian, nama) == getattr(semua, nama) & set(ids), (user, nama)
        assert bagian.buat == semua.buat


@pytest.mark.layanan
def test_the_pd_pages_per_pemda_queries_start_from_the_pemdas_index(client, data):  # noqa: F811
    pd = PerangkatDaerah.objects.filter(pemda=data).order_by("kode").first()
    masalah, diperiksa = [], 0
    for peran, url in (("organisasi", f"/perencanaan/pohon/pd/{pd.pk}/"), ("operator", "/perencanaan/pohon/")):
        client.force_login(get_user_model().objects.get(username=f"{data.kode}-{peran}"))
        client.post("/tahun/", {"tahun": TAHUN, "next": "/"})
        cache.clear()  # a cached page would hide the build's queries
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        for q in ctx.captured_queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or not PER_PEMDA.search(sql):
                continue
            diperiksa += 1
            salah, terbatas = periksa_rencana(sql)
            if salah or not terbatas:
                masalah.append(f"{url}: {salah or 'no scan restricted by pemda or PD'}\n    {sql[:300]}")
    assert diperiksa >= 4
    assert not masalah, "\n".join(masalah)
