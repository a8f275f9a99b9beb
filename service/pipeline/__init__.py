"""Pipeline stages: plain async functions, article(s) in, validated pydantic out, model injected."""
