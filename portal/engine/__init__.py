"""Pure computation of the portal core (no Django): the partner input checks."""
