"""Data: a unit dataset read through the loaders, validated column by column against its table schemas, a folder of datasets, and several datasets combined into one."""
