"""Training scripts for factalign's small deterministic classifiers (dev data only, cross-validated)."""
