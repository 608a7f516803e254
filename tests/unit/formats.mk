# unit tests: formats
