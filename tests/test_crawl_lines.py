"""Crawler text of a whole web page, a line per text node (``BeautifulSoup.get_text("\\n", strip=True)``, lxml's
``itertext``): the site's menu, one item a line, and its breadcrumb above the article, 上一篇/下一篇 and the
footer below it, every table cell on a line of its own.  The chrome is dropped (layout.site_chrome_off, for
text dumps too), the title is the article's, and every cell reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from truth import cell_differences, section_texts

import reportparse

FORMS = Path(__file__).resolve().parent.parent / "samples" / "forms"


def _lines_dump(page: Path, out: Path) -> Path:
    from lxml import html

    root = html.fromstring(page.read_bytes())
    for el in root.xpath("//script|//style"):
        el.drop_tree()
    body = root.find("body") if root.find("body") is not None else root
    out.write_text("\n".join(t.strip() for t in body.itertext() if t.strip()) + "\n", encoding="utf-8")
    return out


@pytest.mark.parametrize("name", ["layout-word-2022.html", "format2019-huangpu-2020.html", "layout-wps-2023.html"])
def test_a_page_saved_as_a_text_node_a_line_reads_as_its_article(tmp_path, name):
    path = _lines_dump(FORMS / name, tmp_path / name.replace(".html", ".txt"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("首页\n政务公开\n") and "【打印本页】" in text and "ICP备" in text  # the chrome is there
    record = reportparse.parse(path).to_dict()
    truth = json.loads((FORMS / f"{name}.truth.json").read_text(encoding="utf-8"))
    assert (record["agency"], record["year"], record["title"]) == (truth["agency"], truth["year"], truth["title"])
    # a row printed with every cell blank leaves no trace in the text: missing, and said so, never wrong
    missing = [d for d in cell_differences(record, truth) if d.endswith("got None") and not regex.search(r"truth \{[^}]*\d", d)]
    assert missing == cell_differences(record, truth)
    if missing:
        assert [w for w in record["warnings"] if w["code"] == "rows_missing"]
    assert section_texts(record) == {s["key"]: "".join(s["text"].split()) for s in truth["sections"]}
