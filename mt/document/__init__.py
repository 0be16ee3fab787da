"""The document model every stage shares: documents, paragraphs, sentences, and how text is split."""
