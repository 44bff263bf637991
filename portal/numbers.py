"""The largest numbers the database stores, so input beyond them is refused by name, not
crashed on: quantities live in 32-bit integer columns, ids in 64-bit ones."""

MAX_QUANTITY = 2**31 - 1
MAX_ID = 2**63 - 1
