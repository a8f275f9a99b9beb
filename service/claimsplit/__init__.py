"""Claims without a model: sentences split into atomic clauses, kind and attribution by rules, evidence = the span."""

from service.claimsplit.rules import rules_claims

__all__ = ["rules_claims"]
