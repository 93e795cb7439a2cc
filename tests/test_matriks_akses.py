"""The access matrix: every page and API endpoint that takes an object, for every role, against an object of
another PD and of another pemda. Out of scope is 404 (another pemda) or 404/403 (another PD), for every
method, and nothing changes. A URL added without a row here fails `test_every_url_is_in_the_matrix`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from evaluasi import services as ev_services
from evaluasi.models import Jawaban
from kinerja.models import Anggaran, KunciTriwulan, ManualIK, PeriodePerencanaan, PerjanjianKinerja
from laporan.models import BatchLaporan, Laporan, Narasi
from tests.evaluasi.factories import buat_evaluasi
from tests.factories import Peran, buat_pengguna
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target
from tests.matriks_sidik import kode_dari, tanpa_perubahan, ubahan_tiap_bagian

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% uji\n"
TAHUN = 2024


@dataclass
class Objek:
    """Everything of one PD that an URL can point at."""

    pd: object
    indikator: object
    sasaran: object
    target: object
    realisasi: object
    evaluasi: object
    jawaban: object
    rekomendasi: object
    laporan: object
    batch: object
    instrumen: object
    narasi: object
    pk: object = None  # noqa: RUF009
    anggaran: object = None
    kunci: object = None
    manual: object = None
    usulan: object = None  # a proposal to the PD and a crosscutting invitation of the PD (issue 13)
    kontributor: object = None
    periode: object = None  # the pemda's RPJMD period (issue 13 point 1)
    rencana: object = None  # an action plan and its month's realisation with evidence (issue 16 point 1)
    realisasi_aksi: object = None


def _objek(pemda, pd, operator, inspektorat, organisasi) -> Objek:
    ind = buat_indikator(pd)
    target = buat_target(ind, TAHUN, nilai="10")
    r = buat_realisasi(ind, TAHUN, 1, nilai="5", status="diajukan")
    r.bukti.save("bukti.pdf", ContentFile(PDF))
    pk = PerjanjianKinerja.objects.create(perangkat_daerah=pd, tahun=TAHUN)
    anggaran = Anggaran.objects.create(perangkat_daerah=pd, tahun=TAHUN, pagu=1000)
    kunci, _ = KunciTriwulan.objects.get_or_create(pemda=pemda, tahun=TAHUN, triwulan=4)
    e = buat_evaluasi(inspektorat, jenis="internal", pd=pd, tahun=TAHUN, terisi=True)
    j = Jawaban.objects.filter(evaluasi=e).first()
    j.bukti.save("bukti.pdf", ContentFile(PDF))
    rek = ev_services.rekomendasi_buat(
        evaluasi=e, oleh=inspektorat, uraian="Perbaiki", batas_waktu=datetime.date(TAHUN + 1, 3, 31)
    )
    rek.bukti.save("bukti.pdf", ContentFile(PDF))
    lap = Laporan.objects.create(
        pemda=pemda, perangkat_daerah=pd, jenis="pk", tahun=TAHUN, status="selesai", nama_berkas="PK.pdf"
    )
    lap.berkas.save("pk.pdf", ContentFile(PDF))
    batch = BatchLaporan.objects.create(pemda=pemda, jenis="lkjip_pd", tahun=TAHUN, diminta_oleh=organisasi)
    narasi = Narasi.objects.create(pemda=pemda, perangkat_daerah=pd, tahun=TAHUN, bab="bab1", teks="Pendahuluan")
    manual = ManualIK.objects.create(indikator=ind, definisi="Definisi")
    return Objek(pd, ind, ind.sasaran, target, r, e, j, rek, lap, batch, e.instrumen, narasi, pk, anggaran, kunci,
                 manual)  # fmt: skip


def _usulan_dan_undangan(pemda, pd) -> tuple:
    from kinerja.models import Kontributor, Sasaran, Usulan
    from kinerja.services.pohon import tingkat_bawaan_pastikan

    t = tingkat_bawaan_pastikan(pemda=pemda)
    kota = Sasaran.objects.create(pemda=pemda, kode=f"KU{pd.pk}", uraian="Kota", tingkat=t["sasaran_rpjmd"])
    u = Usulan.objects.create(pemda=pemda, arah="kota_ke_pd", perangkat_daerah=pd, induk=kota,
                              tingkat=t["sasaran_strategis"], kode=f"U{pd.pk}", uraian="Usulan")  # fmt: skip
    return u, Kontributor.objects.create(sasaran=kota, perangkat_daerah=pd)


def _rencana_aksi(o) -> tuple:
    from kinerja.models import RealisasiAksi, RencanaAksi

    r = RencanaAksi.objects.create(indikator=o.indikator, tahun=TAHUN, uraian="Aksi", penanggung_jawab="Kabid",
                                   target_bulanan={"1": "5"})  # fmt: skip
    ra = RealisasiAksi.objects.create(rencana_aksi=r, bulan=1, nilai=4, status="diajukan")
    ra.bukti.save("bukti.pdf", ContentFile(PDF))
    return r, ra


@pytest.fixture
def dunia(pemeran):
    lain = pemeran.pemda_lain
    ins_lain = buat_pengguna(lain, Peran.INSPEKTORAT)
    org_lain = buat_pengguna(lain, Peran.BAGIAN_ORGANISASI)
    pemeran.b = _objek(pemeran.pemda, pemeran.pd_b, pemeran.operator_b, pemeran.inspektorat, pemeran.organisasi)
    pemeran.lain = _objek(lain, pemeran.pd_lain, pemeran.operator_lain, ins_lain, org_lain)
    for o in (pemeran.b, pemeran.lain):
        o.usulan, o.kontributor = _usulan_dan_undangan(o.pd.pemda, o.pd)
        o.periode = PeriodePerencanaan.objects.create(pemda=o.pd.pemda, tahun_mulai=2021, tahun_akhir=2026)
        o.rencana, o.realisasi_aksi = _rencana_aksi(o)
    return pemeran


def _tw(o):
    return {"pd_id": o.pd.pk, "tahun": TAHUN, "triwulan": 1}


# url name -> (kwargs from the object, whether PD-bound users are out of scope for another PD's object)
MATRIKS = {
    "pd:detail": (lambda o: {"pk": o.pd.pk}, True),
    "pd:profil_instansi": (lambda o: {"pk": o.pd.pk}, True),
    "pd:pejabat": (lambda o: {"pk": o.pd.pk}, True),  # the PD head's signature data (perangkat_daerah/pejabat.py)
    "kinerja:realisasi": (_tw, True),
    "kinerja:templat_realisasi": (_tw, True),
    "kinerja:impor_realisasi": (_tw, True),
    "kinerja:pratinjau": (lambda o: {"indikator_id": o.indikator.pk, "tahun": TAHUN, "triwulan": 1}, True),
    "kinerja:bukti": (lambda o: {"pk": o.realisasi.pk}, True),
    "kinerja:riwayat": (lambda o: {"indikator_id": o.indikator.pk, "tahun": TAHUN, "triwulan": 1}, True),
    "kinerja:verifikasi_putuskan": (_tw, True),
    "kinerja:pk": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN}, True),
    "kinerja:pk_tetapkan": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN}, True),
    "kinerja:anggaran_pd": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN}, True),
    "kinerja:renaksi": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN}, True),
    "kinerja:renaksi_laporan": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN}, True),
    "kinerja:templat_renaksi": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN}, True),
    "kinerja:impor_renaksi": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN}, True),
    "kinerja:renaksi_tambah": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN, "indikator_id": o.indikator.pk}, True),
    "kinerja:renaksi_ubah": (lambda o: {"pk": o.rencana.pk}, True),
    "kinerja:renaksi_hapus": (lambda o: {"pk": o.rencana.pk}, True),
    "kinerja:renaksi_putuskan": (lambda o: {"pk": o.realisasi_aksi.pk}, True),
    "kinerja:renaksi_bukti": (lambda o: {"pk": o.realisasi_aksi.pk}, True),
    "rencana-aksi-detail": (lambda o: {"pk": o.rencana.pk}, True),
    "perencanaan:anggaran_pd": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN}, True),
    "kinerja:target_ubah": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN, "indikator_id": o.indikator.pk}, True),
    "kinerja:target_isi_triwulan": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN, "indikator_id": o.indikator.pk}, True),
    "perencanaan:pohon_pd": (lambda o: {"pd_id": o.pd.pk}, True),
    "perencanaan:pohon_pd_xlsx": (lambda o: {"pd_id": o.pd.pk}, True),
    "perencanaan:usulan_putuskan": (lambda o: {"pk": o.usulan.pk}, True),
    "perencanaan:kontributor_putuskan": (lambda o: {"pk": o.kontributor.pk}, True),
    "perencanaan:manual": (lambda o: {"indikator_id": o.indikator.pk}, True),
    "perencanaan:iku_pd": (lambda o: {"pd_id": o.pd.pk}, True),
    "perencanaan:iku_pd_tetapkan": (lambda o: {"pd_id": o.pd.pk}, True),
    "perencanaan:simpul_ubah": (lambda o: {"pk": o.sasaran.pk}, True),
    "perencanaan:simpul_hapus": (lambda o: {"pk": o.sasaran.pk}, True),
    "perencanaan:indikator_baru": (lambda o: {"pk": o.sasaran.pk}, True),
    "perencanaan:indikator_ubah": (lambda o: {"pk": o.indikator.pk}, True),
    "perencanaan:indikator_hapus": (lambda o: {"pk": o.indikator.pk}, True),
    "perencanaan:indikator_pembanding": (lambda o: {"pk": o.indikator.pk}, True),  # the benchmark's own form
    "perencanaan:renstra_pd": (lambda o: {"pd_id": o.pd.pk}, True),
    "perencanaan:renstra_tetapkan": (lambda o: {"pd_id": o.pd.pk}, True),
    "perencanaan:renja_pd": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN}, True),
    "perencanaan:renja_tetapkan": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN}, True),
    "perencanaan:renja_e81": (lambda o: {"pd_id": o.pd.pk, "tahun": TAHUN}, True),  # the E.81 workbook
    # the pemda's period: PD users of the same pemda read the RPJMD but may not edit it (403, not 404)
    "perencanaan:rpjmd_ubah": (lambda o: {"periode_id": o.periode.pk}, False),
    "perencanaan:rpjmd_tetapkan": (lambda o: {"periode_id": o.periode.pk}, False),
    "manual-ik-detail": (lambda o: {"pk": o.manual.pk}, True),
    "pohon-kinerja-detail": (lambda o: {"pk": o.sasaran.pk}, True),
    "evaluasi:rekomendasi_detail": (lambda o: {"pk": o.rekomendasi.pk}, True),
    "evaluasi:rekomendasi_bukti": (lambda o: {"pk": o.rekomendasi.pk}, True),
    "evaluasi:bukti": (lambda o: {"pk": o.jawaban.pk}, True),
    "evaluasi:lembar": (lambda o: {"pk": o.evaluasi.pk}, True),
    "evaluasi:pratinjau": (lambda o: {"pk": o.evaluasi.pk}, True),
    "evaluasi:migrasi": (lambda o: {"pk": o.evaluasi.pk}, True),  # last year's answers into the draft
    "evaluasi:hasil": (lambda o: {"pk": o.evaluasi.pk}, True),
    "evaluasi:rencana": (lambda o: {"pk": o.evaluasi.pk}, True),
    "evaluasi:ubah_status": (lambda o: {"pk": o.evaluasi.pk, "aksi": "finalkan"}, True),
    "evaluasi:rekomendasi_baru": (lambda o: {"pk": o.evaluasi.pk}, True),
    "laporan:batch": (lambda o: {"pk": o.batch.pk}, False),
    "laporan:batch_zip": (lambda o: {"pk": o.batch.pk}, False),
    "laporan:detail": (lambda o: {"pk": o.laporan.pk}, True),
    "laporan:status": (lambda o: {"pk": o.laporan.pk}, True),
    "laporan:unduh": (lambda o: {"pk": o.laporan.pk}, True),
    "laporan:ulangi": (lambda o: {"pk": o.laporan.pk}, True),
    "laporan:terbit": (lambda o: {"pk": o.laporan.pk}, True),  # publish on the public page (laporan/terbit.py)
    "laporan:reviu_pd": (lambda o: {"pd_id": o.pd.pk}, True),  # the reviu of the PD's LKjIP (laporan/reviu.py)
    "perangkat-daerah-detail": (lambda o: {"pk": o.pd.pk}, True),
    "sasaran-detail": (lambda o: {"pk": o.sasaran.pk}, True),
    "indikator-detail": (lambda o: {"pk": o.indikator.pk}, True),
    "target-detail": (lambda o: {"pk": o.target.pk}, True),
    "realisasi-detail": (lambda o: {"pk": o.realisasi.pk}, True),
    "realisasi-ajukan": (lambda o: {"pk": o.realisasi.pk}, True),
    "realisasi-kembalikan": (lambda o: {"pk": o.realisasi.pk}, True),
    "realisasi-verifikasi": (lambda o: {"pk": o.realisasi.pk}, True),
    "evaluasi-detail": (lambda o: {"pk": o.evaluasi.pk}, True),
    "evaluasi-hasil": (lambda o: {"pk": o.evaluasi.pk}, True),
    "evaluasi-jawaban": (lambda o: {"pk": o.evaluasi.pk}, True),
    "evaluasi-rencana": (lambda o: {"pk": o.evaluasi.pk}, True),
    "rekomendasi-detail": (lambda o: {"pk": o.rekomendasi.pk}, True),
    "laporan-detail": (lambda o: {"pk": o.laporan.pk}, True),
    "laporan-unduh": (lambda o: {"pk": o.laporan.pk}, True),
    "laporan-ulangi": (lambda o: {"pk": o.laporan.pk}, True),
    "narasi-detail": (lambda o: {"pk": o.narasi.pk}, True),
    "perjanjian-kinerja-detail": (lambda o: {"pk": o.pk.pk}, True),
    "anggaran-detail": (lambda o: {"pk": o.anggaran.pk}, True),
    # a pemda-wide row: PD users of the same pemda may read it (False), another pemda may not
    "kunci-triwulan-detail": (lambda o: {"pk": o.kunci.pk}, False),
}
# URLs with arguments that point at no pemda's object: the shared national instrument, format suffixes.
TANPA_OBJEK = {"instrumen-detail", "api-root", "kinerja:kelengkapan", "kinerja:kelengkapan_xlsx"}
# the city's own IKU pages take only a year and quarter: the pemda is the user's own (tests/kinerja/test_iku_kota.py)
TANPA_OBJEK |= {"kinerja:realisasi_kota", "kinerja:verifikasi_kota"}
# the national nomenclature: reference data every user reads (tests/nomenklatur/test_api.py)
TANPA_OBJEK |= {"nomenklatur-detail"}
# the city's budget page takes only a year: each user sees the PD of their own scope (test_anggaran_pohon_halaman.py)
TANPA_OBJEK |= {"perencanaan:anggaran"}
# The public SAKIP page (dasbor/views_publik.py): no login, the only URLs an anonymous visitor reaches. url name
# -> (kwargs from the object, status of an anonymous GET): the page is 200; the matrix's document (a PK, not
# an LKjIP, unpublished) is 404, here and under another pemda's address; `test_anonymous_...` below.
ANONIM = {
    "publik:pemda": (lambda o: {"kode": o.pd.pemda.kode}, 200),
    "publik:unduh": (lambda o: {"pk": o.laporan.pk}, 404),
    "publik:unduh_pemda": (lambda o: {"kode": o.pd.pemda.kode, "pk": o.laporan.pk}, 404),
}
PERAN_KOTA = ["organisasi", "inspektorat", "pimpinan", "admin"]
# The pembina's group dashboard (issue 18): its URLs take a group (and one member pemda), not a pemda's working
# object; only a pembina granted the group reaches them, anyone else gets 404 (`test_the_group_dashboard_...`).
WILAYAH = {
    "dasbor:wilayah_grup": lambda g, p: {"pk": g.pk},
    "dasbor:wilayah_xlsx": lambda g, p: {"pk": g.pk},
    "dasbor:wilayah_pemda": lambda g, p: {"pk": g.pk, "pemda_id": p.pk},
}
PERAN_PD = ["operator_a", "kepala_a"]
METODE = ["get", "post", "put", "patch", "delete"]


def _nama_url():
    hasil = set()

    def jalan(resolver, ns=None):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.namespace != "admin":
                    jalan(p, p.namespace or ns)
            elif isinstance(p, URLPattern) and p.pattern.regex.groups:
                hasil.add(f"{ns}:{p.name}" if ns else p.name)

    jalan(get_resolver())
    return hasil


def test_every_url_is_in_the_matrix():
    # list routes match only a format suffix (".json"), not an object
    semua = {n for n in _nama_url() if not n.endswith("-list")}
    assert semua - set(MATRIKS) - TANPA_OBJEK - set(ANONIM) - set(WILAYAH) == set()


def _minta(klien, metode: str, url: str):
    """The call of one matrix request: an empty JSON body for every method but GET."""
    if metode == "get":
        return lambda: klien.get(url).status_code
    return lambda: getattr(klien, metode)(url, {}, format="json").status_code


def _coba_semua(user, objek, boleh: set[int], hanya_terikat: bool = False):
    """Every matrix URL (or only those bound to the PD) with every method, as `user`, on `objek`'s objects."""
    klien = APIClient()
    klien.force_login(user)  # a session serves both the pages and the API
    boleh = boleh | {405}
    return tanpa_perubahan(
        ((metode.upper(), url), _minta(klien, metode, url), boleh.__contains__)
        for nama, (kwargs, terikat) in MATRIKS.items()
        if terikat or not hanya_terikat
        for url in [reverse(nama, kwargs=kwargs(objek))]
        for metode in METODE
    )


@pytest.mark.parametrize("peran", PERAN_PD + PERAN_KOTA)
def test_nobody_reaches_another_pemdas_objects(dunia, peran):
    # 404 (not found in scope), or 403 where a role check comes first and says nothing about the object
    assert _coba_semua(getattr(dunia, peran), dunia.lain, {403, 404}) == []


@pytest.mark.parametrize("peran", PERAN_PD)
def test_pd_users_reach_no_other_pds_objects(dunia, peran):
    assert _coba_semua(getattr(dunia, peran), dunia.b, {403, 404}, hanya_terikat=True) == []


def test_the_fingerprint_reports_a_request_that_changes_any_part_of_it(dunia):
    """The matrix's one-query fingerprint misses no part: a request answering an allowed code that changed
    something is reported; so is a real request the scope let through (the city verifying PD B's figure)."""
    from kinerja.models import Realisasi

    ubahan = ubahan_tiap_bagian(dunia, TAHUN)
    permintaan = (((nama,), lambda u=u: u() and 404, {404}.__contains__) for nama, u in ubahan.items())
    assert tanpa_perubahan(permintaan) == [(nama, 404, True) for nama in ubahan]
    klien = APIClient()
    klien.force_login(dunia.organisasi)
    url = reverse("realisasi-verifikasi", kwargs={"pk": dunia.b.realisasi.pk})
    versi = Realisasi.objects.get(pk=dunia.b.realisasi.pk).versi
    kirim = (("POST", url), lambda: klien.post(url, {"versi": versi}, format="json").status_code, {404}.__contains__)
    assert tanpa_perubahan([kirim]) == [("POST", url, 200, True)]


def test_pd_users_cannot_use_city_batches(dunia):
    klien = APIClient()
    klien.force_login(dunia.operator_a)
    assert klien.get(reverse("laporan:batch", kwargs={"pk": dunia.b.batch.pk})).status_code in (403, 404)


@pytest.mark.parametrize("peran", ["organisasi", "pimpinan"])
def test_city_roles_do_reach_every_object_of_their_pemda(dunia, peran):
    """The other side of the matrix: the same URLs are found in scope (so the 404s above mean something)."""
    klien = APIClient()
    klien.force_login(getattr(dunia, peran))
    tidak_ketemu = []
    for nama, (kwargs, _terikat) in MATRIKS.items():
        resp = klien.get(reverse(nama, kwargs=kwargs(dunia.b)))
        if resp.status_code == 404 and not (peran == "pimpinan" and nama in ("laporan:batch", "laporan:batch_zip")):
            tidak_ketemu.append(nama)
        assert resp.status_code < 500, nama
    assert tidak_ketemu == []


# --- the pembina (issue 18): read-only sight of the official figures of the groups granted, nothing else ----


@pytest.fixture
def pembina(dunia):
    """A pembina of a province whose group holds the cast's pemda (not the other one), and a group not granted."""
    from perangkat_daerah.models import GrupPemda, HakPembina
    from tests.factories import buat_pemda

    prov = buat_pemda(nama="Provinsi Matriks")
    grup = GrupPemda.objects.create(kode="prov-matriks", nama="Provinsi Matriks", provinsi=prov)
    grup.anggota.set([dunia.pemda])
    lain = GrupPemda.objects.create(kode="grup-lain", nama="Grup Lain", jenis="nasional")
    lain.anggota.set([dunia.pemda_lain])
    user = buat_pengguna(prov, Peran.PEMBINA)
    HakPembina.objects.create(user=user, grup=grup)
    return user, grup, lain


def test_a_pembina_reaches_no_working_object_of_any_pemda(dunia, pembina):
    """Not another pemda's, nor the granted pemda's own: drafts, evidence, staff, realisations are never theirs."""
    assert _coba_semua(pembina[0], dunia.lain, {403, 404}) == []
    assert _coba_semua(pembina[0], dunia.b, {403, 404}) == []


def test_the_group_dashboard_only_for_its_pembina(dunia, pembina):
    user, grup, lain = pembina
    gagal = []

    def coba(siapa, g, p, status_get):
        klien = APIClient()
        klien.force_login(siapa)
        gagal.extend(
            tanpa_perubahan(
                (
                    (siapa.username, metode, url),
                    kode_dari(getattr(klien, metode), url),
                    {status_get}.__contains__ if metode == "get" else {405, 404}.__contains__,
                )
                for nama, kwargs in WILAYAH.items()
                for url in [reverse(nama, kwargs=kwargs(g, p))]
                for metode in METODE
            )
        )

    coba(user, grup, dunia.pemda, 200)
    coba(user, lain, dunia.pemda_lain, 404)
    for peran in PERAN_PD + PERAN_KOTA:
        coba(getattr(dunia, peran), grup, dunia.pemda, 404)
    klien = APIClient()
    klien.force_login(user)
    luar = reverse("dasbor:wilayah_pemda", kwargs={"pk": grup.pk, "pemda_id": dunia.pemda_lain.pk})
    assert klien.get(luar).status_code == 404
    assert gagal == []


def test_a_pembinas_api_lists_are_empty(dunia, pembina):
    klien = APIClient()
    klien.force_login(pembina[0])
    for nama in DAFTAR_API:
        assert _id_daftar(klien, nama) == set(), nama


DAFTAR_API = {
    "perangkat-daerah-list": "pd", "sasaran-list": "sasaran", "indikator-list": "indikator",
    "target-list": "target", "realisasi-list": "realisasi", "evaluasi-list": "evaluasi",
    "rekomendasi-list": "rekomendasi", "laporan-list": "laporan", "narasi-list": "narasi",
    "perjanjian-kinerja-list": "pk", "anggaran-list": "anggaran", "manual-ik-list": "manual",
    "pohon-kinerja-list": "sasaran", "rencana-aksi-list": "rencana",
}  # fmt: skip


def _id_daftar(klien, nama) -> set[int]:
    data = klien.get(reverse(nama) + "?page_size=1000").json()
    return {r["id"] for r in (data["results"] if isinstance(data, dict) else data)}


def test_every_api_list_is_in_the_matrix():
    # the national instrument and the pemda-wide quarter locks are the same for every PD of a pemda
    semua = {n for n in _nama_url() if n.endswith("-list")}
    assert semua - set(DAFTAR_API) - {"instrumen-list", "kunci-triwulan-list", "nomenklatur-list"} == set()


@pytest.mark.parametrize("peran", PERAN_PD + PERAN_KOTA)
def test_api_lists_never_show_another_pemda_or_for_pd_users_another_pd(dunia, peran):
    klien = APIClient()
    klien.force_login(getattr(dunia, peran))
    for nama, atribut in DAFTAR_API.items():
        ids = _id_daftar(klien, nama)
        assert getattr(dunia.lain, atribut).pk not in ids, nama
        if peran in PERAN_PD:
            assert getattr(dunia.b, atribut).pk not in ids, nama
        else:
            assert getattr(dunia.b, atribut).pk in ids, nama


# --- notifications (issue 16 point 5): their URLs take no object; each user reads and marks only their own ----


@pytest.mark.parametrize("peran", PERAN_PD + PERAN_KOTA)
def test_notifications_of_another_pd_pemda_or_user_reach_nobody(dunia, peran):
    from notifikasi.models import Notifikasi, Peristiwa

    sasaran = []
    for user, pd in ((dunia.operator_b, dunia.pd_b), (dunia.operator_lain, dunia.pd_lain), (dunia.organisasi, None)):
        p = Peristiwa.objects.create(pemda=user.profil.pemda, perangkat_daerah=pd, jenis="terlambat",
                                     kunci=f"uji-{user.pk}", judul=f"Milik {user.username}")  # fmt: skip
        sasaran.append(Notifikasi.objects.create(peristiwa=p, user=user))
    user = getattr(dunia, peran)
    sasaran = [n for n in sasaran if n.user_id != user.pk]
    klien = APIClient()
    klien.force_login(user)
    halaman = klien.get(reverse("notifikasi:daftar")).content.decode()
    assert all(n.peristiwa.judul not in halaman for n in sasaran)
    ids = {r["id"] for r in klien.get(reverse("notifikasi-list")).json()["results"]}
    assert ids.isdisjoint(n.pk for n in sasaran)
    for n in sasaran:
        klien.post(reverse("notifikasi:baca"), {"id": n.pk})
        klien.post(reverse("notifikasi-baca"), {"id": [n.pk]}, format="json")
    klien.post(reverse("notifikasi:baca_semua"))
    assert not Notifikasi.objects.filter(pk__in=[n.pk for n in sasaran], dibaca_pada__isnull=False).exists()


def test_anonymous_reaches_only_the_public_page_and_published_lkjip(dunia, client):
    """Anonymous: every matrix URL sends to login (a page) or refuses (the API); the public ones answer as listed
    and change nothing; a published LKjIP of the pemda downloads, and not under another pemda's address."""
    gagal = []
    for nama, (kwargs, _terikat) in MATRIKS.items():
        resp = client.get(reverse(nama, kwargs=kwargs(dunia.b)))
        if resp.status_code not in (302, 401, 403) or (resp.status_code == 302 and "/masuk/" not in resp["Location"]):
            gagal.append((nama, resp.status_code))
    gagal += tanpa_perubahan(
        ((metode, url), kode_dari(getattr(client, metode), url), {status if metode == "get" else 405}.__contains__)
        for nama, (kwargs, status) in ANONIM.items()
        for url in [reverse(nama, kwargs=kwargs(dunia.b))]
        for metode in METODE
    )
    assert gagal == []
    assert client.get(reverse("publik:beranda")).status_code == 200
    lkjip = Laporan.objects.create(pemda=dunia.pemda, jenis="lkjip_pemda", tahun=TAHUN, status="selesai",
                                   nama_berkas="LKjIP.pdf", terbit=True)  # fmt: skip
    lkjip.berkas.save("lkjip.pdf", ContentFile(PDF))
    assert client.get(reverse("publik:unduh_pemda", args=[dunia.pemda.kode, lkjip.pk])).status_code == 200
    assert client.get(reverse("publik:unduh_pemda", args=[dunia.pemda_lain.kode, lkjip.pk])).status_code == 404


AWALAN = ["/dasbor/", "/kinerja/", "/perencanaan/", "/laporan/", "/evaluasi/", "/pd/"]
# a bare prefix typed into the address bar: role -> prefix -> the page it lands on (issue 17 point 4)
AWALAN_TUJUAN = {
    "pimpinan": {"/dasbor/": "dasbor:pimpinan", "/kinerja/": "kinerja:renaksi_saya"},
    "organisasi": {"/dasbor/": "dasbor:organisasi", "/perencanaan/": "perencanaan:pohon"},
    "admin": {"/dasbor/": "dasbor:organisasi"},
    "inspektorat": {"/dasbor/": "evaluasi:daftar"},  # no dashboard: its home page
    "operator_a": {"/dasbor/": "kinerja:realisasi_saya", "/kinerja/": "kinerja:realisasi_saya"},
    "kepala_a": {"/dasbor/": "kinerja:realisasi_saya", "/perencanaan/": "perencanaan:pohon"},
}


@pytest.mark.parametrize("peran", PERAN_PD + PERAN_KOTA)
def test_bare_prefixes_land_on_the_roles_own_page(dunia, peran, client):
    """`/dasbor/` typed by the wali kota was a 404: every bare prefix now leads each role to a page it may
    open (its own dashboard, its home page, or its first menu entry under the prefix), keeping `?tahun=`."""
    client.force_login(getattr(dunia, peran))
    gagal = []
    for awalan in AWALAN:
        resp = client.get(awalan, follow=True)
        if resp.status_code != 200:  # /laporan/, /evaluasi/ and /pd/ are lists every role reads
            gagal.append((awalan, resp.status_code))
    for awalan, nama in AWALAN_TUJUAN[peran].items():
        resp = client.get(awalan)
        if resp.status_code != 302 or resp["Location"] != reverse(nama):
            gagal.append((awalan, resp.status_code, resp.get("Location")))
    resp = client.get("/dasbor/?tahun=2025")
    if resp["Location"].partition("?")[2] != "tahun=2025":
        gagal.append(("tahun", resp["Location"]))
    assert gagal == []


def test_bare_prefixes_send_the_anonymous_to_login(client):
    for awalan in AWALAN:
        resp = client.get(awalan)
        assert resp.status_code == 302 and "/masuk/" in resp["Location"], awalan
