"""The reviu pages (issue 14 point 9): the Inspektorat's list of the year's LKjIP, the reviu page with the
checklist and Kembalikan / Selesai after a confirmation, read-only for the PD and the city roles, 404 for another
PD; the report list shows each LKjIP row's reviu status; the statement page is in the PDF only once complete."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from laporan import reviu as alur
from laporan import services
from laporan.models import Laporan, Reviu
from perangkat_daerah.models import PerangkatDaerah
from tests.factories import buat_pd
from tests.laporan.test_reviu import berkas_lkjip  # noqa: F401  (autouse: every document here has a file)

pytestmark = pytest.mark.django_db
TAHUN = 2024


def _url(pd=None) -> str:
    nama = reverse("laporan:reviu_pd", args=[pd.pk]) if pd else reverse("laporan:reviu_kota")
    return f"{nama}?tahun={TAHUN}"


def _isian(jawab="ya") -> dict:
    return {f"jawaban-{b.kode}": jawab for b in alur.BUTIR_REVIU}


def test_the_inspektorat_returns_a_pd_lkjip_with_a_note_then_completes_it(client, pemeran):
    client.force_login(pemeran.inspektorat)
    url = _url(pemeran.pd_a)
    assert "Mulai reviu" in client.get(url).content.decode()
    assert client.post(url, {"aksi": "mulai", "versi": "0"}).status_code == 302
    # Kembalikan asks first; nothing changes until confirmed, and what was typed stays on the page
    resp = client.post(url, {"aksi": "kembalikan", "versi": "1", "catatan": "Lengkapi analisis efisiensi.",
                             "jawaban-C10": "tidak"})  # fmt: skip
    halaman = resp.content.decode()
    assert resp.status_code == 200 and "Anda yakin akan mengembalikan LKjIP ini untuk diperbaiki?" in halaman
    assert "Lengkapi analisis efisiensi." in halaman and 'value="tidak" checked' in halaman
    assert Reviu.objects.get().status == Reviu.Status.DIREVIU
    resp = client.post(url, {"aksi": "kembalikan", "konfirmasi": "kembalikan", "versi": "1",
                             "catatan": "Lengkapi analisis efisiensi.", "jawaban-C10": "tidak"})  # fmt: skip
    assert resp.status_code == 302
    assert Reviu.objects.get().status == Reviu.Status.DIKEMBALIKAN
    assert "Reviu ulang" in client.get(url).content.decode()
    client.post(url, {"aksi": "mulai", "versi": "2"})
    # completing with unanswered items: refused, naming them (400), nothing written
    resp = client.post(url, {"aksi": "selesai", "konfirmasi": "selesai", "versi": "3", "jawaban-A1": "ya"})
    assert resp.status_code == 400 and "belum dijawab" in resp.content.decode()
    resp = client.post(url, {"aksi": "selesai", "konfirmasi": "selesai", "versi": "3", **_isian()})
    assert resp.status_code == 302
    r = Reviu.objects.get()
    assert r.status == Reviu.Status.SELESAI and r.selesai_pada is not None
    resp = client.post(url, {"aksi": "buka", "versi": str(r.versi), "catatan": ""})  # a reason is required
    assert resp.status_code == 400 and "Tuliskan alasan membuka kembali" in resp.content.decode()
    assert "Buka kembali reviu" in client.get(url).content.decode()


def test_an_action_that_would_be_refused_is_refused_before_the_confirmation(client, pemeran):
    """No "Anda yakin?" for Selesai with unanswered items or Kembalikan without a note: the refusal comes at
    once (400), naming what is missing, with what was typed kept."""
    client.force_login(pemeran.inspektorat)
    url = _url(pemeran.pd_a)
    client.post(url, {"aksi": "mulai", "versi": "0"})
    resp = client.post(url, {"aksi": "selesai", "versi": "1", "jawaban-A1": "tidak"})
    halaman = resp.content.decode()
    assert resp.status_code == 400 and "Anda yakin" not in halaman
    assert "butir A2, A3" in halaman and 'value="tidak" checked' in halaman
    resp = client.post(url, {"aksi": "kembalikan", "versi": "1", "jawaban-A1": "tidak"})
    halaman = resp.content.decode()
    assert resp.status_code == 400 and "Anda yakin" not in halaman
    atas = halaman[halaman.index('role="alert"') : halaman.index("</div>", halaman.index('role="alert"'))]
    assert "Tuliskan catatan perbaikan" in atas and 'href="#catatan"' in atas  # said at the top, not only below
    assert Reviu.objects.get().status == Reviu.Status.DIREVIU and Reviu.objects.get().jawaban == {}


def test_reviu_ulang_and_buka_kembali_keep_the_checklist(client, pemeran):
    """Their forms carry no checklist: the stored answers stay (they were wiped to nothing)."""
    client.force_login(pemeran.inspektorat)
    url = _url(pemeran.pd_a)
    client.post(url, {"aksi": "mulai", "versi": "0"})
    client.post(url, {"aksi": "kembalikan", "konfirmasi": "kembalikan", "versi": "1", "catatan": "Perbaiki C8.",
                      **_isian(), "jawaban-C8": "tidak", "catatan-C8": "Tanpa pembanding."})  # fmt: skip
    assert client.post(url, {"aksi": "mulai", "versi": "2"}).status_code == 302
    jawaban = Reviu.objects.get().jawaban
    assert jawaban["C8"] == {"jawaban": "tidak", "catatan": "Tanpa pembanding."} and len(jawaban) == 20
    assert 'name="jawaban-C8" value="tidak" checked' in client.get(url).content.decode()
    client.post(url, {"aksi": "selesai", "konfirmasi": "selesai", "versi": "3", **_isian()})
    assert client.post(url, {"aksi": "buka", "versi": "4", "catatan": "Realisasi direvisi."}).status_code == 302
    r = Reviu.objects.get()
    assert r.status == Reviu.Status.DIREVIU and r.jawaban["C8"]["jawaban"] == "ya" and len(r.jawaban) == 20


def _berkas(pemeran, selesai_pada) -> Laporan:
    return Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="lkjip_pd", tahun=TAHUN,
                                  status="selesai", nama_berkas="LKjIP.pdf", selesai_pada=selesai_pada)  # fmt: skip


def test_the_page_says_whether_the_lkjip_was_made_again_since_the_return_and_the_completion(client, pemeran):
    """Returned: the PD is told what to do next, the Inspektorat whether a new LKjIP exists; complete: a file made
    before the completion is said to lack the statement until the LKjIP is made again."""
    kw = {"oleh": pemeran.inspektorat, "pemda": pemeran.pemda, "perangkat_daerah": pemeran.pd_a, "tahun": TAHUN}
    _berkas(pemeran, timezone.now() - timedelta(days=1))
    alur.reviu_tindak(aksi="mulai", versi=0, **kw)
    alur.reviu_tindak(aksi="kembalikan", versi=1, catatan="Perbaiki C8.", **kw)
    dikembalikan = timezone.now() - timedelta(hours=2)
    Reviu.objects.update(diubah_pada=dikembalikan)  # returned two hours ago (update() leaves auto_now alone)
    url, daftar = _url(pemeran.pd_a), f"{reverse('laporan:daftar')}?tahun={TAHUN}"
    client.force_login(pemeran.operator_a)
    halaman = client.get(url).content.decode()
    assert "Inspektorat mengembalikan LKjIP ini." in halaman and f'href="{daftar}"' in halaman
    client.force_login(pemeran.inspektorat)
    assert "Belum ada LKjIP yang dibuat ulang sejak dikembalikan." in client.get(url).content.decode()
    _berkas(pemeran, dikembalikan + timedelta(minutes=1))
    assert "LKjIP sudah dibuat ulang sejak dikembalikan." in client.get(url).content.decode()
    alur.reviu_tindak(aksi="mulai", versi=2, **kw)
    assert Reviu.objects.get().diubah_pada > dikembalikan + timedelta(hours=1)  # each action stamps its time
    alur.reviu_tindak(aksi="selesai", versi=3, isian={b.kode: ("ya", "") for b in alur.BUTIR_REVIU}, **kw)
    client.force_login(pemeran.operator_a)
    assert "belum memuat Pernyataan Telah Direviu" in client.get(url).content.decode()
    _berkas(pemeran, timezone.now() + timedelta(seconds=1))
    halaman = client.get(url).content.decode()
    assert "belum memuat Pernyataan Telah Direviu" not in halaman and "Inspektorat mengembalikan" not in halaman


def test_the_city_lkjip_is_returned_to_bagian_organisasi_not_to_a_pd(client, pemeran):
    client.force_login(pemeran.inspektorat)
    url = _url()
    client.post(url, {"aksi": "mulai", "versi": "0"})
    halaman = client.post(url, {"aksi": "kembalikan", "versi": "1", "catatan": "Bab I belum lengkap."}).content.decode()
    assert "Catatan untuk Bagian Organisasi" in halaman and "Bagian Organisasi akan melihat catatan Anda" in halaman
    assert "perangkat daerah" not in halaman.lower().split("<main", 1)[1].split("</form>", 1)[0]


def test_a_stale_form_is_a_409_with_a_clear_message(client, pemeran):
    client.force_login(pemeran.inspektorat)
    url = _url(pemeran.pd_a)
    client.post(url, {"aksi": "mulai", "versi": "0"})
    client.post(url, {"aksi": "simpan", "versi": "1", "jawaban-A1": "ya"})
    resp = client.post(url, {"aksi": "simpan", "versi": "1", "jawaban-A1": "tidak"})
    assert resp.status_code == 409 and "sudah diubah oleh pengguna lain" in resp.content.decode()
    assert Reviu.objects.get().jawaban["A1"]["jawaban"] == "ya"


def test_the_pd_reads_its_own_reviu_and_notes_but_cannot_act(client, pemeran):
    alur.reviu_tindak(oleh=pemeran.inspektorat, pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, tahun=TAHUN,
                      aksi="mulai", versi=0)  # fmt: skip
    alur.reviu_tindak(oleh=pemeran.inspektorat, pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, tahun=TAHUN,
                      aksi="kembalikan", versi=1, catatan="Target IK-2 tidak sama dengan PK.")  # fmt: skip
    client.force_login(pemeran.operator_a)
    halaman = client.get(_url(pemeran.pd_a)).content.decode()
    assert "Target IK-2 tidak sama dengan PK." in halaman and "Dikembalikan untuk perbaikan" in halaman
    assert 'name="aksi"' not in halaman
    resp = client.post(_url(pemeran.pd_a), {"aksi": "mulai", "versi": "2"})
    assert resp.status_code == 403 or "Hanya Inspektorat" in resp.content.decode()
    assert Reviu.objects.get().status == Reviu.Status.DIKEMBALIKAN
    # another PD's reviu, and the city's, do not exist for this user
    assert client.get(_url(pemeran.pd_b)).status_code == 404
    assert client.post(_url(pemeran.pd_b), {"aksi": "mulai", "versi": "0"}).status_code == 404
    assert client.get(_url()).status_code == 404
    client.force_login(pemeran.organisasi)  # Bagian Organisasi reads every PD's reviu and the city's
    assert "Target IK-2 tidak sama dengan PK." in client.get(_url(pemeran.pd_a)).content.decode()
    assert client.get(_url()).status_code == 200


def test_the_list_shows_every_pd_and_the_city_with_status_in_constant_queries(client, pemeran,
                                                                            django_assert_max_num_queries):  # fmt: skip
    alur.reviu_tindak(oleh=pemeran.inspektorat, pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_b, tahun=TAHUN,
                      aksi="mulai", versi=0)  # fmt: skip
    client.force_login(pemeran.inspektorat)
    url = f"{reverse('laporan:reviu_daftar')}?tahun={TAHUN}"
    client.get(url)
    for _ in range(15):
        buat_pd(pemeran.pemda)
    with django_assert_max_num_queries(12):
        halaman = client.get(url).content.decode()
    # every PD but the one under reviu, plus the city, plus the summary's badge
    assert halaman.count("Belum direviu") == PerangkatDaerah.objects.filter(pemda=pemeran.pemda).count() + 1
    assert "Sedang direviu</span> <strong>1</strong>" in " ".join(halaman.split()) and pemeran.pemda.nama in halaman
    assert pemeran.pd_lain.nama not in halaman
    client.force_login(pemeran.operator_a)  # a PD sees its own LKjIP only
    halaman = client.get(url).content.decode()
    assert pemeran.pd_a.nama in halaman and pemeran.pd_b.nama not in halaman


def test_the_report_list_shows_the_reviu_status_of_lkjip_rows(client, pemeran):
    Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="lkjip_pd", tahun=TAHUN)
    Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="pk", tahun=TAHUN)
    alur.reviu_tindak(oleh=pemeran.inspektorat, pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, tahun=TAHUN,
                      aksi="mulai", versi=0)  # fmt: skip
    client.force_login(pemeran.operator_a)
    halaman = client.get(f"{reverse('laporan:daftar')}?tahun={TAHUN}").content.decode()
    assert halaman.count("Sedang direviu") == 2  # the two LKjIP rows (this PDF, the fixture's Word), not the PK
    assert reverse("laporan:reviu_pd", args=[pemeran.pd_a.pk]) in halaman


def _teks_pdf(pemeran) -> str:
    laporan = Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="lkjip_pd",
                                     tahun=TAHUN, diminta_oleh=pemeran.organisasi)  # fmt: skip
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    halaman = PdfReader(io.BytesIO(laporan.berkas.open("rb").read())).pages
    teks = " ".join(" ".join(p.extract_text() for p in halaman).split())
    return teks.replace("\u2010 ", "")  # a word the PDF hyphenated at a line's end


def test_the_reviu_statement_appears_only_after_the_reviu_is_complete(pemeran):
    buat_pd(pemeran.pemda, nama="Inspektorat Kota Uji", jenis=PerangkatDaerah.Jenis.INSPEKTORAT,
            kepala_nama="Drs. Budi Santoso", kepala_nip="196805121990031004")  # fmt: skip
    assert "Pernyataan Telah Direviu" not in _teks_pdf(pemeran)
    versi = alur.reviu_tindak(oleh=pemeran.inspektorat, pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a,
                              tahun=TAHUN, aksi="mulai", versi=0).versi  # fmt: skip
    assert "Pernyataan Telah Direviu" not in _teks_pdf(pemeran)  # under reviu: not yet
    semua = {b.kode: ("ya", "") for b in alur.BUTIR_REVIU}
    r = alur.reviu_tindak(oleh=pemeran.inspektorat, pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a,
                          tahun=TAHUN, aksi="selesai", versi=versi, isian=semua)  # fmt: skip
    teks = _teks_pdf(pemeran)
    assert "Pernyataan Telah Direviu" in teks
    assert f"Kami telah mereviu Laporan Kinerja {pemeran.pd_a.nama} untuk Tahun Anggaran {TAHUN}" in teks
    assert f"menjadi tanggung jawab manajemen {pemeran.pd_a.nama}" in teks
    assert "Berdasarkan reviu kami, tidak terdapat kondisi atau hal-hal" in teks  # every item Ya: the clean one
    assert "Inspektur Drs. Budi Santoso NIP 196805121990031004" in teks
    from sakip.lib.tanggal import format_tanggal

    assert format_tanggal(r.selesai_pada) in teks
    # after the Kata Pengantar, before the table of contents
    assert teks.index("Kata Pengantar") < teks.index("Pernyataan Telah Direviu") < teks.index("Daftar Isi")


def test_the_word_copy_carries_the_statement_once_complete(pemeran):
    import docx

    versi = alur.reviu_tindak(oleh=pemeran.inspektorat, pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a,
                              tahun=TAHUN, aksi="mulai", versi=0).versi  # fmt: skip

    def teks_docx() -> str:
        lap = Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="lkjip_pd_docx",
                                     tahun=TAHUN)  # fmt: skip
        assert services.laporan_proses(lap.pk) == Laporan.Status.SELESAI
        lap.refresh_from_db()
        return "\n".join(p.text for p in docx.Document(io.BytesIO(lap.berkas.open("rb").read())).paragraphs)

    assert "Pernyataan Telah Direviu" not in teks_docx()
    semua = {b.kode: ("ya", "") for b in alur.BUTIR_REVIU}
    alur.reviu_tindak(oleh=pemeran.inspektorat, pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, tahun=TAHUN,
                      aksi="selesai", versi=versi, isian=semua)  # fmt: skip
    teks = teks_docx()
    assert "Pernyataan Telah Direviu" in teks and "Kami telah mereviu Laporan Kinerja" in teks


def test_a_reviu_completed_with_a_finding_prints_no_clean_statement(client, pemeran):
    """A finding left open (an item answered Tidak) turns the statement's conclusion: the PDF says there are
    matters and names them, never "tidak terdapat kondisi"; the page warns before Selesai and previews it."""
    buat_pd(pemeran.pemda, nama="Inspektorat Kota Uji", jenis=PerangkatDaerah.Jenis.INSPEKTORAT,
            kepala_nama="Drs. Budi Santoso", kepala_nip="196805121990031004")  # fmt: skip
    client.force_login(pemeran.inspektorat)
    url = _url(pemeran.pd_a)
    client.post(url, {"aksi": "mulai", "versi": "0"})
    isian = _isian() | {"jawaban-C4": "tidak", "catatan-C4": "Bukti realisasi IK-1 triwulan IV tidak ada."}
    halaman = client.post(url, {"aksi": "selesai", "versi": "1", **isian}).content.decode()
    assert "Anda yakin" in halaman and "1 butir dijawab Tidak" in halaman
    assert alur.SIMPULAN_TEMUAN in halaman and "Bukti realisasi IK-1 triwulan IV tidak ada." in halaman
    assert "Drs. Budi Santoso" in halaman and reverse("pd:pejabat_kota") in halaman  # the signer, and where to fix
    resp = client.post(url, {"aksi": "selesai", "versi": "1", "konfirmasi": "selesai", **isian})
    assert resp.status_code == 302 and Reviu.objects.get().status == Reviu.Status.SELESAI
    teks = _teks_pdf(pemeran)
    assert "Pernyataan Telah Direviu" in teks and "tidak terdapat kondisi" not in teks
    assert "terdapat kondisi atau hal-hal yang menimbulkan perbedaan" in teks
    assert "Bukti realisasi IK-1 triwulan IV tidak ada." in teks


def test_the_page_says_why_the_reviu_cannot_start_yet_and_refuses_it(client, pemeran):
    Laporan.objects.filter(perangkat_daerah=pemeran.pd_b).delete()
    client.force_login(pemeran.inspektorat)
    url = _url(pemeran.pd_b)
    halaman = client.get(url).content.decode()
    assert "Belum ada berkas LKjIP tahun ini yang selesai dibuat" in halaman
    assert 'value="mulai" class="tombol tombol-utama" disabled' in halaman
    resp = client.post(url, {"aksi": "mulai", "versi": "0"})
    assert resp.status_code == 400 and "Reviu belum dapat dimulai: belum ada berkas LKjIP" in resp.content.decode()
    assert not Reviu.objects.filter(perangkat_daerah=pemeran.pd_b).exists()
