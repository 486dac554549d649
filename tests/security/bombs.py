"""Small files that cost much to read: zip bombs in the shape of office files, XML entity bombs,
and PDFs with a decompression bomb or a huge page tree. Made in code, in milliseconds."""

import io
import struct
import zipfile
import zlib

from portal.pdf import write_pdf
from tests.cooperation import samples

GB = 1024**3


def _spaces_deflate(size: int) -> bytes:
    """A raw deflate stream of `size` spaces (roughly; a multiple of 2,064 plus 259), written by
    hand so that making it costs nothing: one fixed-Huffman block of a literal space followed by
    matches of length 258 at distance 1 (13 bits each, so 8 of them fill exactly 13 bytes)."""
    bits = []

    def put(value, count, msb_first=False):
        order = range(count - 1, -1, -1) if msb_first else range(count)
        bits.extend((value >> i) & 1 for i in order)

    def to_bytes(bit_list):
        return bytes(
            sum(bit << i for i, bit in enumerate(bit_list[n : n + 8]))
            for n in range(0, len(bit_list), 8)
        )

    match = [(0b11000101 >> i) & 1 for i in range(7, -1, -1)] + [0] * 5  # length 258, distance 1
    put(1, 1)  # last block
    put(1, 2)  # fixed Huffman codes
    put(0x30 + 0x20, 8, msb_first=True)  # the literal " "
    bits.extend(match)  # 3 + 8 + 13 = 24 bits: byte-aligned from here
    head = to_bytes(bits)
    unit = to_bytes(match * 8)  # 104 bits = 13 bytes, 8 × 258 spaces
    units = max(0, (size - 259) // (8 * 258))
    tail = to_bytes([0] * 7)  # end of block (code 256: seven zero bits), padded
    return head + unit * units + tail


def _zip(entries: list[tuple[str, bytes, int, bool]]) -> bytes:
    """A zip file written by hand: (name, raw data, declared size, deflated). The declared size
    and CRC are what a reader believes before it unpacks anything."""
    out, central = io.BytesIO(), []
    for name, data, declared, deflated in entries:
        offset = out.tell()
        method = 8 if deflated else 0
        crc = 0 if deflated else zlib.crc32(data)
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21,
                             crc, len(data), declared, len(name), 0)  # fmt: skip
        out.write(header + name.encode() + data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(data),
                declared,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )  # fmt: skip
            + name.encode()
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                          len(directory), start, 0))  # fmt: skip
    return out.getvalue()


def _with_part(office_file: bytes, part: str, data: bytes, *, declared=None, deflated=False):
    """A real office file (made by its own library) with one part replaced."""
    with zipfile.ZipFile(io.BytesIO(office_file)) as archive:
        entries = [
            (name, content, len(content), False)
            for name in archive.namelist()
            if name != part
            for content in [archive.read(name)]
        ]
    entries.append((part, data, len(data) if declared is None else declared, deflated))
    return _zip(entries)


def _gigabyte(office_file: bytes, part: str, *, declared: int = GB) -> bytes:
    return _with_part(office_file, part, _spaces_deflate(GB), declared=declared, deflated=True)


def docx_gigabyte() -> bytes:
    """About 7 MB that unpack to 1 GB, sizes declared honestly."""
    return _gigabyte(samples.docx(), "word/document.xml")


def docx_lying_sizes() -> bytes:
    """The same bomb, but its directory claims 10 KB: a reader that trusted the directory and
    then unpacked to the end would take the whole gigabyte."""
    return _gigabyte(samples.docx(), "word/document.xml", declared=10_000)


def odt_gigabyte() -> bytes:
    return _gigabyte(samples.odt(), "content.xml")


def pptx_gigabyte() -> bytes:
    return _gigabyte(samples.pptx(), "ppt/slides/slide1.xml")


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]>"
)


def docx_billion_laughs() -> bytes:
    document = (
        LAUGHS + b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
        b'main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    )
    return _with_part(samples.docx(), "word/document.xml", document)


def odt_billion_laughs() -> bytes:
    content = (
        LAUGHS + b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
        b'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        b"<office:text><text:p>&lol9;</text:p></office:text></office:body>"
        b"</office:document-content>"
    )
    return _with_part(samples.odt(), "content.xml", content)


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(contents: int) -> bytes:
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>" % contents
    )


def pdf_stream_bomb(pages: int = 10, size: int = 70_000_000) -> bytes:
    """Pages whose content streams are small on disk and `size` bytes unpacked: about 70 KB
    a page for 70 MB (ten such pages took three minutes and 900 MB before the fix)."""
    compressed = zlib.compress(b"BT /F1 18 Tf 72 720 Td (Bom) Tj ET" + b" " * size, 9)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(compressed)
    stream += compressed + b"\nendstream"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", FONT]
    kids = []
    for _ in range(pages):
        objects.append(stream)
        objects.append(_page(len(objects)))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    return write_pdf(objects)


def pdf_many_pages(pages: int = 12_000) -> bytes:
    """A page tree of many small pages sharing one content stream."""
    text = b"BT /F1 18 Tf 72 720 Td (Pagina) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        FONT,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
    ]
    objects.extend(_page(4) for _ in range(pages))
    kids = b" ".join(b"%d 0 R" % number for number in range(5, 5 + pages))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)
    return write_pdf(objects)
