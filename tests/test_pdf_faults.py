"""Faults found by fuzzing, each generated here and reproduced (issue 8 items 1, 2, 6, 7).

    self-referencing /Contents and cyclic /Resources   answer within seconds, the page warned about
    a deflate bomb (1 GiB from under 2 KB)             bounded memory, that page ``page_unreadable``
    inputs past the size limit                         ``too_large`` before reading; ``max_bytes`` overrides
    a glyph placed at x = 1e300 inside a paragraph     a ``glyphs_off_page`` warning, the same on both backends

The hang and bomb cases run ``parse`` in a subprocess with a timeout, so that a regression fails the
test instead of hanging the suite, and report the child's peak memory.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

import reportparse
from reportparse.errors import TooLargeError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_backends import FONT, _body, _report  # noqa: E402

BACKENDS = ("pdfium", "pdfplumber")


# ------------------------------------------------------------------ building faulty files
def _page_objects(data: bytes) -> list[tuple[int, bytes]]:
    """(object number, dictionary) of every /Type /Page object, in file order."""
    out = []
    for m in re.finditer(rb"(\d+) 0 obj\s*(<<.*?>>)\s*endobj", data, re.S):
        if re.search(rb"/Type\s*/Page\b(?!s)", m.group(2)):
            out.append((int(m.group(1)), m.group(2)))
    return out


def _update(data: bytes, objects: dict[int, bytes]) -> bytes:
    """``data`` with an incremental update appended: ``objects`` (number -> body), an xref and a trailer."""
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = int(re.findall(rb"/Size\s+(\d+)", data)[-1])
    root = re.findall(rb"/Root\s+(\d+ \d+ R)", data)[-1]
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for num, body in objects.items():
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n" + b"".join(b"%d 1\n%010d 00000 n \n" % (n, offsets[n]) for n in sorted(offsets))
    out += (b"trailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
            % (max(size, max(offsets) + 1), root, prev, xref))
    return bytes(out)


def _second_page() -> tuple[bytes, int, bytes]:
    base = _report(style="lines")
    num, page = _page_objects(base)[1]
    return base, num, page


def self_referencing_contents() -> bytes:
    """Page 2's /Contents is ``900 0 R`` and object 900 is ``900 0 R``."""
    base, num, page = _second_page()
    return _update(base, {num: re.sub(rb"/Contents \d+ 0 R", b"/Contents 900 0 R", page), 900: b"900 0 R"})


def cyclic_resources() -> bytes:
    """An incremental update points page 2's /Resources at 901, which is 902, which is 901."""
    base, num, page = _second_page()
    page = re.sub(rb"/Resources\s*<<.*?>>\s*(?=/Rotate)", b"/Resources 901 0 R ", page, flags=re.S)
    return _update(base, {num: page, 901: b"902 0 R", 902: b"901 0 R"})


def deflate_bomb() -> bytes:
    """Page 2 draws a second content stream: 1 GiB of spaces deflated twice, under 2 KB in the file."""
    base, num, page = _second_page()
    co = zlib.compressobj(1)
    chunk = b" " * (1 << 20)
    inner = b"".join(co.compress(chunk) for _ in range(1024)) + co.flush()
    bomb = zlib.compress(inner, 9)
    body = b"<< /Length %d /Filter [ /FlateDecode /FlateDecode ] >>\nstream\n" % len(bomb) + bomb + b"\nendstream"
    contents = re.search(rb"/Contents (\d+) 0 R", page).group(1)
    page = re.sub(rb"/Contents \d+ 0 R", b"/Contents [ " + contents + b" 0 R 903 0 R ]", page)
    return _update(base, {num: page, 903: body})


def far_glyph() -> bytes:
    """A paragraph whose '2' of 1234 is placed at x = 10**300 (the rest of the line where it belongs)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont(FONT, 18)
    c.drawCentredString(A4[0] / 2, A4[1] - 80, "某县人民政府2023年政府信息公开工作年度报告")
    y = _body(c, A4[1] - 130, ["一、总体情况"])
    t = c.beginText(72, y)
    t.setFont(FONT, 12)
    head = "2023年，县政府全年主动公开政府信息1"
    t.textOut(head)
    x = 72 + stringWidth(head, FONT, 12)
    t._code.append("1 0 0 1 1%s %.2f Tm" % ("0" * 300, y))
    t.textOut("2")
    t._code.append("1 0 0 1 %.2f %.2f Tm" % (x + stringWidth("2", FONT, 12), y))
    t.textOut("34条，扎实推进政务公开工作。")
    c.drawText(t)
    _body(c, y - 30, ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                      "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "无。"])
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def faulty(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("faulty")
    out = {}
    for name, make in (("selfref", self_referencing_contents), ("cycle", cyclic_resources),
                       ("bomb", deflate_bomb), ("far", far_glyph)):
        out[name] = folder / f"{name}.pdf"
        out[name].write_bytes(make())
    return out


# ------------------------------------------------------------------ parse in a child with a timeout
_CHILD = """
import json, sys
import reportparse
try:
    record = reportparse.parse(sys.argv[1], backend=sys.argv[2]).to_dict()
    out = {"warnings": record["warnings"], "sections": [s["key"] for s in record["sections"]],
           "text": record["sections"][0]["text"] if record["sections"] else ""}
except reportparse.ReportParseError as e:
    out = {"error": e.code}
# VmHWM: this program's own peak (ru_maxrss would keep the forking pytest process's peak across exec)
out["max_rss_mib"] = next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmHWM")) / 1024
print(json.dumps(out, ensure_ascii=False))
"""


def parse_in_child(path: Path, backend: str, timeout: float = 60) -> dict:
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(path), backend], capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"parse({path.name}, backend={backend!r}) did not answer within {timeout} s")
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _codes(out: dict) -> list[tuple[str, int | None]]:
    return [(w["code"], w.get("page")) for w in out.get("warnings", [])]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", ["selfref", "cycle"])
def test_a_reference_cycle_answers_and_warns_about_its_page(faulty, name, backend):
    out = parse_in_child(faulty[name], backend)
    assert ("page_unreadable", 2) in _codes(out), out
    assert "cycle" in next(w["message"] for w in out["warnings"] if w["code"] == "page_unreadable")
    assert out["sections"][:2] == ["overview", "active_disclosure"]  # page 1 is read as before


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_deflate_bomb_is_bounded_and_costs_its_page(faulty, backend):
    assert faulty["bomb"].stat().st_size < 20_000
    out = parse_in_child(faulty["bomb"], backend)
    assert ("page_unreadable", 2) in _codes(out), out
    assert "bomb" in next(w["message"] for w in out["warnings"] if w["code"] == "page_unreadable")
    assert out["max_rss_mib"] < 600, out["max_rss_mib"]  # 2-4 GB before; the interpreter and libraries ~200 MB


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_glyph_far_off_the_page_is_left_out_with_a_warning(faulty, backend):
    record = reportparse.parse(faulty["far"], backend=backend).to_dict()
    far = [w for w in record["warnings"] if w["code"] == "glyphs_off_page"]
    assert len(far) == 1 and far[0]["page"] == 1 and "'2'" in far[0]["message"]
    assert record["sections"][0]["text"].startswith("2023年，县政府全年主动公开政府信息1 34条")


def test_the_faulty_files_give_the_same_record_on_both_backends(faulty):
    for name in ("selfref", "cycle", "far"):
        records = [reportparse.parse(faulty[name], backend=b).to_dict() for b in BACKENDS]
        assert records[0] == records[1], name


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    with pytest.raises(TooLargeError) as e:
        reportparse.parse(path, max_bytes=1000)
    assert e.value.code == "too_large" and "past the limit" in str(e.value) and not read


def test_the_size_limit_can_be_raised_or_lifted(tmp_path):
    seed = Path(__file__).resolve().parents[1] / "samples" / "guyuan-hpf-2021.txt"
    with pytest.raises(TooLargeError):
        reportparse.parse(seed, max_bytes=1000)
    assert reportparse.parse(seed, max_bytes=None).agency
    assert reportparse.parse(seed, max_bytes=seed.stat().st_size).agency


def test_the_default_limit_refuses_a_200_mb_dump_at_once(tmp_path):
    from reportparse.inputs import MAX_BYTES

    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: 200 MB on paper, nothing on disk
        f.truncate(200 * 2**20)
    assert MAX_BYTES < 200 * 2**20
    with pytest.raises(TooLargeError):
        reportparse.parse(path)


def test_the_cli_gives_one_line_for_a_file_too_large(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(200 * 2**20)
    done = subprocess.run([sys.executable, "-m", "reportparse", "parse", str(path), "-o", str(tmp_path / "o.json")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "MiB, past the limit" in done.stderr and "Traceback" not in done.stderr


def test_a_pdf_of_thousands_of_pages_is_refused_at_once(tmp_path):
    from reportparse.inputs import BYTES_PER_PAGE, MAX_BYTES

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for _ in range(MAX_BYTES // BYTES_PER_PAGE + 1):
        c.showPage()
    c.save()
    path = tmp_path / "pages.pdf"
    path.write_bytes(buf.getvalue())
    for backend in BACKENDS:
        with pytest.raises(TooLargeError, match="pages, past the limit"):
            reportparse.parse(path, backend=backend)
    with pytest.raises(reportparse.NoTextLayerError):  # lifted: read (blank pages), not refused
        reportparse.parse(path, max_bytes=None)
