"""The phone view and the room-screen board."""
