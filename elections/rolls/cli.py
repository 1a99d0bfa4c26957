"""`flask rolls …`: bulk work on the voter rolls."""
from flask.cli import AppGroup

rolls_cli = AppGroup("rolls", help="Voter rolls.")
