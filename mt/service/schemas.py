"""Request bodies of the API (validated by FastAPI; a bad body is a 422 with a JSON message).

Every string is checked and normalised on arrival: a lone surrogate (which JSON can carry but UTF-8
cannot) is refused with its position, and text is put in Unicode NFC, so that a decomposed umlaut
is the same word as a composed one everywhere after.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator, BaseModel, Field

from mt.formats.termbase import one_word

MAX_ID_CHARS = 200
MAX_REPLACEMENT_CHARS = 1_000  # an editor's replacement is a phrase, not a document


_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(value: str) -> str:
    found = _SURROGATE.search(value)
    if found:
        code = ord(found.group())
        raise ValueError(f"contains a lone surrogate (U+{code:04X}) at character {found.start()}; send valid UTF-8")
    return unicodedata.normalize("NFC", value)


Text = Annotated[str, AfterValidator(valid_unicode)]
RowId = Annotated[int, Path(ge=1, lt=2**63, description="a row's id (64 bits)")]  # in URL paths: 422, never 500
DocumentId = Annotated[int, Field(ge=-(2**63), lt=2**63)] | Annotated[Text, Field(max_length=MAX_ID_CHARS)]


class DocumentIn(BaseModel):
    id: DocumentId | None = Field(
        default=None, description="an integer of 64 bits or a string of at most 200 characters"
    )
    text: Text


def german_word(value: str) -> str:
    if not one_word(value):
        raise ValueError("a German term is one word (a compound or a hyphenated word), without digits or spaces")
    return value


class TermIn(BaseModel):
    german: Annotated[Text, AfterValidator(german_word)] = Field(
        min_length=2, max_length=100, description="one German word (a compound too); its inflected forms match too"
    )
    english: Text = Field(min_length=1, max_length=200)
    plural: Text | None = Field(None, max_length=200, description="the English plural (default: made by rule)")


class TermProposalIn(TermIn):
    note: Text = Field("", max_length=300, description="what the term is for, for the reviewer")


class TranslateIn(BaseModel):
    text: Text | None = Field(None, description="one German text; or give documents")
    documents: list[DocumentIn] | None = None
    beam: int | None = Field(None, ge=1, le=16, description="beam size (default: the server's)")
    fix: bool = Field(False, description="apply the checker's safe corrections of form first")
    glossary: list[TermIn] | None = Field(
        None, max_length=1_000, description="terms to enforce in this request (every inflected form of the German)"
    )


class TextIn(BaseModel):
    text: Text


class EvaluateIn(BaseModel):
    hypotheses: list[Text]
    references: list[list[Text]] = Field(description="one or more reference streams, each aligned with hypotheses")
    metrics: list[str] = ["bleu", "chrf", "ter"]


class JobIn(BaseModel):
    documents: list[DocumentIn]
    beam: int | None = Field(None, ge=1, le=16)


class ReviewDocumentIn(BaseModel):
    title: Text = Field("Untitled", max_length=300)
    text: Text


class UserIn(BaseModel):
    name: str = Field(max_length=64)
    role: str = Field(description="editor, reviewer or admin")
    password: str | None = Field(None, max_length=1_000, description="none: an account for programs (API keys)")


class KeyIn(BaseModel):
    label: str = Field("", max_length=100, description="what the key is for, to tell keys apart")


class SentenceEditIn(BaseModel):
    source: Text = Field(max_length=5_000, description="the German sentence, as apply returned it")
    english: Text = Field(max_length=5_000, description="the editor's English for it")
    confirm: bool = Field(False, description="true: the machine's English confirmed as it is, not an edit")


class DecisionIn(BaseModel):
    flag: int = Field(ge=0, description="index of the flag in the document's flag list")
    action: str = Field(pattern="^(accept|reject|edit)$")
    replacement: Text | None = Field(default=None, max_length=MAX_REPLACEMENT_CHARS)
    suggestion: int = Field(
        0, ge=0, le=100, description="accept: which of the flag's suggestions (default 0, the first)"
    )
