"""Word 97-2003 (.doc) and WPS (.wps) binaries: the samples LibreOffice wrote (samples/make_doc.py) against
their truth, the reader's pieces (piece table, fields, merged cells, what stays out of the body) on bytes
built here, and the errors of files that are encrypted, broken or no Word document.

The samples are committed: nothing here needs LibreOffice.
"""

from __future__ import annotations

import json
import shutil
import struct
import sys
from pathlib import Path

import pytest
from badinputs import broken_ole, encrypted_doc, ole_spreadsheet
from truth import agency_ok, broken_rules, cell_differences, failed_rules, section_differences

import reportparse
from reportparse.inputs import sniff
from reportparse.readers import doc, msdoc, read

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "samples" / "doc"
TRUTHS = sorted(DOCS.glob("*.truth.json"))
sys.path.insert(0, str(ROOT / "samples"))


def _truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _cells(truth: dict) -> int:
    return sum(len(cols or {}) for rows in truth["tables"].values() for cols in rows.values())


@pytest.fixture(scope="module", params=[t.name for t in TRUTHS])
def case(request):
    truth = _truth(DOCS / request.param)
    return reportparse.parse(DOCS / truth["file"]).to_dict(), truth


def test_every_word_sample_has_its_doc():
    made = {t.name.removesuffix(".doc.truth.json") for t in TRUTHS}
    docx = {p.stem for folder in ("forms", "older") for p in (ROOT / "samples" / folder).glob("*.docx")
            if not p.stem.endswith(".altchunk")}  # a web page wrapped in a .docx: no Word document of its own to save
    assert docx | {"features-huangpu-2020", "framed-word-2022"} == made


def test_cells_identity_and_text_are_the_truth(case):
    record, truth = case
    wrong = cell_differences(record, truth)
    assert wrong == [], f"{len(wrong)} of {_cells(truth)} cells wrong"
    assert agency_ok(record, truth), record["agency"]
    assert (record["year"], record["template"], record["title"]) == (truth["year"], truth["template"], truth["title"])
    assert record["region"] == truth["region"]
    assert record["preamble"] == truth["preamble"]
    assert section_differences(record, truth) == []
    for section in truth["sections"]:
        printed = next(s for s in record["sections"] if s["key"] == section["key"])
        assert printed["text"].split("\n") == section["text"].split("\n")
        if not section["subsections"]:
            continue  # the older samples' truths list no subsections (make_older.py)
        assert [(s["heading"], s["heading_inline"]) for s in printed["subsections"]] == [
            (s["heading"], s["heading_inline"]) for s in section["subsections"]]
    assert failed_rules(record) == broken_rules(truth)


def test_source_is_the_doc(case):
    record, truth = case
    assert record["source"]["format"] == "doc" and record["source"]["pages"] is None
    assert record["report_id"] == truth["report_id"]


@pytest.mark.parametrize("name", [t.name.removesuffix(".truth.json") for t in TRUTHS
                                  if not t.name.startswith("features-")])
def test_the_same_document_as_the_word_file_it_came_from(name):
    """Lines (with their run-in heads), grids (every cell with its row and column spans) and breaks: the .doc
    reader hands on what the .docx reader does for the same content.  The framed sample (its content in a
    frame table's cell, its tables nested: depth 2) reads as the unframed Word file."""
    stem = name.removesuffix(".doc").replace("framed-", "layout-")
    docx = next(p for p in (ROOT / "samples" / "forms" / f"{stem}.docx", ROOT / "samples" / "older" / f"{stem}.docx")
                if p.exists())
    want, got = read(sniff(docx)), read(sniff(DOCS / name))
    assert [(ln.text, ln.head) for ln in got.lines] == [(ln.text, ln.head) for ln in want.lines]
    assert [(g.n_rows, g.n_cols, g.cells) for g in got.grids] == [(g.n_rows, g.n_cols, g.cells) for g in want.grids]
    assert (got.breaks, got.blocks, got.meta) == (want.breaks, want.blocks, want.meta)


def test_merged_cells_are_spans():
    """The applications table: 申请人情况 across the 7 value columns, 三、本年度办理结果 down its 22 result rows."""
    grids = read(sniff(DOCS / "layout-word-2022.doc")).grids
    apps = next(g for g in grids if "申请人情况" in g.text)
    by_text = {c.text: c for c in apps.cells}
    assert (by_text["申请人情况"].c1 - by_text["申请人情况"].c0, by_text["申请人情况"].r1 - by_text["申请人情况"].r0) == (7, 1)
    assert by_text["法人或其他组织"].c1 - by_text["法人或其他组织"].c0 == 5
    results = by_text["三、本年度办理结果"]
    assert results.c1 - results.c0 == 1 and results.r1 - results.r0 == 22
    assert by_text["自然人"].r1 - by_text["自然人"].r0 == 2


# ------------------------------------------------------------------ the features sample
FEATURES = DOCS / "features-huangpu-2020.doc"


def test_header_footer_and_footnote_stay_out_of_the_body():
    from make_doc import FOOTNOTE, HEADER

    document = read(sniff(FEATURES))
    text = "\n".join(ln.text for ln in document.lines) + "".join(g.text for g in document.grids)
    assert FOOTNOTE not in text and "含区政府部门" not in text
    assert HEADER not in [ln.text for ln in document.lines]  # the running header (the preamble names the office)
    assert "第 " not in text and "PAGE" not in text
    record = reportparse.parse(FEATURES).to_dict()
    overview = next(s for s in record["sections"] if s["key"] == "overview")
    assert "其中规范性文件12件，政策解读86篇。" in overview["text"]  # the footnote's mark dropped, not its sentence


def test_a_field_keeps_its_result_and_loses_its_code():
    record = reportparse.parse(FEATURES).to_dict()
    assert record["preamble"][0].startswith("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求")
    assert "HYPERLINK" not in json.dumps(record, ensure_ascii=False) and "gov.cn/zhengce" not in record["preamble"][0]


def test_a_line_break_inside_the_title():
    word = doc.read_doc(sniff(FEATURES))
    assert word.lines[0].text == "上海市黄浦区人民政府2020年政府信息公开工作年度报告"  # broken by hand, read whole
    assert reportparse.parse(FEATURES).to_dict()["title"] == "上海市黄浦区人民政府2020年政府信息公开工作年度报告"


def test_list_numbers_are_printed_before_their_paragraphs():
    """The headings' 一、 and section 一's （一） are list numbers, not text: read as Word prints them, the
    run-in head with its number."""
    word = doc.read_doc(sniff(FEATURES))
    texts = [ln.text for ln in word.lines]
    assert [t for t in texts if t[1:2] == "、"] == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                                   "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                                                   "六、其他需要报告的事项"]
    assert [ln.head for ln in word.lines if ln.head] == ["（一）主动公开情况。", "（二）依申请公开情况。", "（三）政府信息管理情况。"]


def test_list_levels_from_the_list_tables():
    """PlfLst (one list of two levels: 一、 in chineseCounting, （%2） decimal from 3) and PlfLfo naming it."""
    def lvl(start: int, nfc: int, xst: str) -> bytes:
        return struct.pack("<iBB9sBiiBBBB", start, nfc, 0, bytes(9), 0, 0, 0, 0, 0, 0, 0) + struct.pack(
            "<H", len(xst)) + xst.encode("utf-16-le")

    plflst = struct.pack("<h", 1) + struct.pack("<iI", 77, 0) + bytes(18) + b"\x00\x00"
    lvls = lvl(1, 0x25, "\x00、") + lvl(3, 0, "（\x01）") + b"".join(lvl(1, 0, chr(k) + ".") for k in range(2, 9))
    plflfo = struct.pack("<i", 1) + struct.pack("<iiiBBBB", 77, 0, 0, 0, 0, 0, 0)
    table = plflst + lvls + plflfo
    fib = msdoc.Fib(table_stream="1Table", ccps=(0,) * 8,
                  fc_lcbs=tuple((0, 0) for _ in range(73)) + ((0, len(plflst)), (len(plflst) + len(lvls), len(plflfo))))
    lists = msdoc.list_levels(table, fib)
    assert lists[1][0] == ("chineseCounting", "%1、", 1) and lists[1][1] == ("decimal", "（%2）", 3)
    counts: dict = {}
    assert [doc.list_number(lists, counts, 1, k) for k in (0, 1, 1, 0, 1)] == ["一、", "（3）", "（4）", "二、", "（3）"]


def test_a_paragraph_style_numbers_its_paragraphs():
    """A heading style naming a list (sprmPIlfo in its UpxPapx), based on Normal: a paragraph of that style is
    numbered, its own properties over its style's.  (LibreOffice writes the list on each paragraph too, so
    the samples do not show this.)"""
    def std(stk: int, base: int, name: str, grpprl: bytes) -> bytes:
        body = struct.pack("<HHHHH", 0, (base << 4) | stk, 0, 0, 0) + struct.pack("<H", len(name))
        body += name.encode("utf-16-le") + b"\0\0"
        upx = struct.pack("<HH", 2 + len(grpprl), 0) + grpprl + (b"\0" if len(grpprl) % 2 else b"")
        body += upx + struct.pack("<H", 0)
        return struct.pack("<H", len(body)) + body

    normal = struct.pack("<HB", 0x2403, 1)  # sprmPJc
    heading = struct.pack("<Hh", 0x460B, 1) + struct.pack("<HB", 0x260A, 0)  # sprmPIlfo 1, sprmPIlvl 0
    stsh = struct.pack("<H", 18) + struct.pack("<HH", 3, 10) + bytes(14)
    stsh += std(1, 0xFFF, "Normal", normal) + std(2, 0, "Strong", b"") + std(1, 0, "标题 1", heading)
    fib = msdoc.Fib(table_stream="1Table", ccps=(0,) * 8, fc_lcbs=((0, 0), (0, len(stsh))))
    styles = msdoc.paragraph_styles(stsh, fib)
    assert sorted(styles) == [0, 2] and styles[2] == (0, heading) and styles[0][1] == normal
    assert msdoc.style_grpprl(styles, 2) == normal + heading
    props = msdoc.ParagraphProps()
    props.apply(msdoc.style_grpprl(styles, 2))
    props.apply(struct.pack("<HB", 0x260A, 1))  # the paragraph's own level
    assert (props.ilfo, props.ilvl) == (1, 1)


# ------------------------------------------------------------------ told by its bytes
@pytest.mark.parametrize("name", ["report.wps", "report.pdf", "report"])
def test_a_word_binary_is_read_whatever_its_name(name, tmp_path):
    """WPS writes .wps in the same binary format; a .doc saved as .pdf or without a suffix reads the same."""
    path = tmp_path / name
    shutil.copy(DOCS / "layout-gov-2024.doc", path)
    got = reportparse.parse(path).to_dict()
    want = reportparse.parse(DOCS / "layout-gov-2024.doc").to_dict()
    assert got["source"]["format"] == "doc" and got["tables"] == want["tables"] and got["sections"] == want["sections"]


def test_a_batch_reads_doc_and_wps_in_a_folder(tmp_path):
    from reportparse import batch

    (tmp_path / "in").mkdir()
    for name in ("a.doc", "b.wps"):
        shutil.copy(DOCS / "trial-gulou-2020.doc", tmp_path / "in" / name)
    paths, met = batch._inputs([str(tmp_path / "in")])
    assert sorted(Path(p).name for p in paths) == ["a.doc", "b.wps"] and not met


# ------------------------------------------------------------------ errors
def test_an_encrypted_doc(tmp_path):
    with pytest.raises(reportparse.EncryptedPDFError) as e:
        reportparse.parse(encrypted_doc(tmp_path))
    assert e.value.code == "encrypted" and "Word" in str(e.value) and "qpdf" not in str(e.value)


def test_an_ole_file_that_is_no_word_document(tmp_path):
    with pytest.raises(reportparse.UnsupportedFormatError, match="spreadsheet"):
        reportparse.parse(ole_spreadsheet(tmp_path))


def test_a_broken_ole_container(tmp_path):
    with pytest.raises(reportparse.CorruptPDFError) as e:
        reportparse.parse(broken_ole(tmp_path))
    assert e.value.code == "corrupt" and "OLE2" in str(e.value)


@pytest.mark.parametrize("cut", [0.5, 0.1])
def test_a_truncated_doc(cut, tmp_path):
    data = (DOCS / "trial-gulou-2020.doc").read_bytes()
    path = tmp_path / "cut.doc"
    path.write_bytes(data[:int(len(data) * cut)])
    with pytest.raises(reportparse.CorruptPDFError):
        reportparse.parse(path)


def _edit_stream(tmp_path, stream: str, edit) -> Path:
    import olefile

    path = tmp_path / "edited.doc"
    shutil.copy(DOCS / "trial-gulou-2020.doc", path)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        data = bytearray(ole.openstream(stream).read())
        edit(data)
        ole.write_stream(stream, bytes(data))
    return path


def test_a_doc_whose_structures_are_broken(tmp_path):
    def no_clx(word):  # the FIB's pointers zeroed
        word[0x22:0x400] = bytes(0x400 - 0x22)

    with pytest.raises(reportparse.CorruptPDFError, match="structure is broken"):
        reportparse.parse(_edit_stream(tmp_path, "WordDocument", no_clx))

    def scrambled(table):
        table[:] = bytes((b * 7 + 3) & 0xFF for b in table)

    with pytest.raises(reportparse.CorruptPDFError, match="structure is broken"):
        reportparse.parse(_edit_stream(tmp_path, "1Table", scrambled))


def test_damaged_streams_give_a_record_or_a_reportparse_error(tmp_path):
    """Bytes of the WordDocument, table and Data streams overwritten at random (seeded; the FIB's first 1 KiB
    half the time): a record or a ReportParseError, never another exception, a loop or a deep recursion (a
    damaged sprmPItap nested tables 10^6 deep)."""
    import random

    import olefile

    rng = random.Random(20261206)
    sample = DOCS / "features-huangpu-2020.doc"
    with olefile.OleFileIO(str(sample)) as ole:
        streams = {name: ole.openstream(name).read() for name in ("WordDocument", "1Table", "Data")}
    for k in range(60):
        name = rng.choice(sorted(streams))
        data = bytearray(streams[name])
        for _ in range(rng.randint(1, 30)):
            at = rng.randrange(0x400) if name == "WordDocument" and rng.random() < 0.5 else rng.randrange(len(data))
            data[at] = rng.randrange(256)
        path = tmp_path / f"damaged-{k}.doc"
        shutil.copy(sample, path)
        with olefile.OleFileIO(str(path), write_mode=True) as ole:
            ole.write_stream(name, bytes(data))
        try:
            reportparse.parse(path)
        except reportparse.ReportParseError:
            pass


def test_a_word_95_file_is_refused_saying_so(tmp_path):
    def word95(word):
        word[2:4] = struct.pack("<H", 104)

    with pytest.raises(reportparse.UnsupportedFormatError, match="Word 6.0/95"):
        reportparse.parse(_edit_stream(tmp_path, "WordDocument", word95))


# ------------------------------------------------------------------ the piece table
def _clx(pieces: list[tuple[int, int, int, bool]], prcs: list[bytes] = ()) -> bytes:
    """A CLX: Prcs, then a Pcdt of (cp0, cp1, stream offset, compressed) pieces."""
    out = b"".join(b"\x01" + struct.pack("<h", len(g)) + g for g in prcs)
    cps = [p[0] for p in pieces] + [pieces[-1][1]]
    pcds = b"".join(struct.pack("<HIH", 0, (off * 2 | 0x40000000) if comp else off, 0) for _, _, off, comp in pieces)
    plc = struct.pack(f"<{len(cps)}i", *cps) + pcds
    return out + b"\x02" + struct.pack("<I", len(plc)) + plc


def test_compressed_and_utf16_pieces():
    """An 8-bit piece is cp1252 (0x93/0x94 are curly quotes), a UTF-16 piece two bytes a character (a surrogate
    pair two CPs, one character once read); only CP 0..ccpText is the body."""
    stream = bytearray(64)
    stream += b"Plain \x93text\x94\r"  # 13 CPs, compressed, at 64
    at16 = len(stream)
    stream += "政府信息😀公开\r".encode("utf-16-le")  # 9 CPs: the emoji is two
    at_ftn = len(stream)
    stream += "脚注\r".encode("utf-16-le")
    clx = _clx([(0, 13, 64, True), (13, 22, at16, False), (22, 25, at_ftn, False)], prcs=[b"\x16\x24\x01"])
    pieces, prcs = msdoc.pieces_of(clx)
    assert [(p.cp0, p.cp1, p.compressed) for p in pieces] == [(0, 13, True), (13, 22, False), (22, 25, False)]
    assert pieces[0].offset == 64 and prcs == [b"\x16\x24\x01"]
    chars = msdoc.main_text(bytes(stream), pieces, 22)
    assert len(chars) == 22 and [c[0] for c in chars] == list(range(22))
    assert chars[12][2] == 64 + 12 and chars[13][2] == at16 and chars[14][2] == at16 + 2
    paragraphs = doc.read_paragraphs(chars, None)
    assert [p.text for p in paragraphs] == ["Plain “text”", "政府信息😀公开"]
    later = msdoc.main_text(bytes(stream), pieces, 25, first=20)  # another story, from inside a piece
    assert "".join(c[1] for c in later) == "开\r脚注\r" and later[0][2] == at16 + 2 * 7
    assert "".join(c[1] for c in msdoc.main_text(bytes(stream), pieces, 6, first=2)) == "ain "


def test_text_in_text_boxes_is_named_as_unread():
    assert doc.unread_text_boxes(_chars("\r\r")) == []
    (issue,) = doc.unread_text_boxes(_chars("印章：某某县人民政府办公室\r\r"))
    assert issue.code == "text_boxes_unread" and "13 characters" in issue.message and "某某县" in issue.message


def test_a_piece_past_the_stream_is_corrupt():
    pieces, _ = msdoc.pieces_of(_clx([(0, 100, 10, False)]))
    with pytest.raises(ValueError, match="past the end"):
        msdoc.main_text(bytes(50), pieces, 100)


def _chars(text: str):
    return [(cp, ch, 2 * cp, 0) for cp, ch in enumerate(text)]


def test_fields_keep_their_result_nested_or_not():
    text = ("见\x13 HYPERLINK \"http://x\" \x14《条例》\x15第\x13 PAGE \x142\x15页；"
            "\x13 IF \x13 PAGE \x141\x15 = 1 \"甲\" \"乙\" \x14甲\x15；\x13 TC \"目录项\" \x15完\r")
    assert [p.text for p in doc.read_paragraphs(_chars(text), None)] == ["见《条例》第2页；甲；完"]


def test_field_codes_are_kept_aside_and_embedded_objects_named():
    codes: list[str] = []
    text = "表\x13 EMBED Excel.Sheet.8 \x14\x01\x15，见\x13 HYPERLINK \"http://x\" \x14此\x15\r"
    assert [p.text for p in doc.read_paragraphs(_chars(text), None, codes=codes)] == ["表，见此"]
    assert codes == ["EMBED Excel.Sheet.8", 'HYPERLINK "http://x"']
    (issue,) = doc.unread_objects(codes)
    assert issue.code == "objects_unread" and "Excel.Sheet.8" in issue.message
    assert doc.unread_objects(['HYPERLINK "http://x"', "PAGE"]) == []


def test_a_run_without_chinese_takes_its_neighbours_font():
    """A run-in head is told by its own East Asian font; digits and Latin letters have none that shows."""
    assert doc.settled_fonts([("2022", False, "f6"), ("年，西湖区", False, "")]) == [
        ("2022", False, ""), ("年，西湖区", False, "")]
    head = [("（一）主动公开情况。", False, "f7"), ("全年主动公开", False, "f4"), ("3265", False, "f9"), ("条。", False, "f4")]
    assert doc.settled_fonts(head) == head[:2] + [("3265", False, "f4"), head[3]]
    from reportparse.readers.docx import paragraph_lines

    assert paragraph_lines(doc.settled_fonts(head)) == [("（一）主动公开情况。全年主动公开3265条。", "（一）主动公开情况。")]


def test_special_characters():
    text = "一\x0b二\t三\xa0四\x1e五\x1f六\x01\x08\x02\x05七\r\x0c八\x07"
    paragraphs = doc.read_paragraphs(_chars(text), None)
    assert [(p.text, p.end) for p in paragraphs] == [("一\x0b二 三 四-五六七", "\r"), ("", "\x0c"), ("八", "\x07")]


def test_footnote_marks_are_dropped():
    paragraphs = doc.read_paragraphs(_chars("文件12件*，解读\r"), None, skip={5})
    assert paragraphs[0].text == "文件12件，解读"


# ------------------------------------------------------------------ properties and tables
def _tdef(edges: list[int], flags: list[int]) -> bytes:
    body = struct.pack("<B", len(edges) - 1) + struct.pack(f"<{len(edges)}h", *edges)
    body += b"".join(struct.pack("<HH", f, 0) + bytes(16) for f in flags)
    return struct.pack("<HH", 0xD608, len(body) + 1) + body


def test_sprms_and_a_table_definition():
    grpprl = (struct.pack("<HB", 0x2416, 1) + struct.pack("<HB", 0x2417, 1) + struct.pack("<Hi", 0x6649, 1)
              + _tdef([0, 1000, 3000], [0x0060, 0x0020]) + struct.pack("<HBBB", 0xD62B, 2, 1, 0))
    props = msdoc.ParagraphProps()
    props.apply(grpprl)
    assert (props.in_table, props.ttp, props.depth) == (True, True, 1)
    assert props.row.edges == [0, 1000, 3000]
    assert props.row.vertical == [3, 0]  # restart; then sprmTVertMerge cleared cell 1's continue flag
    assert [s for s, _ in msdoc.sprms(grpprl)] == [0x2416, 0x2417, 0x6649, 0xD608, 0xD62B]


def test_cell_boundaries_and_merge_flags_make_spans():
    """Row 0: one cell over all three columns; row 1: a cell restarting a vertical merge, and two cells of
    which the second is flagged as merged with the first; row 2: the merge continued, and two cells whose
    boundaries are 10 twips off the columns (snapped)."""
    rows = [msdoc.Row([0, 3000], [0], [0]),
            msdoc.Row([0, 1000, 2000, 3000], [0, 1, 2], [3, 0, 0]),
            msdoc.Row([0, 1000, 2010, 3000], [0, 0, 0], [1, 0, 0])]
    cells, n_rows, n_cols = doc.grid_cells([["申请人情况"], ["三、结果", "自然", "人"], ["", "5", "6"]], rows)
    assert (n_rows, n_cols) == (3, 3)
    assert [(c.text, c.r0, c.r1, c.c0, c.c1) for c in cells] == [
        ("申请人情况", 0, 1, 0, 3), ("三、结果", 1, 3, 0, 1), ("自然人", 1, 2, 1, 3), ("5", 2, 3, 1, 2), ("6", 2, 3, 2, 3)]


def _paragraph(text: str, end: str = "\x07", **props) -> doc.Paragraph:
    return doc.Paragraph([(text, False, "")], end, msdoc.ParagraphProps(**props))


def test_a_table_holding_a_table_is_layout():
    """A frame table whose cell holds the report's table (depth 2): the frame's cells are read in place, the
    inner table is a grid."""
    row = msdoc.Row([0, 1000, 2000], [0, 0], [0, 0])
    paragraphs = [
        _paragraph("标题", "\r"),
        _paragraph("正文段落", "\r", in_table=True, itap=1),
        _paragraph("甲", "\r", in_table=True, itap=2, inner_cell=True),
        _paragraph("乙", "\r", in_table=True, itap=2, inner_cell=True),
        _paragraph("", "\r", in_table=True, itap=2, inner_ttp=True, row=row),
        _paragraph("", "\x07", in_table=True, itap=1),
        _paragraph("", "\x07", in_table=True, itap=1, ttp=True, row=msdoc.Row([0, 3000], [0], [0])),
        _paragraph("结尾", "\r"),
    ]
    blocks = doc.body_blocks(paragraphs, 0)
    assert [b.text if isinstance(b, doc.Paragraph) else b for b in blocks][:2] == ["标题", "正文段落"]
    cells, n_rows, n_cols = blocks[2]
    assert [(c.text, c.c0, c.c1) for c in cells] == [("甲", 0, 1), ("乙", 1, 2)] and (n_rows, n_cols) == (1, 2)
    assert [b.text for b in blocks[3:] if isinstance(b, doc.Paragraph)][-1] == "结尾"
