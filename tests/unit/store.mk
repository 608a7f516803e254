# unit tests: store
