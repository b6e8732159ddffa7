"""Allow `python -m opendrop_kit.cli`, the same as the `opendrop-kit` command."""

from opendrop_kit.cli.main import run

run()
