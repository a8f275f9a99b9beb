"""Cross-article alignment: candidate pairs, deterministic checks, model adjudication, consensus and views."""
