# unit tests: stats
