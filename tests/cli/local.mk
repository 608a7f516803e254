# command line tests
