"""The actions the tree page offers on its nodes (issue 13 point 7): `{% hak_pohon as hak %}` asks the one
guard once for the user's whole scope (kinerja/selectors/simpul.hak_pohon); the node template then tests
`simpul.id in hak.ubah`. The tree selector stays about what is shown; who may change it is asked here."""

from __future__ import annotations

from django import template

from ..selectors.simpul import HakPohon
from ..selectors.simpul import hak_pohon as _hak_pohon

register = template.Library()


@register.simple_tag(takes_context=True)
def hak_pohon(context) -> HakPohon:
    """What the user may do on the nodes of the tree."""
    request = context.get("request")
    if request is None:
        return HakPohon()
    return _hak_pohon(request.user)
