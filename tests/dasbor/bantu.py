"""Reading dashboard pages in tests: the text of one section, without tags."""

from __future__ import annotations

import html as html_lib
import re


def teks(html: str) -> str:
    """Visible text: tags and scripts removed, whitespace folded."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def bagian(html: str, id_: str) -> str:
    """The text of the element with `id_` (up to the end of its article or section)."""
    mulai = html.index(f'id="{id_}"')
    akhir = min(i for i in (html.find("</section>", mulai), html.find("</article>", mulai)) if i != -1)
    return teks(html[mulai:akhir])
