"""Onboarding a pemda from one workbook (issue 18 point 3): `manage.py buat_pemda <file.xlsx>` and the admin
page "Buat pemda dari workbook" (platform superuser only) call `buat_pemda`.

The workbook (template: `templat_onboarding`, `manage.py buat_pemda --templat out.xlsx`) has the sheets Pemda,
Perangkat Daerah (with each head: the officials), Instrumen (the default LKE instruments and scale), Periode
(the RPJMD period) and Pengguna. It lives in `evaluasi`, the rightmost app it writes to (perangkat_daerah,
kinerja's planning period, evaluasi's settings).

- All or nothing: every sheet is read and checked first (`baca.py`: the upload guard and row reader of the
  imports, the models' and services' own rules), then written in one transaction (`tulis.py`); one error
  anywhere saves nothing, and every error names its sheet, row and column.
- Idempotent: a row that already holds the workbook's values is not written; running the same workbook twice
  changes nothing the second time (no row, no history, no password). A changed row is updated with history.
- New users get a random initial password (`secrets`), returned once in the result (printed by the command,
  shown once by the admin page, never stored in plain text) or, with `kirim_surel`, e-mailed through Django's
  mail framework to those with an e-mail address. The product has no "change the password at first login"
  flag and no self-service password page yet (docs/ARCHITECTURE.md): an administrator resets one in the admin.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.excel import BerkasDitolak

from .baca import baca
from .kolom import LEMBAR, GalatOnboarding
from .templat import templat_onboarding
from .tulis import Batal, SandiAwal
from .tulis import tulis as tulis_rencana

JENIS = {
    "pemda": gettext_lazy("pemda"),
    "pd": gettext_lazy("perangkat daerah"),
    "pengaturan": gettext_lazy("pengaturan evaluasi"),
    "periode": gettext_lazy("periode RPJMD"),
    "pengguna": gettext_lazy("pengguna"),
    "grup": gettext_lazy("keanggotaan grup"),
}


@dataclass
class HasilOnboarding:
    """The outcome: what was created and changed, the initial passwords to show once (`sandi`; those e-mailed
    are in `terkirim`), and the errors (nothing was saved when there are any)."""

    pemda: object = None
    dibuat: Counter = field(default_factory=Counter)
    diubah: Counter = field(default_factory=Counter)
    sandi: list[SandiAwal] = field(default_factory=list)
    terkirim: list[SandiAwal] = field(default_factory=list)
    galat: list[GalatOnboarding] = field(default_factory=list)

    @property
    def berhasil(self) -> bool:
        return not self.galat

    @property
    def ada_perubahan(self) -> bool:
        return bool(+self.dibuat or +self.diubah)

    def ringkasan(self) -> str:
        """One line in Indonesian: what was created and changed, or "tidak ada perubahan"."""
        if not self.ada_perubahan:
            return _("Tidak ada perubahan: pemda %s sudah sesuai dengan workbook.") % self.pemda
        bagian = [f"{n} {JENIS.get(k, k)} {_('dibuat')}" for k, n in self.dibuat.items() if n]
        bagian += [f"{n} {JENIS.get(k, k)} {_('diubah')}" for k, n in self.diubah.items() if n]
        return _("Pemda %(p)s: %(b)s.") % {"p": self.pemda, "b": ", ".join(bagian)}


def _kirim(sandi: SandiAwal, pemda) -> None:
    send_mail(
        _("Akun SAKIP %s") % pemda,
        _("Yth. %(nama)s,\n\nAkun Anda di aplikasi SAKIP %(pemda)s sudah dibuat.\nUsername: %(u)s\n"
          "Kata sandi awal: %(s)s\n\nJaga kerahasiaannya: jangan teruskan surel ini. Bila lupa, minta "
          "administrator pemda menyetel ulang.\n")
        % {"nama": sandi.nama or sandi.username, "pemda": pemda, "u": sandi.username, "s": sandi.sandi},
        settings.DEFAULT_FROM_EMAIL,
        [sandi.email],
    )  # fmt: skip


def buat_pemda(data: bytes, *, oleh=None, kirim_surel: bool = False) -> HasilOnboarding:
    """Create or update the pemda of the workbook `data` (see the module docstring). `oleh`: who is recorded
    in the history (None for the command without --oleh). A hostile or unreadable file raises BerkasDitolak.
    With `kirim_surel`, new users with an e-mail address get their initial password by e-mail once the
    transaction has committed; one whose e-mail fails is shown like the others."""
    rencana = baca(data)
    if rencana.galat:
        return HasilOnboarding(galat=rencana.galat)
    try:
        with transaction.atomic():
            tulis_hasil = tulis_rencana(rencana, oleh=oleh)
    except Batal as exc:
        return HasilOnboarding(galat=exc.args[0].galat)
    except IntegrityError:  # another writer created the same pemda, PD, period or username meanwhile
        pesan = _("Data pemda ini berubah saat workbook diproses; tidak ada yang disimpan. Unggah ulang.")
        return HasilOnboarding(galat=[GalatOnboarding("", 0, "–", pesan)])
    hasil = HasilOnboarding(pemda=tulis_hasil.pemda, dibuat=tulis_hasil.dibuat, diubah=tulis_hasil.diubah)
    for s in tulis_hasil.sandi:
        if kirim_surel and s.email:
            try:
                _kirim(s, hasil.pemda)
            except OSError:
                hasil.sandi.append(s)
                continue
            hasil.terkirim.append(s)
        else:
            hasil.sandi.append(s)
    return hasil


__all__ = ["LEMBAR", "BerkasDitolak", "GalatOnboarding", "HasilOnboarding", "buat_pemda", "templat_onboarding"]
