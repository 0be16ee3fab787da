"""Batches: planning which documents to translate, running them (here or on a Ray cluster), the manifest."""
