"""Package data: the demo workspace (demo.toml) and other built-in content."""
