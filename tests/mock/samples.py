"""The request and answer samples the mock's tests share."""

USER = [{"role": "user", "content": "Hello there, mock!"}]
ECHO = "You said: Hello there, mock!"
WEATHER = {"name": "get_weather", "arguments": '{"city": "Paris", "unit": "c"}'}
