import io
import re

import pytest


def pdf_pages_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def normalized(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def read_pdf():
    return pdf_pages_text


@pytest.fixture
def norm():
    return normalized


def strip_hyphenation(text: str) -> str:
    return re.sub(r"(\w)- (\w)", r"\1\2", text)
