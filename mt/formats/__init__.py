"""Every reader and writer of files: text, Markdown, JSONL, Parquet, XLIFF, TMX, TBX, and the atomic writer."""
