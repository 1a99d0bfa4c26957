"""What poppler reads in a PDF: its text, its number of pages, its fonts."""
import re
import subprocess
from pathlib import Path


def _poppler(tool: str, data: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])], check=True,
                          capture_output=True, text=True).stdout


def pdf_text(data: bytes, tmp_path: Path) -> str:
    return _poppler("pdftotext", data, tmp_path, "-layout")


def pdf_pages(data: bytes, tmp_path: Path) -> int:
    info = _poppler("pdfinfo", data, tmp_path)
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_fonts(data: bytes, tmp_path: Path) -> str:
    return _poppler("pdffonts", data, tmp_path)


def without_document_number(text: str) -> str:
    """The text less the footer's document number (文号 RL-110101001001-V1), which holds the
    committee's code: tests that look for digits that must not print (an ID number's region)
    look at the rest."""
    return re.sub(r"文号\s*[A-Z]{2}(-[0-9A-Z]+)+", "", text)
