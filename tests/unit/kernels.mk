# unit tests: kernels
