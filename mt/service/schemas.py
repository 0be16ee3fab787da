"""Request bodies of the API (validated by FastAPI; a bad body is a 422 with a JSON message)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class DocumentIn(BaseModel):
    id: str | int | None = None
    text: str


class TranslateIn(BaseModel):
    text: str | None = Field(None, description="one German text; or give documents")
    documents: list[DocumentIn] | None = None
    beam: int | None = Field(None, ge=1, le=16, description="beam size (default: the server's)")
    fix: bool = Field(False, description="apply the checker's safe corrections of form first")


class TextIn(BaseModel):
    text: str


class EvaluateIn(BaseModel):
    hypotheses: list[str]
    references: list[list[str]] = Field(description="one or more reference streams, each aligned with hypotheses")
    metrics: list[str] = ["bleu", "chrf", "ter"]


class JobIn(BaseModel):
    documents: list[DocumentIn]
    beam: int | None = Field(None, ge=1, le=16)


class ReviewDocumentIn(BaseModel):
    title: str = Field("Untitled", max_length=300)
    text: str


class DecisionIn(BaseModel):
    flag: int = Field(ge=0, description="index of the flag in the document's flag list")
    action: str = Field(pattern="^(accept|reject|edit)$")
    replacement: str | None = None
