"""The rule language: packs and their rules, the condition language, text placeholders, safe YAML with positions, and the shipped JSON Schemas with their errors worded for people."""
