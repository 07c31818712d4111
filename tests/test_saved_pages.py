"""A web page saved or converted to a Word file (LibreOffice's conversion of a page, a site's "export to Word"):
the page's footer comes along under section 六 and is cut at its first line only a page's end holds, as in a
page's text or a printed page."""

from __future__ import annotations

import copy

import pytest
from variants import content, render

FOOTER = ["附件下载", "扫一扫在手机上查看当前页面", "主办单位：某县人民政府办公室", "闽ICP备12345678号"]


@pytest.mark.parametrize("form", ["docx", "odt", "rtf", "html"])
def test_page_footer_under_six_is_cut(tmp_path, form):
    truth = copy.deepcopy(content("layout-word-2022"))
    last = truth["sections"][-1]
    said = last["text"]
    last["text"] = "\n".join([said, *FOOTER])
    record, _ = render(truth, form, tmp_path)
    assert record["sections"][-1]["text"] == said
