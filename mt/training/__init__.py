"""``mt train``: reproducible training of compact Marian models from TOML recipes."""
