"""The plugin system, the bottom layer: hook specifications, the plugin manager, the registry of what plugins provide, and the interfaces operators, loaders and formats implement."""
