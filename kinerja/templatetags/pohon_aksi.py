"""The actions the tree page offers on its nodes (issue 13 point 7): `{% hak_pohon h.akar as hak %}` asks the
one guard once for all shown nodes (kinerja/selectors/simpul.hak_pohon), and `hak.indikator_ubah|ambil:kode`
looks one indicator up. The tree selector stays about what is shown; who may change it is asked here."""

from __future__ import annotations

from django import template

from ..selectors.simpul import HakPohon
from ..selectors.simpul import hak_pohon as _hak_pohon

register = template.Library()


@register.simple_tag(takes_context=True)
def hak_pohon(context, akar) -> HakPohon:
    """What the user may do on the nodes under `akar` (the tree page's roots)."""
    request = context.get("request")
    if request is None or not akar:
        return HakPohon()
    return _hak_pohon(request.user, akar)


@register.filter
def ambil(kamus: dict, kunci):
    """`kamus[kunci]`, or "" when missing (a template cannot index by a variable)."""
    return kamus.get(kunci, "") if isinstance(kamus, dict) else ""
