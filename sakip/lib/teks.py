"""Free text from users: one rule for what it may contain (issue 11 point 14), and how exports write it; and
the one join of generated sentences (`kalimat`).

Control characters (C0 except tab, line feed and carriage return; DEL; C1) have no place in a note or an
explanation; they break XML exports (xlsx, PDF) and can hide content. Input refuses them
(`masalah_karakter`, used by every service through `perangkat_daerah.validasi.teks_atau_galat`); exports
remove any that are already stored (`tanpa_kendali`), so old rows can never break a report.
This module imports nothing of Django or the apps.
"""

from __future__ import annotations

import re

__all__ = ["AKHIR_KALIMAT", "KENDALI", "kalimat", "masalah_karakter", "tanpa_kendali"]

# Tab, LF and CR are ordinary text; every other C0 control, DEL, the C1 block and the non-characters
# U+FFFE/U+FFFF are refused. Surrogates cannot be encoded in UTF-8 and are refused too.
KENDALI = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def masalah_karakter(teks: str) -> str | None:
    """None when `teks` is acceptable, else an Indonesian sentence naming the first bad character."""
    cocok = KENDALI.search(teks or "")
    if cocok is None:
        return None
    return (
        f"Teks berisi karakter kendali yang tidak diperbolehkan (U+{ord(cocok.group()):04X}) pada posisi "
        f"{cocok.start() + 1}. Hapus karakter tersebut (biasanya terbawa saat menyalin dari dokumen lain)."
    )


def tanpa_kendali(teks: str) -> str:
    """`teks` with every refused control character removed (for exports of rows stored before the rule)."""
    return KENDALI.sub("", teks)


# What closes a sentence; a part that ends with one of these gets no period of its own.
AKHIR_KALIMAT = (".", "!", "?", "…")


def kalimat(*bagian: str) -> str:
    """Sentences joined by one space, each closed exactly once: a part that already ends with a closing mark
    keeps it, any other gets a period; empty parts are left out. THE join of generated sentences, so a part
    that happens to end with a period ("… terverifikasi.") never prints as "terverifikasi..": kalimat("Efisiensi
    tidak dapat dihitung.", "Sumber anggaran: PD") == "Efisiensi tidak dapat dihitung. Sumber anggaran: PD."."""
    hasil = []
    for b in bagian:
        b = (b or "").strip()
        if b:
            hasil.append(b if b.endswith(AKHIR_KALIMAT) else f"{b}.")
    return " ".join(hasil)
