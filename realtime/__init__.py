"""Live delivery: the WebSocket endpoint, the connection hub, fan-out and the brokers."""
