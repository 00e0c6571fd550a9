"""The rule engine: YAML rules, built-in check kinds, story grouping, example tests."""
