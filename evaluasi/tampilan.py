"""Plain, formatted values for the evaluasi templates (no logic beyond if/for in templates).

Numbers are formatted once here, as Indonesians write them (69,04), from the engine's results.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from sakip.lib.angka import format_angka, parse_angka

from . import scoring
from .models import Evaluasi, HasilEvaluasi, Jawaban, NilaiSubKomponen
from .selectors import InstrumenSiap, TahunKota, gambaran_pd, hitung, instrumen_siap, masukan_evaluasi, punya_hasil
from .templatetags.evaluasi_tags import tanggal as tanggal_id


def tanggal(d) -> str:
    """31 Desember 2024, in Indonesian whatever the browser's language."""
    return tanggal_id(d)


def ringkasan_predikat(band: scoring.Band) -> dict:
    return {"kode": band.kode, "nama": band.nama, "makna": band.makna}


def komponen_hasil(siap: InstrumenSiap, hasil: scoring.Hasil) -> list[dict]:
    """Components and sub-components as value / maximum."""
    baris = []
    for hk, info in zip(hasil.komponen, siap.komponen, strict=True):
        subs = [
            {
                "kode": hs.kode,
                "nama": si.nama,
                "nilai": format_angka(hs.nilai),
                "bobot": format_angka(hs.bobot),
                "nilai_a": hs.nilai_a or "",
                "usulan": hs.usulan or "",
                "terjawab": hs.jumlah_terjawab,
                "jumlah": hs.jumlah_kriteria,
                "lengkap": hs.lengkap,
                "melebihi": hs.melebihi_dukungan,
            }
            for hs, si in zip(hk.subkomponen, info.subkomponen, strict=True)
        ]
        baris.append(
            {
                "kode": hk.kode,
                "nama": info.nama,
                "nilai": format_angka(hk.nilai),
                "bobot": format_angka(hk.bobot),
                "subs": subs,
            }
        )
    return baris


def poin_hilang(siap: InstrumenSiap, hasil: scoring.Hasil) -> list[dict]:
    """Lost points, largest first, each with the criterion's (or sub-component's) text and answer."""
    jawaban = {k.kode: k.jawaban for hk in hasil.komponen for s in hk.subkomponen for k in s.kriteria}
    baris = []
    for p in hasil.poin_hilang:
        if p.jenis == scoring.JENIS_KRITERIA:
            uraian = siap.kriteria_kode[p.kode].uraian
        else:
            uraian = _("Nilai subkomponen %(n)s di atas BB hanya dapat diberikan evaluator.") % {
                "n": siap.sub_kode[p.kode].nama
            }
        baris.append(
            {"kode": p.kode, "uraian": uraian, "jawaban": jawaban.get(p.kode) or "", "poin": format_angka(p.poin)}
        )
    return baris


def ringkasan_hasil(siap: InstrumenSiap, hasil: scoring.Hasil) -> dict:
    """Total, predicate, progress and components of a live result, and the grades above their criteria's
    support (method A)."""
    return {
        "total": format_angka(hasil.total),
        "predikat": ringkasan_predikat(hasil.predikat),
        "lengkap": hasil.lengkap,
        "terjawab": hasil.jumlah_terjawab,
        "jumlah": hasil.jumlah_kriteria,
        "belum_dinilai": len(hasil.subkomponen_belum_dinilai),
        "komponen": komponen_hasil(siap, hasil),
        "melebihi": [
            {"kode": s.kode, "nilai": s.nilai_a, "didukung": s.usulan} for s in hasil.subkomponen_melebihi_dukungan
        ],
    }


def penyimpangan(siap: InstrumenSiap, hasil: scoring.Hasil, baris_sub: Mapping[int, NilaiSubKomponen]) -> list[dict]:
    """Every method-A grade above what its criteria support (scoring.nilai_a_melebihi_dukungan), with the
    evaluator's written justification and who gave the grade when: what the result page, the finalise
    confirmation, the LHE and the LKjIP list. `baris_sub` maps sub-component id to its grade row."""
    daftar = []
    for s in hasil.subkomponen_melebihi_dukungan:
        info = siap.sub_kode[s.kode]
        baris = baris_sub.get(info.id)
        oleh = baris.diubah_oleh if baris is not None else None
        daftar.append(
            {
                "kode": s.kode,
                "nama": info.nama,
                "nilai": s.nilai_a,
                "didukung": s.usulan,
                "terpenuhi": s.jumlah_terpenuhi,
                "jumlah": s.jumlah_kriteria,
                "alasan": baris.alasan if baris is not None else "",
                "oleh": (oleh.get_full_name() or oleh.get_username()) if oleh is not None else "",
                "pada": tanggal(baris.diubah_pada) if baris is not None else "",
            }
        )
    return daftar


def penyimpangan_evaluasi(evaluasi: Evaluasi, siap: InstrumenSiap, hasil: scoring.Hasil) -> list[dict]:
    """`penyimpangan` of one evaluation, reading its grade rows only when it has such a grade (0 or 1 query)."""
    if not hasil.subkomponen_melebihi_dukungan:
        return []
    baris = NilaiSubKomponen.objects.filter(evaluasi=evaluasi).select_related("diubah_oleh")
    return penyimpangan(siap, hasil, {b.subkomponen_id: b for b in baris})


def penyimpangan_laporan(daftar: Iterable[Evaluasi]) -> list[dict]:
    """The justified grades above support of the evaluations a report shows (method A only), each row
    labelled with its evaluation (e.g. "Penilaian mandiri"): the LKjIP's evaluation part lists them."""
    baris = []
    for e in daftar:
        siap = instrumen_siap(e.instrumen)
        if siap.metode != scoring.METODE_A:
            continue
        hasil = hitung(siap, masukan_evaluasi(e, siap))
        baris += [{"evaluasi": e.get_jenis_display(), **p} for p in penyimpangan_evaluasi(e, siap, hasil)]
    return baris


def ringkasan_resmi(siap: InstrumenSiap, h: HasilEvaluasi) -> dict:
    """The official result as entered: total, predicate, and the component values when given."""
    band = siap.skala_predikat.band(h.predikat)
    komponen = [
        {
            "kode": k.kode,
            "nama": k.nama,
            "nilai": format_angka(Decimal(h.nilai_komponen[k.kode])),
            "bobot": format_angka(k.bobot),
            "subs": [],
        }
        for k in siap.komponen
        if k.kode in h.nilai_komponen
    ]
    return {"total": format_angka(h.total), "predikat": ringkasan_predikat(band), "lengkap": True, "komponen": komponen}


def bagian_resmi(e: Evaluasi) -> list[dict]:
    """The parts of a stored result under its own instrument (four components for PermenPANRB 88/2021, five
    for 12/2015), as `ringkasan_resmi` lists them; empty when the LHE's parts were not recorded. Never
    forced into another instrument's structure: each year shows its own parts."""
    if not punya_hasil(e) or not e.hasil.nilai_komponen:
        return []
    return ringkasan_resmi(instrumen_siap(e.instrumen), e.hasil)["komponen"]


def _langkah_rencana(siap: InstrumenSiap, p: scoring.Perubahan) -> dict:
    """One step of a what-if plan as a sentence, with who takes it: a criterion is the PD's to meet (with its
    evidence), a sub-component's grade is the evaluator's to give."""
    dari = p.dari or _("kosong")
    if p.jenis == scoring.JENIS_KRITERIA:
        uraian = _("Penuhi kriteria “%(u)s” dan lampirkan buktinya, sehingga jawabannya naik dari %(d)s ke %(k)s.")
        uraian %= {"u": siap.kriteria_kode[p.kode].uraian.rstrip("."), "d": dari, "k": p.ke}
        pelaku = _("PD")
    else:
        f = {"n": siap.sub_kode[p.kode].nama, "d": dari, "k": p.ke, "kr": ", ".join(p.kriteria_belum_terpenuhi)}
        if p.kriteria_belum_terpenuhi:
            uraian = _(
                "Penuhi dulu kriteria %(kr)s, lalu evaluator dapat menaikkan nilai subkomponen %(n)s "
                "dari %(d)s ke %(k)s."
            )
        else:
            uraian = _(
                "Semua kriteria subkomponen %(n)s sudah terpenuhi; evaluator dapat menaikkan nilainya "
                "dari %(d)s ke %(k)s."
            )
        uraian %= f
        pelaku = _("Evaluator")
    return {
        "kode": p.kode,
        "uraian": uraian,
        "pelaku": pelaku,
        "dari": dari,
        "ke": p.ke,
        "tambahan": format_angka(p.tambahan),
    }


def penjelasan_lompatan(siap: InstrumenSiap, r: scoring.Rencana) -> str:
    """For a plan that jumps more than one predicate (D → A), the sentence that explains it and names the
    nearer step a PD can take first: the next predicate and its minimum total. Empty for a one-band step."""
    skala = siap.skala_predikat
    awal = scoring.predikat(r.total_awal, skala)
    tujuan = skala.band(r.target_predikat) if r.target_predikat else scoring.predikat(r.target_total, skala)
    lompat = skala.peringkat(tujuan.kode) - skala.peringkat(awal.kode)
    if lompat < 2:
        return ""
    naik = skala.urut_turun()[::-1]
    berikut = naik[skala.peringkat(awal.kode) + 1]
    antara = [b.kode for b in naik[skala.peringkat(awal.kode) + 1 : skala.peringkat(tujuan.kode)]]
    f = {"a": awal.kode, "t": tujuan.kode, "n": lompat, "antara": ", ".join(antara), "j": r.jumlah_perubahan,
         "b": berikut.kode, "m": format_angka(berikut.batas_bawah)}  # fmt: skip
    f["batas"] = (_("nilai sekurang-kurangnya %(m)s") if skala.bawah_inklusif else _("nilai di atas %(m)s")) % f
    pesan = _(
        "Dari %(a)s ke %(t)s berarti naik %(n)s predikat sekaligus, melewati %(antara)s, dan memerlukan "
        "%(j)s perubahan jawaban. Kenaikan sebesar itu jarang tercapai dalam satu tahun evaluasi. Mulailah "
        "dari langkah yang dapat dikerjakan PD sendiri (baris “PD” di tabel) dan jadikan predikat %(b)s "
        "(%(batas)s) sasaran antara tahun ini."
    )
    return pesan % f


def rencana_tampil(siap: InstrumenSiap, r: scoring.Rencana) -> dict:
    """A what-if plan: its steps (a sentence each, with who takes it), the resulting total, and for a jump of
    more than one predicate the sentence that explains it (`penjelasan_lompatan`)."""
    return {
        "tercapai": r.tercapai,
        "target": format_angka(r.target_total),
        "target_predikat": r.target_predikat or "",
        "total_awal": format_angka(r.total_awal),
        "total": format_angka(r.total),
        "predikat": ringkasan_predikat(r.predikat),
        "jumlah": r.jumlah_perubahan,
        "langkah": [_langkah_rencana(siap, p) for p in r.perubahan],
        "penjelasan": penjelasan_lompatan(siap, r),
    }


def target_kota() -> Decimal:
    """The city's target total (settings.SAKIP_TARGET_NILAI_KOTA, default 70)."""
    return parse_angka(str(settings.SAKIP_TARGET_NILAI_KOTA))


def tahun_kota_tampil(baris: list[TahunKota], skala: scoring.SkalaPredikat) -> list[dict]:
    """City years, each figure labelled: official, self-estimate, PD shares; with target gap and trend.

    PD shares are over all active PD, and only for years whose internal evaluation is complete
    (selectors.gambaran_pd, the rule of the wali kota's dashboard); other years say how far it has come."""
    target = target_kota()
    tampil = []
    gambaran = gambaran_pd({b.tahun: b.jumlah_pd_final for b in baris}, jumlah_pd=baris[0].jumlah_pd if baris else 0)
    resmi_per_tahun = {b.tahun: b.resmi.hasil for b in baris if b.resmi is not None and punya_hasil(b.resmi)}
    for b in baris:
        resmi = resmi_per_tahun.get(b.tahun)
        sebelum = resmi_per_tahun.get(b.tahun - 1)
        mandiri = _mandiri_kota(b)
        tampil.append(
            {
                "tahun": b.tahun,
                "resmi": _resmi_kota(b, resmi, sebelum, target, skala),
                "mandiri": mandiri,
                "jumlah_pd": b.jumlah_pd,
                "jumlah_pd_final": b.jumlah_pd_final,
                "pd_bb": b.jumlah_pd_bb,
                "pd_b": b.jumlah_pd_b,
                "pd_lengkap": gambaran.lengkap(b.jumlah_pd_final),
                "pd_minimal": gambaran.minimal,
                "persen_bb": format_angka(Decimal(100 * b.jumlah_pd_bb) / b.jumlah_pd, 1) if b.jumlah_pd else None,
                "persen_b": format_angka(Decimal(100 * b.jumlah_pd_b) / b.jumlah_pd, 1) if b.jumlah_pd else None,
            }
        )
    return tampil


def _resmi_kota(b: TahunKota, resmi, sebelum, target: Decimal, skala) -> dict | None:
    if resmi is None:
        return None
    band = skala.band(resmi.predikat)
    jarak = scoring.jarak_target(resmi.total, target, skala)
    return {
        "id": b.resmi.pk,
        "total": format_angka(resmi.total),
        "predikat": ringkasan_predikat(band),
        "nomor_lhe": b.resmi.nomor_lhe,
        "tanggal_lhe": tanggal(b.resmi.tanggal_lhe),
        "instrumen": b.resmi.instrumen.nama,
        "bagian": bagian_resmi(b.resmi),
        "target": format_angka(target),
        "kurang": None if jarak.target_tercapai else format_angka(jarak.kurang_target),
        "jarak": kalimat_jarak(jarak),
        "selisih": format_angka(resmi.total - sebelum.total) if sebelum else None,
        "naik": sebelum is not None and resmi.total >= sebelum.total,
        "sebelum": format_angka(sebelum.total) if sebelum else None,
    }


def kalimat_jarak(j: scoring.JarakTarget) -> str:
    """THE one sentence that explains a total's gap to the target and to the next predicate together
    (scoring.jarak_target), so "kurang 0,96" and "perlu tambahan 0,97" never stand unexplained side by side:
    "Nilai 69,04 kurang 0,96 dari target 70,00, tetapi nilai 70,00 masih berpredikat B; predikat BB berarti
    nilai di atas 70,00, yaitu sekurang-kurangnya 70,01, jadi perlu tambahan 0,97 poin untuk target dan
    predikat BB." Every page that prints either figure prints this sentence."""
    f = {
        "t": format_angka(j.total),
        "k": format_angka(j.kurang_target),
        "T": format_angka(j.target),
        "pT": j.predikat_target.kode,
        "p": j.predikat.kode,
        "n": format_angka(j.butuh),
    }
    if j.target_tercapai:
        awal = _("Nilai %(t)s sudah memenuhi target %(T)s") % f
    else:
        awal = _("Nilai %(t)s kurang %(k)s dari target %(T)s") % f
    if j.berikutnya is None:
        if j.target_tercapai:
            return awal + _(" dan predikat %(p)s sudah yang tertinggi.") % f
        return awal + _(", jadi perlu tambahan %(n)s poin untuk target; predikat %(p)s sudah yang tertinggi.") % f
    f.update(P=j.berikutnya.kode, b=format_angka(j.berikutnya.batas_bawah), m=format_angka(j.minimal_berikutnya))
    if not j.target_tercapai and j.target_di_bawah_berikutnya:
        awal += _(", tetapi nilai %(T)s masih berpredikat %(pT)s") % f
    if j.batas_eksklusif:
        aturan = _("predikat %(P)s berarti nilai di atas %(b)s, yaitu sekurang-kurangnya %(m)s") % f
    else:
        aturan = _("predikat %(P)s dimulai dari nilai %(m)s") % f
    tujuan = _("predikat %(P)s") % f if j.target_tercapai else _("target dan predikat %(P)s") % f
    return _("%(awal)s; %(aturan)s, jadi perlu tambahan %(n)s poin untuk %(tujuan)s.") % {
        "awal": awal,
        "aturan": aturan,
        "n": f["n"],
        "tujuan": tujuan,
    }


def _mandiri_kota(b: TahunKota) -> dict | None:
    e = b.mandiri
    if e is None:
        return None
    if punya_hasil(e):
        return {"id": e.pk, "total": format_angka(e.hasil.total), "predikat": e.hasil.predikat, "final": True}
    h = b.mandiri_hasil
    if h is None:
        return None
    return {
        "id": e.pk,
        "total": format_angka(h.total),
        "predikat": h.predikat.kode,
        "final": False,
        "lengkap": h.lengkap,
    }


def baris_lembar(
    siap: InstrumenSiap,
    jawaban: dict[int, Jawaban],
    pasangan: dict[int, Jawaban] | None,
    nilai_sub: dict[int, NilaiSubKomponen],
    hasil: scoring.Hasil,
) -> list[dict]:
    """The worksheet: per component and sub-component (with its method-A grade row, the grade its criteria
    support and whether the grade is above it), each criterion with its answer row and, for an internal
    evaluation, the PD's own."""
    hasil_sub = {s.kode: s for k in hasil.komponen for s in k.subkomponen}
    tampil = []
    for k in siap.komponen:
        subs, terjawab = [], 0
        for s in k.subkomponen:
            kriteria = [
                {
                    "info": kr,
                    "jawaban": jawaban.get(kr.id),
                    "pd": (pasangan or {}).get(kr.id),
                    "petunjuk": petunjuk_kriteria(kr, s.jenis),
                }
                for kr in s.kriteria
            ]
            terjawab += sum(1 for kr in kriteria if kr["jawaban"] is not None and kr["jawaban"].nilai)
            hs = hasil_sub[s.kode]
            subs.append(
                {
                    "info": s,
                    "kriteria": kriteria,
                    "nilai": nilai_sub.get(s.id),
                    "usulan": hs.usulan or "",
                    "terpenuhi": hs.jumlah_terpenuhi,
                    "melebihi": hs.melebihi_dukungan,
                }
            )
        jumlah = sum(len(s["kriteria"]) for s in subs)
        tampil.append({"info": k, "subs": subs, "terjawab": terjawab, "jumlah": jumlah})
    return tampil


def status_label(e: Evaluasi) -> str:
    return e.get_status_display()


def keterangan_status(e: Evaluasi) -> str:
    """The notice of a worksheet the reader cannot edit now: who works on it at this status and what can
    happen next (the workflow of services.alur and services.hak), never a bare "read-only"."""
    f = {"pd": e.nama_objek}
    if e.arsip:
        return _("Evaluasi ini diarsipkan karena jenisnya tidak dikenal lagi: siapa pun hanya dapat membacanya.")
    if e.jenis == Evaluasi.Jenis.RESMI:
        return _("Ini hasil resmi KemenPANRB yang dicatat Bagian Organisasi; nilainya tidak diisi di lembar kerja.")
    if e.status == Evaluasi.Status.FINAL:
        return _("Evaluasi ini sudah final: nilainya terkunci dan tidak ada yang dapat mengubahnya.")
    pd_mandiri = e.jenis == Evaluasi.Jenis.MANDIRI and e.perangkat_daerah_id
    teks = {
        (True, Evaluasi.Status.DRAF): _(
            "Operator atau kepala %(pd)s sedang mengisi penilaian mandiri ini; Anda dapat membacanya. Setelah "
            "PD mengajukannya, Inspektorat memeriksanya."
        ),
        (True, Evaluasi.Status.DIAJUKAN): _(
            "%(pd)s sudah mengajukan penilaian mandiri ini, jadi PD tidak dapat mengubahnya lagi. Inspektorat "
            "dapat mengembalikannya ke PD dengan catatan; penilaian ini menjadi final bersama evaluasi "
            "internal PD tersebut."
        ),
        (False, Evaluasi.Status.DRAF): _(
            "Inspektorat sedang mengisi evaluasi internal ini; Anda dapat membacanya. Setelah Inspektorat "
            "menandainya dinilai dan memfinalkannya, hasilnya terbuka bagi PD."
        )
        if e.jenis == Evaluasi.Jenis.INTERNAL
        else _(
            "Bagian Organisasi sedang mengisi penilaian mandiri kota ini; Anda dapat membacanya. Setelah "
            "diajukan, Bagian Organisasi dapat memfinalkannya."
        ),
        (False, Evaluasi.Status.DINILAI): _(
            "Inspektorat sudah menandai evaluasi ini dinilai. Inspektorat dapat memfinalkannya atau "
            "mengembalikannya ke draf untuk diperbaiki."
        ),
        (False, Evaluasi.Status.DIAJUKAN): _(
            "Penilaian mandiri kota ini sudah diajukan. Bagian Organisasi dapat memfinalkannya atau "
            "mengembalikannya ke draf untuk diperbaiki."
        ),
    }
    return teks.get((bool(pd_mandiri), e.status), _("Lembar kerja ini tidak dapat diubah pada status ini.")) % f


# The stored criterion guidance of migration 0002: one text per answer scale, the same for every criterion.
PETUNJUK_UMUM = {
    "Y bila bukti tersedia dan memadai; T bila tidak ada atau tidak memadai.",
    "A: > 90 %; B: > 75–90 %; C: > 40–75 %; D: > 10–40 %; E: ≤ 10 % dari yang diperiksa memenuhi.",
    "",
}


def _bukti_jenis(jenis: str) -> str:
    return {
        "keberadaan": _(
            "dokumen atau ketetapan yang dimaksud, sah dan berlaku (misalnya SK, peraturan, atau dokumen "
            "bertanda tangan)"
        ),
        "kualitas": _("isi dokumen yang menunjukkan mutu yang disebut kriteria, bukan hanya keberadaan dokumennya"),
        "pemanfaatan": _("jejak pemakaiannya, misalnya notulen, disposisi, laporan, atau keputusan yang merujuknya"),
        "capaian": _("data realisasi atau laporan yang mencatat capaian tersebut"),
    }.get(jenis, _("dokumen pendukung yang relevan"))


def petunjuk_kriteria(kr, jenis_sub: str) -> str:
    """THE guidance shown beside one criterion: its own statement, the evidence its sub-component's kind asks
    for, and how its scale is answered. A guidance entered for the criterion itself is kept as written."""
    if kr.petunjuk.strip() not in PETUNJUK_UMUM:
        return kr.petunjuk
    f = {"u": kr.uraian.strip().rstrip("."), "b": _bukti_jenis(jenis_sub)}
    if kr.skala in ("AE", "AAE"):
        pesan = _(
            "Periksa berapa bagian yang memenuhi “%(u)s”. Jawab A bila lebih dari 90%% memenuhi, B lebih dari "
            "75%% sampai 90%%, C lebih dari 40%% sampai 75%%, D lebih dari 10%% sampai 40%%, dan E bila 10%% atau "
            "kurang. Bukti: %(b)s."
        )
        if kr.skala == "AAE":
            pesan += _(" AA hanya untuk yang seluruhnya memenuhi dan melampaui A (lihat panduan nilai subkomponen).")
    else:
        pesan = _(
            "Jawab Y bila ada bukti bahwa “%(u)s” terpenuhi, yaitu %(b)s. Jawab T bila bukti itu tidak ada atau "
            "tidak memadai."
        )
    return pesan % f
