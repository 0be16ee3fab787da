"""What the German checks and the English QA checks have in common: flags, the plug-in base,
rule files and the examples harness."""
