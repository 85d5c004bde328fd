"""Pure scoring rules: criteria sets, totals, means, stars, knock-outs, flags.

No Qt, no SQL, no I/O: plain values in, plain values out, Decimal arithmetic.
"""
