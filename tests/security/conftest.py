"""Security tests: attacks tried for real against the way people use the platform."""
