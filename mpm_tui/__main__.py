"""`python -m mpm_tui` runs the same command line as `mpm`."""

from mpm_tui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
