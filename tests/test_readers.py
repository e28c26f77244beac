"""Tests for orchestration.ingest.readers, on real files written into tmp_path by the tests."""

from __future__ import annotations

import ctypes
import hashlib
import io
import os
import pickle
import random
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.ingest import readers
from orchestration.ingest.readers import (
    SUPPORTED_SUFFIXES,
    DecodedDocument,
    DocumentRejected,
    is_document,
    read_document,
)

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "raw"
CORPUS_FILES = [
    "000_40164949131a04b4.txt",
    "001_97a36eb775c4de79.txt",
    "002_0436de9dc126a876.txt",
    "003_bdc2e6330b1eac93.txt",
    "004_4df0d59ca522d426.txt",
]

ZH = (
    "1-4月，十种常用有色金属产量为2660.0万吨，比去年同期增长2.3%。"
    "其中，精炼铜产量为480.5万吨，增长4.1%；原铝产量为1475.2万吨，增长3.0%。\n"
    "1-4月，规模以上有色金属企业实现利润总额1281.7亿元，同比增长18.2%，"
    "其中独立矿山企业利润365.4亿元，冶炼企业利润736.3亿元，加工企业利润180.0亿元。\n"
    "一季度，我国有色金属进出口贸易总额为17.94万亿元，其中出口10.67万亿元，进口7.27万亿元。\n"
)
ZH_TRADITIONAL = (
    "一至四月，十種常用有色金屬產量為2660.0萬噸，比去年同期增長2.3%。"
    "其中，精煉銅產量為480.5萬噸，增長4.1%；原鋁產量為1475.2萬噸，增長3.0%。\n"
)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def rejected(path: Path, **kwargs) -> DocumentRejected:
    with pytest.raises(DocumentRejected) as info:
        read_document(path, **kwargs)
    exc = info.value
    assert exc.path == path
    assert path.name in str(exc), "the message names the file"
    assert exc.reason and exc.reason in str(exc)
    return exc


# ---------------------------------------------------------------------------------------------
# The shipped corpus: byte-exact UTF-8
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_decodes_to_exact_utf8_text(name):
    path = CORPUS / name
    before = path.stat()
    doc = read_document(path)
    raw = path.read_bytes()
    with open(path, encoding="utf-8") as handle:
        expected = handle.read()
    assert doc.text == expected
    assert doc.text == raw.decode("utf-8")
    assert doc.encoding == "utf-8"
    assert doc.format == "txt"
    assert doc.document_id == name[: -len(".txt")]
    assert doc.file_name == name
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.size_bytes == len(raw) == before.st_size
    after = path.stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)


# ---------------------------------------------------------------------------------------------
# Plain text encodings
# ---------------------------------------------------------------------------------------------


def test_utf8_is_byte_exact_without_normalisation(tmp_path):
    # CRLF, tabs, a decomposed é (NFD), full-width digits, a form feed: all kept exactly.
    text = "标题\r\n" + ZH + "\t表1\r\n产量２６６０万吨 cafe\u0301\f第二页\n"
    path = write(tmp_path, "utf8_doc.txt", text)
    doc = read_document(path)
    assert doc.text == text
    assert doc.encoding == "utf-8"
    assert doc.warnings == ()
    assert doc.sidecar == {}
    assert doc.text.index("2660.0") == text.index("2660.0")


def test_utf8_with_bom(tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + ZH.encode("utf-8"))
    doc = read_document(path)
    assert doc.text == ZH
    assert not doc.text.startswith("\ufeff")
    assert doc.encoding == "utf-8-sig"
    assert doc.size_bytes == len(ZH.encode("utf-8")) + 3


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_gbk_and_gb18030(tmp_path, codec):
    path = write(tmp_path, f"{codec}_doc.txt", ZH.encode(codec))
    doc = read_document(path)
    assert doc.text == ZH
    assert doc.encoding == "gb18030"  # the GB superset decodes GBK bytes identically


def test_gb18030_characters_outside_gbk(tmp_path):
    text = ZH + "南汉高祖刘䶮与𠮷野家无关，仅用于测试四字节编码。\n"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    doc = read_document(write(tmp_path, "gb18030_only.txt", text.encode("gb18030")))
    assert doc.text == text
    assert doc.encoding == "gb18030"


def test_short_gbk_sentence(tmp_path):
    text = "1-4月，十种常用有色金属产量为2660.0万吨，比去年同期增长2.3%"
    doc = read_document(write(tmp_path, "short.txt", text.encode("gbk")))
    assert doc.text == text
    assert doc.encoding == "gb18030"


def test_gbk_with_crlf_kept(tmp_path):
    text = ZH.replace("\n", "\r\n")
    doc = read_document(write(tmp_path, "crlf.txt", text.encode("gbk")))
    assert doc.text == text


def test_big5_traditional_chinese(tmp_path):
    doc = read_document(write(tmp_path, "big5.txt", ZH_TRADITIONAL.encode("big5")))
    assert doc.text == ZH_TRADITIONAL
    assert doc.encoding == "big5"


@pytest.mark.parametrize(
    ("codec", "bom", "label"),
    [("utf-16-le", b"\xff\xfe", "utf-16-le"), ("utf-16-be", b"\xfe\xff", "utf-16-be")],
)
def test_utf16_with_bom(tmp_path, codec, bom, label):
    path = write(tmp_path, f"{label}.txt", bom + ZH.encode(codec))
    doc = read_document(path)
    assert doc.text == ZH
    assert doc.encoding == label


def test_utf32_with_bom(tmp_path):
    doc = read_document(write(tmp_path, "u32.txt", b"\xff\xfe\x00\x00" + ZH.encode("utf-32-le")))
    assert doc.text == ZH
    assert doc.encoding == "utf-32-le"


def test_utf16_without_bom_is_rejected_not_guessed(tmp_path):
    exc = rejected(write(tmp_path, "u16_nobom.txt", ZH.encode("utf-16-le")))
    assert exc.kind == "binary"
    assert "NUL" in exc.reason


def test_corrupted_utf8_is_rejected_not_read_as_gbk(tmp_path):
    head = ZH[:20].encode("utf-8")
    broken = head + b"\xff" + ZH[20:].encode("utf-8")
    exc = rejected(write(tmp_path, "broken_utf8.txt", broken))
    assert exc.kind == "undecodable"
    assert f"invalid byte 0xff at offset {len(head)}" in exc.reason


def test_truncated_utf8_is_rejected(tmp_path):
    raw = ZH.encode("utf-8")
    exc = rejected(write(tmp_path, "truncated.txt", raw[: len(raw) - 2]))
    assert exc.kind == "undecodable"


def test_japanese_shift_jis_is_not_decoded_as_chinese(tmp_path):
    text = "日本の銅生産量は前年同期比で増加した。アルミニウムの輸入も増えている。" * 3
    exc = rejected(write(tmp_path, "sjis.txt", text.encode("shift_jis")))
    assert exc.kind == "undecodable"


def test_big5_text_is_not_misread_as_gbk_by_plausibility_check():
    # Big5 bytes decode as (nonsense) GBK; the common-character check refuses that reading.
    gbk_reading = (ZH_TRADITIONAL * 2).encode("big5").decode("gbk", errors="replace")
    assert readers._implausible(gbk_reading) is not None
    assert readers._implausible(ZH) is None
    assert readers._implausible(ZH_TRADITIONAL) is None


_SIMPLIFIED = "有色金属产量增长同比精炼铜原铝锌铅镍钴锂稀土黄金进出口贸易总额亿元万吨其中企业利润月年季度全国"
_TRADITIONAL = "有色金屬產量增長同比精煉銅原鋁鋅鉛鎳鈷鋰稀土黃金進出口貿易總額億元萬噸其中企業利潤月年季度全國"
_ZH_ALPHABET = _SIMPLIFIED + _TRADITIONAL + "0123456789.%，。；：、（）" + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_ZH_ALPHABET, min_size=1, max_size=120), st.sampled_from(["gbk", "gb18030", "big5"]))
def test_chinese_encodings_decode_exactly_or_are_rejected(text, codec):
    """Never a silent wrong guess: the original text comes back, or a rejection. (Tiny files are
    often ambiguous and rejected; bytes that happen to be valid UTF-8 are UTF-8 by rule.)"""
    try:
        raw = text.encode(codec)
    except UnicodeEncodeError:
        raw = text.encode("gb18030")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "prop.txt"
        path.write_bytes(raw)
        try:
            doc = read_document(path)
        except DocumentRejected as exc:
            assert exc.kind in ("undecodable", "no_text")
            return
    if doc.encoding == "utf-8":
        assert doc.text == raw.decode("utf-8")
    else:
        assert doc.text == text


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(blacklist_categories=("Cc", "Cs")), st.sampled_from(["\n", "\t", "\r"])
        ),
        min_size=1,
        max_size=300,
    ).filter(lambda s: s.strip())
)
def test_any_utf8_text_is_returned_exactly(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "any.txt"
        path.write_bytes(text.encode("utf-8"))
        doc = read_document(path)
    assert doc.text == text
    assert doc.encoding in ("utf-8", "utf-8-sig")
    if doc.encoding == "utf-8-sig":
        assert False, "a leading U+FEFF written as text is only a BOM when the bytes start with it"


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

ARTICLE = [
    "1-4月，十种常用有色金属产量为2660.0万吨，比去年同期增长2.3%。其中，精炼铜产量为480.5万吨，增长4.1%；原铝产量为1475.2万吨，增长3.0%。",
    "1-4月，规模以上有色金属企业实现利润总额1281.7亿元，同比增长18.2%。其中独立矿山企业利润365.4亿元，冶炼企业利润736.3亿元，加工企业利润180.0亿元。",
    "4月份，有色金属产品价格总体保持高位运行，铜现货均价为每吨76850元，同比上涨2.7%。",
]


def html_page(charset: str = "utf-8", declaration: str | None = None) -> str:
    head = f'<?xml version="1.0" encoding="{declaration}"?>\n' if declaration else "<!DOCTYPE html>\n"
    paragraphs = "\n".join(f"<p>{p}</p>" for p in ARTICLE)
    return f"""{head}<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>有色金属工业运行情况</title>
<style>.nav {{ color: red }} body::before {{ content: "样式表文字" }}</style>
<script>var tracking = "不应出现的脚本文字"; document.write("脚本写入");</script>
</head>
<body>
<nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/news">导航栏新闻中心</a></li>
<li><a href="/about">关于我们协会概况</a></li></ul></nav>
<header><div class="logo">中国有色金属工业协会网站页眉</div></header>
<main><article>
<h1>2025年1-4月有色金属工业运行情况</h1>
{paragraphs}
</article></main>
<aside>相关阅读：侧栏推荐文章</aside>
<footer><p>版权所有 页脚版权信息 京ICP备12345678号</p></footer>
<script>console.log("页尾脚本")</script>
</body></html>
"""


def assert_article_only(text: str) -> None:
    for paragraph in ARTICLE:
        assert paragraph in text
    lines = text.split("\n")
    for paragraph in ARTICLE:
        assert paragraph in lines, "each paragraph on its own line"
    for boilerplate in ("导航栏新闻中心", "关于我们协会概况", "不应出现的脚本文字", "脚本写入", "样式表文字",
                        "页脚版权信息", "京ICP备", "页尾脚本", "color: red"):
        assert boilerplate not in text


def test_html_main_article_without_navigation_scripts_footer(tmp_path):
    doc = read_document(write(tmp_path, "page.html", html_page("utf-8")))
    assert doc.format == "html"
    assert doc.encoding == "utf-8"
    assert_article_only(doc.text)


def test_html_gb2312_meta_charset(tmp_path):
    raw = html_page("gb2312").encode("gb18030")
    doc = read_document(write(tmp_path, "page_gb.htm", raw))
    assert doc.format == "html"
    assert doc.encoding == "gb18030"
    assert_article_only(doc.text)
    assert doc.warnings == ()


def test_xhtml_with_xml_declaration(tmp_path):
    raw = html_page("gbk", declaration="gbk").encode("gbk")
    doc = read_document(write(tmp_path, "page_x.html", raw))
    assert doc.encoding == "gb18030"
    assert_article_only(doc.text)


def test_html_with_wrong_declared_charset_uses_utf8(tmp_path):
    doc = read_document(write(tmp_path, "liar.html", html_page("gb2312")))
    assert doc.encoding == "utf-8"
    assert_article_only(doc.text)
    assert any("declares charset 'gb2312'" in w for w in doc.warnings)


def test_html_without_declared_charset_is_detected(tmp_path):
    raw = html_page("x").replace('<meta http-equiv="Content-Type" content="text/html; charset=x">', "")
    doc = read_document(write(tmp_path, "nometa.html", raw.encode("gb18030")))
    assert doc.encoding == "gb18030"
    assert_article_only(doc.text)


def test_html_fallback_to_body_text(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_trafilatura_text", lambda markup: "")
    doc = read_document(write(tmp_path, "fallback.html", html_page("utf-8")))
    assert_article_only(doc.text)
    assert "2025年1-4月有色金属工业运行情况" in doc.text.split("\n")
    assert any("whole body text" in w for w in doc.warnings)


def test_html_without_text_is_rejected(tmp_path):
    markup = "<html><head><script>var a = '脚本';</script></head><body><nav></nav>  \n</body></html>"
    exc = rejected(write(tmp_path, "blank.html", markup))
    assert exc.kind == "no_text"


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


def handmade_cjk_pdf(pages: list[list[str]]) -> bytes:
    """A PDF written by hand: a Type0 font with Identity-H encoding (CID = Unicode code point)
    and a ToUnicode CMap, font not embedded. Text extraction needs no font on the machine."""
    chars = sorted({ch for page in pages for line in page for ch in line})
    entries = [f"<{ord(c):04X}> <{ord(c):04X}>" for c in chars]
    blocks = [
        f"{len(entries[i:i + 100])} beginbfchar\n" + "\n".join(entries[i:i + 100]) + "\nendbfchar"
        for i in range(0, len(entries), 100)
    ]
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        4: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 >>",
        5: b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        6: b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 860] "
        b"/ItalicAngle 0 /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>",
    }
    kids = []
    for index, lines in enumerate(pages):
        page_id, content_id = 10 + 2 * index, 11 + 2 * index
        kids.append(f"{page_id} 0 R")
        ops = ["BT", "/F1 12 Tf", "16 TL", "50 800 Td"]
        ops += ["<" + "".join(f"{ord(c):04X}" for c in line) + "> Tj T*" for line in lines]
        content = "\n".join(ops + ["ET"]).encode()
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        ).encode()
        objects[content_id] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    return _assemble_pdf(objects)


def _assemble_pdf(objects: dict[int, bytes], trailer_extra: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[number]) if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer_extra, xref)
    return bytes(out)


def pdfium_pdf(pages: list[list[str]], font_path: Path | None = None, with_image_page: bool = False) -> bytes:
    """A PDF made by pypdfium2: Helvetica (standard font) or a TrueType font file embedded as a
    CID font (its ToUnicode map is made from the font's character map). Optionally a final page that holds only an image (a 'scanned' page)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    font = None
    if font_path is not None:
        data = font_path.read_bytes()
        buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        font = raw.FPDFText_LoadFont(pdf, buffer, len(data), raw.FPDF_FONT_TRUETYPE, True)
        assert font, f"pdfium could not load the font {font_path}"
    for lines in pages:
        page = pdf.new_page(595, 842)
        y = 800
        for line in lines:
            if font is None:
                obj = raw.FPDFPageObj_NewTextObj(pdf, b"Helvetica", 12.0)
            else:
                obj = raw.FPDFPageObj_CreateTextObj(pdf, font, 12.0)
            wide = ctypes.create_string_buffer((line + "\x00").encode("utf-16-le"))
            assert raw.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 50, y)
            raw.FPDFPage_InsertObject(page, obj)
            y -= 20
        page.gen_content()
    if with_image_page:
        _image_page(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _image_page(pdf) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    page = pdf.new_page(595, 842)
    image = pdfium.PdfImage.new(pdf)
    bitmap = pdfium.PdfBitmap.new_native(60, 80, raw.FPDFBitmap_BGR)
    bitmap.fill_rect((200, 200, 200, 255), 0, 0, 60, 80)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(495, 742).translate(50, 50))
    page.insert_obj(image)
    page.gen_content()


def scanned_pdf(n_pages: int = 2) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(n_pages):
        _image_page(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_pdf_made_by_pdfium_ascii_pages_in_order(tmp_path):
    raw = pdfium_pdf([["Copper output rose 4.1% to 4805.0 kt.", "Aluminium 1475.2 kt"], ["Page two: zinc 226.3 kt"]])
    doc = read_document(write(tmp_path, "ascii.pdf", raw))
    assert doc.format == "pdf"
    assert doc.encoding is None
    assert doc.text == "Copper output rose 4.1% to 4805.0 kt.\nAluminium 1475.2 kt\n\nPage two: zinc 226.3 kt"
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()


def test_pdf_with_chinese_text_layer(tmp_path):
    pages = [
        ["1-4月，十种常用有色金属产量为2660.0万吨，", "比去年同期增长2.3%。"],
        ["其中，精炼铜产量为480.5万吨，增长4.1%。"],
        ["利润总额1281.7亿元，同比增长18.2%。"],
    ]
    doc = read_document(write(tmp_path, "cjk.pdf", handmade_cjk_pdf(pages)))
    assert doc.text == "\n\n".join("\n".join(lines) for lines in pages)
    assert doc.warnings == ()


def handmade_truetype_font(characters: str) -> bytes:
    """A TrueType font of our own with one box glyph per character, each reachable from exactly
    one code point: a machine's fonts (CJK ones map several code points to one glyph, as 金 and
    its compatibility twin U+F90A, or lack digits) can no longer change what the PDF text says."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def box():
        pen = TTGlyphPen(None)
        pen.moveTo((100, 0))
        pen.lineTo((100, 700))
        pen.lineTo((900, 700))
        pen.lineTo((900, 0))
        pen.closePath()
        return pen.glyph()

    code_points = sorted({ord(c) for c in characters})
    names = [".notdef", *(f"uni{cp:04X}" for cp in code_points)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({cp: f"uni{cp:04X}" for cp in code_points})
    builder.setupGlyf({name: box() for name in names})
    builder.setupHorizontalMetrics({name: (1000, 100) for name in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "NonferrousTest", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def test_pdf_with_chinese_text_in_an_embedded_truetype_font(tmp_path):
    lines = ["1-4月，十种常用有色金属产量为2660.0万吨，比去年同期增长2.3%"]
    font = write(tmp_path, "cjk.ttf", handmade_truetype_font(lines[0]))
    doc = read_document(write(tmp_path, "cjk_font.pdf", pdfium_pdf([lines], font_path=font)))
    assert doc.text == lines[0]


def test_pdf_with_latin_text_in_an_embedded_truetype_font(tmp_path):
    line = "Nickel 33.6 kt, up 2.0%"
    font = write(tmp_path, "latin.ttf", handmade_truetype_font(line))
    doc = read_document(write(tmp_path, "ttf.pdf", pdfium_pdf([[line]], font_path=font)))
    assert doc.text == line


def test_pdf_partly_scanned_keeps_text_and_warns(tmp_path):
    raw = pdfium_pdf([["Lead output 226.3 kt"]], with_image_page=True)
    doc = read_document(write(tmp_path, "mixed.pdf", raw))
    assert doc.text == "Lead output 226.3 kt\n\n"
    assert any("page(s) 2 of 2" in w for w in doc.warnings)


def test_pdf_without_text_layer_is_rejected(tmp_path):
    exc = rejected(write(tmp_path, "scan.pdf", scanned_pdf()))
    assert exc.kind == "no_text_layer"
    assert exc.reason == "no text layer (scanned PDF?)"


def test_encrypted_pdf_is_rejected(tmp_path):
    base = handmade_cjk_pdf([["加密文件"]])
    encrypt = (
        b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32
        + b"> /P -44 >> /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] "
    )
    raw = base.replace(b"/Root 1 0 R >>", b"/Root 1 0 R " + encrypt + b">>")
    exc = rejected(write(tmp_path, "locked.pdf", raw))
    assert exc.kind == "encrypted"
    assert "password" in exc.reason


def test_corrupt_pdf_is_rejected_with_cause(tmp_path):
    exc = rejected(write(tmp_path, "corrupt.pdf", b"%PDF-1.7\nthis is not really a pdf\n"))
    assert exc.kind == "corrupt"
    assert "PDFium" in exc.reason


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------


def test_docx_paragraphs_and_table_in_document_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("2025年1-4月有色金属工业运行情况", level=1)
    document.add_paragraph("1-4月，十种常用有色金属产量为2660.0万吨，比去年同期增长2.3%。")
    table = document.add_table(rows=3, cols=3)
    cells = [["品种", "产量（万吨）", "同比（%）"], ["精炼铜", "480.5", "4.1"], ["原铝", "1475.2", "3.0"]]
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    paragraph = document.add_paragraph("利润总额")
    paragraph.add_run("1281.7亿元").bold = True
    paragraph.add_run("，同比增长18.2%。")
    merged = document.add_table(rows=2, cols=2)
    top = merged.cell(0, 0).merge(merged.cell(0, 1))
    top.text = "合计"
    left = merged.cell(1, 0)
    left.text = "2660.0"
    out = io.BytesIO()
    document.save(out)
    path = write(tmp_path, "report.docx", out.getvalue())

    doc = read_document(path)
    assert doc.format == "docx"
    assert doc.encoding is None
    assert doc.text.split("\n") == [
        "2025年1-4月有色金属工业运行情况",
        "1-4月，十种常用有色金属产量为2660.0万吨，比去年同期增长2.3%。",
        "品种", "产量（万吨）", "同比（%）",
        "精炼铜", "480.5", "4.1",
        "原铝", "1475.2", "3.0",
        "利润总额1281.7亿元，同比增长18.2%。",
        "合计",
        "2660.0",
    ]


def test_docx_without_text_is_rejected(tmp_path):
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    exc = rejected(write(tmp_path, "blank.docx", out.getvalue()))
    assert exc.kind == "no_text"


def test_corrupt_and_encrypted_docx_are_rejected(tmp_path):
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    assert rejected(write(tmp_path, "notword.docx", zipped.getvalue())).kind == "corrupt"
    assert rejected(write(tmp_path, "garbage.docx", b"plain text pretending")).kind == "corrupt"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    exc = rejected(write(tmp_path, "locked.docx", ole))
    assert exc.kind == "encrypted"
    assert "password-protected" in exc.reason


# ---------------------------------------------------------------------------------------------
# Rejections
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx", "empty.html"])
def test_empty_file(tmp_path, name):
    exc = rejected(write(tmp_path, name, b""))
    assert exc.kind == "empty"
    assert exc.reason == "file is empty (0 bytes)"


def test_whitespace_only_text(tmp_path):
    exc = rejected(write(tmp_path, "spaces.txt", " \n\t\u3000\r\n"))
    assert exc.kind == "no_text"
    assert "empty" in exc.reason


def test_binary_content_in_txt(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    exc = rejected(write(tmp_path, "image.txt", png))
    assert exc.kind == "binary"
    assert "NUL" in exc.reason


def test_control_characters_in_txt(tmp_path):
    exc = rejected(write(tmp_path, "controls.txt", "铜产量\x01\x02\x03\x04\x05增长\x06\x07\x08"))
    assert exc.kind == "binary"
    assert "control character" in exc.reason and "U+0001" in exc.reason


def test_a_stray_control_character_is_kept_with_a_warning(tmp_path):
    text = ZH * 20 + "\x1a"
    doc = read_document(write(tmp_path, "stray.txt", text))
    assert doc.text == text
    assert any("U+001A" in w for w in doc.warnings)


def test_undecodable_random_bytes(tmp_path):
    rng = random.Random(20250419)
    noise = bytes(rng.randrange(1, 256) for _ in range(4096))
    exc = rejected(write(tmp_path, "noise.txt", noise))
    assert exc.kind == "undecodable"
    assert exc.reason.startswith("undecodable")


def test_oversize_file(tmp_path):
    path = write(tmp_path, "big.txt", ZH * 10)
    size = path.stat().st_size
    exc = rejected(path, max_bytes=100)
    assert exc.kind == "too_large"
    assert f"{size:,} bytes" in exc.reason and "100 bytes" in exc.reason
    assert read_document(path, max_bytes=size).text == ZH * 10  # exactly at the cap is fine


@pytest.mark.parametrize("name", ["report.doc", "table.xlsx", "notes.md", "README"])
def test_unsupported_suffix(tmp_path, name):
    exc = rejected(write(tmp_path, name, "铜产量2660.0万吨"))
    assert exc.kind == "unsupported_suffix"
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in exc.reason


def test_vanished_file(tmp_path):
    exc = rejected(tmp_path / "gone.txt")
    assert exc.kind == "vanished"
    assert exc.reason == "file disappeared before it could be read"


def test_file_vanishing_between_listing_and_open(tmp_path, monkeypatch):
    path = write(tmp_path, "racy.txt", ZH)

    def vanish(*args, **kwargs):
        raise FileNotFoundError(2, "No such file or directory", str(path))

    monkeypatch.setattr(readers, "open", vanish, raising=False)
    exc = rejected(path)
    assert exc.reason == "file disappeared before it could be read"


def test_unreadable_file_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.txt", ZH)

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(readers, "open", deny, raising=False)
    exc = rejected(path)
    assert exc.kind == "unreadable"
    assert "permission denied" in exc.reason


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_real_chmod(tmp_path):
    path = write(tmp_path, "mode000.txt", ZH)
    path.chmod(0)
    try:
        assert rejected(path).kind == "unreadable"
    finally:
        path.chmod(0o644)


def test_file_changing_while_read(tmp_path, monkeypatch):
    path = write(tmp_path, "growing.txt", ZH)
    real_fstat = os.fstat

    def grown(fd):
        result = real_fstat(fd)
        return os.stat_result((*result[:6], result.st_size + 10, *result[7:]))

    monkeypatch.setattr(readers.os, "fstat", grown)
    assert rejected(path).kind == "changed"


def test_directory_named_like_a_document(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    assert rejected(tmp_path / "folder.txt").kind == "not_a_file"


def test_rejection_survives_pickling(tmp_path):
    exc = rejected(write(tmp_path, "empty.txt", b""))
    clone = pickle.loads(pickle.dumps(exc))
    assert (clone.path, clone.reason, clone.kind, str(clone)) == (exc.path, exc.reason, exc.kind, str(exc))


# ---------------------------------------------------------------------------------------------
# Sidecars, candidates, identity, read-only
# ---------------------------------------------------------------------------------------------


def test_sidecar_parsed_with_date(tmp_path):
    path = write(tmp_path, "002_report.txt", ZH)
    write(
        tmp_path,
        "002_report.yaml",
        "title: 中铝集团新增两家国家企业技术中心\npublisher: 中国铝业报\n"
        "published_on: 2025-04-19\nurl: https://example.org/a\n",
    )
    doc = read_document(path)
    assert doc.sidecar == {
        "title": "中铝集团新增两家国家企业技术中心",
        "publisher": "中国铝业报",
        "published_on": date(2025, 4, 19),
        "url": "https://example.org/a",
    }
    assert doc.warnings == ()


@pytest.mark.parametrize("written", ["'2025-04-19'", "2025/4/19", "2025年4月19日", "2025-04-19 08:30:00"])
def test_sidecar_date_forms(tmp_path, written):
    path = write(tmp_path, "d.txt", ZH)
    write(tmp_path, "d.yaml", f"published_on: {written}\n")
    assert read_document(path).sidecar["published_on"] == date(2025, 4, 19)


def test_sidecar_yml_suffix(tmp_path):
    path = write(tmp_path, "y.txt", ZH)
    write(tmp_path, "y.yml", "publisher: 中国有色金属工业协会\n")
    assert read_document(path).sidecar == {"publisher": "中国有色金属工业协会"}


def test_invalid_sidecar_is_ignored_with_a_warning(tmp_path):
    path = write(tmp_path, "bad.txt", ZH)
    write(tmp_path, "bad.yaml", "title: [unclosed\npublisher: x: y\n")
    doc = read_document(path)
    assert doc.sidecar == {}
    assert doc.text == ZH
    assert len(doc.warnings) == 1 and "bad.yaml" in doc.warnings[0] and "invalid YAML" in doc.warnings[0]


def test_sidecar_not_a_mapping_or_bad_date(tmp_path):
    path = write(tmp_path, "list.txt", ZH)
    write(tmp_path, "list.yaml", "- a\n- b\n")
    doc = read_document(path)
    assert doc.sidecar == {} and "expected a mapping" in doc.warnings[0]

    path = write(tmp_path, "when.txt", ZH)
    write(tmp_path, "when.yaml", "title: x\npublished_on: last spring\n")
    doc = read_document(path)
    assert doc.sidecar == {"title": "x"}
    assert "published_on" in doc.warnings[0]


def test_is_document(tmp_path):
    candidates = ["a.txt", "b.HTML", "c.htm", "d.pdf", "e.docx", "legacy.doc", "data.xlsx"]
    ignored = [
        "a.yaml", "a.yml", ".hidden.txt", ".DS_Store", "~$report.docx", "draft.txt~", "#auto.txt#",
        "upload.pdf.part", "x.tmp", "Thumbs.db", "dl.crdownload",
    ]
    for name in candidates + ignored:
        write(tmp_path, name, "x")
    (tmp_path / "sub.txt").mkdir()
    # Judged by name: a sub-folder is a candidate, so that reading it reports why it is not read.
    assert sorted(p.name for p in tmp_path.iterdir() if is_document(p)) == sorted(candidates + ["sub.txt"])
    assert not is_document(tmp_path / "missing.txt")
    assert rejected(tmp_path / "sub.txt").kind == "not_a_file"


def test_identity_fields(tmp_path):
    path = write(tmp_path, "年报.2025.TXT", ZH)
    doc = read_document(path)
    assert isinstance(doc, DecodedDocument)
    assert (doc.document_id, doc.file_name, doc.format) == ("年报.2025", "年报.2025.TXT", "txt")
    with pytest.raises(AttributeError):
        doc.text = "x"  # frozen


def test_reading_never_writes_to_the_input_folder(tmp_path):
    import docx

    write(tmp_path, "a.txt", ZH.encode("gbk"))
    write(tmp_path, "b.html", html_page("utf-8"))
    write(tmp_path, "c.pdf", handmade_cjk_pdf([["铜产量2660.0万吨"]]))
    write(tmp_path, "d.pdf", scanned_pdf(1))
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("铜产量2660.0万吨")
    document.save(out)
    write(tmp_path, "e.docx", out.getvalue())
    write(tmp_path, "a.yaml", "title: [broken\n")
    write(tmp_path, "f.doc", b"\xd0\xcf\x11\xe0")
    os.utime(tmp_path, (1_000_000_000, 1_000_000_000))

    def snapshot():
        return sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_mode) for p in tmp_path.iterdir())

    before, dir_mtime = snapshot(), tmp_path.stat().st_mtime_ns
    for path in sorted(tmp_path.iterdir()):
        if is_document(path):
            try:
                read_document(path)
            except DocumentRejected:
                pass
    assert snapshot() == before
    assert tmp_path.stat().st_mtime_ns == dir_mtime
