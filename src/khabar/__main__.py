"""`python -m khabar`: the same command line as `khabar`, for a virtual environment whose
scripts folder is not on the PATH."""

from khabar.cli import app

app(prog_name="khabar")
