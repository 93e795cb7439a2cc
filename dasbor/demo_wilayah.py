"""Demo of the pembina's group dashboard (issue 18): a province group with Kabupaten Sukamaju (the demo's second
pemda, perangkat_daerah/demo.py) and two small kab/kota beside it, official results for a few years, and a
pembina of the province (`pembina.provinsi`, password PASSWORD_DEMO like every demo user).

The years are the demo city's own official years under the current instrument (written by evaluasi/demo.py,
which follows the demo's clock): read back from the database, never written here. Each member gets a result
for each of those years it lacks, from fixed levels (deterministic), components as shares of the instrument's
own weights, totals their sum, predicates from the instrument's band table. Every figure is an example
(catatan "contoh"). Called by `manage.py muat_demo` after every app's demo; safe to run again.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model

from evaluasi import scoring
from evaluasi.models import Evaluasi, HasilEvaluasi, Instrumen
from evaluasi.selectors import instrumen_siap
from perangkat_daerah.access import Peran
from perangkat_daerah.demo import KODE_PEMDA_DEMO, KODE_PEMDA_LAIN, PASSWORD_DEMO
from perangkat_daerah.models import GrupPemda, HakPembina, Pemda, Profil

KODE_A = "permenpanrb-88-2021"  # the national method-A instrument the demo's official results use
KODE_PROVINSI = "provinsi-sukamaju-raya"
KODE_GRUP = "provinsi-sukamaju-raya"
USERNAME_PEMBINA = "pembina.provinsi"
CATATAN = "Contoh demo: hasil resmi rekaan untuk dasbor wilayah"
# (kode, nama, jenis, ibu kota): the two small members beside Kabupaten Sukamaju, fictional like it
ANGGOTA_BARU = [
    ("kota-wanasari", "Kota Wanasari", Pemda.Jenis.KOTA, "Wanasari"),
    ("kabupaten-cibening", "Kabupaten Cibening", Pemda.Jenis.KABUPATEN, "Cibening"),
]
# per member: the share of each component's weight reached in the first year, and the yearly gain of that share;
# Kabupaten Cibening climbs fast, so the ranking shows a change of place (it passes Kabupaten Sukamaju)
TINGKAT = {
    KODE_PEMDA_LAIN: ((Decimal("0.66"), Decimal("0.60"), Decimal("0.62"), Decimal("0.58")), Decimal("0.015")),
    "kota-wanasari": ((Decimal("0.74"), Decimal("0.70"), Decimal("0.72"), Decimal("0.62")), Decimal("0.010")),
    "kabupaten-cibening": ((Decimal("0.58"), Decimal("0.55"), Decimal("0.60"), Decimal("0.50")), Decimal("0.050")),
}
SERATUS = Decimal("0.01")


def _pemda() -> tuple[Pemda, list[Pemda]]:
    prov, _ = Pemda.objects.update_or_create(
        kode=KODE_PROVINSI,
        defaults={"nama": "Provinsi Sukamaju Raya", "jenis": Pemda.Jenis.PROVINSI, "ibu_kota": "Sukamaju"},
    )
    anggota = [Pemda.objects.get(kode=KODE_PEMDA_LAIN)]
    for kode, nama, jenis, ibu_kota in ANGGOTA_BARU:
        p, _ = Pemda.objects.update_or_create(kode=kode, defaults={"nama": nama, "jenis": jenis, "ibu_kota": ibu_kota})
        anggota.append(p)
    return prov, anggota


def _tahun(ins: Instrumen) -> list[int]:
    """The demo city's official years under the current instrument (evaluasi/demo.py writes them)."""
    return sorted(
        Evaluasi.objects.filter(
            pemda__kode=KODE_PEMDA_DEMO, instrumen=ins, jenis=Evaluasi.Jenis.RESMI, perangkat_daerah__isnull=True
        ).values_list("tahun", flat=True)
    )


def _hasil(ins: Instrumen, anggota: list[Pemda], daftar_tahun: list[int]) -> None:
    siap = instrumen_siap(ins)
    ada = set(
        Evaluasi.objects.filter(pemda__in=anggota, jenis=Evaluasi.Jenis.RESMI, perangkat_daerah__isnull=True)
        .values_list("pemda_id", "tahun")
    )  # fmt: skip
    baru, nilai = [], []
    for p in anggota:
        bagian, naik = TINGKAT[p.kode]
        for i, tahun in enumerate(daftar_tahun):
            if (p.pk, tahun) in ada:
                continue
            komponen = {
                k.kode: (k.bobot * min(b + naik * i, Decimal(1))).quantize(SERATUS)
                for k, b in zip(siap.komponen, bagian, strict=False)
            }
            total = sum(komponen.values(), Decimal(0))
            band = scoring.predikat(total, siap.skala_predikat)
            baru.append(Evaluasi(instrumen=ins, pemda=p, tahun=tahun, jenis=Evaluasi.Jenis.RESMI,
                                 status=Evaluasi.Status.FINAL, nomor_lhe=f"B/{p.pk}/M.AA.05/{tahun} (contoh)",
                                 catatan=CATATAN))  # fmt: skip
            nilai.append((total, band, {k: str(v) for k, v in komponen.items()}))
    Evaluasi.objects.bulk_create(baru)
    HasilEvaluasi.objects.bulk_create(
        HasilEvaluasi(evaluasi=e, total=total, predikat=band.kode, predikat_nama=band.nama, nilai_komponen=k,
                      lengkap=True, instrumen_kode=ins.kode, instrumen_versi=ins.versi,
                      skala_predikat_versi=siap.skala_predikat.versi)
        for e, (total, band, k) in zip(baru, nilai, strict=True)
    )  # fmt: skip


def _pembina(prov: Pemda, grup: GrupPemda) -> None:
    User = get_user_model()
    user, dibuat = User.objects.get_or_create(
        username=USERNAME_PEMBINA, defaults={"first_name": "Hendra", "last_name": "Wiratama"}
    )
    if dibuat:
        user.set_password(PASSWORD_DEMO)
        user.save()
    Profil.objects.update_or_create(
        user=user, defaults={"pemda": prov, "peran": Peran.PEMBINA, "perangkat_daerah": None, "jabatan": "Pembina"}
    )
    HakPembina.objects.get_or_create(user=user, grup=grup)


def muat(konteks=None) -> None:
    """The province, its group of three members with official results, and its pembina; safe to run again."""
    ins = Instrumen.objects.select_related("skala_predikat").get(kode=KODE_A, versi=1, pemda__isnull=True)
    prov, anggota = _pemda()
    grup, _ = GrupPemda.objects.update_or_create(
        kode=KODE_GRUP, defaults={"nama": "Provinsi Sukamaju Raya", "jenis": GrupPemda.Jenis.PROVINSI, "provinsi": prov}
    )
    grup.anggota.add(*anggota)
    _hasil(ins, anggota, _tahun(ins))
    _pembina(prov, grup)


def hapus() -> None:
    """Remove the pembina, the group, the two added members with their results, and the province."""
    get_user_model().objects.filter(username=USERNAME_PEMBINA).delete()
    GrupPemda.objects.filter(kode=KODE_GRUP).delete()
    baru = Pemda.objects.filter(kode__in=[kode for kode, *_ in ANGGOTA_BARU])
    Evaluasi.objects.filter(pemda__in=baru).delete()
    Profil.objects.filter(pemda__kode__in=[KODE_PROVINSI, *(kode for kode, *_ in ANGGOTA_BARU)]).delete()
    Pemda.objects.filter(kode__in=[KODE_PROVINSI, *(kode for kode, *_ in ANGGOTA_BARU)]).delete()
