"""The fan-out benchmark: real Piiri processes, real sockets, a bare broadcast server as floor.

Run it with ``make bench`` (a small run) or ``python -m bench --help``.
"""
