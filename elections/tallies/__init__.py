"""Counting night: the tally sheet of each ballot box, entered twice blind (or once and reviewed),
checked as it is typed and on the server, and final when the entries agree or a reviewer decides.
The ballots themselves (first, revote, supplementary) are here too: a sheet is of a box and a ballot.
"""
