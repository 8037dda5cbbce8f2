"""The facilitator's console on a laptop."""
