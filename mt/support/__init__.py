"""Infrastructure every stage may use: logging, time budgets, cache files."""
