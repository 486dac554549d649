"""Files with more than one page, made in code (tests/cooperation/samples.py makes one page)."""

import io

from portal.pdf import write_pdf


def pdf_pages(*texts: str) -> bytes:
    """A PDF with one page per text, readable by pypdf and any PDF viewer."""
    pages = len(texts)
    # Objects: 1 catalog, 2 pages, 3 font, then per page a page object and its content stream.
    kids = " ".join(f"{4 + 2 * n} 0 R" for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for n, text in enumerate(texts):
        stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * n} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    return write_pdf(objects)


def pptx_slides(*texts: str) -> bytes:
    from pptx import Presentation

    presentation = Presentation()
    for text in texts:
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = text
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()
