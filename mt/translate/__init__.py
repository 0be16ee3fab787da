"""Translating: the translator, its engines and models, guards, run signatures, glossary and memory."""
