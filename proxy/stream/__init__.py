"""Streamed answers: the relay (moves bytes, stops when told), provider events to text channels, usage of a stream."""
