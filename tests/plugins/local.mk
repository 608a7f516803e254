# test-only plugins
