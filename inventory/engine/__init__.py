"""Pure computations of the inventory app: numpy/pandas over whole arrays, no Django imports."""
