"""Which status-mapping entries an event's code is looked up under.

Mappings are keyed by vocabulary, not by carrier: a code of the DCSA standard means the
same from Maersk as from Hapag-Lloyd, an AfterShip subtag the same whatever carrier
AfterShip tracked. An event names its vocabulary when the sender knows it (the API's
`vocabulary`, the DCSA endpoint); otherwise its carrier's own code list is tried first,
then the DCSA standard for a bare DCSA code ("DISC" is "EQUIPMENT.DISC"), since most
ocean carriers send DCSA codes under their own name.
"""

from __future__ import annotations

from logistics.engine.dcsa import CODES, DCSA_CARRIER

DCSA = DCSA_CARRIER
AFTERSHIP = "AFTERSHIP"
SEVENTEEN_TRACK = "17TRACK"
STANDARD_VOCABULARIES = (DCSA, AFTERSHIP, SEVENTEEN_TRACK)

# The DCSA event type of each bare code (the 3.0 lists contain the 2.2 ones; no code
# belongs to two event types).
_DCSA_TYPE_OF = {code: event_type for event_type, codes in CODES["3"].items() for code in codes}


def dcsa_qualified(code: str) -> str:
    """'EQUIPMENT.DISC' for 'DISC' (and for 'EQUIPMENT.DISC'); "" when not a DCSA code."""
    code = code.strip().upper()
    if "." in code:
        event_type, _, rest = code.partition(".")
        bare = rest.split(".")[0]
        return code if _DCSA_TYPE_OF.get(bare) == event_type else ""
    event_type = _DCSA_TYPE_OF.get(code)
    return f"{event_type}.{code}" if event_type else ""


def mapping_candidates(*, vocabulary: str, carrier_code: str, raw_code: str) -> list[tuple[str, str]]:
    """(vocabulary, code) pairs to look `raw_code` up under, the first found wins.

    `vocabulary` is the one the sender named ("" when it did not say)."""
    if not raw_code:
        return []
    if vocabulary:
        candidates = [(vocabulary, raw_code)]
        if vocabulary == DCSA and (qualified := dcsa_qualified(raw_code)) and qualified != raw_code:
            candidates.append((DCSA, qualified))
        return candidates
    candidates = [(carrier_code, raw_code)]
    if qualified := dcsa_qualified(raw_code):
        candidates.append((DCSA, qualified))
    return candidates
