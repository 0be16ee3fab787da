"""What mt knows of German and English, read by both checkers and the translator: the lexicon,
the bilingual dictionary, collocations, places, and which language a text is in."""
