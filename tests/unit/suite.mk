# unit tests: suite
