"""Text of uploaded files: every accepted kind read, bounded, and hostile or broken files give nothing."""

import io
import logging
import zipfile

import docx
import pytest
from odf import opendocument, table
from odf import text as odf_text
from openpyxl import Workbook
from pptx import Presentation

from documents.demo import minimal_pdf
from search import extract
from search.extract import text_of


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Rapport d'évaluation clinique")
    cells = document.add_table(rows=1, cols=2).rows[0].cells
    cells[0].text, cells[1].text = "Critère", "Interopérabilité"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.title = "Budget"
    workbook.active.append(["Poste", "Télésurveillance", 1200])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pptx_bytes() -> bytes:
    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "Feuille de route"
    slide.placeholders[1].text = "Identité numérique des patients"
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def odt_bytes() -> bytes:
    document = opendocument.OpenDocumentText()
    document.text.addElement(odf_text.H(outlinelevel=1, text="Compte rendu"))
    document.text.addElement(odf_text.P(text="Cybersécurité des dispositifs"))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def ods_bytes() -> bytes:
    document = opendocument.OpenDocumentSpreadsheet()
    sheet = table.Table(name="Feuille")
    row = table.TableRow()
    cell = table.TableCell()
    cell.addElement(odf_text.P(text="Hébergement certifié"))
    row.addElement(cell)
    sheet.addElement(row)
    document.spreadsheet.addElement(sheet)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        (minimal_pdf("Evaluation clinique des implants"), extract.PDF, "Evaluation clinique des implants"),
        (docx_bytes(), extract.DOCX, "Rapport d'évaluation clinique\nCritère Interopérabilité"),
        (xlsx_bytes(), extract.XLSX, "Budget\nPoste Télésurveillance 1200"),
        (pptx_bytes(), extract.PPTX, "Feuille de route\nIdentité numérique des patients"),
        (odt_bytes(), extract.ODT, "Compte rendu\nCybersécurité des dispositifs"),
        (ods_bytes(), extract.ODS, "Hébergement certifié"),
        ("Nom;Santé\nA;B\n".encode(), extract.CSV, "Nom;Santé\nA;B"),
        ("Télé-expertise".encode("cp1252"), "text/plain; charset=windows-1252", "Télé-expertise"),
        (b"\x89PNG\r\n", "image/png", ""),
    ],
    # Named, not shown: generated files carry their time of creation, and parallel runs need the same ids.
    ids=["pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "text-cp1252", "png"],
)
def test_text_of_each_accepted_kind(content, content_type, expected):
    assert text_of(io.BytesIO(content), content_type) == expected


def test_text_is_bounded():
    content = ("mot " * 10_000).encode()

    text = text_of(io.BytesIO(content), extract.TEXT, limit=100)

    assert len(text) == 100


def test_a_broken_file_gives_no_text_and_says_why(caplog):
    caplog.set_level(logging.WARNING, logger="search.extract")
    assert text_of(io.BytesIO(b"%PDF-1.4 nothing else"), extract.PDF) == ""
    assert text_of(io.BytesIO(b"PK\x03\x04 not a zip"), extract.DOCX) == ""
    assert "No text extracted from a application/pdf file" in caplog.text


def test_an_archive_that_unpacks_too_large_is_not_opened(monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="search.extract")
    monkeypatch.setattr(extract, "MAX_UNPACKED_BYTES", 1000)

    assert text_of(io.BytesIO(docx_bytes()), extract.DOCX) == ""
    assert "bytes once unpacked" in caplog.text


def test_an_archive_of_too_many_parts_is_not_opened(caplog):
    caplog.set_level(logging.WARNING, logger="search.extract")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(extract.MAX_ARCHIVE_MEMBERS + 1):
            archive.writestr(f"part{number}.xml", "")

    assert text_of(io.BytesIO(out.getvalue()), extract.ODT) == ""
    assert "parts in the archive" in caplog.text


def test_reading_stops_at_the_deadline(monkeypatch):
    monkeypatch.setattr(extract, "DEADLINE_SECONDS", -1)  # already past after the first piece

    assert text_of(io.BytesIO(b"premier\nsecond\ntroisieme"), extract.TEXT) == "premier"
